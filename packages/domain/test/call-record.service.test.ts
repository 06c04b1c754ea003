import { beforeAll, expect, it } from 'vitest';
import { createDomainServices, DEMO_PII_KEYS, type DomainServices } from '../src/node.js';
import { buildDonor, buildUser, describeEachDb } from '../src/testing/index.js';

const t = (s: string): Date => new Date(`2026-11-22T${s}Z`);

describeEachDb('CallRecordService', (ctx) => {
  let svc: DomainServices;
  beforeAll(() => {
    svc = createDomainServices(ctx.ds, { pii: DEMO_PII_KEYS, clock: () => t('10:00:00') });
  });

  it('upsert is idempotent: the same events twice give one record with the same values', async () => {
    const events = [
      { startedAt: t('01:00:00'), caller: '138 0013 8000', dialed: '96606', ivrPath: ['welcome', 'menu:2'] },
      { queuedAt: t('01:00:30'), queue: 'hotline', ivrPath: ['welcome', 'menu:2', 'booking', 'agent'], ivrVerified: true },
      { answeredAt: t('01:00:45'), agentExtension: '8901', waitSeconds: 15 },
      { endedAt: t('01:03:45'), talkSeconds: 180, outcome: 'answered' as const, hangupBy: 'caller' as const, hangupCause: '16' },
    ];
    await buildUser(ctx.ds, { extension: '8901', displayName: '坐席8901' });
    for (const e of events) await svc.calls.upsert('lk-idem', e);
    const once = await svc.calls.getByLinkedid('lk-idem');
    for (const e of events) await svc.calls.upsert('lk-idem', e);
    const twice = await svc.calls.getByLinkedid('lk-idem');
    expect(twice).toEqual(once);
    expect(once).toMatchObject({
      callerMasked: '138****8000', dialed: '96606', queue: 'hotline', startedAt: t('01:00:00').toISOString(), queuedAt: t('01:00:30').toISOString(),
      answeredAt: t('01:00:45').toISOString(), endedAt: t('01:03:45').toISOString(), waitSeconds: 15, talkSeconds: 180, outcome: 'answered',
      hangupBy: 'caller', ivrPath: ['welcome', 'menu:2', 'booking', 'agent'], ivrVerified: true, agent: { displayName: '坐席8901', extension: '8901' },
    });
    const [{ n }] = (await ctx.ds.query("SELECT COUNT(*) AS n FROM call_record WHERE linkedid = 'lk-idem'")) as [{ n: number }];
    expect(Number(n)).toBe(1);
  });

  it('out-of-order and late events never move timestamps backwards nor reopen an ended call', async () => {
    // the hangup arrives first (e.g. replayed after a reconnect), then the older events
    await svc.calls.upsert('lk-ooo', { endedAt: t('02:05:00'), outcome: 'answered', talkSeconds: 120 });
    await svc.calls.upsert('lk-ooo', { startedAt: t('02:00:00'), caller: '+8613900001111' });
    await svc.calls.upsert('lk-ooo', { answeredAt: t('02:03:00'), waitSeconds: 30 });
    // a late duplicate answer and a stale hangup with a later time change nothing
    await svc.calls.upsert('lk-ooo', { answeredAt: t('02:04:00'), talkSeconds: 60 });
    await svc.calls.upsert('lk-ooo', { endedAt: t('02:09:00') });
    // an event after the end must not set queued/answered
    await svc.calls.upsert('lk-ooo', { queuedAt: t('02:10:00') });
    const c = await svc.calls.getByLinkedid('lk-ooo');
    expect(c).toMatchObject({
      startedAt: t('02:00:00').toISOString(), answeredAt: t('02:03:00').toISOString(), endedAt: t('02:05:00').toISOString(),
      queuedAt: null, talkSeconds: 120, waitSeconds: 30, outcome: 'answered', callerMasked: '139****1111',
    });
    expect((await svc.calls.findOpen()).map((x) => x.callId)).not.toContain('lk-ooo');
  });

  it('parallel upserts of one call never create duplicates', async () => {
    await Promise.all(Array.from({ length: 20 }, (_, i) => svc.calls.upsert('lk-par', { startedAt: t(`03:00:${String(i).padStart(2, '0')}`), holdSeconds: i })));
    const c = await svc.calls.getByLinkedid('lk-par');
    expect(c.startedAt).toBe(t('03:00:00').toISOString());
    expect(c.holdSeconds).toBe(19);
  });

  it('findOpen / closeOrphans end calls Asterisk no longer knows', async () => {
    await svc.calls.upsert('lk-alive', { startedAt: t('04:00:00') });
    await svc.calls.upsert('lk-gone', { startedAt: t('04:00:00'), queuedAt: t('04:00:10') });
    const open = (await svc.calls.findOpen()).map((c) => c.callId);
    expect(open).toEqual(expect.arrayContaining(['lk-alive', 'lk-gone']));
    const closed = await svc.calls.closeOrphans(['lk-alive'], t('04:10:00'));
    expect(closed).toContain('lk-gone');
    expect(closed).not.toContain('lk-alive');
    expect(await svc.calls.getByLinkedid('lk-gone')).toMatchObject({ endedAt: t('04:10:00').toISOString(), outcome: 'abandoned', hangupCause: 'orphaned', waitSeconds: 590 });
    expect((await svc.calls.getByLinkedid('lk-alive')).endedAt).toBeNull();
  });

  it('disposition writes the call, one contact record and a follow-up ticket atomically; list filters work', async () => {
    const agent = await buildUser(ctx.ds, { extension: '8902' });
    const d = await buildDonor(ctx.ds, { phones: ['13722223333'] });
    await svc.calls.upsert('lk-dispo', { startedAt: t('05:00:00'), caller: '13722223333', agentId: agent.id, queue: 'complaints', answeredAt: t('05:00:20'), endedAt: t('05:02:20'), talkSeconds: 120 });
    await svc.calls.attachRecording('lk-dispo', { filePath: '/var/spool/asterisk/monitor/lk-dispo.wav', durationSeconds: 140, sizeBytes: 2_240_044 });
    await expect(svc.calls.setDisposition('lk-dispo', { disposition: 'complaint', followUp: { kind: 'complaint', subject: '' } }, agent.id)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    const c = await svc.calls.setDisposition('lk-dispo', { disposition: 'complaint', notes: '抱怨等候时间长', donorId: d.id, followUp: { kind: 'complaint', subject: '等候时间过长' } }, agent.id);
    expect(c).toMatchObject({ disposition: 'complaint', notes: '抱怨等候时间长', donor: { id: d.id }, recording: { durationSeconds: 140, format: 'wav' } });
    await svc.calls.setDisposition('lk-dispo', { disposition: 'complaint', notes: '抱怨等候时间长（补充）' }, agent.id);
    const contacts = (await ctx.ds.query("SELECT notes FROM contact_record WHERE call_id = 'lk-dispo'")) as { notes: string }[];
    expect(contacts).toEqual([{ notes: '抱怨等候时间长（补充）' }]);
    expect(await svc.tickets.openComplaints(d.id)).toBe(1);
    const byPhone = await svc.calls.list({ phone: '137-2222-3333' });
    expect(byPhone.items.map((x) => x.callId)).toEqual(['lk-dispo']);
    expect((await svc.calls.list({ agentId: agent.id, disposition: 'complaint', minDuration: 100, maxDuration: 130 })).total).toBe(1);
    expect((await svc.calls.list({ agentId: agent.id, minDuration: 121 })).total).toBe(0);
    const recs = await svc.recordings.list({ phone: '13722223333' }, { id: agent.id, role: 'agent' });
    expect(recs.items).toHaveLength(1);
    const other = await buildUser(ctx.ds);
    await expect(svc.recordings.get(recs.items[0]!.id, { id: other.id, role: 'agent' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const qa = await buildUser(ctx.ds, { role: 'quality' });
    const play = await svc.recordings.openForPlayback(recs.items[0]!.id, { id: qa.id, role: 'quality' }, '127.0.0.1');
    expect(play.filePath).toBe('/var/spool/asterisk/monitor/lk-dispo.wav');
    expect((await svc.audit.list({ actorId: qa.id, action: 'recording.play' })).total).toBe(1);
  });
});
