/**
 * Quality evaluations (质检, issue 15) — forms, the QA queue and its sampling, the call around a queued segment.
 * Evaluator routes are for quality staff, supervisors and admins (`config.roles`, and the domain checks again);
 * every write is audited by the domain (qa.*). Recordings are still played through /api/recordings (its own audit).
 */
import { Type } from '@fastify/type-provider-typebox';
import { QA_EVALUATOR_ROLES, QA_QUEUE_STATUSES, QA_SAMPLE_REASONS } from '@donorline/domain';
import { actorOf } from '../../auth/auth.hook.js';
import type { Api, HttpDeps } from '../http-deps.js';
import { errors, Id, IdParams } from '../schemas/common.schemas.js';
import { ContextS, FormDefinitionS, FormS, QueueItemS, SegmentBodyS } from '../schemas/qa.schemas.js';
import { EvaluationS } from '../schemas/qa.schemas.js';

const tags = ['qa'];
const roles = QA_EVALUATOR_ROLES;

export function qaRoutes(app: Api, deps: HttpDeps): void {
  const { qa } = deps.services;

  app.get('/api/qa/forms', {
    config: { roles },
    schema: { tags, summary: '质检表 / QA forms (active versions; all=true: every version)', querystring: Type.Object({ all: Type.Optional(Type.Boolean()) }), response: { 200: Type.Array(FormS), ...errors(401, 403) } },
  }, async (req) => qa.forms.list({ all: req.query.all === true }));

  app.get('/api/qa/forms/:id', {
    schema: { tags, summary: '质检表的一个版本 / one form version (everyone: an agent reads the form their evaluation was scored on)', params: IdParams, response: { 200: FormS, ...errors(401, 404) } },
  }, async (req) => qa.forms.get(req.params.id));

  app.post('/api/qa/forms', {
    config: { roles },
    schema: {
      tags, summary: '保存质检表 / save a form', description: 'An unused newest version is changed in place (qa.form.edit); once evaluations were scored on it, saving adds version n+1 and makes it the active one (qa.form.save); evaluations keep the version they were scored on.',
      body: Type.Object({ code: Type.String({ minLength: 2, maxLength: 40 }), name: Type.String({ minLength: 1, maxLength: 120 }), definition: FormDefinitionS }),
      response: { 200: FormS, ...errors(400, 401, 403) },
    },
  }, async (req) => qa.forms.save(req.body, actorOf(req)));

  app.get('/api/qa/queue', {
    config: { roles },
    schema: {
      tags, summary: '待质检队列 / the QA queue', description: 'pending (default): open and claimed (with who and until when; an expired claim reads as open).',
      querystring: Type.Object({ status: Type.Optional(Type.Enum([...QA_QUEUE_STATUSES, 'pending'])), agentId: Type.Optional(Id), reason: Type.Optional(Type.Enum(QA_SAMPLE_REASONS)) }),
      response: { 200: Type.Array(QueueItemS), ...errors(400, 401, 403) },
    },
  }, async (req) => qa.queue.list(req.query));

  app.post('/api/qa/queue', {
    config: { roles },
    schema: { tags, summary: '手动加入质检 / put a call segment in the queue by hand', body: SegmentBodyS, response: { 200: QueueItemS, ...errors(400, 401, 403, 404, 409) } },
  }, async (req) => qa.queue.addManual(req.body.segmentId, actorOf(req)));

  app.post('/api/qa/queue/calls', {
    schema: {
      tags, summary: '送质检 / send a call to the QA queue', description: 'Evaluators: every answered agent segment of the call (reason manual). Agents: only their own segments of it (reason agent-request), 404 otherwise. Segments already queued are counted in alreadyQueued. Audited as qa.queue.add.',
      body: Type.Object({ callId: Type.String({ minLength: 1, maxLength: 64 }) }),
      response: { 200: Type.Object({ added: Type.Array(QueueItemS), alreadyQueued: Type.Integer() }), ...errors(400, 401, 403, 404) },
    },
  }, async (req) => qa.queue.sendCall(req.body.callId, actorOf(req)));

  app.post('/api/qa/queue/sample', {
    config: { roles },
    schema: {
      tags, summary: '立即抽检 / run the sampling rules now', description: 'Over the last 8 days (the job runs on QA_SAMPLE_CRON too): every complaint, low-survey, long and callback-task call, plus QA_SAMPLE_PERCENT of each agent\'s calls per week. Idempotent.',
      response: { 200: Type.Object({ added: Type.Integer(), reasons: Type.Record(Type.String(), Type.Integer()) }), ...errors(401, 403) },
    },
  }, async () => qa.sample(new Date(Date.now() - 8 * 24 * 3600_000)));

  app.post('/api/qa/queue/:id/claim', {
    config: { roles },
    schema: {
      tags, summary: '领取并开始评分 / claim a queued call and open its evaluation', description: `The claim lasts QA_CLAIM_MINUTES (${deps.config.qa.claimMinutes} min) and is renewed by each save; 409 when someone else holds it or it was evaluated already.`,
      params: IdParams, response: { 200: EvaluationS, ...errors(401, 403, 404, 409) },
    },
  }, async (req) => qa.evaluations.startFromQueue(req.params.id, actorOf(req)));

  app.post('/api/qa/queue/:id/release', {
    config: { roles },
    schema: { tags, summary: '放弃领取 / give a claim back', params: IdParams, response: { 200: QueueItemS, ...errors(401, 403, 404, 409) } },
  }, async (req) => qa.queue.release(req.params.id, actorOf(req)));

  app.get('/api/qa/segments/:id/context', {
    config: { roles },
    schema: { tags, summary: '通话背景 / the call around a segment (donor masked, IVR path, each agent segment, tasks)', params: IdParams, response: { 200: ContextS, ...errors(401, 403, 404) } },
  }, async (req) => qa.segmentContext(req.params.id, actorOf(req)));
}
