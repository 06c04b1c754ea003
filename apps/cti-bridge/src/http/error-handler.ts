/**
 * The one place where errors become HTTP responses: DomainError codes through ERROR_HTTP_STATUS, Fastify's own
 * errors (validation, bad JSON, body too large, unsupported media type) with their status and a stable code, and
 * anything else as 500 INTERNAL without internals. Every body is { code, message, details? } (ErrorBody).
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ERROR_HTTP_STATUS, isDomainError, toErrorBody, type ErrorBody, type ErrorCode } from '@donorline/domain';

export interface HttpError {
  status: number;
  body: ErrorBody;
}

const CODE_FOR_STATUS: Readonly<Record<number, ErrorCode>> = {
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  429: 'RATE_LIMITED',
};

type ValidationIssue = { instancePath?: string; message?: string; keyword?: string; params?: unknown };

/**
 * One schema problem in words a person can act on, in both languages — "notes: at most 4000 characters", not the
 * validator's "must not have more than …" behind a bare 输入有误.
 */
export function describeIssue(v: ValidationIssue): string {
  const field = (v.instancePath ?? '').split('/').filter(Boolean).join('.') || 'input';
  const p = (v.params ?? {}) as { limit?: number; missingProperty?: string; requiredProperties?: string[] };
  switch (v.keyword) {
    case 'maxLength':
      return `${field}：最多 ${p.limit} 个字 / ${field}: at most ${p.limit} characters`;
    case 'minLength':
      return p.limit === 1 ? `${field}：必填 / ${field} is required` : `${field}：至少 ${p.limit} 个字 / ${field}: at least ${p.limit} characters`;
    case 'maxItems':
      return `${field}：最多 ${p.limit} 项 / ${field}: at most ${p.limit} items`;
    case 'maximum':
      return `${field}：不能大于 ${p.limit} / ${field}: at most ${p.limit}`;
    case 'minimum':
      return `${field}：不能小于 ${p.limit} / ${field}: at least ${p.limit}`;
    case 'pattern':
    case 'format':
      return `${field}：格式不正确 / ${field}: wrong format`;
    case 'enum':
    case 'const':
    case 'anyOf':
    case 'union':
      return `${field}：不是允许的取值 / ${field}: not one of the allowed values`;
    case 'additionalProperties': {
      const extra = (p as { additionalProperty?: string; additionalProperties?: string[] }).additionalProperty ?? (p as { additionalProperties?: string[] }).additionalProperties?.join(', ');
      return `不认识的字段 ${extra ?? ''} / unknown field ${extra ?? ''}`.replace(/  +/g, ' ');
    }
    case 'required': {
      const missing = p.missingProperty ?? p.requiredProperties?.join(', ') ?? field;
      return `缺少 ${missing} / ${missing} is missing`;
    }
    default:
      return `${field}：${v.message ?? 'invalid'} / ${field}: ${v.message ?? 'invalid'}`;
  }
}

function isDuplicateKey(e: unknown): boolean {
  const x = e as { code?: string; driverError?: { code?: string }; name?: string };
  if (x?.name !== 'QueryFailedError') return false;
  const code = x.driverError?.code ?? x.code;
  return code === 'ER_DUP_ENTRY' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

export function toHttpError(e: unknown): HttpError {
  if (isDomainError(e)) return { status: ERROR_HTTP_STATUS[e.code], body: toErrorBody(e) };
  const fe = e as Partial<FastifyError> & { validation?: ValidationIssue[]; validationContext?: string };
  if (Array.isArray(fe.validation)) {
    const issues = fe.validation.slice(0, 10).map((v) => ({ path: `${fe.validationContext ?? ''}${v.instancePath ?? ''}`, message: v.message ?? 'invalid' }));
    return {
      status: 400,
      body: { code: 'VALIDATION_FAILED', message: fe.validation.slice(0, 3).map(describeIssue).join('；') || '输入不正确 / invalid input', details: { issues } },
    };
  }
  if (isDuplicateKey(e)) return { status: 409, body: { code: 'CONFLICT', message: '数据已存在 / the record already exists' } };
  const status = typeof fe.statusCode === 'number' ? fe.statusCode : 500;
  if (status >= 400 && status < 500) {
    return { status, body: { code: CODE_FOR_STATUS[status] ?? 'VALIDATION_FAILED', message: fe.message || 'Bad request' } };
  }
  return { status: 500, body: { code: 'INTERNAL', message: '服务器内部错误 / internal error' } };
}

export function sendError(reply: FastifyReply, e: unknown): FastifyReply {
  const { status, body } = toHttpError(e);
  const retry = body.details?.retryAfterSeconds;
  if (status === 429 && typeof retry === 'number') void reply.header('retry-after', String(retry));
  return reply.code(status).type('application/json; charset=utf-8').send(JSON.stringify(body));
}

/** Installs the error handler on `app` (the root instance: it covers every route of the bridge). */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: unknown, req: FastifyRequest, reply: FastifyReply) => {
    const { status } = toHttpError(err);
    if (status >= 500) req.log.error({ err }, 'request failed');
    else if (!isDomainError(err)) req.log.info({ err: { message: (err as Error).message, statusCode: status } }, 'request rejected');
    return sendError(reply, err);
  });
}
