/**
 * Writing a message into the outbox, inside the caller's transaction (sent if and only if the business change
 * commits). Its class comes from the template; a non-service message written in quiet hours waits for the morning;
 * a de-duplication key makes the same message (the survey for donation 345) enqueue once however often its cause
 * repeats — the insert is ignored, not failed, so the business transaction goes on.
 */
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { earliestSend, type QuietHours } from '../../messaging/quiet-hours.js';
import { SMS_TEMPLATE_DEFS, type SmsTemplateKey } from '../../messaging/sms-templates.js';
import { exec, kindOfManager, sqlTime } from '../sql.js';

export interface SmsEnqueue {
  to: string;
  template: SmsTemplateKey;
  payload: Record<string, string | number | null>;
  body: string;
  donorId?: number | null;
  ref?: string | null;
  dedupKey?: string | null;
}

const COLS = 'to_e164, template, payload, body, status, attempts, provider_id, last_error, next_attempt_at, created_at, sent_at, class, donor_id, ref, dedup_key';

function values(msg: SmsEnqueue, now: Date, quiet: QuietHours | null): unknown[] {
  const cls = SMS_TEMPLATE_DEFS[msg.template].class;
  return [msg.to, msg.template, JSON.stringify(msg.payload), msg.body, 'pending', 0, null, null, sqlTime(earliestSend(now, cls, quiet)), sqlTime(now), null,
    cls, msg.donorId ?? null, msg.ref ?? null, msg.dedupKey ?? null];
}

/** Inserts the messages (duplicates by dedup key ignored); returns how many were new. */
export async function enqueueSms(m: EntityManager, msgs: readonly SmsEnqueue[], now: Date, quiet: QuietHours | null): Promise<number> {
  if (!msgs.length) return 0;
  const ignore = kindOfManager(m) === 'sqlite' ? 'INSERT OR IGNORE' : 'INSERT IGNORE';
  let added = 0;
  // a few hundred rows per statement: SQLite's expression-depth limit (STACK.md pitfall 6) and packet sizes
  for (let i = 0; i < msgs.length; i += 200) {
    const part = msgs.slice(i, i + 200);
    const r = await exec(m, `${ignore} INTO sms_outbox (${COLS}) VALUES ${part.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`, part.flatMap((x) => values(x, now, quiet)));
    added += r.affected;
  }
  return added;
}

export const newClaimToken = (): string => randomUUID();
