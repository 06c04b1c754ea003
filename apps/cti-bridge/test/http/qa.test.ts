/**
 * Quality evaluations over real HTTP (issue 15): evaluator-only routes (403 for agents), sample → claim → score with
 * a comment at a second → submit; the agent reads and acknowledges their own, and gets 403 on a colleague's; a
 * dispute resolved by another evaluator; the recording keeps its own access rule; audit rows written.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DONOR_HOTLINE_FORM, type ErrorBody, type QaCalibrationDto, type QaCallContextDto, type QaEvaluationDto, type QaFormDto, type QaQueueItemDto } from '@donorline/domain';
import { buildHandledCall, describeEachDb } from '@donorline/domain/testing';
import { buildTestApp, type TestApp } from './test-app.js';

const allYes = Object.fromEntries(DONOR_HOTLINE_FORM.sections.flatMap((s) => s.questions.map((q) => [q.key, q.type === 'scale' ? 5 : 'yes'])));

describeEachDb('quality evaluations (HTTP)', (ctx) => {
  let t: TestApp;
  let seg1: number;
  let seg2: number;

  beforeAll(async () => {
    t = await buildTestApp(ctx.kind);
    const { agent1, agent2 } = t.users;
    const at = new Date(Date.now() - 3600_000);
    seg1 = await buildHandledCall(t.services, { linkedid: 'qa-http-1', agentId: agent1.user.id, ext: '8031', at, talkSeconds: 700, recordingPath: 'qa-http-1.wav' });
    seg2 = await buildHandledCall(t.services, { linkedid: 'qa-http-2', agentId: agent2.user.id, ext: '8032', at, disposition: 'complaint' });
  }, 120_000);
  afterAll(async () => t?.close());

  it('evaluator routes are closed to agents; sampling queues the long call and the complaint once', async () => {
    const { agent1, quality } = t.users;
    for (const [m, p] of [['GET', '/api/qa/queue'], ['POST', '/api/qa/queue/sample'], ['GET', '/api/qa/forms'], ['GET', '/api/qa/calibrations'], ['GET', '/api/qa/evaluations?scope=all']] as const) {
      expect((await t.call(m, p, { token: agent1.token })).status, `${m} ${p}`).toBe(403);
    }
    expect((await t.call('GET', '/api/qa/queue')).status).toBe(401);
    const s = await t.call<{ added: number }>('POST', '/api/qa/queue/sample', { token: quality.token });
    expect(s.status).toBe(200);
    const q = await t.call<QaQueueItemDto[]>('GET', '/api/qa/queue', { token: quality.token });
    const mine = q.body.filter((i) => i.segmentId === seg1 || i.segmentId === seg2);
    expect(mine.map((i) => [i.segmentId, i.reasons.filter((r) => r !== 'random')])).toEqual(expect.arrayContaining([[seg1, ['long-call']], [seg2, ['complaint']]]));
    expect(JSON.stringify(q.body)).not.toMatch(/1380013800\d/);
    expect((await t.call<{ added: number }>('POST', '/api/qa/queue/sample', { token: quality.token })).body.added).toBe(0);
    const forms = await t.call<QaFormDto[]>('GET', '/api/qa/forms', { token: quality.token });
    expect(forms.body[0]).toMatchObject({ code: 'donor-hotline', version: 1 });
  });

  it('claim → comment at a time → submit; the agent sees only their own (403 on another\'s) and acknowledges', async () => {
    const { agent1, agent2, quality, supervisor } = t.users;
    const item = (await t.call<QaQueueItemDto[]>('GET', '/api/qa/queue', { token: quality.token })).body.find((i) => i.segmentId === seg1)!;
    const ev = await t.call<QaEvaluationDto>('POST', `/api/qa/queue/${item.id}/claim`, { token: quality.token });
    expect([ev.status, ev.body.status, ev.body.agent?.id]).toEqual([200, 'draft', agent1.user.id]);
    const taken = await t.call<ErrorBody>('POST', `/api/qa/queue/${item.id}/claim`, { token: supervisor.token });
    expect([taken.status, taken.body.code]).toEqual([409, 'CONFLICT']);
    // the agent cannot read a draft, not even their own
    expect((await t.call('GET', `/api/qa/evaluations/${ev.body.id}`, { token: agent1.token })).status).toBe(403);
    const bad = await t.call<ErrorBody>('PATCH', `/api/qa/evaluations/${ev.body.id}`, { token: quality.token, json: { answers: { courtesy: 9 } } });
    expect(bad.status).toBe(400);
    const c = await t.call<QaEvaluationDto>('POST', `/api/qa/evaluations/${ev.body.id}/comments`, { token: quality.token, json: { atSeconds: 42.5, body: '未提供两个以上时段' } });
    expect(c.body.comments).toMatchObject([{ atSeconds: 42.5, body: '未提供两个以上时段' }]);
    const sub = await t.call<QaEvaluationDto>('POST', `/api/qa/evaluations/${ev.body.id}/submit`, { token: quality.token, json: { answers: { ...allYes, 'choices-offered': 'no' } } });
    expect(sub.body).toMatchObject({ status: 'submitted', score: 90 });

    const ctxA = await t.call<QaCallContextDto>('GET', `/api/qa/evaluations/${ev.body.id}/context`, { token: agent1.token });
    expect(ctxA.body).toMatchObject({ callerMasked: '138****8000', segments: [{ id: seg1 }] });
    const other = await t.call<ErrorBody>('GET', `/api/qa/evaluations/${ev.body.id}`, { token: agent2.token });
    expect([other.status, other.body.code, other.body.details]).toEqual([403, 'FORBIDDEN', { rule: 'qa.view-own' }]);
    expect((await t.call('GET', `/api/qa/evaluations/${ev.body.id}/context`, { token: agent2.token })).status).toBe(403);
    expect((await t.call('POST', `/api/qa/evaluations/${ev.body.id}/acknowledge`, { token: agent2.token, json: {} })).status).toBe(403);
    // the recording keeps its own rule: the agent of the leg may play it, a colleague may not
    const recId = ctxA.body.recordings[0]!.id;
    expect((await t.call('POST', `/api/recordings/${recId}/media-url`, { token: agent1.token })).status).toBe(200);
    expect((await t.call('POST', `/api/recordings/${recId}/media-url`, { token: agent2.token })).status).toBe(403);

    const mine = await t.call<QaEvaluationDto[]>('GET', '/api/qa/evaluations', { token: agent1.token });
    expect(mine.body.map((e) => e.id)).toEqual([ev.body.id]);
    expect((await t.call<QaEvaluationDto[]>('GET', '/api/qa/evaluations', { token: agent2.token })).body).toEqual([]);
    const ack = await t.call<QaEvaluationDto>('POST', `/api/qa/evaluations/${ev.body.id}/acknowledge`, { token: agent1.token, json: { comment: '已改进' } });
    expect(ack.body.status).toBe('acknowledged');
    const audit = await t.services.audit.list({ action: 'qa.evaluation.acknowledge' });
    expect(audit.items.some((a) => a.subjectId === String(ev.body.id) && a.actor?.id === agent1.user.id)).toBe(true);

    // the agent report carries the QA score of the range (supervisor); an agent picker narrows it to one agent
    const day = (ms: number): string => new Date(ms + 8 * 3600_000).toISOString().slice(0, 10);
    const rep = await t.call<{ rows: Array<{ agentId: number; qaScore: number | null; qaEvaluations: number }> }>('GET', `/api/reports/agents?from=${day(Date.now() - 86_400_000)}&to=${day(Date.now())}&agentId=${agent1.user.id}`, { token: supervisor.token });
    expect(rep.body.rows.map((r) => [r.agentId, r.qaScore, r.qaEvaluations])).toEqual([[agent1.user.id, 90, 1]]);

    // the shipped form is in use now: saving it makes version 2 (the evaluation keeps version 1)
    const [f1] = (await t.call<QaFormDto[]>('GET', '/api/qa/forms', { token: quality.token })).body;
    expect(f1).toMatchObject({ code: 'donor-hotline', version: 1, inUse: 1 });
    const f2 = await t.call<QaFormDto>('POST', '/api/qa/forms', { token: quality.token, json: { code: 'donor-hotline', name: '献血热线通话质检表（2026 版）', definition: f1!.definition } });
    expect(f2.body).toMatchObject({ version: 2, active: true, inUse: 0 });
    expect((await t.call<QaEvaluationDto>('GET', `/api/qa/evaluations/${ev.body.id}`, { token: quality.token })).body.form.version).toBe(1);
  });

  it('送质检: an agent sends their own call (agent-request), 404 on a colleague\'s; evaluators any; never twice', async () => {
    const { agent1, agent2, quality } = t.users;
    const seg3 = await buildHandledCall(t.services, { linkedid: 'qa-http-3', agentId: agent1.user.id, ext: '8031', at: new Date(Date.now() - 600_000) });
    expect((await t.call('POST', '/api/qa/queue/calls', { json: { callId: 'qa-http-3' } })).status).toBe(401);
    const other = await t.call<ErrorBody>('POST', '/api/qa/queue/calls', { token: agent2.token, json: { callId: 'qa-http-3' } });
    expect([other.status, other.body.code]).toEqual([404, 'NOT_FOUND']);
    expect((await t.call('POST', '/api/qa/queue/calls', { token: agent1.token, json: {} })).status).toBe(400);
    const sent = await t.call<{ added: QaQueueItemDto[]; alreadyQueued: number }>('POST', '/api/qa/queue/calls', { token: agent1.token, json: { callId: 'qa-http-3' } });
    expect(sent.status).toBe(200);
    expect(sent.body.added.map((i) => [i.segmentId, i.reasons])).toEqual([[seg3, ['agent-request']]]);
    const again = await t.call<{ added: QaQueueItemDto[]; alreadyQueued: number }>('POST', '/api/qa/queue/calls', { token: quality.token, json: { callId: 'qa-http-3' } });
    expect(again.body).toEqual({ added: [], alreadyQueued: 1 });
    const q = await t.call<QaQueueItemDto[]>('GET', `/api/qa/queue?agentId=${agent1.user.id}`, { token: quality.token });
    expect(q.body.find((i) => i.segmentId === seg3)?.reasons).toEqual(['agent-request']);
  });

  it('dispute → the lead resolves with a new score; calibration shows the spread', async () => {
    const { agent2, quality, supervisor, admin } = t.users;
    const item = (await t.call<QaQueueItemDto[]>('GET', '/api/qa/queue', { token: supervisor.token })).body.find((i) => i.segmentId === seg2)!;
    const ev = (await t.call<QaEvaluationDto>('POST', `/api/qa/queue/${item.id}/claim`, { token: supervisor.token })).body;
    await t.call('POST', `/api/qa/evaluations/${ev.id}/submit`, { token: supervisor.token, json: { answers: { ...allYes, 'identity-verified': 'no' } } });
    const d = await t.call<QaEvaluationDto>('POST', `/api/qa/evaluations/${ev.id}/dispute`, { token: agent2.token, json: { comment: '来电已通过 IVR 验证身份' } });
    expect(d.body).toMatchObject({ status: 'disputed', score: 0 });
    expect((await t.call('POST', `/api/qa/evaluations/${ev.id}/resolve`, { token: agent2.token, json: { resolution: 'x' } })).status).toBe(403);
    expect((await t.call('POST', `/api/qa/evaluations/${ev.id}/resolve`, { token: supervisor.token, json: { resolution: 'x' } })).status).toBe(403);
    const r = await t.call<QaEvaluationDto>('POST', `/api/qa/evaluations/${ev.id}/resolve`, { token: quality.token, json: { resolution: 'IVR 已验证，改判', score: 100 } });
    expect(r.body).toMatchObject({ status: 'resolved', score: 100, originalScore: 0 });

    const cal = (await t.call<QaCalibrationDto>('POST', '/api/qa/calibrations', { token: quality.token, json: { segmentId: seg2 } })).body;
    for (const [u, a] of [[quality, allYes], [admin, { ...allYes, courtesy: 1 }]] as const) {
      const e = (await t.call<QaEvaluationDto>('POST', `/api/qa/calibrations/${cal.id}/join`, { token: u.token })).body;
      expect((await t.call('POST', `/api/qa/evaluations/${e.id}/submit`, { token: u.token, json: { answers: a } })).status).toBe(200);
    }
    const got = await t.call<QaCalibrationDto>('GET', `/api/qa/calibrations/${cal.id}`, { token: supervisor.token });
    expect(got.body.spread).toMatchObject({ count: 2, min: 92, max: 100, range: 8, stdDev: 4, disagreements: ['courtesy'] });
  });
});
