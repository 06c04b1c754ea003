/** Migration 1765100000000: one segment per existing answered call, with its wrap-up, recordings and contact record. */
import { expect, it } from 'vitest';
import { CallSegment1765100000000 } from '../src/db/migrations/1765100000000-call-segment.js';
import { createDomainServices, DEMO_PII_KEYS } from '../src/node.js';
import { buildUser, describeEachDb } from '../src/testing/index.js';

describeEachDb('call_segment migration backfill', (ctx) => {
  it('backfills one segment per answered call; recordings and the contact record name it and its agent', async () => {
    const agent = await buildUser(ctx.ds, { extension: '8931', displayName: '坐席8931' });
    const q = ctx.ds.createQueryRunner();
    const m = new CallSegment1765100000000();
    try {
      await m.down(q); // the schema as it was before segments
      const now = '2026-11-22 02:00:00.000';
      await q.query(`INSERT INTO call_record (linkedid, direction, caller_masked, queue, agent_id, started_at, answered_at, ended_at, wait_seconds, talk_seconds,
        hold_seconds, hangup_by, outcome, ivr_verified, disposition, notes, version, updated_at) VALUES
        ('lk-old-1', 'inbound', '138****8000', 'hotline', ?, ?, ?, ?, 5, 120, 7, 'caller', 'answered', 0, 'booking', '旧小结', 1, ?),
        ('lk-old-2', 'inbound', '138****8001', 'hotline', NULL, ?, NULL, ?, 30, 0, 0, 'caller', 'abandoned', 0, NULL, NULL, 1, ?)`,
      [agent.id, now, '2026-11-22 02:00:05.000', '2026-11-22 02:02:12.000', now, now, '2026-11-22 02:00:30.000', now]);
      const [c] = (await q.query("SELECT id FROM call_record WHERE linkedid = 'lk-old-1'")) as [{ id: number }];
      await q.query("INSERT INTO recording (call_record_id, file_path, format, duration_seconds, started_at, created_at) VALUES (?, '/old/lk-old-1.wav', 'wav', 120, ?, ?)", [c.id, now, now]);
      await q.query("INSERT INTO contact_record (donor_id, call_id, channel, category, notes, outcome, agent_id, at) VALUES (NULL, 'lk-old-1', 'call', 'booking', '旧小结', 'booking', ?, ?)", [agent.id, now]);
      await m.up(q);
    } finally {
      await q.release();
    }
    const calls = createDomainServices(ctx.ds, { pii: DEMO_PII_KEYS }).calls;
    const rec = await calls.getByLinkedid('lk-old-1');
    expect(rec.segments).toHaveLength(1);
    expect(rec.segments[0]).toMatchObject({ agent: { id: agent.id }, ext: '8931', queue: 'hotline', talkSeconds: 120, holdSeconds: 7, endReason: 'caller-hangup', disposition: 'booking', notes: '旧小结' });
    expect(rec.segments[0]!.recordingIds).toHaveLength(1);
    expect((await calls.getByLinkedid('lk-old-2')).segments).toEqual([]);
    const [r] = (await ctx.ds.query("SELECT agent_id AS a, call_segment_id AS s FROM recording WHERE file_path = '/old/lk-old-1.wav'")) as [{ a: number; s: number }];
    expect([Number(r.a), Number(r.s)]).toEqual([agent.id, rec.segments[0]!.id]);
    const [cr] = (await ctx.ds.query("SELECT call_segment_id AS s FROM contact_record WHERE call_id = 'lk-old-1'")) as [{ s: number }];
    expect(Number(cr.s)).toBe(rec.segments[0]!.id);
  });
});
