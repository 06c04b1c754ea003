/**
 * A compact way to write Swagger 1.1/1.2 api-docs as ari-client (swagger-client 2.0.26) reads them:
 * resource paths, operation nicknames, parameters (name, paramType, dataType, required, allowMultiple),
 * response classes and models. The summaries are the simulator's own words.
 */
export interface Param {
  name: string;
  description: string;
  paramType: 'path' | 'query' | 'body';
  required: boolean;
  allowMultiple: boolean;
  dataType: string;
  defaultValue?: string | number | boolean;
  allowableValues?: { valueType: 'LIST'; values: string[] } | { valueType: 'RANGE'; min: number };
}

export interface Operation {
  httpMethod: string;
  summary: string;
  nickname: string;
  responseClass: string;
  parameters: Param[];
  errorResponses?: Array<{ code: number; reason: string }>;
  upgrade?: string;
  websocketProtocol?: string;
}

export interface Api {
  path: string;
  description: string;
  operations: Operation[];
}

export interface ApiDoc {
  resource: string;
  description: string;
  swaggerVersion: '1.1' | '1.2';
  since: string[];
  requiresModules?: string[];
  apis: Api[];
  models: Record<string, Model>;
}

export interface Model {
  id: string;
  description: string;
  properties: Record<string, { type: string; description: string; required?: boolean; allowableValues?: { valueType: 'LIST'; values: string[] } }>;
  subTypes?: string[];
  discriminator?: string;
}

type ParamOpts = { required?: boolean; multi?: boolean; dflt?: string | number | boolean; values?: string[]; min?: number; description?: string };

function param(paramType: Param['paramType'], name: string, dataType: string, o: ParamOpts = {}): Param {
  const p: Param = {
    name,
    description: o.description ?? name,
    paramType,
    required: o.required ?? paramType === 'path',
    allowMultiple: o.multi ?? false,
    dataType,
  };
  if (o.dflt !== undefined) p.defaultValue = o.dflt;
  if (o.values) p.allowableValues = { valueType: 'LIST', values: o.values };
  else if (o.min !== undefined) p.allowableValues = { valueType: 'RANGE', min: o.min };
  return p;
}

export const path = (name: string, description?: string): Param => param('path', name, 'string', { required: true, ...(description ? { description } : {}) });
export const q = (name: string, dataType = 'string', o: ParamOpts = {}): Param => param('query', name, dataType, o);
export const body = (name: string, dataType = 'containers', o: ParamOpts = {}): Param => param('body', name, dataType, o);

export function op(httpMethod: string, nickname: string, responseClass: string, summary: string, parameters: Param[] = [], errors: Array<[number, string]> = []): Operation {
  const o: Operation = { httpMethod, summary, nickname, responseClass, parameters };
  if (errors.length) o.errorResponses = errors.map(([code, reason]) => ({ code, reason }));
  return o;
}

export function api(p: string, description: string, ...operations: Operation[]): Api {
  return { path: p, description, operations };
}

export function model(id: string, description: string, props: Record<string, string>, extra: Partial<Model> = {}): Model {
  const properties: Model['properties'] = {};
  for (const [k, spec] of Object.entries(props)) {
    const required = spec.endsWith('!');
    properties[k] = { type: required ? spec.slice(0, -1) : spec, description: k.replace(/_/g, ' '), ...(required ? { required: true } : {}) };
  }
  return { id, description, properties, ...extra };
}

export function modelsOf(...list: Model[]): Record<string, Model> {
  return Object.fromEntries(list.map((m) => [m.id, m]));
}

/** Serve an api-doc with a basePath built from the request's Host header, as Asterisk does. */
export function render(doc: ApiDoc, basePath: string, apiVersion: string): Record<string, unknown> {
  const out: Record<string, unknown> = {
    _copyright: 'Donorline asterisk-sim: api-docs written for the simulator (same resources as Asterisk 22 ARI).',
    _author: 'Donorline',
    _svn_revision: '$Revision$',
    apiVersion,
    swaggerVersion: doc.swaggerVersion,
    basePath,
    resourcePath: `/api-docs/${doc.resource}.{format}`,
    since: doc.since,
  };
  if (doc.requiresModules) out.requiresModules = doc.requiresModules;
  out.apis = doc.apis;
  out.models = doc.models;
  return out;
}
