/**
 * What the invitation policy (sms-campaign/invitation-policy.ts) needs for many donors at once: the care loader's facts
 * (do-not-call, SMS consent, open complaints, the mobile and its TD opt-out) plus the recruitment consent and the
 * recruitment attempts of every campaign and channel (enough history to replay the suppression rule).
 */
import type { DataSource, EntityManager } from 'typeorm';
import type { InvitationFacts } from '../../sms-campaign/invitation-policy.js';
import type { AttemptOutcome } from '../../tickets/ticket.types.js';
import { loadCareFacts } from '../care/care-facts.js';
import { asBool, placeholders, rows, sqlTime, toDate } from '../sql.js';

export interface InvitationDonorFacts extends InvitationFacts {
  name: string;
}

/** Suppression replays the last window plus the suppression period: three years of attempts is more than enough. */
const HISTORY_MS = 3 * 366 * 86_400_000;

export async function loadInvitationFacts(m: DataSource | EntityManager, donorIds: readonly number[], now: Date): Promise<Map<number, InvitationDonorFacts>> {
  const base = await loadCareFacts(m, donorIds);
  const out = new Map<number, InvitationDonorFacts>();
  const ids = [...base.keys()];
  for (let i = 0; i < ids.length; i += 400) {
    const part = ids.slice(i, i + 400);
    const consent = await rows(m, `SELECT id, consent_recruitment FROM donor WHERE id IN (${placeholders(part.length)})`, part);
    const attempts = await rows(m, `SELECT donor_id, at, outcome FROM contact_attempt WHERE donor_id IN (${placeholders(part.length)}) AND purpose = 'recruitment' AND at >= ? ORDER BY at, id`,
      [...part, sqlTime(now.getTime() - HISTORY_MS)]);
    for (const r of consent) {
      const id = Number(r.id);
      const f = base.get(id)!;
      out.set(id, {
        name: f.name, doNotCall: f.doNotCall, recruitmentConsent: asBool(r.consent_recruitment), smsConsent: f.consentSms, openComplaints: f.openComplaints,
        mobile: f.mobile, optedOut: f.optedOut,
        attempts: attempts.filter((a) => Number(a.donor_id) === id).map((a) => ({ at: toDate(a.at)!.getTime(), outcome: a.outcome as AttemptOutcome })),
      });
    }
  }
  return out;
}
