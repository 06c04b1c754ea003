/* eslint-disable @typescript-eslint/no-explicit-any -- asterisk-manager has no types, and these tests exercise ari-client's untyped dynamic API */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { Simulator } from '../src/index.js';
import { EVENT_TYPES } from '../src/ari/api-docs/events.doc.js';
import { record, sleep, testSim, until } from './support/fixtures.js';

/** The mandated clients against the simulator, quirks included. */
const require = createRequire(import.meta.url);

interface AmiManager {
  on(ev: string, fn: (...a: any[]) => void): void;
  action(a: Record<string, unknown>, cb?: (err: any, res: any) => void): string;
  disconnect(): void;
  isConnected(): boolean;
}
const AsteriskManager = require('asterisk-manager') as (port: number, host: string, user: string, secret: string, events: boolean) => AmiManager;

interface AriClient {
  on(ev: string, fn: (...a: any[]) => void): void;
  start(apps: string | string[], subscribeAll?: boolean): Promise<void>;
  stop(): void;
  channels: { get(o: object): Promise<any>; originate(o: object): Promise<any>; continueInDialplan(o: object): Promise<any> };
  Playback(id?: string): any;
}
const ari = require('ari-client') as { connect(url: string, user: string, pass: string): Promise<AriClient> };

let sim: Simulator | undefined;
const cleanups: Array<() => void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) c();
  await sim?.stop();
  sim = undefined;
});

function loginManager(s: Simulator, secret = s.secret): Promise<{ ami: AmiManager; events: any[] }> {
  const ami = AsteriskManager(s.amiPort, '127.0.0.1', s.username, secret, true);
  const events: any[] = [];
  ami.on('managerevent', (e: any) => events.push(e));
  cleanups.push(() => ami.disconnect());
  return new Promise((resolve) => {
    const check = setInterval(() => {
      if (events.some((e) => e.event === 'FullyBooted')) {
        clearInterval(check);
        resolve({ ami, events });
      }
    }, 5);
  });
}

describe('asterisk-manager@0.2.0', () => {
  it('logs in (it sends "Event: on"), receives events with lower-cased keys, and gets action callbacks', async () => {
    sim = await testSim();
    const { ami, events } = await loginManager(sim);
    const pause = await new Promise<any>((resolve) => {
      ami.action({ action: 'QueueAdd', queue: 'hotline', interface: 'PJSIP/8001', membername: '王芳' }, () => {
        ami.action({ action: 'QueuePause', queue: 'hotline', interface: 'PJSIP/8001', paused: 'true', reason: '培训' }, (err, res) => resolve({ err, res }));
      });
    });
    expect(pause.err).toBeUndefined();
    expect(pause.res).toMatchObject({ response: 'Success', message: 'Interface paused successfully' });
    await until(() => events.some((e) => e.event === 'QueueMemberPause'));
    expect(events.find((e) => e.event === 'QueueMemberPause')).toMatchObject({ queue: 'hotline', membername: '王芳', pausedreason: '培训', paused: '1' });
    const err = await new Promise<any>((resolve) => ami.action({ action: 'QueueRemove', queue: 'hotline', interface: 'PJSIP/9999' }, (e) => resolve(e)));
    expect(err).toMatchObject({ response: 'Error', message: 'Unable to remove interface: Not there' });
  });

  it('list items and *Complete arrive as plain events (the callback only sees the first response)', async () => {
    sim = await testSim();
    const { ami, events } = await loginManager(sim);
    sim.services.queues.add('hotline', 'PJSIP/8001', { name: 'A' });
    const first = await new Promise<any>((resolve) => ami.action({ action: 'QueueStatus' }, (_e, r) => resolve(r)));
    expect(first).toMatchObject({ response: 'Success', eventlist: 'start', message: 'Queue status will follow' });
    await until(() => events.some((e) => e.event === 'QueueStatusComplete'));
    const names = events.filter((e) => e.actionid === first.actionid).map((e) => e.event);
    expect(names).toEqual(['QueueParams', 'QueueMember', 'QueueParams', 'QueueStatusComplete']);
  });

  it('Originate with Variable objects and Async reaches OriginateResponse', async () => {
    sim = await testSim();
    sim.device('8001').setAutoAnswer(200);
    sim.setDonorBehaviour({ answerAfterMs: 500, talkMs: 1000 });
    const { ami, events } = await loginManager(sim);
    const res = await new Promise<any>((resolve) =>
      ami.action(
        { action: 'Originate', channel: 'PJSIP/8001', context: 'dl-outbound', exten: '13800138000', priority: 1, callerid: '"献血热线" <96606>', variable: { DL_TASK: 'recall' }, async: true },
        (_e, r) => resolve(r),
      ),
    );
    expect(res.response).toBe('Success');
    await until(() => events.some((e) => e.event === 'OriginateResponse'));
    expect(events.find((e) => e.event === 'OriginateResponse')).toMatchObject({ response: 'Success', reason: '4', actionid: res.actionid });
    // quirk: the client parses any `Variable:` header into an object, so VarSet arrives as { variable: { DL_TASK: '' }, value }
    expect(events.find((e) => e.event === 'VarSet' && typeof e.variable === 'object' && 'DL_TASK' in e.variable)?.value).toBe('recall');
    await until(() => sim!.engine.channels.size === 0, 3000);
  });

  it('a wrong secret: the callback gets the error about a second later', async () => {
    sim = await testSim();
    const ami = AsteriskManager(sim.amiPort, '127.0.0.1', sim.username, 'wrong', false);
    cleanups.push(() => ami.disconnect());
    const started = Date.now();
    const got = await new Promise<any>((resolve) => ami.on('response', (r: any) => resolve(r)));
    expect(got).toMatchObject({ response: 'Error', message: 'Authentication failed' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });
});

describe('ari-client@2.2.0', () => {
  it('loads the api-docs, runs a Stasis app: answer (204 → ""), play with a Playback object, variables, continue', async () => {
    sim = await testSim();
    const client = await ari.connect(sim.ariUrl, 'donorline', 'donorline');
    cleanups.push(() => client.stop());
    const seen: string[] = [];
    client.on('*', (e: any) => seen.push(e.type));
    const done = new Promise<void>((resolve, reject) => {
      client.on('StasisStart', async (e: any, ch: any) => {
        try {
          expect(e.args).toEqual(['inbound', '96606']);
          expect(await ch.answer()).toBe('');
          const pb = client.Playback();
          const finished = new Promise<any>((r) => pb.once('PlaybackFinished', (ev: any) => r(ev)));
          const started = await ch.play({ media: ['digits:123', 'sound:missing-prompt'] }, pb);
          expect(started.id).toBe(pb.id);
          const fin = await finished;
          expect(fin.playback.state).toBe('failed');
          await ch.setChannelVar({ variable: 'DL_TOPIC', value: 'appointment' });
          expect(await ch.getChannelVar({ variable: 'DL_TOPIC' })).toEqual({ value: 'appointment' });
          await ch.continueInDialplan({ context: 'dl-queue', extension: 'hotline', priority: 1 });
          resolve();
        } catch (err) {
          reject(err as Error);
        }
      });
    });
    await client.start('donorline-ivr');
    sim.placeCall({ from: '13800138000', callerName: '张三', to: '96606' });
    await done;
    await until(() => seen.includes('StasisEnd'));
    // PlaybackStarted twice (one per media) with PlaybackContinuing between, as Asterisk does for lists
    expect(seen.filter((t) => t.startsWith('Playback'))).toEqual(['PlaybackStarted', 'PlaybackContinuing', 'PlaybackStarted', 'PlaybackFinished']);
  });

  it('REST errors reject with Error(message = raw JSON body) and no status', async () => {
    sim = await testSim();
    const client = await ari.connect(sim.ariUrl, 'donorline', 'donorline');
    const err = await client.channels.get({ channelId: 'nope' }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toBe('{"message":"Channel not found"}');
    const bad = await client.channels.originate({ endpoint: 'Bogus/123', app: 'x' }).catch((e: Error) => e);
    expect((bad as Error).message).toBe('{"error":"Allocation failed"}');
  });

  it('every event type the simulator sends is a model in events.json (ari-client throws otherwise)', async () => {
    sim = await testSim();
    const client = await ari.connect(sim.ariUrl, 'donorline', 'donorline');
    cleanups.push(() => client.stop());
    const types = new Set<string>();
    client.on('*', (e: any) => types.add(e.type));
    await client.start(['donorline-ivr', 'observer'], true);
    sim.services.queues.add('hotline', 'PJSIP/8001', {});
    sim.device('8001').setAutoAnswer(100);
    const call = sim.placeCall({ from: '13800138000', to: '96606', dtmf: '1' });
    client.on('StasisStart', async (e: any, ch: any) => {
      if (e.application !== 'donorline-ivr') return;
      await ch.play({ media: 'digits:1' });
      await client.channels.continueInDialplan({ channelId: ch.id, context: 'dl-queue', extension: 'hotline' });
    });
    await until(() => types.has('ChannelEnteredBridge'), 4000);
    sim.device('8001').hold();
    await sleep(20);
    sim.device('8001').unhold();
    sim.hangupCaller(call.callId);
    await until(() => !sim!.getCall(call.callId), 4000);
    expect(types.size).toBeGreaterThan(12);
    for (const t of types) expect(EVENT_TYPES).toContain(t);
  });

  it('a wrong password rejects with a plain string and kills the process with an uncaught exception', async () => {
    sim = await testSim();
    const script = fileURLToPath(new URL('./clients/wrong-password.ts', import.meta.url));
    const tsx = fileURLToPath(new URL('../../../node_modules/.bin/tsx', import.meta.url));
    const child = spawn(tsx, [script, sim.ariUrl], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let errOut = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (errOut += d));
    const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    // swagger-client throws the failure string synchronously inside the HTTP callback: the process dies
    expect(out).not.toContain('STILL-ALIVE');
    expect(out).not.toContain('CONNECTED');
    expect(code).toBe(1);
    expect(errOut).toContain('throw message');
    expect(errOut).toMatch(/401 : .*\/ari\/api-docs\/resources\.json/);
  }, 15_000);

  it('reconnects after a restart (WebSocketReconnecting) and sees calls again', async () => {
    sim = await testSim();
    const client = await ari.connect(sim.ariUrl, 'donorline', 'donorline');
    cleanups.push(() => client.stop());
    const lifecycle: string[] = [];
    client.on('WebSocketReconnecting', () => lifecycle.push('reconnecting'));
    client.on('WebSocketConnected', () => lifecycle.push('connected'));
    const starts = record(sim, 'stasis:start');
    await client.start('donorline-ivr');
    await sim.restart({ downMs: 300 });
    await until(() => lifecycle.filter((x) => x === 'connected').length >= 2, 8000, 'reconnect');
    expect(lifecycle).toContain('reconnecting');
    const call = sim.placeCall({ from: '13800138000', to: '96606' });
    await until(() => starts.length === 1, 3000);
    expect(call.uniqueid).toMatch(/\.0$/);
  }, 15_000);
});
