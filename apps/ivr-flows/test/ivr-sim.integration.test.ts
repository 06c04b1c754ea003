/**
 * Integration: the IVR process code (startIvr → ari-client + own wrapper) against the project's simulated
 * Asterisk 22 over real HTTP/WebSocket, with the real domain services on SQLite and MariaDB. The caller is driven
 * through the simulator's control API; the dialplan is the repository's asterisk/extensions.conf.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '@donorline/asterisk-sim';
import { addDays, completeNationalId, createDomainServices, localDateOf, type DomainServices } from '@donorline/domain/node';
import { buildDonor, buildSite, buildSlot, describeEachDb } from '@donorline/domain/testing';
import { DomainBackend } from '../src/backend/domain-backend.js';
import { loadConfig } from '../src/config.js';
import { startIvr, type IvrHandle } from '../src/ivr.js';
import { silentLogger } from '../src/runtime/logger.js';
import { SimDriver } from './support/sim-driver.js';

const today = (): string => localDateOf(new Date());
const at = (day: string, hhmm: string): Date => new Date(`${day}T${hhmm}:00+08:00`);

describeEachDb('IVR on the simulated Asterisk', (db) => {
  let sim: Simulator;
  let ivr: IvrHandle;
  let driver: SimDriver;
  let services: DomainServices;
  let recordingsDir: string;
  const ariUrl = (): string => sim.ariUrl.replace('http://', `http://${sim.username}:${sim.secret}@`);
  const auth = (): Record<string, string> => ({ authorization: `Basic ${Buffer.from(`${sim.username}:${sim.secret}`).toString('base64')}` });

  beforeAll(async () => {
    recordingsDir = mkdtempSync(join(tmpdir(), 'dl-ivr-rec-'));
    sim = await startSimulator({ profile: 'donorline', amiPort: 0, ariPort: 0, timeScale: 0.05, speech: false, recordingsDir });
    services = createDomainServices(db.ds, { pii: 'none', lookupCache: false });
    const backend = new DomainBackend({ services, ariRecordingsDir: join(recordingsDir, 'ari'), sitesCacheMs: 0 });
    // agents on duty: a fixed 10:00 today in Qingdao
    ivr = await startIvr(loadConfig({ ARI_URL: ariUrl() }), { backend, log: silentLogger, clock: () => at(today(), '10:00') });
    driver = await SimDriver.open(sim.ariUrl, sim.username, sim.secret);
  }, 30_000);

  afterAll(async () => {
    driver?.close();
    await ivr?.stop();
    await sim?.stop();
    rmSync(recordingsDir, { recursive: true, force: true });
  });

  it('a simulated call with DTMF books a real appointment row', async () => {
    const site = await buildSite(db.ds, { capabilities: ['whole-blood', 'platelets'] });
    const slot = await buildSlot(db.ds, site.id, { type: 'whole-blood', startsAt: at(addDays(today(), 1), '09:30'), capacity: 3 });
    const nid = completeNationalId('37020219910101234');
    const donor = await buildDonor(db.ds, { phones: ['+8613912340001'], nationalId: nid });

    const call = sim.placeCall({ from: '13912340001', to: '96606' });
    const ch = call.uniqueid;
    const steps: [string, string][] = [['main-menu', '2'], ['id-enter-last4', nid.slice(-4)], ['choose-type', '1'], ['choose-day', '1'], ['choose-slot', '1'], ['you-chose', '1']];
    let from = 0;
    for (const [prompt, keys] of steps) {
      from = driver.events.indexOf(await driver.prompt(ch, prompt, from));
      sim.sendDtmf(call.callId, keys, 60);
    }
    await driver.prompt(ch, 'booking-done', from);
    const rows = await db.ds.query('SELECT slot_id, channel, call_id, status FROM appointment WHERE donor_id = ?', [donor.id]);
    expect(rows).toEqual([{ slot_id: slot.id, channel: 'ivr', call_id: call.linkedid, status: 'booked' }]);
    const sms = await db.ds.query("SELECT template FROM sms_outbox WHERE to_e164 = '+8613912340001'");
    expect(sms).toEqual([{ template: 'appointment-booked' }]);
    sim.hangupCaller(call.callId);
  }, 30_000);

  it('a voice message becomes a message ticket with a playable WAV recording', async () => {
    const call = sim.placeCall({ from: '13912340002', to: '96606', speakMs: 4000 });
    const ch = call.uniqueid;
    let from = driver.events.indexOf(await driver.prompt(ch, 'main-menu'));
    sim.sendDtmf(call.callId, '4');
    from = driver.events.indexOf(await driver.prompt(ch, 'messages-menu', from));
    sim.sendDtmf(call.callId, '1');
    const started = await driver.waitFor((e) => e.type === 'RecordingStarted' && e.channelId === ch, 10_000, from);
    await new Promise((r) => setTimeout(r, 300)); // the caller speaks (simulated time runs 20× faster)
    sim.sendDtmf(call.callId, '#');
    from = driver.events.indexOf(await driver.prompt(ch, 'record-review', from));
    sim.sendDtmf(call.callId, '1');
    await driver.prompt(ch, 'message-saved', from);

    const [vm] = await db.ds.query('SELECT v.recording_path, v.duration_seconds, t.kind, t.call_id FROM voice_message v JOIN ticket t ON t.id = v.ticket_id WHERE v.call_id = ?', [call.linkedid]);
    expect(vm).toMatchObject({ kind: 'message', call_id: call.linkedid, recording_path: join(recordingsDir, 'ari', `${started.recording}.wav`) });
    expect(existsSync(vm.recording_path)).toBe(true);
    const wav = readFileSync(vm.recording_path);
    expect(wav.toString('ascii', 0, 4)).toBe('RIFF');
    expect(wav.readUInt32LE(24)).toBe(8000);
    expect(wav.length).toBeGreaterThan(44 + 8000); // more than half a second of audio
    const stored = await fetch(`${sim.ariUrl}/ari/recordings/stored/${started.recording}`, { headers: auth() });
    expect(stored.status).toBe(200);
  }, 30_000);

  it('a staff reply (8 kHz WAV under the replies directory, stored by absolute path) plays to the donor, then counts as heard', async () => {
    const nid = completeNationalId('37020219900303123');
    const donor = await buildDonor(db.ds, { phones: ['+8613912340004'], nationalId: nid });
    const vm = await services.voiceMessages.create({ callId: 'vm-reply-src', recordingPath: join(recordingsDir, 'ari', 'vm-src.wav'), durationSeconds: 3, caller: '13912340004', donorId: donor.id });
    // what the bridge's voice-replies room writes (sox to 8 kHz 16-bit mono) and stores: the PBX's absolute path
    const replies = join(recordingsDir, 'ari', 'replies');
    mkdirSync(replies, { recursive: true });
    const reply = join(replies, `vm-${vm.id}-reply.wav`);
    execFileSync('sox', ['-n', '-r', '8000', '-c', '1', '-b', '16', reply, 'synth', '1.2', 'sine', '500']);
    await services.voiceMessages.reply(vm.id, reply, null);

    const call = sim.placeCall({ from: '13912340004', to: '96606' });
    const ch = call.uniqueid;
    let from = driver.events.indexOf(await driver.prompt(ch, 'main-menu'));
    sim.sendDtmf(call.callId, '4');
    from = driver.events.indexOf(await driver.prompt(ch, 'messages-menu', from));
    sim.sendDtmf(call.callId, '2');
    from = driver.events.indexOf(await driver.prompt(ch, 'id-enter-last4', from));
    sim.sendDtmf(call.callId, nid.slice(-4), 60);
    const media = `sound:${reply.replace(/\.wav$/, '')}`;
    const done = await driver.waitFor((e) => e.type === 'PlaybackFinished' && e.channelId === ch && e.media === media, 10_000, from);
    expect((done.raw.playback as { state?: string }).state).toBe('done'); // the simulator found and played the file
    await driver.prompt(ch, 'replies-end', from);
    expect((await services.voiceMessages.get(vm.id)).replyHeardAt).not.toBeNull();
    sim.hangupCaller(call.callId);
  }, 30_000);

  it('the IVR’s findings are on the caller channel when it reaches the queue', async () => {
    const nid = completeNationalId('37020219880808123');
    const donor = await buildDonor(db.ds, { phones: ['+8613912340003'], nationalId: nid });
    const call = sim.placeCall({ from: '13912340003', to: '96606' });
    const ch = call.uniqueid;
    let from = driver.events.indexOf(await driver.prompt(ch, 'main-menu'));
    sim.sendDtmf(call.callId, '1');
    from = driver.events.indexOf(await driver.prompt(ch, 'id-enter-last4', from));
    sim.sendDtmf(call.callId, nid.slice(-4), 60);
    from = driver.events.indexOf(await driver.prompt(ch, 'offer-booking', from));
    sim.sendDtmf(call.callId, '*');
    from = driver.events.indexOf(await driver.prompt(ch, 'main-menu', from));
    sim.sendDtmf(call.callId, '0');
    await driver.prompt(ch, 'to-agent', from);
    for (let i = 0; i < 200 && sim.getCall(call.callId)?.context !== 'dl-queue'; i++) await new Promise((r) => setTimeout(r, 25)); // StasisEnd goes to the IVR's app only
    const get = async (v: string): Promise<string | null> => {
      const r = await fetch(`${sim.ariUrl}/ari/channels/${ch}/variable?variable=${v}`, { headers: auth() });
      return r.status === 200 ? ((await r.json()) as { value: string }).value : null;
    };
    expect(await get('DL_DONOR_ID')).toBe(String(donor.id));
    expect(await get('DL_VERIFIED')).toBe('1');
    expect(await get('DL_VERIFIED_BY')).toBe('id-last4');
    expect(await get('DL_TOPIC')).toBe('eligibility');
    expect(await get('DL_IVR_PATH')).toBe('welcome>menu:1>my-donations>identity>identity:ok>menu:0>agent');
    expect(await get('DL_PRIORITY')).toBe('0');
    expect(sim.getCall(call.callId)).toMatchObject({ context: 'dl-queue', exten: 'hotline' });
    expect(ivr.dispatcher.liveCalls).toBe(0); // nothing left in Stasis
    sim.hangupCaller(call.callId);
  }, 30_000);
});
