import { beforeAll, expect, it } from 'vitest';
import { createDomainServices, DEMO_PII_KEYS, GB18467_2011, LogSmsProvider, voiceMessageKind, type DomainServices } from '../src/node.js';
import { buildDonation, buildDonor, buildSite, buildSlot, buildUser, describeEachDb } from '../src/testing/index.js';

let clockNow = new Date('2026-11-22T02:00:00Z');

describeEachDb('other services', (ctx) => {
  let svc: DomainServices;
  beforeAll(() => {
    svc = createDomainServices(ctx.ds, { pii: DEMO_PII_KEYS, clock: () => clockNow });
  });

  it('rule sets: the default is stored on first use; a new version is validated, activated and used for booking', async () => {
    const active = await svc.ruleSets.active();
    expect(active).toMatchObject({ id: 'GB18467', version: 2011 });
    await expect(svc.ruleSets.publish({ ...GB18467_2011, version: 2030, age: { min: 10, maxFirstTime: 55, maxRepeat: 60 } }, null)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(svc.ruleSets.publish({ ...GB18467_2011, version: 2011 }, null)).rejects.toMatchObject({ code: 'CONFLICT' });
    // a stricter platelet interval (28 days) as version 2030
    const strict = { ...GB18467_2011, version: 2030, intervals: { ...GB18467_2011.intervals, platelets: { 'whole-blood': { days: 28 }, platelets: { days: 28 }, plasma: { days: 28 } } } };
    await svc.ruleSets.publish(strict, null);
    const fresh = createDomainServices(ctx.ds, { pii: DEMO_PII_KEYS, clock: () => clockNow });
    expect((await fresh.ruleSets.active()).version).toBe(2030);
    const d = await buildDonor(ctx.ds);
    await buildDonation(ctx.ds, d.id, { type: 'platelets', date: '2026-11-10' });
    const site = await buildSite(ctx.ds);
    const slot = await buildSlot(ctx.ds, site.id, { type: 'platelets', startsAt: new Date('2026-11-30T01:00:00Z') });
    await expect(fresh.appointments.book({ donorId: d.id, slotId: slot.id, type: 'platelets', channel: 'agent' })).rejects.toMatchObject({ code: 'NOT_ELIGIBLE', details: { eligibleFrom: '2026-12-08' } });
    expect((await fresh.donors.summary(d.id, '2026-11-22')).eligibility.platelets.eligibleFrom).toBe('2026-12-08');
    expect((await fresh.ruleSets.list()).map((r) => [r.version, r.standing])).toEqual([[2011, 'superseded'], [2030, 'in-force']]);
  });

  it('rule sets by date: a version with a future effective date is scheduled, takes over on its day, and can be withdrawn only before it', async () => {
    let now = new Date('2026-12-07T04:00:00Z');
    const s = createDomainServices(ctx.ds, { pii: DEMO_PII_KEYS, clock: () => now });
    const before = await s.ruleSets.active();
    const next = { ...before, version: before.version + 1, standard: 'GB 18467-20XX（示例新版）', effectiveFrom: '2027-03-01', plateletYearlyCap: { count: 20, window: 'rolling-12-months' as const } };
    const published = await s.ruleSets.publish(next, null);
    expect(published).toMatchObject({ version: next.version, standing: 'scheduled', active: false });
    expect((await s.ruleSets.active()).version).toBe(before.version);
    expect((await s.ruleSets.inForceOn('2027-03-01')).version).toBe(next.version);
    expect((await s.ruleSets.inForceOn('2027-02-28')).version).toBe(before.version);
    const audit = await s.audit.list({ action: 'rule-set.publish', subjectId: `GB18467@${next.version}` });
    expect(audit.items[0]!.detail).toMatchObject({ old: { version: before.version }, new: { version: next.version, effectiveFrom: '2027-03-01' }, changes: [{ path: 'plateletYearlyCap.count', old: 24, new: 20 }] });
    await expect(s.ruleSets.withdraw('GB18467', before.version, null)).rejects.toMatchObject({ code: 'CONFLICT' });
    now = new Date('2027-03-01T01:00:00Z');
    const later = createDomainServices(ctx.ds, { pii: DEMO_PII_KEYS, clock: () => now });
    expect((await later.ruleSets.active()).version).toBe(next.version);
    now = new Date('2026-12-07T04:00:00Z');
    await s.ruleSets.withdraw('GB18467', next.version, null);
    expect((await s.ruleSets.inForceOn('2027-06-01')).version).toBe(before.version);
    expect((await s.ruleSets.list()).map((r) => r.version)).not.toContain(next.version);
  });

  it('surveys: a score ≤ 2 opens a callback ticket for the donor of the call; 3+ does not; 0 or 6 is refused', async () => {
    const d = await buildDonor(ctx.ds);
    await svc.calls.upsert('lk-survey', { startedAt: clockNow, donorId: d.id });
    const low = await svc.surveys.record({ channel: 'ivr', score: 2, callId: 'lk-survey' });
    expect(low.callbackTicketId).not.toBeNull();
    const t = await svc.tickets.get(low.callbackTicketId!);
    expect(t).toMatchObject({ kind: 'callback', status: 'new' });
    expect((await svc.tickets.list({ donorId: d.id, kind: 'callback' })).total).toBe(1);
    expect((await svc.surveys.record({ channel: 'sms', score: 3, donorId: d.id })).callbackTicketId).toBeNull();
    await expect(svc.surveys.record({ channel: 'sms', score: 6, donorId: d.id })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect((await svc.donors.view360(d.id)).surveys).toHaveLength(2);
  });

  it('voice messages: a message becomes a ticket; a reply is pending until heard', async () => {
    const staff = await buildUser(ctx.ds);
    const d = await buildDonor(ctx.ds, { phones: ['13566667777'] });
    const vm = await svc.voiceMessages.create({ callId: 'lk-vm', recordingPath: 'messages/lk-vm.wav', durationSeconds: 21.4, caller: '135 6666 7777', donorId: d.id });
    expect(vm).toMatchObject({ callerMasked: '135****7777', durationSeconds: 21 });
    expect(await svc.tickets.get(vm.ticketId!)).toMatchObject({ kind: 'message', status: 'new' });
    expect(await svc.voiceMessages.pendingReplies({ donorId: d.id })).toEqual([]);
    await svc.voiceMessages.reply(vm.id, 'replies/lk-vm-reply.wav', staff.id);
    expect((await svc.tickets.get(vm.ticketId!)).status).toBe('in-progress');
    expect((await svc.voiceMessages.pendingReplies({ caller: '13566667777' })).map((v) => v.id)).toEqual([vm.id]);
    await svc.voiceMessages.markHeard(vm.id);
    expect(await svc.voiceMessages.pendingReplies({ donorId: d.id })).toEqual([]);
    const sms = (await ctx.ds.query("SELECT template FROM sms_outbox WHERE to_e164 = '+8613566667777'")) as { template: string }[];
    expect(sms.map((s) => s.template)).toEqual(['voice-reply']);
  });

  it('voice messages: the caller’s topic chooses the ticket kind — a complaint left as a message blocks proactive contact', async () => {
    const d = await buildDonor(ctx.ds, { phones: ['13566668888'] });
    expect(await svc.tickets.openComplaints(d.id)).toBe(0);
    const complaint = await svc.voiceMessages.create({ callId: 'lk-vm-c', recordingPath: 'messages/lk-vm-c.wav', durationSeconds: 30, caller: '13566668888', donorId: d.id, kind: voiceMessageKind('complaint') });
    expect(await svc.tickets.get(complaint.ticketId!)).toMatchObject({ kind: 'complaint', status: 'new' });
    expect(await svc.tickets.openComplaints(d.id)).toBe(1);
    expect((await svc.contactPolicy.decide(d.id, 'recruitment', 'voice', clockNow)).reasons).toContain('open-complaint');
    expect((await svc.contactPolicy.decide(d.id, 'service', 'voice', clockNow)).reasons).not.toContain('open-complaint');
    // the reply to it works as for any message
    await svc.voiceMessages.reply(complaint.id, 'replies/lk-vm-c-reply.wav', null);
    expect((await svc.voiceMessages.pendingReplies({ donorId: d.id })).map((v) => v.id)).toEqual([complaint.id]);

    const other = await svc.voiceMessages.create({ callId: 'lk-vm-q', recordingPath: 'messages/lk-vm-q.wav', caller: '13566668888', donorId: d.id, kind: voiceMessageKind('consultation') });
    expect((await svc.tickets.get(other.ticketId!)).kind).toBe('message');
    const suggestion = await svc.voiceMessages.create({ callId: 'lk-vm-s', recordingPath: 'messages/lk-vm-s.wav', caller: '13566668888', donorId: d.id, kind: 'suggestion' });
    expect((await svc.tickets.get(suggestion.ticketId!)).kind).toBe('suggestion');
    expect(await svc.tickets.openComplaints(d.id)).toBe(1);
    const before = (await svc.tickets.list({ donorId: d.id })).total;
    await expect(svc.voiceMessages.create({ recordingPath: 'messages/x.wav', kind: 'callback' as never })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect((await svc.tickets.list({ donorId: d.id })).total).toBe(before);
  });

  it('tickets: notes, status changes close them; open complaints count for the contact policy', async () => {
    const d = await buildDonor(ctx.ds);
    const agent = await buildUser(ctx.ds);
    const t = await svc.tickets.create({ donorId: d.id, kind: 'complaint', subject: '护士态度差' }, agent.id);
    expect((await svc.contactPolicy.decide(d.id, 'recruitment', 'voice', clockNow)).reasons).toContain('open-complaint');
    expect((await svc.contactPolicy.decide(d.id, 'service', 'voice', clockNow)).reasons).not.toContain('open-complaint');
    await svc.tickets.update(t.id, { status: 'resolved', note: '已回访致歉' }, agent.id);
    const detail = await svc.tickets.detail(t.id);
    expect(detail).toMatchObject({ status: 'resolved', notes: [{ body: '已回访致歉', author: { id: agent.id } }] });
    expect(await svc.tickets.openComplaints(d.id)).toBe(0);
    await expect(svc.tickets.create({ kind: 'complaint', subject: '' }, null)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('campaign attempts: 5 failures in 12 months suppress the donor; further attempts are refused', async () => {
    const d = await buildDonor(ctx.ds);
    const campaign = await svc.campaigns.create({ name: '测试招募', purpose: 'recruitment', startsOn: '2026-11-01' }, null);
    expect(await svc.campaigns.addTargets(campaign, [d.id, d.id])).toBe(1);
    for (let i = 0; i < 5; i++) {
      clockNow = new Date(Date.UTC(2026, 5 + i, 10, 3)); // monthly, 11:00 Shanghai
      await svc.campaigns.recordAttempt({ donorId: d.id, campaignId: campaign, channel: 'voice', outcome: 'no-answer' }, null);
    }
    clockNow = new Date('2026-11-12T03:00:00Z');
    await expect(svc.campaigns.recordAttempt({ donorId: d.id, campaignId: campaign, channel: 'sms', outcome: 'sms-sent' }, null)).rejects.toMatchObject({ code: 'CONTACT_BLOCKED' });
    const decision = await svc.contactPolicy.decide(d.id, 'recruitment', 'voice', clockNow);
    expect(decision.suppressedUntil).toBe('2027-04-10');
    expect((await svc.campaigns.attempts(d.id))).toHaveLength(5);
    expect((await svc.campaigns.targets(campaign))[0]).toMatchObject({ donorId: d.id, status: 'contacted' });
    clockNow = new Date('2026-11-22T02:00:00Z');
  });

  it('SMS outbox: drain delivers through the provider and retries failures later', async () => {
    await svc.outbox.notify({ to: '+8613900009999', template: 'care', payload: { name: '测试', text: '生日快乐' } });
    const provider = new LogSmsProvider();
    const r = await svc.outbox.drain(provider, 500);
    expect(r.sent).toBeGreaterThan(0);
    expect(provider.sent.some((m) => m.to === '+8613900009999' && m.body.includes('生日快乐'))).toBe(true);
    await svc.outbox.notify({ to: '+8613900008888', template: 'survey', payload: {} });
    const failing = { send: async (): Promise<string> => { throw new Error('gateway down'); } };
    expect(await svc.outbox.drain(failing)).toEqual({ sent: 0, failed: 1 });
    const [row] = (await ctx.ds.query("SELECT status, attempts, last_error FROM sms_outbox WHERE to_e164 = '+8613900008888'")) as Record<string, unknown>[];
    expect(row).toMatchObject({ status: 'pending', last_error: 'gateway down' });
    expect(Number(row!.attempts)).toBe(1);
    expect(await svc.outbox.drain(provider)).toEqual({ sent: 0, failed: 0 }); // backed off: not due yet
  });

  it('users: create with argon2, verify, refuse duplicates and bad roles; knowledge and phrases', async () => {
    const u = await svc.users.create({ username: 'test.agent', displayName: '测试', password: 'secret1', role: 'agent', extension: '8555' }, null);
    expect(u).toMatchObject({ username: 'test.agent', extension: '8555' });
    expect(await svc.users.verifyPassword('test.agent', 'secret1')).toMatchObject({ id: u.id });
    expect(await svc.users.verifyPassword('test.agent', 'nope')).toBeNull();
    expect(await svc.users.verifyPassword('nobody', 'secret1')).toBeNull();
    expect((await svc.users.findByExtension('8555'))?.id).toBe(u.id);
    await expect(svc.users.create({ username: 'test.agent', displayName: 'x', password: 'secret1', role: 'agent' }, null)).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(svc.users.create({ username: 'x2', displayName: 'x', password: 'secret1', role: 'boss' as never }, null)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    const a = await svc.knowledge.create({ category: 'faq', title: '献血后能运动吗', body: '24小时内避免剧烈运动', tags: ['运动'] }, u.id);
    expect((await svc.knowledge.search('剧烈')).map((x) => x.id)).toContain(a.id);
    expect((await svc.knowledge.update(a.id, { title: '献血后多久能运动' }, u.id)).title).toBe('献血后多久能运动');
    expect((await svc.knowledge.search('100%')).length).toBe(0);
  }, 20_000);
});
