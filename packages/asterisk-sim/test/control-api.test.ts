import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import type { Simulator } from '../src/index.js';
import { rest } from './support/ari-client.js';
import { nth, record, testSim, until } from './support/fixtures.js';

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

const auth = 'donorline:donorline';
const call = (method: string, path: string, body?: unknown) => rest(sim!.ariUrl, method, `/sim/v1${path}`, { auth, ...(body !== undefined ? { body } : {}) });

describe('HTTP control API /sim/v1', () => {
  it('places a call, answers it from the agent phone, presses DTMF and hangs up as the caller', async () => {
    sim = await testSim();
    const rings = record<{ ext: string }>(sim, 'device:ringing');
    sim.services.queues.add('hotline', 'PJSIP/8005', {});
    const placed = await call('POST', '/calls', { from: '13800138000', callerName: '张三', to: '96607' });
    expect(placed.status).toBe(201);
    const { callId, channel } = placed.json as { callId: string; channel: string };
    expect(channel).toMatch(/^PJSIP\/carrier-/);
    await nth(rings, 1);
    const answered = await call('POST', '/devices/8005/answer');
    expect(answered.json).toMatchObject({ channel: expect.stringMatching(/^PJSIP\/8005-/) as unknown });
    await until(() => sim!.getCall(callId)?.bridgedWith.length === 1);
    expect((await call('GET', `/calls/${callId}`)).json).toMatchObject({ from: '13800138000', callerName: '张三', to: '96607', application: 'Queue' });
    expect((await call('POST', `/calls/${callId}/dtmf`, { digits: '12#' })).status).toBe(202);
    expect((await call('POST', `/calls/${callId}/hangup`)).status).toBe(202);
    await until(() => sim!.listCalls().length === 0);
    expect((await call('GET', `/calls/${callId}`)).status).toBe(404);
    const state = (await call('GET', '/state')).json as { profile: string; queues: Array<{ name: string; completed: number }> };
    expect(state.profile).toBe('donorline');
    expect(state.queues.find((q) => q.name === 'hotline')!.completed).toBe(1);
  });

  it('auto-answer and talk time per device; donor behaviour', async () => {
    sim = await testSim();
    const d = await call('PUT', '/devices/8001', { autoAnswerMs: 500, talkMs: 2000 });
    expect(d.json).toMatchObject({ ext: '8001', autoAnswerMs: 500, talkMs: 2000, registered: true, deviceState: 'NOT_INUSE' });
    expect((await call('PUT', '/donors/13900139000', { behaviour: 'busy' })).json).toMatchObject({ behaviour: 'busy' });
    expect((await call('GET', '/donors')).json).toMatchObject({ behaviour: 'answer' });
    sim.services.queues.add('hotline', 'PJSIP/8001', {});
    const answeredEvents = record(sim, 'device:answered');
    await call('POST', '/calls', { from: '13800138000', to: '96607' });
    await nth(answeredEvents, 1);
    await until(() => sim!.listCalls().length === 0, 3000);
  });

  it('answers bad input with 4xx and a clear message', async () => {
    sim = await testSim();
    const cases: Array<[string, string, unknown, number, string]> = [
      ['POST', '/calls', { to: '96606' }, 400, '"from" (the caller\'s number) is required'],
      ['POST', '/calls', { from: 'abc', to: '96606' }, 400, '"from" must be a phone number (digits), got "abc"'],
      ['POST', '/calls', { from: '138', to: '96606', dtmf: 'x' }, 400, '"dtmf" may contain only 0-9 * # A-D and commas'],
      ['POST', '/calls', { from: '138', to: '96606', hangupAfterMs: -5 }, 400, '"hangupAfterMs" must be a number >= 0'],
      ['POST', '/calls', { from: '138', to: '96606', dtmf: [{ digits: '1', when: 'soon' }] }, 400, 'dtmf[0].when must be idle, prompt or immediate'],
      ['POST', '/calls/nope/dtmf', { digits: '1' }, 404, 'no active call or channel nope'],
      ['POST', '/calls/nope/dtmf', {}, 400, '"digits" is required'],
      ['POST', '/devices/9999/answer', undefined, 404, 'no simulated phone 9999 (agent phones are 8001-8050)'],
      ['POST', '/devices/8001/answer', undefined, 409, 'phone 8001 has no ringing call'],
      ['PUT', '/devices/8001', { autoAnswerMs: 'soon' }, 400, '"autoAnswerMs" must be a number >= 0 or null'],
      ['PUT', '/donors', { behaviour: 'maybe' }, 400, '"behaviour" must be answer, busy, no-answer, reject, wrong-number or unavailable'],
      ['POST', '/load', { ratePerSec: 0 }, 400, '"ratePerSec" must be a number in (0, 5000]'],
      ['POST', '/load', { ratePerSec: 5 }, 400, 'give "calls" or "durationSec"'],
      ['POST', '/load', { ratePerSec: 5, calls: 3, talkMs: { min: 5 } }, 400, '"talkMs" must be a duration: ms, {min,max}, {mean,sd} or {exp}'],
      ['GET', '/nothing-here', undefined, 404, 'no such control endpoint: GET /sim/v1/nothing-here'],
    ];
    for (const [method, path, body, status, error] of cases) {
      const r = await call(method, path, body);
      expect([r.status, r.json], `${method} ${path}`).toEqual([status, { error }]);
    }
    const raw = await rest(sim.ariUrl, 'POST', '/sim/v1/calls', { auth, body: 'not json{' });
    expect(raw.json).toEqual({ error: 'body is not valid JSON' });
    const anon = await rest(sim.ariUrl, 'GET', '/sim/v1/state', { auth: false });
    expect(anon.status).toBe(401);
  });

  it('runs a load scenario with IVR choices and talk times', async () => {
    sim = await testSim({ timeScale: 0.01 });
    for (let i = 1; i <= 10; i++) sim.services.queues.add('hotline', `PJSIP/${8000 + i}`, {});
    const r = await call('POST', '/load', { ratePerSec: 20, calls: 30, to: '96607', talkMs: { min: 2000, max: 4000 }, agents: { autoAnswerMs: { min: 200, max: 800 } } });
    expect(r.status).toBe(201);
    const id = (r.json as { id: string }).id;
    await until(() => (sim!.loadStats(id)?.ended ?? 0) === 30, 10_000, 'load to finish');
    const stats = (await call('GET', `/load/${id}`)).json as { placed: number; failed: number; running: boolean };
    expect(stats).toMatchObject({ placed: 30, failed: 0, running: false });
    expect(sim.services.queues.get('hotline')!.completed).toBe(30);
  }, 15_000);
});

describe('CLI', () => {
  it('`sim:cli call` places a call through the control API', async () => {
    sim = await testSim();
    const tsx = fileURLToPath(new URL('../../../node_modules/.bin/tsx', import.meta.url));
    const cli = fileURLToPath(new URL('../src/cli.ts', import.meta.url));
    const run = promisify(execFile);
    const { stdout } = await run(tsx, [cli, 'call', '--url', sim.ariUrl, '--from', '13800138000', '--name', '张三', '--to', '96607']);
    const out = JSON.parse(stdout) as { callId: string; channel: string };
    expect(out.channel).toMatch(/^PJSIP\/carrier-/);
    expect(sim.getCall(out.callId)?.callerName).toBe('张三');
    const bad = await run(tsx, [cli, 'call', '--url', sim.ariUrl, '--to', '96607']).catch((e: { stderr: string }) => e);
    expect((bad as { stderr: string }).stderr).toContain('--from is required');
  }, 20_000);
});
