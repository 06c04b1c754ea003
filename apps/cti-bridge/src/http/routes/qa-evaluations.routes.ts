/**
 * Evaluations (质检评分): read (an agent only their own, submitted ones — 403 otherwise), save a draft, submit,
 * comments at a second of the recording, the agent's acknowledge/dispute, the lead's resolution, calibration.
 * The domain checks who may do what inside each transaction and audits every write.
 */
import { Type } from '@fastify/type-provider-typebox';
import { QA_EVALUATION_STATUSES, QA_EVALUATOR_ROLES } from '@donorline/domain';
import { actorOf } from '../../auth/auth.hook.js';
import type { Api, HttpDeps } from '../http-deps.js';
import { errors, Id, IdParams, Nullable } from '../schemas/common.schemas.js';
import { CalibrationS, ContextS, DraftBodyS, EvaluationS } from '../schemas/qa.schemas.js';

const tags = ['qa'];
const roles = QA_EVALUATOR_ROLES;
const Text = Type.String({ maxLength: 2000 });

export function qaEvaluationRoutes(app: Api, deps: HttpDeps): void {
  const { qa } = deps.services;

  app.get('/api/qa/evaluations', {
    schema: {
      tags, summary: '质检结果 / evaluations', description: 'scope mine (default): evaluations of one\'s own calls, submitted and later (我的质检). scope all: quality staff, supervisors and admins, with filters.',
      querystring: Type.Object({ scope: Type.Optional(Type.Enum(['mine', 'all'])), status: Type.Optional(Type.Enum(QA_EVALUATION_STATUSES)), agentId: Type.Optional(Id), evaluatorId: Type.Optional(Id), kind: Type.Optional(Type.Enum(['regular', 'calibration'])) }),
      response: { 200: Type.Array(EvaluationS), ...errors(400, 401, 403) },
    },
  }, async (req) => qa.list(req.query, actorOf(req)));

  app.get('/api/qa/evaluations/:id', {
    schema: { tags, summary: '一次质检 / one evaluation with its comments', params: IdParams, response: { 200: EvaluationS, ...errors(401, 403, 404) } },
  }, async (req) => qa.get(req.params.id, actorOf(req)));

  app.get('/api/qa/evaluations/:id/context', {
    schema: { tags, summary: '通话背景 / the call around the evaluated segment', params: IdParams, response: { 200: ContextS, ...errors(401, 403, 404) } },
  }, async (req) => qa.context(req.params.id, actorOf(req)));

  app.patch('/api/qa/evaluations/:id', {
    config: { roles },
    schema: { tags, summary: '保存草稿 / save the draft (answers may be incomplete)', params: IdParams, body: DraftBodyS, response: { 200: EvaluationS, ...errors(400, 401, 403, 404, 409) } },
  }, async (req) => qa.evaluations.saveDraft(req.params.id, req.body, actorOf(req)));

  app.post('/api/qa/evaluations/:id/submit', {
    config: { roles },
    schema: {
      tags, summary: '提交评分 / submit (every question answered; the server scores it)', description: 'A "no" on a critical item scores 0. The queue item is done and the agent sees the evaluation. Audited as qa.evaluation.submit.',
      params: IdParams, body: DraftBodyS, response: { 200: EvaluationS, ...errors(400, 401, 403, 404, 409) },
    },
  }, async (req) => qa.evaluations.submit(req.params.id, req.body ?? {}, actorOf(req)));

  app.post('/api/qa/evaluations/:id/comments', {
    config: { roles },
    schema: {
      tags, summary: '添加评语（录音时间点）/ comment at a second of the recording', params: IdParams,
      body: Type.Object({ atSeconds: Type.Number({ minimum: 0, maximum: 86_399 }), body: Type.String({ minLength: 1, maxLength: 2000 }) }),
      response: { 200: EvaluationS, ...errors(400, 401, 403, 404) },
    },
  }, async (req) => qa.evaluations.comment(req.params.id, req.body, actorOf(req)));

  app.delete('/api/qa/evaluations/:id/comments/:commentId', {
    config: { roles },
    schema: { tags, summary: '删除自己的评语（草稿时）/ delete one\'s comment while a draft', params: Type.Object({ id: Id, commentId: Id }), response: { 200: EvaluationS, ...errors(401, 403, 404, 409) } },
  }, async (req) => qa.evaluations.deleteComment(req.params.id, req.params.commentId, actorOf(req)));

  app.post('/api/qa/evaluations/:id/acknowledge', {
    schema: { tags, summary: '确认质检结果（本人）/ acknowledge (the agent evaluated)', params: IdParams, body: Type.Object({ comment: Type.Optional(Nullable(Text)) }), response: { 200: EvaluationS, ...errors(400, 401, 403, 404, 409) } },
  }, async (req) => qa.evaluations.respond(req.params.id, 'acknowledge', req.body?.comment, actorOf(req)));

  app.post('/api/qa/evaluations/:id/dispute', {
    schema: { tags, summary: '申诉（本人，需说明）/ dispute with a comment (the agent evaluated)', params: IdParams, body: Type.Object({ comment: Text }), response: { 200: EvaluationS, ...errors(400, 401, 403, 404, 409) } },
  }, async (req) => qa.evaluations.respond(req.params.id, 'dispute', req.body.comment, actorOf(req)));

  app.post('/api/qa/evaluations/:id/resolve', {
    config: { roles },
    schema: {
      tags, summary: '处理申诉 / resolve a dispute (QA lead: not the evaluator, unless admin)', description: 'Upheld (no score) or a new score 0–100, the old one kept as originalScore. Audited old → new.',
      params: IdParams, body: Type.Object({ resolution: Type.String({ minLength: 1, maxLength: 2000 }), score: Type.Optional(Nullable(Type.Number({ minimum: 0, maximum: 100 }))) }),
      response: { 200: EvaluationS, ...errors(400, 401, 403, 404, 409) },
    },
  }, async (req) => qa.evaluations.resolve(req.params.id, req.body, actorOf(req)));

  app.get('/api/qa/calibrations', {
    config: { roles },
    schema: { tags, summary: '校准 / calibration sessions with their spread', response: { 200: Type.Array(CalibrationS), ...errors(401, 403) } },
  }, async (req) => qa.calibrations.list(actorOf(req)));

  app.post('/api/qa/calibrations', {
    config: { roles },
    schema: { tags, summary: '新建校准 / start a calibration on a call segment', body: Type.Object({ segmentId: Id, title: Type.Optional(Type.String({ maxLength: 200 })) }), response: { 200: CalibrationS, ...errors(400, 401, 403, 404) } },
  }, async (req) => qa.calibrations.create(req.body, actorOf(req)));

  app.get('/api/qa/calibrations/:id', {
    config: { roles },
    schema: { tags, summary: '一次校准 / one calibration: scores, variance, questions answered differently', params: IdParams, response: { 200: CalibrationS, ...errors(401, 403, 404) } },
  }, async (req) => qa.calibrations.get(req.params.id, actorOf(req)));

  app.post('/api/qa/calibrations/:id/join', {
    config: { roles },
    schema: { tags, summary: '参与校准评分 / one\'s own evaluation in the session (created on first call)', params: IdParams, response: { 200: EvaluationS, ...errors(401, 403, 404) } },
  }, async (req) => qa.calibrations.join(req.params.id, actorOf(req)));
}
