/**
 * Quality evaluations (质检, issue 15): forms of sections and weighted questions, evaluations of one agent's part of
 * a call (call_segment), the QA queue filled by sampling rules, comments pinned to a second of the recording,
 * acknowledge/dispute by the agent, calibration. Wire and DB values are lowercase literals.
 */
import type { CalibrationSpread } from './calibration.js';

/** yes-no: 是/否 (and 不适用 when the question allows it); scale: 1–5 (5 best). */
export const QA_ANSWER_TYPES = ['yes-no', 'scale'] as const;
export type QaAnswerType = (typeof QA_ANSWER_TYPES)[number];

export type QaAnswer = 'yes' | 'no' | 'na' | 1 | 2 | 3 | 4 | 5;
export type QaAnswers = Record<string, QaAnswer>;

export interface QaQuestion {
  /** Stable within a form (kebab): answers are keyed by it. */
  key: string;
  text: string;
  /** Shown to evaluators: what "yes" looks like. */
  guidance?: string;
  type: QaAnswerType;
  /** Points this question is worth (> 0); a section's weight is the sum of its questions'. */
  weight: number;
  /** A "no" on a critical item zeroes the whole evaluation (致命项). yes-no questions only. */
  critical?: boolean;
  /** The evaluator may answer 不适用 (N/A): the question then leaves the total. */
  allowNa?: boolean;
}

export interface QaSection {
  key: string;
  title: string;
  questions: QaQuestion[];
}

export interface QaFormDefinition {
  sections: QaSection[];
}

/** A stored form version: evaluations keep the id of the version they were scored on. */
export interface QaFormDto {
  id: number;
  code: string;
  version: number;
  name: string;
  active: boolean;
  definition: QaFormDefinition;
  createdAt: string;
  /** Evaluations scored on this version: an in-use version is never edited, saving adds a new version. */
  inUse: number;
}

export interface QaSectionScore {
  key: string;
  points: number;
  max: number;
  /** 0–100, null when every question was N/A. */
  score: number | null;
}

export interface QaScore {
  /** 0–100 with one decimal; 0 when a critical item failed; null when nothing scoreable was answered. */
  score: number | null;
  points: number;
  max: number;
  criticalFailed: string[];
  sections: QaSectionScore[];
  /** Questions not answered yet (a draft may be incomplete; submitting may not). */
  missing: string[];
}

/** Why a call segment was put in the QA queue. */
/** manual: an evaluator queued it (送质检); agent-request: the agent asked for a review of their own call. */
export const QA_SAMPLE_REASONS = ['random', 'complaint', 'low-survey', 'long-call', 'callback-task', 'manual', 'agent-request'] as const;
export type QaSampleReason = (typeof QA_SAMPLE_REASONS)[number];

export const QA_QUEUE_STATUSES = ['open', 'claimed', 'done', 'skipped'] as const;
export type QaQueueStatus = (typeof QA_QUEUE_STATUSES)[number];

/**
 * draft (the evaluator is still scoring) → submitted (the agent sees it) → acknowledged | disputed → resolved
 * (a QA lead upheld or changed the score).
 */
export const QA_EVALUATION_STATUSES = ['draft', 'submitted', 'acknowledged', 'disputed', 'resolved'] as const;
export type QaEvaluationStatus = (typeof QA_EVALUATION_STATUSES)[number];

export const QA_EVALUATION_KINDS = ['regular', 'calibration'] as const;
export type QaEvaluationKind = (typeof QA_EVALUATION_KINDS)[number];

export interface QaPerson {
  id: number;
  displayName: string;
}

export interface QaQueueItemDto {
  id: number;
  segmentId: number;
  callId: string;
  agent: QaPerson | null;
  queue: string | null;
  startedAt: string;
  talkSeconds: number;
  reasons: QaSampleReason[];
  status: QaQueueStatus;
  claimedBy: QaPerson | null;
  claimExpiresAt: string | null;
  evaluationId: number | null;
  callerMasked: string | null;
}

export interface QaCommentDto {
  id: number;
  atSeconds: number;
  body: string;
  author: QaPerson | null;
  createdAt: string;
}

export interface QaEvaluationDto {
  id: number;
  kind: QaEvaluationKind;
  calibrationId: number | null;
  segmentId: number;
  callId: string;
  agent: QaPerson | null;
  evaluator: QaPerson | null;
  form: { id: number; code: string; version: number; name: string };
  status: QaEvaluationStatus;
  score: number | null;
  criticalFailed: boolean;
  answers: QaAnswers;
  summary: string | null;
  createdAt: string;
  submittedAt: string | null;
  acknowledgedAt: string | null;
  /** The agent's comment: the reason of a dispute, or the optional note of an acknowledgement. */
  disputeComment: string | null;
  disputedAt: string | null;
  resolution: string | null;
  resolvedBy: QaPerson | null;
  resolvedAt: string | null;
  /** The score before the lead changed it on resolving a dispute (null when upheld or not resolved). */
  originalScore: number | null;
  comments: QaCommentDto[];
}

/** The call around a segment, for the scoring screen: donor masked, the IVR path, each agent's disposition, tasks. */
export interface QaCallContextDto {
  callId: string;
  direction: string | null;
  startedAt: string | null;
  callerMasked: string | null;
  donor: { id: number; name: string } | null;
  queue: string | null;
  ivrPath: string[];
  segments: { id: number; agent: QaPerson | null; ext: string; startedAt: string; talkSeconds: number; holdSeconds: number; endReason: string | null; disposition: string | null; notes: string | null }[];
  tasks: { id: number; kind: string; status: string; subject: string }[];
  surveys: { score: number | null; channel: string; at: string }[];
  recordings: { id: number; segmentId: number | null; durationSeconds: number }[];
}

export interface QaCalibrationDto {
  id: number;
  segmentId: number;
  callId: string;
  agent: QaPerson | null;
  form: { id: number; code: string; version: number; name: string };
  title: string;
  createdAt: string;
  evaluations: { id: number; evaluator: QaPerson | null; status: QaEvaluationStatus; score: number | null; answers: QaAnswers }[];
  /** Over submitted evaluations only. */
  spread: CalibrationSpread;
}

/**
 * Socket `qa:published` to the evaluated agent's own desk (room user:<id>) when an evaluation of their call is
 * submitted or a dispute of theirs is resolved. Ids, the score and the status only: the desk fetches the rest.
 */
export interface QaPublishedEvent {
  evaluationId: number;
  status: 'submitted' | 'resolved';
  score: number | null;
  at: string;
}

/** POST /api/qa/queue/calls: put the agent segments of one call in the QA queue (送质检). */
export interface QaSendCallResult {
  added: QaQueueItemDto[];
  /** Segments of the call already in the queue (not queued twice). */
  alreadyQueued: number;
}
