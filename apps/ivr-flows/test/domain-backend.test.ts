/**
 * The IVR's backend over the real domain services, on SQLite and MariaDB: lookup, identity, eligibility,
 * booking (row + SMS outbox), cancel/move, voice messages as tickets, replies, QA PIN and audited playback,
 * surveys with callback tickets — and a whole scripted call through the flows that books a real row.
 */
import { expect, it } from 'vitest';
import {
  addDays,
  completeNationalId,
  createDomainServices,
  DEFAULT_ROUTING_RULES,
  localDateOf,
  type DomainServices,
} from '@donorline/domain/node';
import { buildDeferral, buildDonation, buildDonor, buildSite, buildSlot, buildUser, describeEachDb } from '@donorline/domain/testing';
import { DomainBackend } from '../src/backend/domain-backend.js';
import { createFlows } from '../src/flows/index.js';
import { DEFAULT_SERVICE_HOURS } from '../src/flows/service-hours.js';
import { startCall } from '../src/runtime/call-runner.js';
import { silentLogger } from '../src/runtime/logger.js';
import { FakeChannel, type ScriptStep } from '../src/runtime/testing/fake-channel.js';

/** A valid 18-character ID whose check character is X. */
function idEndingInX(): string {
  for (let n = 0; ; n++) {
    const id = completeNationalId(`3702021990030${String(5000 + n).padStart(4, '0')}`);
    if (id.endsWith('X')) return id;
  }
}

const today = (): string => localDateOf(new Date());
const at = (day: string, hhmm: string): Date => new Date(`${day}T${hhmm}:00+08:00`);

describeEachDb('DomainBackend', (db) => {
  let services: DomainServices;
  let backend: DomainBackend;
  const run = String(Date.now() % 1e6).padStart(6, '0');
  const mobile = (n: number): string => `+86139${run}${String(n).padStart(2, '0')}`;

  const setup = async (): Promise<void> => {
    services ??= createDomainServices(db.ds, { pii: 'none', lookupCache: false });
    backend ??= new DomainBackend({ services, ariRecordingsDir: '/var/spool/asterisk/recording', sitesCacheMs: 0 });
  };

  it('finds every donor on a shared number and tells them apart by the last four (X as * or 0) or the birth date', async () => {
    await setup();
    const phone = mobile(1);
    const a = await buildDonor(db.ds, { phones: [phone], nationalId: idEndingInX() });
    const b = await buildDonor(db.ds, { phones: [phone], nationalId: completeNationalId('37020219850720123'), birthDate: '1985-07-20' });
    const ids = await backend.findDonorIdsByPhone(phone.replace('+86', ''));
    expect(ids.sort()).toEqual([a.id, b.id].sort());
    const last4 = a.nationalIdLast4!;
    expect(last4).toMatch(/^\d{3}X$/);
    expect(await backend.verifyIdentity(ids, { kind: 'id-last4', value: last4.slice(0, 3) + '*' })).toEqual([a.id]);
    expect(await backend.verifyIdentity(ids, { kind: 'id-last4', value: last4.slice(0, 3) + '0' })).toEqual([a.id]);
    expect(await backend.verifyIdentity(ids, { kind: 'id-last4', value: '0000' })).toEqual([]);
    expect(await backend.verifyIdentity(ids, { kind: 'birth-date', value: '1985-07-20' })).toEqual([b.id]);
    expect(await backend.findDonorIdsByPhone('13000000000')).toEqual([]);
  });

  it('reads the recording notice from the center settings an admin changes (on by default, off after the change)', async () => {
    await setup();
    const before = await services.center.get();
    expect(await backend.recordingNotice()).toBe(before.recordingNotice);
    await services.center.update({ recordingNotice: !before.recordingNotice }, null);
    expect(await backend.recordingNotice()).toBe(!before.recordingNotice);
    await services.center.update({ recordingNotice: before.recordingNotice }, null);
  });

  it('briefs a donor: last donation, count, per-type eligibility, deferral, account manager', async () => {
    await setup();
    const am = await buildUser(db.ds, { extension: '8001' });
    const d = await buildDonor(db.ds, { accountManagerId: am.id });
    const recent = addDays(today(), -7);
    await buildDonation(db.ds, d.id, { type: 'platelets', date: recent, units: 1 });
    await buildDonation(db.ds, d.id, { type: 'whole-blood', date: '2025-01-15' });
    const brief = await backend.donorBrief(d.id, today());
    expect(brief).toMatchObject({ id: d.id, donationCount: 2, lastDonation: { type: 'platelets', date: recent }, accountManagerId: am.id, activeDeferral: null });
    expect(brief.eligibility.platelets.eligibleFrom).toBe(addDays(recent, 14));
    expect(brief.eligibility.platelets.eligibleNow).toBe(false);

    const deferred = await buildDonor(db.ds);
    await buildDeferral(db.ds, deferred.id, { fromDate: today(), until: addDays(today(), 30), reason: '感冒' });
    expect((await backend.donorBrief(deferred.id, today())).activeDeferral).toEqual({ until: addDays(today(), 30), reason: '感冒' });
  });

  it('reads an agent\'s seat from the state log the bridge keeps: signed in where, ready or not, signed out', async () => {
    await setup();
    const am = await buildUser(db.ds, { extension: '8001' });
    expect(await backend.agentSeat(am.id)).toEqual({ ext: null, state: 'logged-out' });
    const log = (state: string, reason: string | null = null): Promise<void> => services.reports.recordAgentState({ userId: am.id, ext: '8017', state, reason, callId: null, at: new Date() });
    await log('ready');
    expect(await backend.agentSeat(am.id)).toEqual({ ext: '8017', state: 'ready' }); // the seat signed in at, not the profile's
    await log('paused', 'meal');
    expect(await backend.agentSeat(am.id)).toEqual({ ext: '8017', state: 'paused' });
    await log('on-call');
    expect(await backend.agentSeat(am.id)).toEqual({ ext: '8017', state: 'on-call' });
    await log('logged-out');
    expect(await backend.agentSeat(am.id)).toEqual({ ext: null, state: 'logged-out' });
  });

  it('offers days with room and books through the service (row + SMS), then moves and cancels only the donor’s own booking', async () => {
    await setup();
    const site = await buildSite(db.ds, { capabilities: ['whole-blood'] });
    const d1 = addDays(today(), 2);
    const d2 = addDays(today(), 3);
    const s1 = await buildSlot(db.ds, site.id, { type: 'whole-blood', startsAt: at(d1, '09:00'), capacity: 1 });
    const s2 = await buildSlot(db.ds, site.id, { type: 'whole-blood', startsAt: at(d2, '14:30'), capacity: 3 });
    const donor = await buildDonor(db.ds, { phones: [mobile(3)] });
    const other = await buildDonor(db.ds);

    const days = await backend.availableDays(site.id, 'whole-blood', addDays(today(), 1), 7);
    expect(days).toEqual([
      { date: d1, slots: [{ id: s1.id, time: '09:00', available: 1 }] },
      { date: d2, slots: [{ id: s2.id, time: '14:30', available: 3 }] },
    ]);
    expect((await backend.sites('whole-blood')).map((s) => s.code)).toContain(site.code);
    expect((await backend.sites('platelets')).map((s) => s.code)).not.toContain(site.code);

    const appt = await backend.book({ donorId: donor.id, slotId: s1.id, type: 'whole-blood', callId: 'ivr-test-1' });
    expect(appt).toMatchObject({ siteCode: site.code, date: d1, time: '09:00', type: 'whole-blood' });
    const [row] = await db.ds.query('SELECT donor_id, channel, call_id, status FROM appointment WHERE id = ?', [appt.id]);
    expect(row).toMatchObject({ donor_id: donor.id, channel: 'ivr', call_id: 'ivr-test-1', status: 'booked' });
    const sms = await db.ds.query('SELECT template FROM sms_outbox WHERE to_e164 = ?', [mobile(3)]);
    expect(sms.map((r: { template: string }) => r.template)).toContain('appointment-booked');
    await expect(backend.book({ donorId: other.id, slotId: s1.id, type: 'whole-blood', callId: 'x' })).rejects.toMatchObject({ code: 'SLOT_FULL' });

    expect((await backend.donorBrief(donor.id, today())).upcoming.map((u) => u.id)).toEqual([appt.id]);
    await expect(backend.cancel({ donorId: other.id, appointmentId: appt.id, callId: 'x' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const moved = await backend.reschedule({ donorId: donor.id, appointmentId: appt.id, slotId: s2.id, callId: 'ivr-test-1' });
    expect(moved).toMatchObject({ date: d2, time: '14:30' });
    await backend.cancel({ donorId: donor.id, appointmentId: moved.id, callId: 'ivr-test-1' });
    expect((await backend.donorBrief(donor.id, today())).upcoming).toEqual([]);
  });

  it('a voice message becomes a message ticket with the recording path; staff replies are heard once', async () => {
    await setup();
    const donor = await buildDonor(db.ds);
    const { ticketId } = await backend.leaveMessage({ donorId: donor.id, callerNumber: '13912345678', recordingName: 'dl-msg-abc-1', durationSeconds: 12, callId: 'ivr-msg-1', kind: 'message' });
    const [t] = await db.ds.query('SELECT kind, donor_id, call_id FROM ticket WHERE id = ?', [ticketId]);
    expect(t).toMatchObject({ kind: 'message', donor_id: donor.id, call_id: 'ivr-msg-1' });
    const vm = await services.voiceMessages.byTicket(ticketId);
    expect(vm).toMatchObject({ recordingPath: '/var/spool/asterisk/recording/dl-msg-abc-1.wav', durationSeconds: 12 });

    await services.voiceMessages.reply(vm!.id, '/var/spool/asterisk/recording/reply-1.wav', null);
    expect(await backend.pendingReplies(donor.id)).toEqual([{ id: vm!.id, play: { file: '/var/spool/asterisk/recording/reply-1.wav' } }]);
    await backend.markReplyHeard(vm!.id);
    expect(await backend.pendingReplies(donor.id)).toEqual([]);
  });

  it('an after-hours complaint left as a voice message (5 → message) opens a complaint ticket: proactive contact is blocked', async () => {
    await setup();
    const phone = mobile(8);
    const id = completeNationalId('37020219880412123');
    const donor = await buildDonor(db.ds, { phones: [phone], nationalId: id });
    const deps = { backend, hours: DEFAULT_SERVICE_HOURS, routing: DEFAULT_ROUTING_RULES, survey: false, bookingWindowDays: 7, log: silentLogger };
    // 4 → 2 (hear replies: identifies the caller) → * back to the menu → 5 complaints → after hours: a message
    const script: ScriptStep[] = ['silence', '4', '2', id.slice(-4), '*', '5', { record: { seconds: 9 } }, '1'];
    const channel = new FakeChannel(script, { caller: { number: phone } });
    await startCall(channel, ['inbound', '96606'], { ...createFlows(deps), log: silentLogger, context: { clock: () => at(today(), '22:30') } }).done;
    expect(channel.prompts.slice(-6)).toEqual(['main-menu-after-hours', 'agent-after-hours', 'record-instructions', 'record-review', 'message-saved', 'goodbye']);
    expect(channel.events.at(-1)).toEqual({ kind: 'hangup', by: 'ivr' });
    expect(channel.continuedTo).toBeNull();
    const tickets = await db.ds.query('SELECT id, kind, status FROM ticket WHERE donor_id = ?', [donor.id]);
    expect(tickets).toMatchObject([{ kind: 'complaint', status: 'new' }]);
    const vm = await services.voiceMessages.byTicket(Number(tickets[0].id));
    expect(vm).toMatchObject({ donorId: donor.id, durationSeconds: 9 });
    expect(vm!.recordingPath).toMatch(/^\/var\/spool\/asterisk\/recording\/.+\.wav$/);
    expect(await services.tickets.openComplaints(donor.id)).toBe(1);
    expect((await services.contactPolicy.decide(donor.id, 'recruitment', 'voice', at(today(), '10:00'))).reasons).toContain('open-complaint');

    // the port passes the kind through as given
    const other = await buildDonor(db.ds);
    const { ticketId } = await backend.leaveMessage({ donorId: other.id, callerNumber: '', recordingName: 'dl-msg-s-1', durationSeconds: 4, callId: 'ivr-msg-2', kind: 'suggestion' });
    expect((await services.tickets.get(ticketId)).kind).toBe('suggestion');
    expect(await services.tickets.openComplaints(other.id)).toBe(0);
  });

  it('quality dial-in: 工号 + PIN (≥ 6 digits, hashed), roles enforced, lock-out across calls with an alert, recordings by reference only', async () => {
    await setup();
    const no = `Q${run}`;
    const qa = await services.users.create({ username: `qa${run}`, displayName: '质检 测试', password: 'secret-pass', role: 'quality', employeeNo: no });
    const agent = await services.users.create({ username: `ag${run}`, displayName: '坐席 测试', password: 'secret-pass', role: 'agent', employeeNo: `A${run}` });
    await expect(services.staff.setIvrPin(qa.id, '2468', null)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(services.staff.setIvrPin(agent.id, '730518', null)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' }); // agents replay nobody's calls by phone
    await services.staff.setIvrPin(qa.id, '730518', null);
    expect(await backend.staffLogin(no.toLowerCase(), '730518', 'ivr-a')).toEqual({ ok: true, userId: qa.id });
    expect(await backend.staffLogin(String(qa.id), '730518', 'ivr-a')).toEqual({ ok: false, locked: false }); // the user id is not a staff number
    // four wrong PINs over several calls, the fifth locks: the right PIN no longer helps
    for (const c of ['ivr-b', 'ivr-b', 'ivr-c', 'ivr-d']) expect(await backend.staffLogin(no, '111222', c)).toEqual({ ok: false, locked: false });
    expect(await backend.staffLogin(no, '111222', 'ivr-e')).toEqual({ ok: false, locked: true });
    expect(await backend.staffLogin(no, '730518', 'ivr-f')).toEqual({ ok: false, locked: true });
    const alert = await services.audit.list({ action: 'ivr.pin-lockout', subjectId: String(qa.id) });
    expect(alert.items[0]?.detail).toMatchObject({ failures: 5, callId: 'ivr-e' });
    await services.staff.setIvrPin(qa.id, '604172', null);
    expect(await backend.staffLogin(no, '604172', 'ivr-g')).toEqual({ ok: true, userId: qa.id });

    const linkedid = `1795376041.${Date.now() % 100000}`;
    const call = await services.calls.upsert(linkedid, { direction: 'inbound', caller: '13912345678', startedAt: new Date() });
    await services.calls.attachRecording(linkedid, { filePath: `/var/spool/asterisk/monitor/${linkedid}.wav`, durationSeconds: 30 });
    const listed = await services.recordings.list({ phone: '13912345678' });
    const ref = listed.items.find((r) => r.callId === linkedid)!.refCode!;
    expect(ref).toMatch(/^[1-9]\d{9}$/);
    expect(await backend.recordingByRef(ref, qa.id)).toEqual({ play: { file: `/var/spool/asterisk/monitor/${linkedid}.wav` } });
    // the sequential ids and the linkedid open nothing
    const recId = listed.items.find((r) => r.callId === linkedid)!.id;
    for (const guess of [String(call.id), String(recId), linkedid.replace('.', '*'), String(recId).padStart(10, '0')]) expect(await backend.recordingByRef(guess, qa.id)).toBeNull();
    expect(await backend.recordingByRef(ref, agent.id)).toBeNull();
    const audit = await db.ds.query("SELECT action FROM audit_log WHERE actor_id = ? AND action = 'recording.play'", [qa.id]);
    expect(audit).toHaveLength(1);
  });

  it('tells how many callers wait in a queue and the recent average wait, from the bridge’s call records', async () => {
    await setup();
    const q = `q${Date.now() % 100000}`;
    expect(await backend.queueOutlook(q)).toEqual({ ahead: 0, expectedWaitSecs: null });
    const now = Date.now();
    await services.calls.upsert(`w1.${q}`, { direction: 'inbound', caller: '13912345671', queue: q, startedAt: new Date(now - 60_000), queuedAt: new Date(now - 50_000) });
    await services.calls.upsert(`w2.${q}`, { direction: 'inbound', caller: '13912345672', queue: q, startedAt: new Date(now - 30_000), queuedAt: new Date(now - 20_000) });
    await services.calls.upsert(`a1.${q}`, { direction: 'inbound', caller: '13912345673', queue: q, startedAt: new Date(now - 600_000), queuedAt: new Date(now - 590_000), answeredAt: new Date(now - 500_000) });
    const o = await backend.queueOutlook(q);
    expect(o?.ahead).toBe(2);
    expect(o?.expectedWaitSecs).toBe(90);
  });

  it('a low survey score opens a callback ticket; a good one does not', async () => {
    await setup();
    const donor = await buildDonor(db.ds);
    expect(await backend.recordSurvey({ callId: 'svy-1', donorId: donor.id, callerNumber: '', score: 5 })).toEqual({ callbackTicketId: null });
    const low = await backend.recordSurvey({ callId: 'svy-2', donorId: donor.id, callerNumber: '', score: 1 });
    expect(low.callbackTicketId).toBeGreaterThan(0);
    const [t] = await db.ds.query('SELECT kind, donor_id FROM ticket WHERE id = ?', [low.callbackTicketId]);
    expect(t).toMatchObject({ kind: 'callback', donor_id: donor.id });
  });

  it('a scripted call through the flows books a real appointment row', async () => {
    await setup();
    const site = await buildSite(db.ds, { capabilities: ['whole-blood', 'platelets'] });
    const day = addDays(today(), 1);
    const slot = await buildSlot(db.ds, site.id, { type: 'whole-blood', startsAt: at(day, '10:00'), capacity: 2 });
    const phone = mobile(7);
    const id = completeNationalId('37020219900305123');
    const donor = await buildDonor(db.ds, { phones: [phone], nationalId: id });
    const deps = { backend, hours: DEFAULT_SERVICE_HOURS, routing: DEFAULT_ROUTING_RULES, survey: false, bookingWindowDays: 7, log: silentLogger };
    // choose the site by its position among the sites that collect whole blood
    const sites = await backend.sites('whole-blood');
    const pos = sites.findIndex((s) => s.id === site.id);
    const siteKeys: ScriptStep[] = sites.length === 1 ? [] : [...Array<string>(Math.floor(pos / 3)).fill('9'), String((pos % 3) + 1)];
    const days = await backend.availableDays(site.id, 'whole-blood', addDays(today(), 1), 7);
    const dayPos = days.findIndex((d) => d.date === day);
    const slotPos = days[dayPos]!.slots.findIndex((s) => s.id === slot.id);
    const script: ScriptStep[] = ['silence', '2', id.slice(-4), '1', ...siteKeys, String(dayPos + 1), String(slotPos + 1), '1', 'hangup'];
    const channel = new FakeChannel(script, { caller: { number: phone } });
    const done = await startCall(channel, ['inbound', '96606'], { ...createFlows(deps), log: silentLogger, context: { clock: () => at(today(), '10:00') } }).done;
    expect(done).toBe('caller-hangup');
    expect(channel.prompts).toContain('booking-done');
    const rows = await db.ds.query("SELECT slot_id, channel, status FROM appointment WHERE donor_id = ? AND status = 'booked'", [donor.id]);
    expect(rows).toEqual([{ slot_id: slot.id, channel: 'ivr', status: 'booked' }]);
  });
});
