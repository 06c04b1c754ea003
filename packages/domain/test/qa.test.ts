/**
 * Quality evaluations over a real database: the shipped form, sampling into the queue (rules + N %, never twice),
 * claims that expire, one evaluation per segment, scoring on submit with the form version kept, comments at a
 * second, the agent's acknowledge/dispute (only their own), the lead's resolution, calibration's spread, audit rows.
 */
import { beforeAll, expect, it } from 'vitest';
import { DONOR_HOTLINE_FORM, type QaAnswers } from '../src/index.js';
import { createDomainServices, DEMO_PII_KEYS, type DomainServices } from '../src/node.js';
import { buildDonor, buildHandledCall, buildUser, describeEachDb } from '../src/testing/index.js';

let clockNow = new Date('2026-12-09T06:00:00Z'); // a Wednesday
const allYes = (): QaAnswers => Object.fromEntries(DONOR_HOTLINE_FORM.sections.flatMap((s) => s.questions.map((q) => [q.key, q.type === 'scale' ? 5 : 'yes'])));

describeEachDb('quality evaluations', (ctx) => {
  let svc: DomainServices;
  let n = 0;
  const call = (agentId: number, ext: string, over: Partial<Parameters<typeof buildHandledCall>[1]> = {}): Promise<number> =>
    buildHandledCall(svc, { linkedid: `qa-${ctx.kind}-${++n}`, agentId, ext, at: new Date('2026-12-08T02:00:00Z'), ...over });

  beforeAll(() => {
    svc = createDomainServices(ctx.ds, { pii: DEMO_PII_KEYS, clock: () => clockNow, qa: { sampling: { percentPerAgentWeek: 20, complaints: true, lowSurveyMax: 2, longCallSeconds: 600, callbackTasks: true }, claimMinutes: 30 } });
  });

  it('ships the donor-hotline form as version 1; an unused version is edited in place', async () => {
    const q = await buildUser(ctx.ds, { role: 'quality' });
    const [f] = await svc.qa.forms.list();
    expect(f).toMatchObject({ code: 'donor-hotline', version: 1, active: true });
    expect(f!.definition.sections.length).toBe(3);
    const agent = await buildUser(ctx.ds, { role: 'agent' });
    await expect(svc.qa.forms.save({ code: 'donor-hotline', name: 'x', definition: DONOR_HOTLINE_FORM }, { id: agent.id, role: 'agent' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(svc.qa.forms.save({ code: 'donor-hotline', name: 'x', definition: { sections: [] } }, { id: q.id, role: 'quality' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    const v2 = await svc.qa.forms.save({ code: 'trial', name: '试用表', definition: { sections: [{ key: 's', title: 'S', questions: [{ key: 'a', type: 'yes-no', weight: 1, text: 'a' }] }] } }, { id: q.id, role: 'quality' });
    const v3 = await svc.qa.forms.save({ code: 'trial', name: '试用表 2', definition: v2.definition }, { id: q.id, role: 'quality' });
    // nothing was scored on version 1 yet: the edit changes it in place
    expect([v2.version, v3.version, v3.id, v3.name, v3.inUse]).toEqual([1, 1, v2.id, '试用表 2', 0]);
    expect((await svc.qa.forms.list({ all: true })).filter((x) => x.code === 'trial').length).toBe(1);
  });

  it('sampling queues every complaint, low survey, long call and callback-task call, N % of the rest, and never twice', async () => {
    const a = await buildUser(ctx.ds, { role: 'agent', extension: `7${ctx.kind === 'sqlite' ? 1 : 2}01` });
    const ext = a.extension!;
    const complaint = await call(a.id, ext, { disposition: 'complaint' });
    const long = await call(a.id, ext, { talkSeconds: 700 });
    const surveyed = await call(a.id, ext);
    const plain: number[] = [];
    for (let i = 0; i < 10; i++) plain.push(await call(a.id, ext));
    const [seg] = await ctx.ds.query('SELECT linkedid FROM call_segment WHERE id = ?', [surveyed]);
    await svc.surveys.record({ channel: 'ivr', score: 1, callId: seg.linkedid });
    const r1 = await svc.qa.sample(new Date('2026-12-08T00:00:00Z'));
    const items = (await svc.qa.queue.list({ agentId: a.id }));
    const reasons = Object.fromEntries(items.map((i) => [i.segmentId, i.reasons]));
    expect(reasons[complaint]).toEqual(['complaint']);
    expect(reasons[long]).toEqual(['long-call']);
    expect(reasons[surveyed]).toEqual(['low-survey', 'callback-task']); // a score of 1 opened a callback task from the call
    // 20 % of 13 calls → 3 random picks among the 10 plain ones
    expect(items.filter((i) => i.reasons.includes('random')).length).toBe(3);
    expect(r1.added).toBe(6);
    expect((await svc.qa.sample(new Date('2026-12-08T00:00:00Z'))).added).toBe(0);
    expect(items.every((i) => i.status === 'open' && i.agent?.id === a.id && i.callerMasked === '138****8000')).toBe(true);
  });

  it('claim, score with a comment at a second, submit; the agent acknowledges their own and cannot read another\'s', async () => {
    const q1 = await buildUser(ctx.ds, { role: 'quality' });
    const q2 = await buildUser(ctx.ds, { role: 'quality' });
    const agent = await buildUser(ctx.ds, { role: 'agent', extension: `7${ctx.kind === 'sqlite' ? 1 : 2}02` });
    const other = await buildUser(ctx.ds, { role: 'agent' });
    const donor = await buildDonor(ctx.ds);
    const seg = await call(agent.id, agent.extension!, { donorId: donor.id, recordingPath: `/tmp/qa-${ctx.kind}-x.wav`, ivrPath: 'welcome>menu:2>booking>agent', disposition: 'booking' });
    const item = await svc.qa.queue.addManual(seg, { id: q1.id, role: 'quality' });
    await expect(svc.qa.queue.addManual(seg, { id: q1.id, role: 'quality' })).rejects.toMatchObject({ code: 'CONFLICT' });
    const ev = await svc.qa.evaluations.startFromQueue(item.id, { id: q1.id, role: 'quality' });
    expect(ev).toMatchObject({ status: 'draft', agent: { id: agent.id }, evaluator: { id: q1.id }, form: { code: 'donor-hotline', version: 1 } });
    // a second evaluator cannot take it while the claim holds
    await expect(svc.qa.evaluations.startFromQueue(item.id, { id: q2.id, role: 'quality' })).rejects.toMatchObject({ code: 'CONFLICT' });
    await svc.qa.evaluations.saveDraft(ev.id, { answers: { 'standard-opening': 'yes' } }, { id: q1.id, role: 'quality' });
    await svc.qa.evaluations.comment(ev.id, { atSeconds: 12.34, body: '开场没有报工号' }, { id: q1.id, role: 'quality' });
    await expect(svc.qa.evaluations.submit(ev.id, {}, { id: q1.id, role: 'quality' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    const told: unknown[] = [];
    const off = svc.qa.evaluations.onPublished((agentId, e) => told.push([agentId, e.evaluationId, e.status, e.score]));
    const done = await svc.qa.evaluations.submit(ev.id, { answers: { ...allYes(), 'choices-offered': 'no', 'reimbursement-correct': 'na' }, summary: '整体良好' }, { id: q1.id, role: 'quality' });
    off();
    // published to the evaluated agent only (the desk's 质检 badge), once
    expect(told).toEqual([[agent.id, ev.id, 'submitted', 88.6]]);
    // 100 − 10 (choices) of 100 − 12 (N/A) → 78 / 88
    expect(done).toMatchObject({ status: 'submitted', score: 88.6, criticalFailed: false, comments: [{ atSeconds: 12.3, body: '开场没有报工号' }] });
    expect((await svc.qa.queue.get(item.id)).status).toBe('done');
    await expect(svc.qa.evaluations.startFromQueue(item.id, { id: q2.id, role: 'quality' })).rejects.toMatchObject({ code: 'CONFLICT' });

    const ctxDto = await svc.qa.context(ev.id, { id: agent.id, role: 'agent' });
    expect(ctxDto).toMatchObject({ callerMasked: '138****8000', donor: { id: donor.id }, ivrPath: ['welcome', 'menu:2', 'booking', 'agent'], segments: [{ id: seg, disposition: 'booking' }] });
    expect(ctxDto.recordings[0]?.segmentId).toBe(seg);
    expect(JSON.stringify(ctxDto)).not.toContain('13800138000');

    await expect(svc.qa.get(ev.id, { id: other.id, role: 'agent' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(svc.qa.evaluations.respond(ev.id, 'acknowledge', null, { id: other.id, role: 'agent' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect((await svc.qa.list({}, { id: agent.id, role: 'agent' })).map((e) => e.id)).toEqual([ev.id]);
    expect(await svc.qa.list({}, { id: other.id, role: 'agent' })).toEqual([]);
    await expect(svc.qa.list({ scope: 'all' }, { id: agent.id, role: 'agent' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const ack = await svc.qa.evaluations.respond(ev.id, 'acknowledge', '收到', { id: agent.id, role: 'agent' });
    expect(ack.status).toBe('acknowledged');
    await expect(svc.qa.evaluations.respond(ev.id, 'dispute', '不同意', { id: agent.id, role: 'agent' })).rejects.toMatchObject({ code: 'CONFLICT' });
    const audit = await ctx.ds.query("SELECT action FROM audit_log WHERE subject_type = 'qa_evaluation' AND subject_id = ? ORDER BY id", [String(ev.id)]);
    expect(audit.map((r: { action: string }) => r.action)).toEqual(['qa.evaluation.start', 'qa.comment.add', 'qa.evaluation.submit', 'qa.evaluation.acknowledge']);
  });

  it('an expired claim lets another evaluator take over the draft; a critical "no" scores 0; disputes go to a lead', async () => {
    const q1 = await buildUser(ctx.ds, { role: 'quality' });
    const q2 = await buildUser(ctx.ds, { role: 'quality' });
    const agent = await buildUser(ctx.ds, { role: 'agent', extension: `7${ctx.kind === 'sqlite' ? 1 : 2}03` });
    const seg = await call(agent.id, agent.extension!);
    const item = await svc.qa.queue.addManual(seg, { id: q1.id, role: 'quality' });
    const ev = await svc.qa.evaluations.startFromQueue(item.id, { id: q1.id, role: 'quality' });
    clockNow = new Date(clockNow.getTime() + 31 * 60_000);
    expect((await svc.qa.queue.get(item.id)).status).toBe('open');
    await expect(svc.qa.evaluations.saveDraft(ev.id, { answers: {} }, { id: q1.id, role: 'quality' })).rejects.toMatchObject({ code: 'CONFLICT', details: { rule: 'qa.claim-expired' } });
    const taken = await svc.qa.evaluations.startFromQueue(item.id, { id: q2.id, role: 'quality' });
    expect(taken).toMatchObject({ id: ev.id, evaluator: { id: q2.id } });
    const done = await svc.qa.evaluations.submit(ev.id, { answers: { ...allYes(), 'did-not-hang-up-first': 'no' } }, { id: q2.id, role: 'quality' });
    expect(done).toMatchObject({ score: 0, criticalFailed: true });
    await expect(svc.qa.evaluations.respond(ev.id, 'dispute', '  ', { id: agent.id, role: 'agent' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await svc.qa.evaluations.respond(ev.id, 'dispute', '是客户先挂的', { id: agent.id, role: 'agent' })).toMatchObject({ status: 'disputed', disputeComment: '是客户先挂的' });
    await expect(svc.qa.evaluations.resolve(ev.id, { resolution: 'x' }, { id: agent.id, role: 'agent' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(svc.qa.evaluations.resolve(ev.id, { resolution: 'x' }, { id: q2.id, role: 'quality' })).rejects.toMatchObject({ code: 'FORBIDDEN', details: { rule: 'qa.resolve-own' } });
    const r = await svc.qa.evaluations.resolve(ev.id, { resolution: '录音 3:10 处客户先挂机，改判', score: 100 }, { id: q1.id, role: 'quality' });
    expect(r).toMatchObject({ status: 'resolved', score: 100, originalScore: 0, resolvedBy: { id: q1.id } });
    const [a] = await ctx.ds.query("SELECT detail FROM audit_log WHERE action = 'qa.evaluation.resolve' AND subject_id = ?", [String(ev.id)]);
    expect(JSON.parse(a.detail).changes.score).toEqual({ from: 0, to: 100 });
  });

  it('送质检: an agent sends their own call (agent-request), never a colleague\'s; an evaluator any call, never twice', async () => {
    const q = await buildUser(ctx.ds, { role: 'quality' });
    const agent = await buildUser(ctx.ds, { role: 'agent', extension: `7${ctx.kind === 'sqlite' ? 1 : 2}05` });
    const other = await buildUser(ctx.ds, { role: 'agent' });
    const seg = await call(agent.id, agent.extension!);
    const callId = `qa-${ctx.kind}-${n}`;
    await expect(svc.qa.queue.sendCall(callId, { id: other.id, role: 'agent' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const mine = await svc.qa.queue.sendCall(callId, { id: agent.id, role: 'agent' });
    expect(mine).toMatchObject({ alreadyQueued: 0, added: [{ segmentId: seg, reasons: ['agent-request'], status: 'open', agent: { id: agent.id } }] });
    expect(await svc.qa.queue.sendCall(callId, { id: q.id, role: 'quality' })).toEqual({ added: [], alreadyQueued: 1 });
    await expect(svc.qa.queue.sendCall('no-such-call', { id: q.id, role: 'quality' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const [a] = await ctx.ds.query("SELECT actor_id FROM audit_log WHERE action = 'qa.queue.add' AND subject_id = ?", [String(mine.added[0]!.id)]);
    expect(Number(a.actor_id)).toBe(agent.id);
  });

  it('calibration: each evaluator scores once; the spread is over submitted scores', async () => {
    const evs = [await buildUser(ctx.ds, { role: 'quality' }), await buildUser(ctx.ds, { role: 'quality' }), await buildUser(ctx.ds, { role: 'supervisor' })];
    const agent = await buildUser(ctx.ds, { role: 'agent', extension: `7${ctx.kind === 'sqlite' ? 1 : 2}04` });
    const seg = await call(agent.id, agent.extension!);
    const cal = await svc.qa.calibrations.create({ segmentId: seg, title: '十二月校准' }, { id: evs[0]!.id, role: 'quality' });
    const answers = [allYes(), { ...allYes(), 'choices-offered': 'no' }, { ...allYes(), courtesy: 3 }] as QaAnswers[];
    for (const [i, u] of evs.entries()) {
      const me = { id: u.id, role: u.role };
      const e = await svc.qa.calibrations.join(cal.id, me);
      expect((await svc.qa.calibrations.join(cal.id, me)).id).toBe(e.id);
      await svc.qa.evaluations.submit(e.id, { answers: answers[i]! }, me);
    }
    const got = await svc.qa.calibrations.get(cal.id, { id: evs[0]!.id, role: 'quality' });
    expect(got.evaluations.map((e) => e.score)).toEqual(expect.arrayContaining([100, 90, 96]));
    expect(got.spread).toMatchObject({ count: 3, min: 90, max: 100, range: 10, mean: 95.33, disagreements: ['choices-offered', 'courtesy'] });
    // calibration scores are not the agent's evaluations
    expect(await svc.qa.list({}, { id: agent.id, role: 'agent' })).toEqual([]);
    await expect(svc.qa.calibrations.get(cal.id, { id: agent.id, role: 'agent' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
