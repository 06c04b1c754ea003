/** The typed client against a real HTTP peer: paths, queries, bodies, tokens and error bodies. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startPeer, type ContractPeer } from '../../test/peer/contract-peer.js';
import { ApiError, createApiClient } from './http.client.js';

let peer: ContractPeer;
beforeEach(async () => {
  peer = await startPeer();
});
afterEach(async () => {
  await peer.close();
});

describe('http client', () => {
  it('fills path params and queries from the route map and sends the bearer token', async () => {
    const api = createApiClient({ baseUrl: peer.url, getToken: () => 'token-agent' });
    const d = await api.request('GET /api/donors/:id', { params: { id: 1001 } });
    expect(d.name).toBe('张建华');
    await api.request('GET /api/slots', { query: { type: 'platelets', from: '2026-01-01', to: '2026-01-15', siteId: 1 } });
    expect(peer.requests.at(-1)!.query).toEqual({ type: 'platelets', from: '2026-01-01', to: '2026-01-15', siteId: '1' });
    expect(api.url('GET /api/recordings/:id/audio', { params: { id: 3 }, query: { t: 'a b' } })).toBe(`${peer.url}/api/recordings/3/audio?t=a+b`);
  });

  it('turns error bodies into ApiError with the stable code, and 401 into a sign-out', async () => {
    let signedOut = 0;
    const api = createApiClient({ baseUrl: peer.url, getToken: () => 'token-agent', onUnauthorized: () => signedOut++ });
    const forbidden = await api.request('GET /api/recordings/:id', { params: { id: 2 } }).catch((e: unknown) => e);
    expect(forbidden).toBeInstanceOf(ApiError);
    expect((forbidden as ApiError).status).toBe(403);
    expect((forbidden as ApiError).code).toBe('FORBIDDEN');
    const bad = await api.request('GET /api/slots', { query: { type: 'platelets', from: '', to: '' } }).catch((e: unknown) => e);
    expect((bad as ApiError).code).toBe('VALIDATION_FAILED');
    expect(signedOut).toBe(0);

    const anonymous = createApiClient({ baseUrl: peer.url, getToken: () => null, onUnauthorized: () => signedOut++ });
    const e = await anonymous.request('GET /api/me', {}).catch((x: unknown) => x);
    expect((e as ApiError).code).toBe('UNAUTHENTICATED');
    expect(signedOut).toBe(1);
    // A wrong password on the login route is not a sign-out.
    await anonymous.request('POST /api/auth/login', { body: { username: 'agent7', password: 'nope' } }).catch(() => {});
    expect(signedOut).toBe(1);
  });

  it('reports an unreachable server as NETWORK', async () => {
    const api = createApiClient({ baseUrl: 'http://127.0.0.1:1', getToken: () => null });
    const e = await api.request('GET /api/health', {}).catch((x: unknown) => x);
    expect((e as ApiError).code).toBe('NETWORK');
  });
});
