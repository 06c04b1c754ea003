import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAUSE_REASONS, type ErrorBody, type HealthDto, type HttpApi, type QueueStats } from '@donorline/domain';
import { DEMO_DONORS } from '@donorline/domain/node';
import { describeEachDb } from '@donorline/domain/testing';
import { buildTestApp, type TestApp } from './test-app.js';

type OpenApi = { openapi: string; paths: Record<string, Record<string, { security?: unknown[]; parameters?: { name: string; in: string }[] }>>; components: { securitySchemes: Record<string, unknown> } };

/** 'GET /api/donors/:id' → ['/api/donors/{id}', 'get'] */
function openApiKey(route: string): [string, string] {
  const [method, p] = route.split(' ') as [string, string];
  return [p.replace(/:(\w+)/g, '{$1}'), method.toLowerCase()];
}

const ROUTES: (keyof HttpApi)[] = [
  'GET /api/health', 'POST /api/auth/login', 'GET /api/me', 'GET /api/donors', 'GET /api/donors/:id', 'POST /api/donors', 'PATCH /api/donors/:id',
  'POST /api/donors/:id/phones', 'POST /api/donors/:id/unmask', 'GET /api/calls', 'GET /api/calls/:id', 'POST /api/calls/:callId/disposition',
  'GET /api/contacts', 'POST /api/contacts', 'GET /api/tickets', 'POST /api/tickets', 'GET /api/tickets/:id', 'PATCH /api/tickets/:id', 'GET /api/sites', 'GET /api/slots',
  'GET /api/appointments', 'POST /api/appointments', 'POST /api/appointments/:id/cancel', 'POST /api/appointments/:id/reschedule',
  'GET /api/recordings', 'GET /api/recordings/:id', 'GET /api/recordings/:id/audio', 'GET /api/queues/stats', 'GET /api/agents/status',
  'GET /api/pause-reasons', 'GET /api/knowledge', 'POST /api/knowledge', 'PATCH /api/knowledge/:id', 'GET /api/phrases', 'GET /api/rule-sets/active',
  'GET /api/audit', 'GET /api/training/donors', 'POST /api/training/calls', 'GET /api/softphone',
  // staff accounts, sessions, seats
  'POST /api/auth/logout', 'POST /api/recordings/:id/media-url', 'GET /api/admin/staff', 'GET /api/admin/staff/options', 'POST /api/admin/staff',
  'PATCH /api/admin/staff/:id', 'POST /api/admin/staff/:id/password', 'PUT /api/admin/staff/:id/ivr-pin', 'DELETE /api/admin/staff/:id/ivr-pin',
  'POST /api/admin/staff/:id/sessions/revoke', 'POST /api/seats/:extension/release',
  'GET /api/integration/imports', 'GET /api/integration/imports/:id', 'GET /api/integration/imports/:id/issues', 'POST /api/integration/imports/:id/apply',
  'POST /api/integration/imports/:id/cancel', 'GET /api/integration/api-keys', 'POST /api/integration/api-keys', 'POST /api/integration/api-keys/:id/revoke',
  'GET /api/integration/duplicates',
  'GET /api/me/calls', 'GET /api/admin/phrases', 'GET /api/admin/phrases/:callType', 'POST /api/admin/phrases/:callType', 'POST /api/admin/phrases/:callType/versions/:version/activate',
  'GET /api/work', 'GET /api/work/counts', 'GET /api/work/assignees', 'GET /api/work/:id', 'POST /api/work/:id/:action', 'POST /api/work/bulk',
  'GET /api/qa/forms', 'GET /api/qa/forms/:id', 'POST /api/qa/forms', 'GET /api/qa/queue', 'POST /api/qa/queue', 'POST /api/qa/queue/sample',
  'POST /api/qa/queue/:id/claim', 'POST /api/qa/queue/:id/release', 'GET /api/qa/segments/:id/context', 'GET /api/qa/evaluations',
  'GET /api/qa/evaluations/:id', 'GET /api/qa/evaluations/:id/context', 'PATCH /api/qa/evaluations/:id', 'POST /api/qa/evaluations/:id/submit',
  'POST /api/qa/evaluations/:id/comments', 'DELETE /api/qa/evaluations/:id/comments/:commentId', 'POST /api/qa/evaluations/:id/acknowledge',
  'POST /api/qa/evaluations/:id/dispute', 'POST /api/qa/evaluations/:id/resolve', 'GET /api/qa/calibrations', 'POST /api/qa/calibrations',
  'GET /api/qa/calibrations/:id', 'POST /api/qa/calibrations/:id/join',
  'POST /api/crm/segments/count', 'POST /api/crm/segments/preview', 'GET /api/crm/segments', 'POST /api/crm/segments', 'PATCH /api/crm/segments/:id',
  'DELETE /api/crm/segments/:id', 'PUT /api/crm/donors/:id/account-manager', 'POST /api/crm/assignments/bulk', 'GET /api/crm/portfolio', 'GET /api/crm/workload',
  'GET /api/reports/wallboard', 'GET /api/reports/:kind', 'GET /api/reports/:kind/export',
];
// every key of the contract is in the list above (a new route in HttpApi fails typecheck until it is added here)
const _all: Record<keyof HttpApi, true> = Object.fromEntries(ROUTES.map((r) => [r, true])) as Record<keyof HttpApi, true>;
void _all;

describeEachDb('the platform surface over HTTP (sim mode)', (ctx) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(ctx.kind);
  }, 120_000);
  afterAll(async () => t?.close());

  it('GET /api/health answers 200 without a token: DB kind, PBX mode, link state', async () => {
    const r = await t.call<HealthDto>('GET', '/api/health');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: 'ok', db: ctx.kind, pbx: 'sim', ami: 'up', ari: 'up', liveCalls: 0 });
    expect(r.body.version).toMatch(/^\d+\.\d+\.\d+/);
    t.live.link = { ami: 'connecting', ari: 'up', liveCalls: 3 };
    const d = await t.call<HealthDto>('GET', '/api/health');
    expect(d.status).toBe(200);
    expect(d.body).toMatchObject({ status: 'degraded', ami: 'connecting', liveCalls: 3 });
    t.live.link = { ami: 'up', ari: 'up', liveCalls: 0 };
  });

  it('serves the OpenAPI document with every route of the contract, bearer auth and the audio media token', async () => {
    const r = await t.call<OpenApi>('GET', '/api/docs/json');
    expect(r.status).toBe(200);
    expect(r.body.openapi).toMatch(/^3\./);
    for (const route of ROUTES) {
      const [p, m] = openApiKey(route);
      expect(r.body.paths[p]?.[m], route).toBeDefined();
    }
    expect(Object.keys(r.body.components.securitySchemes).sort()).toEqual(['apiKey', 'bearerAuth', 'mediaToken']);
    expect(r.body.paths['/api/auth/login']!.post!.security).toEqual([]);
    expect(r.body.paths['/api/recordings/{id}/audio']!.get!.security).toEqual([{ bearerAuth: [] }, { mediaToken: [] }]);
    expect(r.body.paths['/api/slots']!.get!.parameters!.map((p) => p.name).sort()).toEqual(['from', 'siteId', 'to', 'type']);
    const ui = await t.http('GET', '/api/docs');
    expect([200, 302]).toContain(ui.status);
    expect((await t.http('GET', '/api/docs/static/index.html')).status).toBe(200);
  });

  it('serves the desk with an SPA fallback, but never for /api, /socket.io or /metrics', async () => {
    const root = await t.http('GET', '/');
    expect(root.status).toBe(200);
    expect(await root.text()).toContain('Donorline desk');
    const deep = await t.http('GET', '/recordings/12', { headers: { accept: 'text/html' } });
    expect(deep.status).toBe(200);
    expect(deep.headers.get('cache-control')).toBe('no-cache');
    expect(await deep.text()).toContain('Donorline desk');
    const asset = await t.http('GET', '/assets/index-abc123.js');
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect((await t.http('GET', '/assets/missing.js')).status).toBe(404);
    for (const p of ['/api/nope', '/api/donors/1/nothing', '/socket.io/x', '/metrics/whatever']) {
      const r = await t.call<ErrorBody>('GET', p);
      expect(r.status, p).toBe(404);
      expect(r.body.code, p).toBe('NOT_FOUND');
    }
    expect((await t.call<ErrorBody>('DELETE', '/api/donors/1', { token: t.users.admin.token })).body.code).toBe('NOT_FOUND');
  });

  it('malformed bodies get clear 4xx errors in the one error shape', async () => {
    const tok = t.users.agent1.token;
    const badJson = await t.call<ErrorBody>('POST', '/api/contacts', { token: tok, headers: { 'content-type': 'application/json' } as Record<string, string>, json: undefined });
    expect(badJson.status).toBe(400);
    const raw = await fetch(`${t.baseUrl}/api/contacts`, { method: 'POST', headers: { authorization: `Bearer ${tok}`, 'content-type': 'application/json' }, body: '{"donorId": 1,' });
    expect(raw.status).toBe(400);
    expect(((await raw.json()) as ErrorBody).code).toBe('VALIDATION_FAILED');
    const text = await fetch(`${t.baseUrl}/api/contacts`, { method: 'POST', headers: { authorization: `Bearer ${tok}`, 'content-type': 'application/xml' }, body: '<x/>' });
    expect(text.status).toBe(415);
    expect(((await text.json()) as ErrorBody).code).toBe('VALIDATION_FAILED');
    const v = await t.call<ErrorBody & { details: { issues: { path: string }[] } }>('POST', '/api/tickets', { token: tok, json: { kind: 'suggestion', subject: 'x', dueAt: 5 } });
    expect(v.status).toBe(400);
    expect(v.body.details.issues[0]!.path).toContain('dueAt');
  });

  it('live figures come from the live side; pause reasons and the rule set are served', async () => {
    const tok = t.users.agent1.token;
    expect((await t.call<QueueStats[]>('GET', '/api/queues/stats', { token: tok })).body).toEqual(t.live.queues);
    t.live.agents = [{ agent: { id: t.users.agent2.user.id, displayName: '测试', extension: '8032' }, state: 'paused', pauseReason: 'meal', since: new Date().toISOString(), currentCallId: null }];
    expect((await t.call('GET', '/api/agents/status', { token: tok })).body).toEqual(t.live.agents);
    expect((await t.call('GET', '/api/pause-reasons', { token: tok })).body).toEqual([...PAUSE_REASONS]);
    const rules = await t.call<{ id: string; intervals: unknown }>('GET', '/api/rule-sets/active', { token: tok });
    expect(rules.body.id).toBe('GB18467');
    expect(rules.body.intervals).toBeDefined();
    const phrases = await t.call<{ callType: string; order: number }[]>('GET', '/api/phrases', { token: tok });
    expect(phrases.body.length).toBeGreaterThan(0);
    const one = phrases.body[0]!.callType;
    const filtered = await t.call<{ callType: string; order: number }[]>('GET', `/api/phrases?callType=${encodeURIComponent(one)}`, { token: tok });
    expect(filtered.body.every((p) => p.callType === one)).toBe(true);
    expect(filtered.body.map((p) => p.order)).toEqual([...filtered.body.map((p) => p.order)].sort((a, b) => a - b));
  });

  it('training mode: the demo donors and a training call for the signed-in agent', async () => {
    const { agent1 } = t.users;
    const donors = await t.call<HttpApi['GET /api/training/donors']['reply']>('GET', '/api/training/donors', { token: agent1.token });
    expect(donors.status).toBe(200);
    expect(donors.body.map((d) => d.name)).toEqual(DEMO_DONORS.map((d) => d.name));
    expect(donors.body.every((d) => /\*{4}/.test(d.phoneMasked))).toBe(true);
    const r = await t.call<{ callId: string }>('POST', '/api/training/calls', { token: agent1.token, json: { donorId: donors.body[0]!.donorId, via: 'ivr', dtmf: '1#' } });
    expect(r.status).toBe(200);
    expect(r.body.callId).toBe('train-1');
    expect(t.live.trainingCalls).toEqual([{ userId: agent1.user.id, req: { donorId: donors.body[0]!.donorId, via: 'ivr', dtmf: '1#' } }]);
    expect((await t.call('POST', '/api/training/calls', { token: agent1.token, json: { via: 'queue' } })).status).toBe(400);
    expect((await t.call('POST', '/api/training/calls', { token: agent1.token, json: { number: '13800138000', via: 'phone' } })).status).toBe(400);
  });

  it('health turns 503 when the database stops answering', async () => {
    await t.services.ds.destroy();
    const r = await t.call<HealthDto>('GET', '/api/health');
    expect(r.status).toBe(503);
    expect(r.body).toMatchObject({ status: 'degraded', db: ctx.kind });
  });
});

describe('the platform surface with a real Asterisk configured', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp('sqlite', { pbx: 'asterisk' });
  }, 120_000);
  afterAll(async () => t?.close());

  it('reports PBX mode asterisk and has no training mode', async () => {
    expect((await t.call<HealthDto>('GET', '/api/health')).body.pbx).toBe('asterisk');
    const donors = await t.call<ErrorBody>('GET', '/api/training/donors', { token: t.users.agent1.token });
    expect(donors.status).toBe(404);
    expect(donors.body.message).toMatch(/training mode/);
    expect((await t.call('POST', '/api/training/calls', { token: t.users.agent1.token, json: { number: '13800138000', via: 'queue' } })).status).toBe(404);
  });
});
