/**
 * GET /api/softphone: the seat's WebRTC credentials to the agent seated there only; the password is the one
 * asterisk/docker-entrypoint.sh writes for Asterisk (run here for real with a throwaway GENERATED_DIR).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SoftphoneConfig } from '@donorline/domain';
import { ConfigError, loadConfig } from '../../src/config.js';
import { softphonePassword } from '../../src/softphone/softphone.js';
import { buildTestApp, type TestApp } from './test-app.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const SECRET = 'softphone-secret-for-tests';

describe('softphone passwords', () => {
  it('the bridge derives the same seat password as docker-entrypoint.sh writes for Asterisk', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dl-gen-'));
    execFileSync('sh', [path.join(ROOT, 'asterisk/docker-entrypoint.sh'), 'generate'], {
      env: { PATH: process.env.PATH, GENERATED_DIR: dir, AMI_SECRET: 'a1', ARI_BRIDGE_SECRET: 'b1', ARI_IVR_SECRET: 'c1', SOFTPHONE_SECRET: SECRET },
      stdio: 'ignore',
    });
    const secrets = readFileSync(path.join(dir, 'pjsip.secrets.conf'), 'utf8');
    const m = /\[8501-auth\]\(\+\)\npassword = (\w+)/.exec(secrets);
    expect(m?.[1]).toBe(softphonePassword(SECRET, '8501'));
    expect(secrets).toContain(`[8550-auth](+)\npassword = ${softphonePassword(SECRET, '8550')}`);
    expect(softphonePassword(SECRET, '8501')).toMatch(/^[0-9a-f]{24}$/);
  });

  it('configuration: both variables or neither, a ws(s) URL, a seat range', () => {
    expect(loadConfig({}, '/tmp').softphone).toBeNull();
    expect(() => loadConfig({ SOFTPHONE_WS_URL: 'wss://pbx:8089/ws' }, '/tmp')).toThrow(ConfigError);
    expect(() => loadConfig({ SOFTPHONE_WS_URL: 'http://pbx/ws', SOFTPHONE_SECRET: SECRET }, '/tmp')).toThrow(/wss:/);
    expect(() => loadConfig({ SOFTPHONE_WS_URL: 'wss://pbx:8089/ws', SOFTPHONE_SECRET: SECRET, SOFTPHONE_EXTENSIONS: '8550-8501' }, '/tmp')).toThrow(/8501-8550/);
    expect(loadConfig({ SOFTPHONE_WS_URL: 'wss://pbx.example:8089/ws', SOFTPHONE_SECRET: SECRET }, '/tmp').softphone).toMatchObject({ first: 8501, last: 8550, domain: 'pbx.example', iceServers: [] });
  });
});

describe('GET /api/softphone (real PBX)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp('sqlite', { pbx: 'asterisk', env: { SOFTPHONE_WS_URL: 'wss://127.0.0.1:8089/ws', SOFTPHONE_SECRET: SECRET } });
  }, 120_000);
  afterAll(async () => t?.close());

  it('the agent seated at a softphone seat gets its credentials, never cached; nobody else does', async () => {
    const { agent1, agent2 } = t.users;
    t.live.seats.set(agent1.user.id, '8501');
    const r = await t.call<SoftphoneConfig>('GET', '/api/softphone', { token: agent1.token });
    expect(r.status).toBe(200);
    expect(r.headers.get('cache-control')).toBe('no-store');
    expect(r.body).toEqual({
      mode: 'webrtc', extension: '8501', wsUrl: 'wss://127.0.0.1:8089/ws', uri: 'sip:8501@127.0.0.1', authorizationUser: '8501',
      password: softphonePassword(SECRET, '8501'), iceServers: [],
    });
    // not seated, or seated at a hard phone: no credentials
    expect((await t.call<SoftphoneConfig>('GET', '/api/softphone', { token: agent2.token })).body).toEqual({ mode: 'none', extension: null, seats: '8501-8550' });
    t.live.seats.set(agent2.user.id, '8032');
    expect((await t.call<SoftphoneConfig>('GET', '/api/softphone', { token: agent2.token })).body).toEqual({ mode: 'none', extension: '8032', seats: '8501-8550' });
    expect((await t.call('GET', '/api/softphone')).status).toBe(401);
  });
});
