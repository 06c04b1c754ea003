import type { DataSource, EntityManager } from 'typeorm';
import { LIST_CODE_PATTERN } from '../../admin/desk-lists.js';
import type { BuiltinDisposition } from '../../calls/call.types.js';
import type { DispositionSubmit } from '../../contracts/dto.js';
import { DomainError } from '../../errors.js';
import { assertFreeText, TEXT_FIELDS } from '../../text/free-text.js';
import type { ContactCategory } from '../../tickets/ticket.types.js';
import { asBool, exec, rows, sqlTime, withTx } from '../sql.js';
import { segmentOfAgent } from './call-segment.service.js';
import type { ActorId } from './mappers.js';
import { insertTicket } from './ticket.service.js';

/** Built-in dispositions' contact categories; one an administrator added files as 'other'. */
const DISPOSITION_TO_CATEGORY: Readonly<Record<BuiltinDisposition, ContactCategory>> = {
  consultation: 'consultation', booking: 'booking', reschedule: 'reschedule', eligibility: 'eligibility', reimbursement: 'reimbursement',
  complaint: 'complaint', suggestion: 'suggestion', recall: 'recall', care: 'care', 'survey-callback': 'survey-callback',
  recruitment: 'recruitment', 'wrong-number': 'other', other: 'other',
};

/** The segment a wrap-up belongs to: the actor's own; else (oversight, a legacy call) the call's agent's. */
async function wrapUpSegment(m: EntityManager, linkedid: string, actorId: ActorId, callAgentId: number | null): Promise<{ id: number; agentId: number | null } | null> {
  if (actorId !== null) {
    const own = await segmentOfAgent(m, linkedid, actorId);
    if (own) return { id: own.id, agentId: actorId };
  }
  if (callAgentId !== null) {
    const theirs = await segmentOfAgent(m, linkedid, callAgentId);
    if (theirs) return { id: theirs.id, agentId: callAgentId };
  }
  return null;
}

/**
 * An agent's wrap-up, in one transaction: the disposition and note on THEIR segment of the call, their own contact
 * record (one per segment; a re-submit updates it), an optional follow-up ticket. A colleague who took the call
 * over writes their own segment and contact record and never overwrites this one. The call record shows the first
 * segment's wrap-up (the call's summary line); a call without segments (recorded before them) keeps one per call.
 */
export async function saveWrapUp(ds: DataSource, linkedid: string, s: DispositionSubmit, actorId: ActorId, now: Date): Promise<void> {
  if (typeof s.disposition !== 'string' || !new RegExp(LIST_CODE_PATTERN).test(s.disposition)) throw new DomainError('VALIDATION_FAILED', `invalid disposition ${String(s.disposition)}`);
  if (s.notes && s.notes.length > 4000) throw new DomainError('VALIDATION_FAILED', 'notes too long (≤ 4000)');
  assertFreeText(s.notes, TEXT_FIELDS.dispositionNotes);
  if (s.followUp && !s.followUp.subject?.trim()) throw new DomainError('VALIDATION_FAILED', '跟进工单需要标题 / follow-up needs a subject');
  await withTx(ds, async (m) => {
    const [c] = await rows(m, 'SELECT id, donor_id, agent_id, disposition FROM call_record WHERE linkedid = ?', [linkedid]);
    if (!c) throw new DomainError('NOT_FOUND', `通话记录不存在 / call ${linkedid} not found`);
    // the list is data: a code must be an enabled disposition (re-saving a call's own, since disabled, code is fine)
    if (c.disposition !== s.disposition) {
      const [item] = await rows(m, "SELECT active FROM desk_list_item WHERE list = 'disposition' AND code = ?", [s.disposition]);
      if (!item || !asBool(item.active)) throw new DomainError('VALIDATION_FAILED', `来电类型 ${s.disposition} 不存在或已停用 / disposition ${s.disposition} is unknown or disabled`);
    }
    const donorId = s.donorId !== undefined && s.donorId !== null ? s.donorId : (c.donor_id as number | null);
    if (donorId !== null && donorId !== undefined) {
      const [d] = await rows(m, 'SELECT id FROM donor WHERE id = ?', [donorId]);
      if (!d) throw new DomainError('NOT_FOUND', `献血者不存在 / donor ${donorId} not found`);
    }
    const at = sqlTime(now);
    const callAgentId = c.agent_id === null || c.agent_id === undefined ? null : Number(c.agent_id);
    const seg = await wrapUpSegment(m, linkedid, actorId, callAgentId);
    const agentId = seg?.agentId ?? actorId ?? callAgentId;
    const category = DISPOSITION_TO_CATEGORY[s.disposition as BuiltinDisposition] ?? 'other';
    if (seg) {
      await exec(m, 'UPDATE call_segment SET disposition = ?, notes = ?, updated_at = ? WHERE id = ?', [s.disposition, s.notes ?? null, at, seg.id]);
      const [first] = await rows(m, `SELECT disposition, notes FROM call_segment WHERE linkedid = ? AND disposition IS NOT NULL
        ORDER BY COALESCE(answered_at, started_at), id LIMIT 1`, [linkedid]);
      await exec(m, 'UPDATE call_record SET disposition = ?, notes = ?, donor_id = COALESCE(?, donor_id), version = version + 1, updated_at = ? WHERE id = ?', [
        first!.disposition, first!.notes ?? null, donorId ?? null, at, c.id,
      ]);
    } else {
      await exec(m, 'UPDATE call_record SET disposition = ?, notes = ?, donor_id = COALESCE(?, donor_id), version = version + 1, updated_at = ? WHERE id = ?', [
        s.disposition, s.notes ?? null, donorId ?? null, at, c.id,
      ]);
    }
    const [existing] = seg
      ? await rows(m, `SELECT id FROM contact_record WHERE call_segment_id = ?
          UNION ALL SELECT id FROM contact_record WHERE call_id = ? AND channel = 'call' AND call_segment_id IS NULL AND agent_id = ?`, [seg.id, linkedid, agentId])
      : await rows(m, "SELECT id FROM contact_record WHERE call_id = ? AND channel = 'call' AND call_segment_id IS NULL", [linkedid]);
    if (existing) {
      await exec(m, 'UPDATE contact_record SET donor_id = ?, category = ?, notes = ?, outcome = ?, agent_id = COALESCE(?, agent_id), call_segment_id = COALESCE(?, call_segment_id) WHERE id = ?', [
        donorId ?? null, category, s.notes ?? '', s.disposition, agentId, seg?.id ?? null, existing.id,
      ]);
    } else {
      await exec(m, "INSERT INTO contact_record (donor_id, call_id, call_segment_id, channel, category, notes, outcome, agent_id, at) VALUES (?, ?, ?, 'call', ?, ?, ?, ?, ?)", [
        donorId ?? null, linkedid, seg?.id ?? null, category, s.notes ?? '', s.disposition, agentId, at,
      ]);
    }
    if (s.followUp) {
      await insertTicket(m, { donorId: donorId ?? null, kind: s.followUp.kind, subject: s.followUp.subject, body: s.notes ?? undefined, dueAt: s.followUp.dueAt ?? null, ownerId: agentId, callId: linkedid, source: 'follow-up' }, actorId, now);
    }
  });
}
