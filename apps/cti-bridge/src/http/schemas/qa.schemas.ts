/** Shapes of the QA routes (documentation; the domain's qa.types.ts are the types). */
import { Type } from '@fastify/type-provider-typebox';
import { QA_EVALUATION_KINDS, QA_EVALUATION_STATUSES, QA_QUEUE_STATUSES, QA_SAMPLE_REASONS } from '@donorline/domain';
import { Id, Instant, Nullable } from './common.schemas.js';

const Person = Nullable(Type.Object({ id: Type.Integer(), displayName: Type.String() }));
const FormRef = Type.Object({ id: Type.Integer(), code: Type.String(), version: Type.Integer(), name: Type.String() });
export const AnswerS = Type.Union([Type.Literal('yes'), Type.Literal('no'), Type.Literal('na'), Type.Integer({ minimum: 1, maximum: 5 })]);
export const AnswersS = Type.Record(Type.String({ maxLength: 40 }), AnswerS, { description: 'question key → yes | no | na | 1–5' });

const QuestionS = Type.Object({
  key: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,39}$' }), text: Type.String({ minLength: 1, maxLength: 300 }), guidance: Type.Optional(Type.String({ maxLength: 500 })),
  type: Type.Enum(['yes-no', 'scale']), weight: Type.Number({ exclusiveMinimum: 0, maximum: 100 }), critical: Type.Optional(Type.Boolean()), allowNa: Type.Optional(Type.Boolean()),
});
export const FormDefinitionS = Type.Object({
  sections: Type.Array(Type.Object({ key: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,39}$' }), title: Type.String({ minLength: 1, maxLength: 120 }), questions: Type.Array(QuestionS, { minItems: 1, maxItems: 50 }) }), { minItems: 1, maxItems: 20 }),
});
export const FormS = Type.Object({ id: Type.Integer(), code: Type.String(), version: Type.Integer(), name: Type.String(), active: Type.Boolean(), definition: FormDefinitionS, createdAt: Instant, inUse: Type.Integer({ description: 'evaluations scored on this version (in use: saving adds a version)' }) });

export const QueueItemS = Type.Object({
  id: Type.Integer(), segmentId: Type.Integer(), callId: Type.String(), agent: Person, queue: Nullable(Type.String()), startedAt: Instant, talkSeconds: Type.Integer(),
  reasons: Type.Array(Type.Enum(QA_SAMPLE_REASONS)), status: Type.Enum(QA_QUEUE_STATUSES), claimedBy: Person, claimExpiresAt: Nullable(Instant),
  evaluationId: Nullable(Type.Integer()), callerMasked: Nullable(Type.String({ description: 'masked (138****8000)' })),
});

const CommentS = Type.Object({ id: Type.Integer(), atSeconds: Type.Number({ description: 'seconds into the recording' }), body: Type.String(), author: Person, createdAt: Instant });
export const EvaluationS = Type.Object({
  id: Type.Integer(), kind: Type.Enum(QA_EVALUATION_KINDS), calibrationId: Nullable(Type.Integer()), segmentId: Type.Integer(), callId: Type.String(),
  agent: Person, evaluator: Person, form: FormRef, status: Type.Enum(QA_EVALUATION_STATUSES), score: Nullable(Type.Number()), criticalFailed: Type.Boolean(),
  answers: AnswersS, summary: Nullable(Type.String()), createdAt: Instant, submittedAt: Nullable(Instant), acknowledgedAt: Nullable(Instant),
  disputeComment: Nullable(Type.String()), disputedAt: Nullable(Instant), resolution: Nullable(Type.String()), resolvedBy: Person, resolvedAt: Nullable(Instant),
  originalScore: Nullable(Type.Number()), comments: Type.Array(CommentS),
});

export const ContextS = Type.Object({
  callId: Type.String(), direction: Nullable(Type.String()), startedAt: Nullable(Instant), callerMasked: Nullable(Type.String()),
  donor: Nullable(Type.Object({ id: Type.Integer(), name: Type.String() })), queue: Nullable(Type.String()), ivrPath: Type.Array(Type.String()),
  segments: Type.Array(Type.Object({ id: Type.Integer(), agent: Person, ext: Type.String(), startedAt: Instant, talkSeconds: Type.Integer(), holdSeconds: Type.Integer(), endReason: Nullable(Type.String()), disposition: Nullable(Type.String()), notes: Nullable(Type.String()) })),
  tasks: Type.Array(Type.Object({ id: Type.Integer(), kind: Type.String(), status: Type.String(), subject: Type.String() })),
  surveys: Type.Array(Type.Object({ score: Nullable(Type.Integer()), channel: Type.String(), at: Instant })),
  recordings: Type.Array(Type.Object({ id: Type.Integer(), segmentId: Nullable(Type.Integer()), durationSeconds: Type.Integer() })),
});

export const CalibrationS = Type.Object({
  id: Type.Integer(), segmentId: Type.Integer(), callId: Type.String(), agent: Person, form: FormRef, title: Type.String(), createdAt: Instant,
  evaluations: Type.Array(Type.Object({ id: Type.Integer(), evaluator: Person, status: Type.Enum(QA_EVALUATION_STATUSES), score: Nullable(Type.Number()), answers: AnswersS })),
  spread: Type.Object({
    count: Type.Integer(), mean: Nullable(Type.Number()), stdDev: Nullable(Type.Number()), variance: Nullable(Type.Number()), min: Nullable(Type.Number()), max: Nullable(Type.Number()),
    range: Nullable(Type.Number()), disagreements: Type.Array(Type.String()),
  }),
});

export const DraftBodyS = Type.Object({ answers: Type.Optional(AnswersS), summary: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))) });
export const SegmentBodyS = Type.Object({ segmentId: Id });
