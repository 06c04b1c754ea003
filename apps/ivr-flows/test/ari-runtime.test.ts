/**
 * The ARI wrapper, the ARI channel adapter and the Stasis dispatcher over real HTTP and WebSocket (ari-client
 * underneath), against a stub ARI server with Asterisk 22's api-docs and error bodies.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AriConnection, type AriEvent } from '../src/ari/ari-connection.js';
import { AriAuthError, AriTimeoutError, AriUnavailableError, isAriNotFound } from '../src/ari/ari-errors.js';
import { MemoryBackend } from '../src/backend/memory-backend.js';
import { loadConfig } from '../src/config.js';
import { startIvr, type IvrHandle } from '../src/ivr.js';
import type { CallOutcome } from '../src/runtime/call-runner.js';
import { silentLogger } from '../src/runtime/logger.js';
import { AriStub } from './support/ari-stub.js';
import { centerState, IN_HOURS, PHONE_FAMILY, PHONE_UNKNOWN } from './ivr-harness.js';

const until = async (cond: () => boolean, ms = 3000): Promise<void> => {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
};

describe('AriConnection (own wrapper over ari-client)', () => {
  let stub: AriStub;
  const conns: AriConnection[] = [];
  beforeEach(async () => {
    stub = await new AriStub().start();
  });
  afterEach(async () => {
    for (const c of conns.splice(0)) c.close();
    await stub.stop();
  });
  const open = async (over: Partial<Parameters<typeof AriConnection.connect>[0]> = {}): Promise<AriConnection> => {
    const c = await AriConnection.connect({ url: stub.url, app: 'donorline-ivr', log: silentLogger, reconnectInitialMs: 10, reconnectMaxMs: 40, ...over });
    conns.push(c);
    return c;
  };

  it('a wrong password is a clear AriAuthError, and the process does not die', async () => {
    const bad = stub.url.replace(':donorline@', ':wrong@');
    await expect(AriConnection.connect({ url: bad, app: 'donorline-ivr', log: silentLogger })).rejects.toBeInstanceOf(AriAuthError);
    await new Promise((r) => setTimeout(r, 50)); // an uncaught throw from the library would fail the run here
  });

  it('an unreachable ARI is an AriUnavailableError, quickly', async () => {
    const port = stub.port;
    await stub.stop();
    const t0 = Date.now();
    await expect(AriConnection.connect({ url: `http://donorline:donorline@127.0.0.1:${port}`, app: 'x', log: silentLogger, connectTimeoutMs: 2000 })).rejects.toBeInstanceOf(AriUnavailableError);
    expect(Date.now() - t0).toBeLessThan(2000);
    stub = await new AriStub().start(); // for afterEach
  });

  it('REST errors carry a status; 204 resolves; a request that never returns times out', async () => {
    const c = await open({ requestTimeoutMs: 150 });
    const err = await c.request('answer', (cl) => cl.channels.answer({ channelId: 'nope' })).catch((e: unknown) => e);
    expect(isAriNotFound(err)).toBe(true);
    expect((err as Error).message).toContain('Channel not found');
    const ch = stub.call(PHONE_UNKNOWN);
    await expect(c.request('answer', (cl) => cl.channels.answer({ channelId: ch.id }))).resolves.toBe('');
    stub.hold = /\/answer$/;
    await expect(c.request('answer', (cl) => cl.channels.answer({ channelId: ch.id }))).rejects.toBeInstanceOf(AriTimeoutError);
  });

  it('unknown event types and garbage frames are tolerated; the next event still arrives', async () => {
    const c = await open();
    const seen: string[] = [];
    c.on('event', (e: AriEvent) => seen.push(e.type));
    stub.push({ type: 'SomethingAsterisk23Invented', foo: 1 });
    stub.push('not json at all');
    stub.push({ type: 'ChannelVarset', variable: 'X', value: '1' });
    await until(() => seen.length === 2);
    expect(seen).toEqual(['SomethingAsterisk23Invented', 'ChannelVarset']);
  });

  it('reconnects after the socket drops, beyond ari-client’s 10-retry give-up', async () => {
    const c = await open();
    let reconnected = 0;
    c.on('reconnected', () => reconnected++);
    stub.drop(14); // the next 14 upgrades are refused
    await until(() => reconnected === 1, 5000);
    expect(c.connected).toBe(true);
    expect(stub.socketCount).toBe(1);
  });
});

describe('IVR over ARI (dispatcher + ARI channel + flows)', () => {
  let stub: AriStub;
  let ivr: IvrHandle;
  let backend: MemoryBackend;
  const ended = new Map<string, CallOutcome>();
  beforeEach(async () => {
    stub = await new AriStub().start();
    backend = new MemoryBackend(centerState());
    ended.clear();
    ivr = await startIvr(loadConfig({ ARI_URL: stub.url }), {
      backend, log: silentLogger, clock: () => IN_HOURS,
      gather: { firstDigitTimeoutMs: 300, interDigitTimeoutMs: 200 },
      onCallEnd: (id, o) => ended.set(id, o),
    });
  });
  afterEach(async () => {
    await ivr.stop();
    await stub.stop();
  });

  const played = (id: string): string[] =>
    stub.requests.filter((r) => r.path === `/ari/channels/${id}/play`).flatMap((r) => (r.query.get('media') ?? '').split(',').map((m) => m.replace('sound:donorline/', '')));

  it('answers, plays the welcome, and a key press stops the prompt and is taken (barge-in)', async () => {
    stub.playMs = 2000; // long prompts: only barge-in can move on
    const ch = stub.call(PHONE_UNKNOWN);
    await until(() => played(ch.id).includes('welcome'));
    expect(stub.requests.find((r) => r.path.endsWith('/answer'))).toBeTruthy();
    stub.dtmf(ch.id, '3'); // during the welcome: straight to sites
    await until(() => played(ch.id).includes('sites-intro'));
    expect(stub.requests.some((r) => r.method === 'DELETE' && r.path.startsWith('/ari/playbacks/'))).toBe(true);
    expect(played(ch.id)).not.toContain('main-menu');
    stub.callerHangup(ch.id);
    await until(() => ended.has(ch.id));
    expect(ended.get(ch.id)).toBe('caller-hangup');
  });

  it('hands a verified caller to the queue with every IVR variable set before continue', async () => {
    const ch = stub.call(PHONE_FAMILY);
    await until(() => played(ch.id).includes('main-menu'));
    stub.dtmf(ch.id, '1');
    await until(() => played(ch.id).includes('id-enter-last4'));
    stub.dtmf(ch.id, '4321');
    await until(() => played(ch.id).includes('offer-booking'));
    stub.dtmf(ch.id, '*');
    await until(() => played(ch.id).filter((m) => m === 'main-menu').length === 2);
    stub.dtmf(ch.id, '0');
    await until(() => ended.has(ch.id));
    expect(ended.get(ch.id)).toBe('handed-off');
    expect(stub.continued).toEqual([{ id: ch.id, context: 'dl-queue', extension: 'hotline', priority: 1 }]);
    const continueAt = stub.requests.find((r) => r.path.endsWith('/continue'))!.at;
    const varSets = stub.requests.filter((r) => r.path.endsWith('/variable') && r.method === 'POST');
    expect(varSets.every((r) => r.at < continueAt)).toBe(true);
    expect(Object.fromEntries([...ch.vars].filter(([k]) => k.startsWith('DL_')))).toMatchObject({
      DL_DONOR_ID: '3', DL_VERIFIED: '1', DL_VERIFIED_BY: 'id-last4', DL_TOPIC: 'eligibility', DL_PRIORITY: '0',
    });
    expect(stub.channels.get(ch.id)?.inStasis).toBe(false); // nothing left in Stasis
  });

  it('records a voice message ended by # into a ticket', async () => {
    const ch = stub.call(PHONE_UNKNOWN);
    await until(() => played(ch.id).includes('main-menu'));
    stub.dtmf(ch.id, '4');
    await until(() => played(ch.id).includes('messages-menu'));
    stub.dtmf(ch.id, '1');
    await until(() => stub.requests.some((r) => r.path.endsWith('/record')));
    await new Promise((r) => setTimeout(r, 1100));
    stub.dtmf(ch.id, '#');
    await until(() => played(ch.id).includes('record-review'));
    stub.dtmf(ch.id, '1');
    await until(() => ended.has(ch.id));
    const rec = stub.requests.find((r) => r.path.endsWith('/record'))!;
    expect(rec.query.get('terminateOn')).toBe('#');
    expect(backend.state.tickets).toEqual([expect.objectContaining({ kind: 'message', recordingName: rec.query.get('name'), callId: ch.id })]);
    expect(stub.channels.has(ch.id)).toBe(false); // hung up after the goodbye
  });

  it('a caller hang-up at any await ends the flow and nothing is left behind', async () => {
    stub.playMs = 5000;
    const ch = stub.call(PHONE_UNKNOWN);
    await until(() => played(ch.id).includes('welcome'));
    stub.callerHangup(ch.id);
    await until(() => ended.has(ch.id));
    expect(ended.get(ch.id)).toBe('caller-hangup');
    expect(ivr.dispatcher.liveCalls).toBe(0);
  });

  it('after a reconnect, a channel parked in our application that no flow owns gets an apology and an agent', async () => {
    // a channel enters Stasis(donorline-ivr) while the IVR is down: its StasisStart is lost
    await ivr.stop();
    const orphan = stub.call(PHONE_UNKNOWN);
    ivr = await startIvr(loadConfig({ ARI_URL: stub.url }), { backend, log: silentLogger, clock: () => IN_HOURS, onCallEnd: (id, o) => ended.set(id, o) });
    await until(() => ended.has(orphan.id));
    expect(played(orphan.id)).toEqual(['resume-after-interruption', 'to-agent']);
    expect(stub.continued.at(-1)).toMatchObject({ id: orphan.id, context: 'dl-queue', extension: 'hotline' });
    expect(orphan.vars.get('DL_TOPIC')).toBe('ivr-interrupted');
  });

  it('a call in progress survives an event-socket drop: the prompt that ended unseen is settled, the call goes on', async () => {
    stub.playMs = 500;
    const ch = stub.call(PHONE_UNKNOWN);
    await until(() => played(ch.id).includes('main-menu'));
    stub.drop(1); // its PlaybackFinished is sent while we are away
    await until(() => stub.socketCount === 0);
    await until(() => stub.socketCount === 1, 5000);
    await until(() => stub.requests.some((r) => r.method === 'GET' && r.path === '/ari/channels')); // re-adoption ran
    stub.dtmf(ch.id, '3');
    await until(() => played(ch.id).includes('sites-intro'));
    stub.callerHangup(ch.id);
    await until(() => ended.has(ch.id));
  });
});
