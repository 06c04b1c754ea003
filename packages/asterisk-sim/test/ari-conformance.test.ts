import { afterEach, describe, expect, it } from 'vitest';
import type { Simulator } from '../src/index.js';
import { EventSocket, rest, shape, type RestResult } from './support/ari-client.js';
import { fixture, sleep, testSim } from './support/fixtures.js';

/**
 * The ARI transcripts (`ari-h-rest.jsonl`, `ari-h-ivr.jsonl`): the same REST requests against the lab
 * profile, compared request by request (status, reason, headers, body shape), and the `subscribeAll`
 * event stream compared per channel role.
 */
interface RestEntry {
  request: { method: string; path: string; headers: Record<string, string>; body: unknown };
  response: { status: number; reason: string; headers: Array<[string, string]>; body: string };
}

let sim: Simulator | undefined;
const sockets: EventSocket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.close();
  await sim?.stop();
  sim = undefined;
});

const TS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/;

function channelRole(name: string): string {
  return name.replace(/-[0-9a-f]{8}(;[12])$/, '$1');
}

/** Per channel role: the event types (with a discriminator) in order. DeviceStateChanged floats. */
function eventSequences(events: Array<Record<string, unknown>>): Map<string, string[]> {
  const idToRole = new Map<string, string>();
  const out = new Map<string, string[]>();
  for (const e of events) {
    const ch = (e.channel ?? e.peer) as { id: string; name: string } | undefined;
    if (ch) idToRole.set(ch.id, channelRole(ch.name));
  }
  for (const e of events) {
    let role: string | undefined;
    let label = String(e.type);
    const ch = (e.channel ?? e.peer) as { id: string; name: string } | undefined;
    if (ch) role = channelRole(ch.name);
    const target = ((e.playback ?? e.recording) as { target_uri?: string } | undefined)?.target_uri;
    if (target) role = idToRole.get(target.replace(/^channel:/, ''));
    if (e.type === 'ChannelDialplan') label += `(${String(e.dialplan_app)})`;
    if (e.type === 'ChannelVarset') label += `(${String(e.variable)}=${String(e.value)})`;
    if (e.type === 'Dial') label += `(${String(e.dialstatus)})`;
    if (e.type === 'ChannelStateChange') label += `(${(e.channel as { state: string }).state})`;
    if (e.type === 'ChannelHangupRequest') label += `(${String(e.cause)}${e.soft ? ',soft' : ''})`;
    if (e.type === 'ChannelDtmfReceived') label += `(${String(e.digit)})`;
    if (!role || e.type === 'DeviceStateChanged') continue;
    const list = out.get(role) ?? [];
    list.push(label);
    out.set(role, list);
  }
  return out;
}

function typeShapes(events: Array<Record<string, unknown>>): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of events) {
    // top-level key order varies in Asterisk; nested objects (channel, playback) keep a fixed order
    const top = Object.keys(e).sort().join(',');
    const nested = Object.entries(e)
      .filter(([, v]) => v && typeof v === 'object' && !Array.isArray(v))
      .map(([k, v]) => `${k}{${shape(v).join(',')}}`)
      .sort()
      .join(';');
    out.set(String(e.type), `${top} | ${nested}`);
  }
  return out;
}

function restShape(r: { status: number; reason: string; headers: string[]; json: unknown }): string {
  return JSON.stringify({ status: r.status, reason: r.reason, headers: r.headers, body: shape(r.json) });
}

describe('ARI conformance with the Asterisk 22 transcripts (lab profile)', () => {
  it('h — the IVR scenario: REST requests and responses, and the subscribeAll event stream', async () => {
    sim = await testSim({ profile: 'lab', timeScale: 0.05 });
    const base = sim.ariUrl;
    const entries = fixture('ari-h-rest.jsonl')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as RestEntry);
    const ivr = await EventSocket.open(base, 'app=ivr-app&api_key=cti:cti-secret&subscribeAll=true');
    const callerApp = await EventSocket.open(base, 'app=caller-sim&api_key=cti:cti-secret');
    sockets.push(ivr, callerApp);

    const ids = new Map<string, string>(); // transcript channel id → ours
    const names = new Map<string, string>(); // transcript recording name → ours
    const results: Array<[RestEntry, RestResult]> = [];
    for (const entry of entries) {
      let path = entry.request.path;
      for (const [from, to] of [...ids, ...names]) path = path.split(from).join(to);
      // pace the script as the capture did: wait for what the capturing client waited for
      if (/\/answer$/.test(path) && results.length === 2) {
        const start = await ivr.waitFor((e) => e.type === 'StasisStart' && e.application === 'ivr-app');
        const ch = start.channel as { id: string };
        ids.set('1795376041.3', ch.id);
        path = path.split('1795376041.3').join(ch.id);
      }
      if (entry.request.body && JSON.stringify(entry.request.body).includes('beep')) await ivr.waitFor((e) => e.type === 'PlaybackFinished' && (e.playback as { id: string }).id === 'pb-hello-1');
      if (path.includes('dtmf=12')) await ivr.waitFor((e) => e.type === 'PlaybackFinished' && (e.playback as { media_uri: string }).media_uri === 'sound:beep');
      if (path.includes('/record?')) await ivr.waitFor((e) => e.type === 'ChannelDtmfReceived' && e.digit === '2');
      if (path.includes('dtmf=%23')) await ivr.waitFor((e) => e.type === 'PlaybackFinished' && (e.playback as { id: string }).id === 'pb-caller-speaks');
      if (path === '/ari/recordings/stored') await ivr.waitFor((e) => e.type === 'RecordingFinished');
      if (path.includes('?reason=normal')) await ivr.waitFor((e) => e.type === 'PlaybackFinished' && (e.playback as { id: string }).id === 'pb-rec-1');
      if (path === '/ari/channels/no-such-channel') await ivr.waitFor((e) => e.type === 'ChannelDestroyed' && (e.channel as { name: string }).name.endsWith(';1'));
      const auth = entry.request.headers.Authorization ? undefined : false;
      if (process.env.DEBUG_ARI) console.error('->', entry.request.method, path, JSON.stringify(entry.request.body));
      const r = await rest(base, entry.request.method, path, { ...(auth === false ? { auth: false as const } : {}), ...(entry.request.body ? { body: entry.request.body } : {}) });
      results.push([entry, r]);
      if (path.startsWith('/ari/channels?endpoint=Local')) {
        const j = r.json as { id: string };
        ids.set('1795376041.2', j.id);
      }
      if (path.includes('/record?')) names.set('ivr-msg-1795376041', 'ivr-msg-1795376041');
    }

    for (const [entry, r] of results) {
      const real = {
        status: entry.response.status,
        reason: entry.response.reason,
        headers: entry.response.headers.map(([k]) => k).filter((k) => k !== 'Date'),
        json: entry.response.body ? (JSON.parse(entry.response.body) as unknown) : undefined,
      };
      const mine = {
        status: r.status,
        reason: r.reason,
        headers: Object.keys(r.headers).filter((k) => k !== 'Date'),
        json: r.json,
      };
      expect(restShape(mine), `${entry.request.method} ${entry.request.path}`).toBe(restShape(real));
    }
    // bodies whose values are fixed by the request
    const byPath = (p: string): RestResult => results.find(([e]) => e.request.path.includes(p))![1];
    expect(byPath('variable=CALLERID').json).toEqual({ value: '13800138000' });
    expect(byPath('playbackId=pb-hello-1').headers.Location).toBe('/ari/playbacks/pb-hello-1');
    expect(byPath('/ari/recordings/stored/ivr-msg').json).toEqual({ name: 'ivr-msg-1795376041', format: 'wav' });
    expect(byPath('endpoint=Bogus').json).toEqual({ error: 'Allocation failed' });

    await sleep(50);
    const real = fixture('ari-h-ivr.jsonl')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const mine = ivr.events.filter((e) => e.application === 'ivr-app');
    const want = eventSequences(real);
    const got = eventSequences(mine);
    expect([...want.keys()].sort()).toEqual(['Local/5000@ivr;1', 'Local/5000@ivr;2']);
    expect(want.get('Local/5000@ivr;2')!.length).toBeGreaterThan(20);
    for (const role of new Set([...want.keys(), ...got.keys()])) expect(got.get(role), role).toEqual(want.get(role));
    const ws = typeShapes(real);
    const gs = typeShapes(mine);
    for (const [type, s] of ws) expect(gs.get(type), type).toBe(s);
    for (const e of mine) {
      expect(e.timestamp).toMatch(TS);
      expect(e.asterisk_id).toBe('02:fc:00:00:00:01');
    }
    // compact JSON, one message per frame
    expect(ivr.raw.every((t) => !t.includes('\n') && !/": /.test(t))).toBe(true);
  }, 20_000);

  it('the WebSocket handshake answers 101 with the upgrade headers only', async () => {
    sim = await testSim({ profile: 'lab' });
    const { request } = await import('node:http');
    const head = await new Promise<string>((resolve, reject) => {
      const req = request(`${sim!.ariUrl}/ari/events?app=ivr-app&api_key=cti:cti-secret&subscribeAll=true`, {
        headers: { Upgrade: 'websocket', Connection: 'Upgrade', 'Sec-WebSocket-Key': 'aBC/Wf9CL90pwa6M2/oHfQ==', 'Sec-WebSocket-Version': '13' },
      });
      req.on('upgrade', (res, socket) => {
        socket.destroy();
        resolve(`${res.statusCode} ${Object.keys(res.headers).join(',')} ${String(res.headers['sec-websocket-accept'])}`);
      });
      req.on('error', reject);
      req.end();
    });
    const real = fixture('ari-h-ws-handshake.txt');
    expect(real).toContain('Sec-WebSocket-Accept: mg6TL8M1ooyXbaz0wXrE2a6n0sc=');
    expect(head).toBe('101 upgrade,connection,sec-websocket-accept mg6TL8M1ooyXbaz0wXrE2a6n0sc=');
  });

  it('m — upgrade errors: bad api_key → 401 JSON; missing app → HTML 400 then a bare 400', async () => {
    sim = await testSim({ profile: 'lab' });
    const { connect } = await import('node:net');
    const raw = (path: string): Promise<string> =>
      new Promise((resolve) => {
        const s = connect(sim!.ariPort, '127.0.0.1');
        let out = '';
        s.on('data', (d) => (out += d.toString()));
        s.on('close', () => resolve(out));
        s.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:8088\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: Sx2nQVXEqDs6bLa4TAJOig==\r\nSec-WebSocket-Version: 13\r\n\r\n`);
      });
    const strip = (t: string): string => t.replace(/^Date: .*$/gm, 'Date: X').replace(/\r\n/g, '\n');
    const real = fixture('ari-m-ws-errors.txt').replace(/\r\n/g, '\n');
    const bad = strip(await raw('/ari/events?app=ivr-app&api_key=cti:wrong'));
    const noApp = strip(await raw('/ari/events?api_key=cti:cti-secret'));
    const realBad = strip(real.slice(real.indexOf('HTTP/1.1 401'), real.indexOf('### missing app')).trim());
    const realNoApp = strip(real.slice(real.indexOf('HTTP/1.1 400')).trim());
    expect(bad.trim()).toBe(realBad);
    expect(noApp.trim()).toBe(realNoApp);
  });

  it('a second WebSocket for the same app takes it over; the old one gets ApplicationReplaced and stays open', async () => {
    sim = await testSim({ profile: 'lab' });
    const first = await EventSocket.open(sim.ariUrl, 'app=ivr-app&api_key=cti:cti-secret');
    const second = await EventSocket.open(sim.ariUrl, 'app=ivr-app&api_key=cti:cti-secret');
    sockets.push(first, second);
    const replaced = await first.waitFor((e) => e.type === 'ApplicationReplaced');
    expect(Object.keys(replaced).sort()).toEqual(['application', 'asterisk_id', 'timestamp', 'type']);
    expect(first.closed).toBe(false);
    await rest(sim.ariUrl, 'POST', '/ari/channels?endpoint=Local%2F5000%40ivr&extension=wait&context=callers');
    await second.waitFor((e) => e.type === 'StasisStart');
    await sleep(30);
    expect(first.events.filter((e) => e.type === 'StasisStart')).toEqual([]);
  });
});
