/**
 * Call records follow the people who handled the call (issue 10): after a blind or attended transfer each agent
 * keeps their own segment, wrap-up, contact record and recording; playback rights follow the leg; the transferring
 * agent can save their wrap-up (was 403, stuck in required wrap-up).
 */
import { beforeEach, expect, it, onTestFailed } from 'vitest';
import { DEMO_DONORS, type CallDto, type ContactBrief, type Page, type RecordingDto } from '@donorline/domain/node';
import { describeEachDb } from '@donorline/domain/testing';
import type { Desk } from './support/desk.js';
import { Harness, until } from './support/harness.js';

describeEachDb('call segments: each agent keeps their part of a call', (ctx) => {
  let h: Harness;
  let agent1: Desk;
  let agent2: Desk;
  let t1 = '';
  let t2 = '';
  let tq = '';

  async function answered(desk: Desk, callId: string): Promise<void> {
    await desk.waitPop((p) => p.callId === callId);
    await desk.command('call:answer', { callId });
    await desk.waitUpdate((u) => u.callId === callId && u.state === 'connected');
  }

  async function ready(...desks: Desk[]): Promise<void> {
    for (const d of desks) {
      await d.waitSession((s) => s.state === 'ready' || s.state === 'paused' || s.state === 'wrap-up', 8000);
      if (d.session?.state !== 'ready') await d.command('agent:ready', {});
    }
  }

  /** The call's recordings as each leg's agent (agent1's first). */
  async function recordingsOf(callId: string): Promise<Array<{ id: number; agentId: number | null; segmentId: number | null }>> {
    await h.bridge.writer.flush(5000);
    return until(async () => {
      const list = (await h.db.ds.query(
        'SELECT r.id, r.agent_id AS a, r.call_segment_id AS s FROM recording r JOIN call_record c ON c.id = r.call_record_id WHERE c.linkedid = ? ORDER BY r.id',
        [callId],
      )) as Array<{ id: number; a: number | null; s: number | null }>;
      return list.length === 2 && list.every((r) => r.s !== null) && list.map((r) => ({ id: Number(r.id), agentId: r.a === null ? null : Number(r.a), segmentId: Number(r.s) }));
    }, 8000, 'both legs recorded and linked to their segments');
  }

  async function canPlay(token: string, recordingId: number): Promise<number> {
    return (await h.api<unknown>('POST', `/api/recordings/${recordingId}/media-url`, token)).status;
  }

  beforeEach(() => {
    onTestFailed(() => {
      if (h) console.log(`STATE AT FAILURE ${ctx.kind}:`, h.dump());
    });
  });

  it('starts', async () => {
    h = await Harness.start(ctx.db, { wrapUpSeconds: 1, wrapUpRequired: true });
    agent1 = await h.seatedDesk('agent1', '8001');
    agent2 = await h.seatedDesk('agent2', '8002');
    [t1, t2, tq] = [await h.token('agent1'), await h.token('agent2'), await h.token('qa')];
    await ready(agent1, agent2);
  }, 60_000);

  it('attended transfer: two segments, each agent\'s wrap-up and contact record survive the other\'s', async () => {
    await agent2.command('agent:pause', { reason: 'admin-work' });
    const donor = DEMO_DONORS.find((d) => d.key === 'first-timer')!;
    const call = h.sim.placeCall({ from: donor.phone.replace(/\D/g, ''), to: '96607' });
    await answered(agent1, call.linkedid);
    await agent1.command('call:transfer', { callId: call.linkedid, mode: 'attended', target: { kind: 'extension', value: '8002' } });
    await agent2.waitPop((p) => p.callId === call.linkedid);
    await agent2.command('call:answer', { callId: call.linkedid });
    await agent2.waitUpdate((u) => u.callId === call.linkedid && u.state === 'connected');
    await agent1.command('call:transfer-complete', { callId: call.linkedid });
    await agent1.waitUpdate((u) => u.callId === call.linkedid && u.state === 'ended');
    await until(() => h.bridge.registry.get(call.linkedid)?.agentExt === '8002', 5000, 'caller with agent2');
    h.sim.hangupCaller(call.callId);
    await agent2.waitUpdate((u) => u.callId === call.linkedid && u.state === 'ended');

    await h.bridge.writer.flush(5000);
    const long = '献血者咨询单采血小板的间隔与预约流程，已详细说明。'.repeat(80).slice(0, 2000);
    const s1 = await h.api<CallDto>('POST', `/api/calls/${call.linkedid}/disposition`, t1, { disposition: 'booking', notes: long });
    expect(s1.status, JSON.stringify(s1.body)).toBe(200);
    const s2 = await h.api<CallDto>('POST', `/api/calls/${call.linkedid}/disposition`, t2, { disposition: 'consultation', notes: '' });
    expect(s2.status).toBe(200);

    const rec = await h.record(call.linkedid);
    const u1 = agent1.session!.user.id;
    const u2 = agent2.session!.user.id;
    expect(rec.segments.map((s) => [s.agent?.id, s.ext, s.endReason, s.disposition])).toEqual([
      [u1, '8001', 'transferred-attended', 'booking'],
      [u2, '8002', 'caller-hangup', 'consultation'],
    ]);
    expect(rec.segments[0]!.notes).toBe(long);
    expect(rec.segments[1]!.notes).toBe('');
    expect(rec.segments[0]!.endedAt).not.toBeNull();
    expect(rec.segments.every((s) => s.answeredAt !== null && s.talkSeconds >= 0)).toBe(true);
    // the call's summary keeps the first agent's wrap-up; agent2 did not overwrite it
    expect(rec).toMatchObject({ disposition: 'booking', notes: long, outcome: 'transferred' });

    // one contact record per segment, each attributed to its agent, both in the donor's history
    const donorId = rec.donor!.id;
    const hist = await h.api<Page<ContactBrief>>('GET', `/api/contacts?donorId=${donorId}`, t1);
    const ofCall = hist.body.items.filter((c) => c.outcome === 'booking' || c.outcome === 'consultation');
    expect(ofCall.map((c) => [c.agent?.id, c.outcome, c.summary.length > 0])).toEqual(expect.arrayContaining([[u1, 'booking', true], [u2, 'consultation', false]]));
    const rows = (await h.db.ds.query("SELECT agent_id AS a, call_segment_id AS s FROM contact_record WHERE call_id = ? AND channel = 'call' ORDER BY id", [call.linkedid])) as Array<{ a: number; s: number }>;
    expect(rows.map((r) => [Number(r.a), Number(r.s)])).toEqual([[u1, rec.segments[0]!.id], [u2, rec.segments[1]!.id]]);

    // both agents see the call (and its two segments) in call detail
    expect((await h.api<CallDto>('GET', `/api/calls/${rec.id}`, t1)).body.segments).toHaveLength(2);
    expect((await h.api<CallDto>('GET', `/api/calls/${rec.id}`, t2)).status).toBe(200);

    // recordings belong to their leg's agent; playback follows the leg (quality: all)
    const [r1, r2] = await recordingsOf(call.linkedid);
    expect([r1!.agentId, r2!.agentId]).toEqual([u1, u2]);
    expect([r1!.segmentId, r2!.segmentId]).toEqual([rec.segments[0]!.id, rec.segments[1]!.id]);
    expect(await canPlay(t1, r1!.id)).toBe(200);
    expect(await canPlay(t2, r1!.id)).toBe(403);
    expect(await canPlay(t2, r2!.id)).toBe(200);
    expect(await canPlay(t1, r2!.id)).toBe(403);
    expect(await canPlay(tq, r1!.id)).toBe(200);
    const mine = await h.api<Page<RecordingDto>>('GET', `/api/recordings?pageSize=200`, t2);
    expect(mine.body.items.filter((r) => r.callId === call.linkedid).map((r) => r.id)).toEqual([r2!.id]);
    await ready(agent1, agent2);
  }, 40_000);

  it('blind transfer: the transferring agent saves their wrap-up (no 403) and leaves the required wrap-up', async () => {
    await agent2.command('agent:pause', { reason: 'admin-work' });
    const call = h.sim.placeCall({ from: '13900006666', to: '96607' });
    await answered(agent1, call.linkedid);
    await agent2.command('agent:ready', {});
    await agent1.command('call:transfer', { callId: call.linkedid, mode: 'blind', target: { kind: 'extension', value: '8002' } });
    await agent1.waitUpdate((u) => u.callId === call.linkedid && u.state === 'ended');
    await answered(agent2, call.linkedid);
    await agent1.waitSession((s) => s.state === 'wrap-up');
    h.sim.hangupCaller(call.callId);
    await agent2.waitUpdate((u) => u.callId === call.linkedid && u.state === 'ended');
    await h.bridge.writer.flush(5000);

    const s1 = await h.api<CallDto>('POST', `/api/calls/${call.linkedid}/disposition`, t1, { disposition: 'eligibility', notes: '转接至同事' });
    expect(s1.status).toBe(200);
    await agent1.waitSession((s) => s.state !== 'wrap-up');

    const rec = await h.record(call.linkedid);
    expect(rec.segments.map((s) => [s.ext, s.endReason])).toEqual([['8001', 'transferred-blind'], ['8002', 'caller-hangup']]);
    expect(rec.segments[0]!.disposition).toBe('eligibility');
    const [r1, r2] = await recordingsOf(call.linkedid);
    expect(await canPlay(t1, r1!.id)).toBe(200);
    expect(await canPlay(t2, r1!.id)).toBe(403);
    expect(await canPlay(t2, r2!.id)).toBe(200);
    // the first agent's call list still has the call (they handled a part of it)
    const list = await h.api<Page<CallDto>>('GET', '/api/calls?pageSize=50', t1);
    expect(list.body.items.some((c) => c.callId === call.linkedid)).toBe(true);
    // and so has their shift list (本班通话): handled, not missed
    const shift = await h.api<Array<{ callId: string; handled: boolean; missed: boolean }>>('GET', '/api/me/calls', t1);
    expect(shift.body.find((c) => c.callId === call.linkedid)).toMatchObject({ handled: true, missed: false });
    await ready(agent1, agent2);
  }, 40_000);

  it('an attended transfer whose consultation never starts is reported (PBX_REJECTED), not pretended; the caller stays', async () => {
    await agent2.command('agent:pause', { reason: 'admin-work' });
    const call = h.sim.placeCall({ from: '13900006677', to: '96607' });
    await answered(agent1, call.linkedid);
    h.sim.services.options.atxferSilentFail = true; // Atxfer answers Success, as a real Asterisk without pbx-transfer
    try {
      const r = await agent1.ack('call:transfer', { callId: call.linkedid, mode: 'attended', target: { kind: 'extension', value: '8002' } });
      expect(r).toMatchObject({ ok: false, error: { code: 'PBX_REJECTED' } });
    } finally {
      h.sim.services.options.atxferSilentFail = false;
    }
    expect(h.bridge.registry.get(call.linkedid)).toMatchObject({ agentExt: '8001', transferred: false });
    const done = await agent1.ack('call:transfer-complete', { callId: call.linkedid });
    expect(done).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    await agent1.command('call:hangup', { callId: call.linkedid });
    await agent1.waitUpdate((u) => u.callId === call.linkedid && u.state === 'ended');
    await h.api('POST', `/api/calls/${call.linkedid}/disposition`, t1, { disposition: 'other' }).catch(() => undefined);
    await ready(agent1, agent2);
  }, 30_000);

  it('stops', async () => {
    await h?.close();
  });
});
