/**
 * Replies from donors' phones. Each reply is stored once (unique per provider sequence: a gateway that pushes
 * again is harmless), matched to the donor by number and to the conversation (the last message we sent to that
 * number in the past 7 days), and acted on in the same transaction:
 *   TD/退订            → the number is opted out of every non-service SMS, platform-wide
 *   1–5 / 满意 / 不满意 to a survey → a survey response; unsatisfied (≤ 2 or 不满意) → a callback task routed to the
 *                        donor's account manager (else the pool), due per the work rules (24 h, `callback:sms`)
 *   anything else     → a task for a person to read and answer (kind consultation, source sms)
 * A reply (other than TD) to a recruitment invitation also turns its attempt into 'sms-replied' (not a failure).
 */
import type { DataSource } from 'typeorm';
import { maskPhone } from '../../donors/masking.js';
import { parseReply, type SmsReplyIntent } from '../../messaging/sms-reply.js';
import { DEFAULT_WORK_RULES, type WorkRules } from '../../work-queue/work.types.js';
import { writeAudit } from '../services/audit.service.js';
import { insertTicket } from '../services/ticket.service.js';
import { exec, kindOfManager, rows, sqlTime, withTx } from '../sql.js';

export interface InboundSms {
  /** E.164 (+8613800138000). */
  from: string;
  content: string;
  provider: string;
  /** The provider's sequence id for this reply (de-duplication). */
  seq: string;
  at: Date;
}

export interface InboundResult {
  id: number;
  duplicate: boolean;
  donorId: number | null;
  intent: SmsReplyIntent['kind'];
  ticketId: number | null;
  surveyId: number | null;
  optedOut: boolean;
}

const CONVERSATION_DAYS = 7;

export class SmsInboundService {
  constructor(
    private readonly ds: DataSource,
    private readonly deps: { findDonorIdsByPhone: (e164: string) => Promise<number[]>; clock?: () => Date; work?: WorkRules; onTasks?: (ids: number[]) => void },
  ) {}

  async receive(s: InboundSms): Promise<InboundResult> {
    const content = s.content.slice(0, 1000);
    const intent = parseReply(content);
    const candidates = await this.deps.findDonorIdsByPhone(s.from);
    const now = this.deps.clock?.() ?? new Date();
    const out = await withTx(this.ds, async (m) => {
      const ignore = kindOfManager(m) === 'sqlite' ? 'INSERT OR IGNORE' : 'INSERT IGNORE';
      const ins = await exec(m, `${ignore} INTO sms_inbound (from_e164, content, received_at, provider, provider_seq, intent) VALUES (?, ?, ?, ?, ?, ?)`,
        [s.from, content, sqlTime(s.at), s.provider, s.seq.slice(0, 64), intent.kind]);
      if (!ins.affected) {
        const [d] = await rows(m, 'SELECT id, donor_id, intent, ticket_id, survey_id FROM sms_inbound WHERE provider = ? AND provider_seq = ?', [s.provider, s.seq.slice(0, 64)]);
        return { id: Number(d?.id), duplicate: true, donorId: d?.donor_id == null ? null : Number(d.donor_id), intent: String(d?.intent ?? intent.kind) as InboundResult['intent'], ticketId: d?.ticket_id == null ? null : Number(d.ticket_id), surveyId: d?.survey_id == null ? null : Number(d.survey_id), optedOut: false };
      }
      const id = ins.insertId;
      const since = sqlTime(now.getTime() - CONVERSATION_DAYS * 86_400_000);
      const [conv] = await rows(m, "SELECT id, template, donor_id FROM sms_outbox WHERE to_e164 = ? AND created_at >= ? AND status NOT IN ('suppressed') ORDER BY id DESC LIMIT 1", [s.from, since]);
      // the donor the conversation was with, else the only donor on that number; a shared number without a
      // conversation stays unmatched (a person decides)
      const convDonor = conv?.donor_id == null ? null : Number(conv.donor_id);
      const donorId = convDonor !== null && candidates.includes(convDonor) ? convDonor : candidates.length === 1 ? candidates[0]! : null;
      let ticketId: number | null = null;
      let surveyId: number | null = null;
      let optedOut = false;
      const rules = this.deps.work ?? DEFAULT_WORK_RULES;
      const survey = conv?.template === 'survey';
      if (intent.kind === 'opt-out') {
        const r = await exec(m, `${ignore} INTO sms_opt_out (e164, at, source, inbound_id) VALUES (?, ?, 'reply', ?)`, [s.from, sqlTime(now), id]);
        optedOut = r.affected > 0;
        await writeAudit(m, { actorId: null, action: 'sms.opt-out', subjectType: 'phone', subjectId: maskPhone(s.from), detail: { inboundId: id, donorId }, at: now });
      } else if (survey && (intent.kind === 'score' || intent.kind === 'verdict')) {
        const score = intent.kind === 'score' ? intent.score : null;
        if (!intent.satisfied) {
          ticketId = await insertTicket(m, {
            donorId, kind: 'callback', source: 'sms', priority: 'high', callerE164: donorId === null ? s.from : undefined,
            subject: score !== null ? `短信满意度回访：评分${score}` : '短信满意度回访：不满意',
            body: `献血后满意度短信回复「${content}」，请在24小时内回访并记录结果。`,
          }, null, now, rules);
        }
        const r = await exec(m, 'INSERT INTO survey_response (donor_id, call_id, channel, score, text, ticket_id, at) VALUES (?, NULL, ?, ?, ?, ?, ?)', [donorId, 'sms', score, content, ticketId, sqlTime(now)]);
        surveyId = r.insertId;
      } else {
        ticketId = await insertTicket(m, {
          donorId, kind: 'consultation', source: 'sms', priority: donorId === null ? 'low' : 'normal', callerE164: donorId === null ? s.from : undefined,
          subject: `短信回复：${content.replace(/\s+/g, ' ').slice(0, 40)}`, body: `献血者短信回复：${content}`,
        }, null, now, rules);
      }
      if (conv && donorId !== null && intent.kind !== 'opt-out') {
        // a reply to a recruitment invitation (SMS campaigns) is not a failed attempt for the contact policy
        await exec(m, "UPDATE contact_attempt SET outcome = 'sms-replied' WHERE donor_id = ? AND call_id = ? AND outcome = 'sms-sent'", [donorId, `sms:${String(conv.id)}`]);
      }
      await exec(m, 'UPDATE sms_inbound SET donor_id = ?, outbox_id = ?, score = ?, ticket_id = ?, survey_id = ? WHERE id = ?',
        [donorId, conv?.id ?? null, intent.kind === 'score' ? intent.score : null, ticketId, surveyId, id]);
      return { id, duplicate: false, donorId, intent: intent.kind, ticketId, surveyId, optedOut };
    });
    if (out.ticketId !== null && !out.duplicate) this.deps.onTasks?.([out.ticketId]);
    return out;
  }
}
