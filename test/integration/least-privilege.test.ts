/**
 * The bridge against an AMI user with production's least privilege: the simulator enforces the write classes of
 * asterisk/manager.conf's [donorline] user (no system, command or config) exactly as Asterisk answers — so anything
 * the bridge needs beyond them fails here as it would in production. Recording happens in the dialplan; the bridge
 * links it and pauses/resumes it with MixMonitorMute (class call). RECORDING_MODE=ami (MixMonitor over AMI, class
 * system) is refused by that user and works only with a permissive one.
 */
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeEach, expect, it, onTestFailed } from 'vitest';
import { DomainError } from '@donorline/domain';
import { DEMO_DONORS } from '@donorline/domain/node';
import { describeEachDb } from '@donorline/domain/testing';
import type { Desk } from './support/desk.js';
import { Harness, sleep, until } from './support/harness.js';

const REPO_ASTERISK = path.resolve(import.meta.dirname, '..', '..', 'asterisk');
const digits = (phone: string): string => phone.replace(/\D/g, '');

/** The longest run of silent samples in a MixMonitor WAV (8 kHz 16-bit mono), in ms. */
function longestSilenceMs(file: string): { silenceMs: number; durationMs: number; loud: number } {
  const buf = readFileSync(file);
  let run = 0;
  let best = 0;
  let loud = 0;
  for (let i = 44; i + 1 < buf.length; i += 2) {
    if (buf.readInt16LE(i) === 0) best = Math.max(best, ++run);
    else {
      run = 0;
      loud++;
    }
  }
  return { silenceMs: best / 8, durationMs: (buf.length - 44) / 16, loud };
}

describeEachDb('least-privilege AMI user (the simulator enforces manager.conf)', (ctx) => {
  let h: Harness;
  let agent1: Desk;

  beforeEach(() => {
    onTestFailed(() => {
      if (h) console.log(`STATE AT FAILURE ${ctx.kind}:`, h.dump());
    });
  });

  it('logs in, resyncs and seats an agent with call,agent,user,originate,reporting only', async () => {
    h = await Harness.start(ctx.db);
    const { write, source } = h.sim.amiClasses;
    expect(source).toBe(`${path.join(REPO_ASTERISK, 'manager.conf')} [donorline]`);
    expect(write === 'all' ? ['all'] : [...write].sort()).toEqual(['agent', 'call', 'originate', 'reporting', 'user']);
    expect(h.bridge.pbx.status().ami).toBe('up');
    expect(h.bridge.pbx.resyncs).toBeGreaterThan(0);
    agent1 = await h.seatedDesk('agent1', '8001');
    await agent1.command('agent:pause', { reason: 'meeting' });
    await until(() => h.sim.services.queues.get('hotline')!.members.find((m) => m.interface === 'PJSIP/8001' && m.paused && m.pausedReason === 'meeting'), 5000, 'paused in the queue');
    await agent1.command('agent:ready', {});
    await until(() => h.sim.services.queues.get('hotline')!.members.find((m) => m.interface === 'PJSIP/8001' && !m.paused), 5000, 'ready in the queue');
  }, 60_000);

  it('a queue call is recorded by the dialplan, linked, and paused/resumed with MixMonitorMute — silence in the file meanwhile', async () => {
    const donor = DEMO_DONORS.find((d) => d.key === 'repeat-platelet')!;
    const call = h.sim.placeCall({ from: digits(donor.phone), callerName: donor.name, to: '96607' });
    await agent1.waitPop((p) => p.callId === call.linkedid);
    await agent1.command('call:answer', { callId: call.linkedid });
    await agent1.waitUpdate((u) => u.callId === call.linkedid && u.recording?.active === true);
    const rec = [...h.bridge.registry.get(call.linkedid)!.recordings.values()][0]!;
    expect(rec).toMatchObject({ agentExt: '8001', active: true });
    await sleep(400);
    const mark = agent1.updates.length;
    await agent1.command('call:record', { callId: call.linkedid, on: false });
    await agent1.waitUpdate((u) => u.callId === call.linkedid && u.recording?.paused === true, 8000, mark);
    await sleep(1200); // 6 simulated seconds at timeScale 0.2
    const resumed = agent1.updates.length;
    await agent1.command('call:record', { callId: call.linkedid, on: true });
    await agent1.waitUpdate((u) => u.callId === call.linkedid && u.recording?.active === true && !u.recording.paused, 8000, resumed);
    await sleep(400);
    await agent1.command('call:hangup', { callId: call.linkedid });
    await agent1.waitUpdate((u) => u.callId === call.linkedid && u.state === 'ended');
    const record = await until(async () => {
      const r = await h.record(call.linkedid);
      return r.endedAt && r.recording && r.recording.durationSeconds > 0 ? r : null;
    }, 8000, 'the record with its measured recording');
    expect(record).toMatchObject({ queue: 'hotline', outcome: 'answered', recording: { format: 'wav' } });
    const wav = longestSilenceMs(rec.file!);
    // talk spurts leave gaps under a second; the pause left ~6 s of silence
    expect(wav.silenceMs).toBeGreaterThan(4000);
    expect(wav.durationMs).toBeGreaterThan(wav.silenceMs + 2000);
    expect(wav.loud).toBeGreaterThan(8000);
    await agent1.waitSession((s) => s.state === 'ready' || s.state === 'wrap-up', 8000);
  }, 30_000);

  it('click-to-dial (Originate, class originate) is recorded on the donor leg', async () => {
    await agent1.waitSession((s) => s.state === 'ready', 8000);
    await agent1.command('agent:pause', { reason: 'callback' });
    const { callId } = await agent1.command('call:dial', { number: '13900139000' });
    await agent1.waitPop((p) => p.callId === callId);
    await agent1.command('call:answer', { callId });
    await agent1.waitUpdate((u) => u.callId === callId && u.recording?.active === true, 8000);
    await agent1.command('call:hangup', { callId });
    const record = await until(async () => {
      const r = await h.record(callId);
      return r.endedAt && r.recording ? r : null;
    }, 8000, 'the outbound record with its recording');
    expect(record).toMatchObject({ direction: 'outbound', outcome: 'answered' });
  }, 30_000);

  it('MixMonitor over AMI (RECORDING_MODE=ami\'s action) answers Permission denied to this user', async () => {
    await agent1.waitSession((s) => s.state === 'ready' || s.state === 'paused' || s.state === 'wrap-up', 8000);
    if (agent1.session?.state !== 'ready') await agent1.command('agent:ready', {});
    const call = h.sim.placeCall({ from: '13800138001', to: '96607' });
    await agent1.waitPop((p) => p.callId === call.linkedid);
    await agent1.command('call:answer', { callId: call.linkedid });
    await agent1.waitUpdate((u) => u.callId === call.linkedid && u.state === 'connected');
    const err = await h.bridge.pbx.startRecording(call.linkedid, 'ami-started.wav').then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(DomainError);
    expect(err).toMatchObject({ code: 'PBX_REJECTED', details: { pbxMessage: 'Permission denied' } });
    h.sim.hangupCaller(call.callId);
    await agent1.waitUpdate((u) => u.callId === call.linkedid && u.state === 'ended');
  }, 30_000);

  it('shuts down', async () => {
    await h?.close();
  }, 30_000);
});

/**
 * asterisk/ without the [dl-record] hooks: a site whose dialplan does not record, for RECORDING_MODE=ami. Queue's
 * gosub argument is emptied in place (the queue position argument after it stays where it is).
 */
function dialplanWithoutRecording(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'dl-asterisk-'));
  for (const f of readdirSync(REPO_ASTERISK).filter((n) => n.endsWith('.conf'))) copyFileSync(path.join(REPO_ASTERISK, f), path.join(dir, f));
  const file = path.join(dir, 'extensions.conf');
  const text = readFileSync(file, 'utf8').replace(/,,dl-record\)/g, ')').replace(/,dl-record,/g, ',,').replace(/U\(dl-record\^\w+\)/g, '');
  const hooks = text.split('\n').filter((l) => !l.trim().startsWith(';') && /dl-record/.test(l) && !l.startsWith('[dl-record]'));
  expect(hooks).toEqual([]);
  writeFileSync(file, text);
  return dir;
}

describeEachDb('RECORDING_MODE=ami with a permissive AMI user', (ctx) => {
  let h: Harness;
  let agent1: Desk;

  it('starts MixMonitor over AMI on the caller\'s leg of an answered call without a recording, links it, pauses it', async () => {
    h = await Harness.start(ctx.db, { env: { RECORDING_MODE: 'ami' }, sim: { amiPrivileges: 'all', configDir: dialplanWithoutRecording() } });
    expect(h.config.pbx.recordingMode).toBe('ami');
    agent1 = await h.seatedDesk('agent1', '8001');
    const call = h.sim.placeCall({ from: '13800138002', to: '96607' });
    await agent1.waitPop((p) => p.callId === call.linkedid);
    await agent1.command('call:answer', { callId: call.linkedid });
    await agent1.waitUpdate((u) => u.callId === call.linkedid && u.recording?.active === true, 8000);
    const rec = [...h.bridge.registry.get(call.linkedid)!.recordings.values()];
    expect(rec).toHaveLength(1);
    expect(rec[0]).toMatchObject({ agentExt: null, active: true, file: path.join(h.config.pbx.recordingsDir, `hotline-${call.linkedid}.wav`) });
    const mark = agent1.updates.length;
    await agent1.command('call:record', { callId: call.linkedid, on: false });
    await agent1.waitUpdate((u) => u.callId === call.linkedid && u.recording?.paused === true, 8000, mark);
    await agent1.command('call:hangup', { callId: call.linkedid });
    const record = await until(async () => {
      const r = await h.record(call.linkedid);
      return r.endedAt && r.recording ? r : null;
    }, 8000, 'the record with the AMI-started recording');
    expect(record.recording).toMatchObject({ format: 'wav' });
    await h.close();
  }, 60_000);
});
