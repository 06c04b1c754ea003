import type { DataSource } from 'typeorm';
import type { SurveyDto } from '../../contracts/dto.js';
import { DomainError } from '../../errors.js';
import { SURVEY_CHANNELS, type SurveyChannel } from '../../tickets/ticket.types.js';
import { exec, iso, rows, sqlTime, withTx } from '../sql.js';
import { insertTicket } from './ticket.service.js';
import { DEFAULT_WORK_RULES, type WorkRules } from '../../work-queue/work.types.js';

export interface SurveySubmit {
  channel: SurveyChannel;
  score: number | null;
  text?: string | null;
  callId?: string | null;
  donorId?: number | null;
}

/** Highest score that counts as unsatisfied: every unsatisfied reply gets a personal callback (seed 001). */
export const UNSATISFIED_MAX_SCORE = 2;

/** Satisfaction survey replies (1–5); a score ≤ 2 opens a callback ticket in the same transaction. */
export class SurveyService {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: () => Date = () => new Date(),
    private readonly work: WorkRules = DEFAULT_WORK_RULES,
  ) {}

  async record(s: SurveySubmit): Promise<SurveyDto & { callbackTicketId: number | null }> {
    if (!SURVEY_CHANNELS.includes(s.channel)) throw new DomainError('VALIDATION_FAILED', `invalid channel ${String(s.channel)}`);
    if (s.score !== null && (!Number.isInteger(s.score) || s.score < 1 || s.score > 5)) throw new DomainError('VALIDATION_FAILED', '评分须为1-5 / score must be 1–5');
    const out = await withTx(this.ds, async (m) => {
      let donorId = s.donorId ?? null;
      if (donorId === null && s.callId) {
        const [c] = await rows(m, 'SELECT donor_id FROM call_record WHERE linkedid = ?', [s.callId]);
        donorId = c?.donor_id === null || c?.donor_id === undefined ? null : Number(c.donor_id);
      }
      let ticketId: number | null = null;
      if (s.score !== null && s.score <= UNSATISFIED_MAX_SCORE) {
        ticketId = await insertTicket(m, {
          donorId, kind: 'callback', subject: `满意度回访：评分${s.score}`, body: s.text ?? `${s.channel === 'ivr' ? '通话后语音' : '短信'}满意度调查评分${s.score}，请尽快回访。`,
          callId: s.callId ?? null, source: 'survey', priority: 'high',
        }, null, this.clock(), this.work);
      }
      const r = await exec(m, 'INSERT INTO survey_response (donor_id, call_id, channel, score, text, ticket_id, at) VALUES (?, ?, ?, ?, ?, ?, ?)', [
        donorId, s.callId ?? null, s.channel, s.score, s.text ?? null, ticketId, sqlTime(this.clock()),
      ]);
      return { id: r.insertId, ticketId };
    });
    const [r] = await rows(this.ds, 'SELECT id, at, channel, score, text, call_id FROM survey_response WHERE id = ?', [out.id]);
    return { id: out.id, at: iso(r!.at)!, channel: s.channel, score: s.score, text: s.text ?? null, callId: s.callId ?? null, callbackTicketId: out.ticketId };
  }
}
