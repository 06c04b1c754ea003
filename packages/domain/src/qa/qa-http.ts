/** The QA routes in the one HTTP contract (contracts/http.ts merges this table into HttpApi). */
import type { CalibrationSpread } from './calibration.js';
import type { QaSendCallResult, QaAnswers, QaCalibrationDto, QaCallContextDto, QaEvaluationDto, QaEvaluationStatus, QaFormDefinition, QaFormDto, QaQueueItemDto, QaQueueStatus, QaSampleReason } from './qa.types.js';

export interface QaDraftBody {
  answers?: QaAnswers;
  summary?: string | null;
}

export interface QaHttpApi {
  'GET /api/qa/forms': { query: { all?: boolean }; reply: QaFormDto[] };
  'GET /api/qa/forms/:id': { params: { id: number }; reply: QaFormDto };
  'POST /api/qa/forms': { body: { code: string; name: string; definition: QaFormDefinition }; reply: QaFormDto };
  'GET /api/qa/queue': { query: { status?: QaQueueStatus | 'pending'; agentId?: number; reason?: QaSampleReason }; reply: QaQueueItemDto[] };
  'POST /api/qa/queue': { body: { segmentId: number }; reply: QaQueueItemDto };
  'POST /api/qa/queue/calls': { body: { callId: string }; reply: QaSendCallResult };
  'POST /api/qa/queue/sample': { reply: { added: number; reasons: Record<string, number> } };
  'POST /api/qa/queue/:id/claim': { params: { id: number }; reply: QaEvaluationDto };
  'POST /api/qa/queue/:id/release': { params: { id: number }; reply: QaQueueItemDto };
  'GET /api/qa/segments/:id/context': { params: { id: number }; reply: QaCallContextDto };
  'GET /api/qa/evaluations': { query: { scope?: 'mine' | 'all'; status?: QaEvaluationStatus; agentId?: number; evaluatorId?: number; kind?: 'regular' | 'calibration' }; reply: QaEvaluationDto[] };
  'GET /api/qa/evaluations/:id': { params: { id: number }; reply: QaEvaluationDto };
  'GET /api/qa/evaluations/:id/context': { params: { id: number }; reply: QaCallContextDto };
  'PATCH /api/qa/evaluations/:id': { params: { id: number }; body: QaDraftBody; reply: QaEvaluationDto };
  'POST /api/qa/evaluations/:id/submit': { params: { id: number }; body: QaDraftBody; reply: QaEvaluationDto };
  'POST /api/qa/evaluations/:id/comments': { params: { id: number }; body: { atSeconds: number; body: string }; reply: QaEvaluationDto };
  'DELETE /api/qa/evaluations/:id/comments/:commentId': { params: { id: number; commentId: number }; reply: QaEvaluationDto };
  'POST /api/qa/evaluations/:id/acknowledge': { params: { id: number }; body: { comment?: string | null }; reply: QaEvaluationDto };
  'POST /api/qa/evaluations/:id/dispute': { params: { id: number }; body: { comment: string }; reply: QaEvaluationDto };
  'POST /api/qa/evaluations/:id/resolve': { params: { id: number }; body: { resolution: string; score?: number | null }; reply: QaEvaluationDto };
  'GET /api/qa/calibrations': { reply: QaCalibrationDto[] };
  'POST /api/qa/calibrations': { body: { segmentId: number; title?: string }; reply: QaCalibrationDto };
  'GET /api/qa/calibrations/:id': { params: { id: number }; reply: QaCalibrationDto };
  'POST /api/qa/calibrations/:id/join': { params: { id: number }; reply: QaEvaluationDto };
}

export type { CalibrationSpread };
