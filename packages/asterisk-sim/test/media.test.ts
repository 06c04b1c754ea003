import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Simulator } from '../src/index.js';
import { addTone } from '../src/wav/tone-synth.js';
import { parseWavHeader } from '../src/wav/wav-reader.js';
import { writeWav } from '../src/wav/wav-writer.js';
import { actionResponse, amiSession } from './support/ami-session.js';
import { EventSocket, rest } from './support/ari-client.js';
import { get } from './support/ami-transcript.js';
import { tempDir, testSim, until } from './support/fixtures.js';

let sim: Simulator | undefined;
const closers: Array<() => void> = [];
afterEach(async () => {
  for (const c of closers.splice(0)) c();
  await sim?.stop();
  sim = undefined;
});

/** Root-mean-square level of 16-bit PCM: silence is ~0, audible content is hundreds or more. */
function rms(wav: Buffer): number {
  const info = parseWavHeader(wav)!;
  let sum = 0;
  const n = info.dataBytes / 2;
  for (let i = 0; i < n; i++) {
    const v = wav.readInt16LE(info.dataOffset + i * 2);
    sum += v * v;
  }
  return Math.sqrt(sum / n);
}

const ms = (ts: unknown): number => Date.parse(String(ts).replace('+0000', 'Z'));

describe('media: sounds, playbacks and recordings', () => {
  it('a sound plays for the real duration of its WAV (language folder first), and a missing sound fails', async () => {
    const sounds = tempDir('sounds-');
    mkdirSync(join(sounds, 'zh'), { recursive: true });
    const pcm = new Int16Array(8000 * 1.5);
    addTone(pcm, 0, pcm.length, [440]);
    writeWav(join(sounds, 'zh', 'dl-welcome.wav'), pcm);
    writeWav(join(sounds, 'dl-welcome.wav'), new Int16Array(8000 * 4));
    sim = await testSim({ soundsDir: sounds, timeScale: 0.05 });
    const ws = await EventSocket.open(sim.ariUrl, 'app=donorline-ivr&api_key=donorline:donorline');
    closers.push(() => ws.close());
    const call = sim.placeCall({ from: '13800138000', to: '96606', language: 'zh' });
    await ws.waitFor((e) => e.type === 'StasisStart');
    const auth = 'donorline:donorline';
    expect((await rest(sim.ariUrl, 'GET', '/ari/sounds', { auth })).json).toEqual([{ id: 'dl-welcome', text: '', formats: [{ language: 'en', format: 'wav' }, { language: 'zh', format: 'wav' }] }]);
    await rest(sim.ariUrl, 'POST', `/ari/channels/${call.uniqueid}/play?media=sound:dl-welcome&playbackId=w`, { auth });
    const started = await ws.waitFor((e) => e.type === 'PlaybackStarted');
    const finished = await ws.waitFor((e) => e.type === 'PlaybackFinished');
    expect((started.playback as { language: string }).language).toBe('zh');
    const took = ms(finished.timestamp) - ms(started.timestamp);
    expect(took).toBeGreaterThan(1300);
    expect(took).toBeLessThan(2200);
    await rest(sim.ariUrl, 'POST', `/ari/channels/${call.uniqueid}/play?media=sound:no-such-prompt&playbackId=m`, { auth });
    const failed = await ws.waitFor((e) => e.type === 'PlaybackFinished' && (e.playback as { id: string }).id === 'm');
    expect((failed.playback as { state: string }).state).toBe('failed');
    // a sound list: Started/Continuing per item, next_media_uri until the last
    const r = await rest(sim.ariUrl, 'POST', `/ari/channels/${call.uniqueid}/play?playbackId=l`, { auth, body: { media: ['digits:12', 'sound:dl-welcome'] } });
    expect(r.json).toMatchObject({ id: 'l', media_uri: 'digits:12', next_media_uri: 'sound:dl-welcome', state: 'queued' });
    await ws.waitFor((e) => e.type === 'PlaybackFinished' && (e.playback as { id: string }).id === 'l');
    const types = ws.events.filter((e) => (e.playback as { id?: string } | undefined)?.id === 'l').map((e) => e.type);
    expect(types).toEqual(['PlaybackStarted', 'PlaybackContinuing', 'PlaybackStarted', 'PlaybackFinished']);
  });

  it('stopping a playing playback finishes it as done; stopping a queued one cancels it', async () => {
    sim = await testSim({ timeScale: 0.05 });
    const ws = await EventSocket.open(sim.ariUrl, 'app=donorline-ivr&api_key=donorline:donorline');
    closers.push(() => ws.close());
    const call = sim.placeCall({ from: '13800138000', to: '96606' });
    await ws.waitFor((e) => e.type === 'StasisStart');
    const auth = 'donorline:donorline';
    await rest(sim.ariUrl, 'POST', `/ari/channels/${call.uniqueid}/play?media=tone:ring&playbackId=t1`, { auth });
    await rest(sim.ariUrl, 'POST', `/ari/channels/${call.uniqueid}/play?media=sound:beep&playbackId=t2`, { auth });
    await ws.waitFor((e) => e.type === 'PlaybackStarted');
    expect((await rest(sim.ariUrl, 'GET', '/ari/playbacks/t2', { auth })).json).toMatchObject({ state: 'queued' });
    expect((await rest(sim.ariUrl, 'DELETE', '/ari/playbacks/t1', { auth })).status).toBe(204);
    const fin = await ws.waitFor((e) => e.type === 'PlaybackFinished');
    expect((fin.playback as { id: string; state: string })).toMatchObject({ id: 't1', state: 'done' });
    await ws.waitFor((e) => e.type === 'PlaybackFinished' && (e.playback as { id: string }).id === 't2');
    expect((await rest(sim.ariUrl, 'GET', '/ari/playbacks/t1', { auth })).json).toEqual({ message: 'Playback not found' });
  });

  it('ARI record writes a stored WAV (8 kHz 16-bit mono, audible) served by /recordings/stored/{name}/file', async () => {
    sim = await testSim({ timeScale: 0.05 });
    const ws = await EventSocket.open(sim.ariUrl, 'app=donorline-ivr&api_key=donorline:donorline');
    closers.push(() => ws.close());
    const call = sim.placeCall({ from: '13800138000', to: '96606', speakMs: 4000 });
    await ws.waitFor((e) => e.type === 'StasisStart');
    const auth = 'donorline:donorline';
    const r = await rest(sim.ariUrl, 'POST', `/ari/channels/${call.uniqueid}/record?name=voicemail/msg-1&format=wav&maxDurationSeconds=20&maxSilenceSeconds=2&beep=true&terminateOn=%23`, { auth });
    expect(r.status).toBe(201);
    expect(r.headers.Location).toBe('/ari/recordings/live/voicemail%2Fmsg-1');
    const fin = await ws.waitFor((e) => e.type === 'RecordingFinished', 8000);
    // the caller spoke 4 s then stayed silent; 2 s of silence ends it, trimmed as Asterisk does
    expect(fin.recording).toMatchObject({ name: 'voicemail/msg-1', state: 'done', duration: 4 });
    const list = await rest(sim.ariUrl, 'GET', '/ari/recordings/stored', { auth });
    expect(list.json).toEqual([{ name: 'voicemail/msg-1', format: 'wav' }]);
    const file = await fetch(`${sim.ariUrl}/ari/recordings/stored/voicemail%2Fmsg-1/file`, { headers: { authorization: `Basic ${Buffer.from(auth).toString('base64')}` } });
    expect(file.headers.get('content-type')).toBe('audio/wav');
    const wav = Buffer.from(await file.arrayBuffer());
    expect(parseWavHeader(wav)).toMatchObject({ sampleRate: 8000, channels: 1, bitsPerSample: 16, audioFormat: 1 });
    expect(parseWavHeader(wav)!.durationMs).toBeGreaterThan(4000);
    expect(rms(wav)).toBeGreaterThan(300);
    expect((await rest(sim.ariUrl, 'DELETE', '/ari/recordings/stored/voicemail%2Fmsg-1', { auth })).status).toBe(204);
    expect((await rest(sim.ariUrl, 'GET', '/ari/recordings/stored/voicemail%2Fmsg-1', { auth })).json).toEqual({ message: 'Recording not found' });
  });

  it('a live recording can be stopped over REST, and ifExists=fail refuses an existing name', async () => {
    sim = await testSim({ timeScale: 0.05 });
    const ws = await EventSocket.open(sim.ariUrl, 'app=donorline-ivr&api_key=donorline:donorline');
    closers.push(() => ws.close());
    const call = sim.placeCall({ from: '13800138000', to: '96606' });
    await ws.waitFor((e) => e.type === 'StasisStart');
    const auth = 'donorline:donorline';
    await rest(sim.ariUrl, 'POST', `/ari/channels/${call.uniqueid}/record?name=r1&format=wav`, { auth });
    await ws.waitFor((e) => e.type === 'RecordingStarted');
    expect((await rest(sim.ariUrl, 'GET', '/ari/recordings/live/r1', { auth })).json).toEqual({ name: 'r1', format: 'wav', state: 'recording', target_uri: `channel:${call.uniqueid}` });
    expect((await rest(sim.ariUrl, 'POST', '/ari/recordings/live/r1/stop', { auth })).status).toBe(204);
    await ws.waitFor((e) => e.type === 'RecordingFinished');
    const again = await rest(sim.ariUrl, 'POST', `/ari/channels/${call.uniqueid}/record?name=r1&format=wav&ifExists=fail`, { auth });
    expect([again.status, again.json]).toEqual([409, { message: "Recording 'r1' already exists and can not be overwritten" }]);
    const fmt = await rest(sim.ariUrl, 'POST', `/ari/channels/${call.uniqueid}/record?name=r2&format=mp3`, { auth });
    expect([fmt.status, fmt.json]).toEqual([422, { message: 'specified format is unknown on this system' }]);
  });

  it('MixMonitor writes the file named in the action under recordingsDir, as long as the simulated call', async () => {
    const dir = tempDir('rec-');
    // the AMI MixMonitor action needs the system class, which the donorline profile's manager.conf user lacks
    sim = await testSim({ recordingsDir: dir, timeScale: 0.02, amiPrivileges: 'all' });
    const c = await amiSession(sim);
    closers.push(() => c.close());
    await actionResponse(c, 'add', { Action: 'QueueAdd', Queue: 'hotline', Interface: 'PJSIP/8001' });
    sim.device('8001').setAutoAnswer(0);
    const call = sim.placeCall({ from: '13800138000', to: '96607' });
    await c.waitFor((m) => m.name === 'BridgeEnter' && get(m, 'Channel') === call.channel);
    let t0 = 0;
    let tEnd = 0;
    sim.events.on('recording:started', () => (t0 = sim!.engine.now()));
    sim.events.on('call:ended', () => (tEnd = sim!.engine.now()));
    const r = await actionResponse(c, 'mm', { Action: 'MixMonitor', Channel: call.channel, File: 'calls/2026/call-1.wav', Options: 'b' });
    expect(r.headers.map(([k]) => k)).toEqual(['Response', 'ActionID']);
    // (the dialplan's own recording of the agent's leg is on PJSIP/8001; this one is on the caller's channel)
    const fileVar = await c.waitFor((m) => m.name === 'VarSet' && get(m, 'Variable') === 'MIXMONITOR_FILENAME' && get(m, 'Channel') === call.channel);
    expect(get(fileVar, 'Value')).toBe(join(dir, 'calls/2026/call-1.wav'));
    await c.waitFor((m) => m.name === 'MixMonitorStart' && get(m, 'Channel') === call.channel);
    await new Promise((res) => setTimeout(res, 6000 * 0.02));
    sim.device('8001').hold();
    await new Promise((res) => setTimeout(res, 3000 * 0.02));
    sim.device('8001').unhold();
    sim.hangupCaller(call.callId);
    await until(() => sim!.engine.channels.size === 0);
    const wav = readFileSync(join(dir, 'calls/2026/call-1.wav'));
    const info = parseWavHeader(wav)!;
    expect(info).toMatchObject({ sampleRate: 8000, channels: 1, bitsPerSample: 16 });
    const expected = tEnd - t0;
    expect(expected).toBeGreaterThan(8000);
    // equal up to the few real milliseconds between the two observations (x 1/timeScale)
    expect(Math.abs(info.durationMs - expected)).toBeLessThan(500);
    expect(rms(wav)).toBeGreaterThan(300);
  });
});
