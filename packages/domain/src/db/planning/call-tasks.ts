/**
 * "One click turns the list into calls": until the CRM campaigns exist (issue 13), the ranked list becomes callback
 * tasks in the work queue (source 'planner'). Each donor is checked against the contact policy again at this moment
 * (recruitment, voice — the list may be old); blocked donors are reported, not tasked. insertTicket routes a task to
 * the donor's account manager when there is one, else to the team's pool. One task per donor and target day
 * (dedup key), so a second click adds nobody twice. All or nothing for the tasks that are written.
 */
import type { DataSource } from 'typeorm';
import type { Actor } from '../../access/actor.js';
import { decideContact, type ContactBlockReason } from '../../contact-policy/contact-policy.js';
import type { BloodType } from '../../donors/donor.types.js';
import { DomainError } from '../../errors.js';
import { isPlanGroup } from '../../planning/planning.types.js';
import { isLocalDate, type LocalDate } from '../../time/local-date.js';
import { DEFAULT_WORK_RULES, type WorkRules } from '../../work-queue/work.types.js';
import type { ContactPolicyService } from '../services/contact-policy.service.js';
import { insertTicket } from '../services/ticket.service.js';
import { placeholders, rows, withTx } from '../sql.js';

export interface CallTasksInput {
  donorIds: number[];
  targetDay: LocalDate;
  group: BloodType;
  emergency?: boolean;
  /** Why each donor is listed, shown in the task body (from the ranked list). */
  reasons?: Record<number, string>;
}

export interface CallTasksResult {
  created: { donorId: number; taskId: number }[];
  skipped: { donorId: number; reason: 'already-tasked' | ContactBlockReason | 'not-found' }[];
}

export function dedupKey(donorId: number, targetDay: LocalDate): string {
  return `planner:${donorId}:${targetDay}`;
}

export async function createCallTasks(ds: DataSource, contactPolicy: ContactPolicyService, input: CallTasksInput, actor: Actor, now: Date, rules: WorkRules = DEFAULT_WORK_RULES): Promise<CallTasksResult> {
  const ids = [...new Set(input.donorIds)];
  if (!ids.length || ids.length > 500 || ids.some((i) => !Number.isInteger(i) || i <= 0)) throw new DomainError('VALIDATION_FAILED', '请选择 1–500 位献血者 / choose 1–500 donors', { field: 'donorIds' });
  if (!isLocalDate(input.targetDay)) throw new DomainError('VALIDATION_FAILED', `目标日期无效 / invalid target day ${String(input.targetDay)}`, { field: 'targetDay' });
  if (!isPlanGroup(input.group)) throw new DomainError('VALIDATION_FAILED', `未知血型 ${String(input.group)} / unknown blood group`, { field: 'group' });
  const result: CallTasksResult = { created: [], skipped: [] };
  const known = new Set((await rows(ds, `SELECT id FROM donor WHERE id IN (${placeholders(ids.length)})`, ids)).map((r) => Number(r.id)));
  const tasked = new Set((await rows(ds, `SELECT dedup_key FROM ticket WHERE dedup_key IN (${placeholders(ids.length)})`, ids.map((i) => dedupKey(i, input.targetDay)))).map((r) => String(r.dedup_key)));
  const todo: number[] = [];
  for (const id of ids) {
    if (!known.has(id)) { result.skipped.push({ donorId: id, reason: 'not-found' }); continue; }
    if (tasked.has(dedupKey(id, input.targetDay))) { result.skipped.push({ donorId: id, reason: 'already-tasked' }); continue; }
    const f = await contactPolicy.facts(id, now);
    const d = decideContact({ now, purpose: 'recruitment', medium: 'voice', ...f }, contactPolicy.rules);
    const block = d.reasons.find((r) => r !== 'outside-hours'); // the task is worked within hours
    if (block) { result.skipped.push({ donorId: id, reason: block }); continue; }
    todo.push(id);
  }
  // no explicit owner: insertTicket routes to the donor's account manager or the pool, which any role may open
  await withTx(ds, async (m) => {
    for (const donorId of todo) {
      const taskId = await insertTicket(m, {
        kind: 'callback', source: 'planner', priority: input.emergency ? 'urgent' : 'high', donorId,
        subject: `血小板招募 ${input.group} · ${input.targetDay}${input.emergency ? '（紧急）' : ''} / platelet recruitment ${input.group} for ${input.targetDay}${input.emergency ? ' (emergency)' : ''}`,
        body: input.reasons?.[donorId], dedupKey: dedupKey(donorId, input.targetDay),
      }, actor, now, rules);
      result.created.push({ donorId, taskId });
    }
  });
  return result;
}
