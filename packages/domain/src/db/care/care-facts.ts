/** What the care exclusions need for many donors at once (care/care-exclusion.ts), a few hundred per query. */
import type { DataSource, EntityManager } from 'typeorm';
import type { CareFacts } from '../../care/care-exclusion.js';
import { asBool, placeholders, rows } from '../sql.js';

export interface CareDonorFacts extends CareFacts {
  name: string;
}

export async function loadCareFacts(m: DataSource | EntityManager, donorIds: readonly number[]): Promise<Map<number, CareDonorFacts>> {
  const out = new Map<number, CareDonorFacts>();
  const ids = [...new Set(donorIds)];
  for (let i = 0; i < ids.length; i += 400) {
    const part = ids.slice(i, i + 400);
    const list = await rows(m, `SELECT d.id, d.name, d.do_not_call, d.consent_sms, d.account_manager_id, u.active AS manager_active,
        (SELECT p.e164 FROM donor_phone p WHERE p.donor_id = d.id AND p.kind = 'mobile' ORDER BY p.is_primary DESC, p.id LIMIT 1) AS mobile,
        (SELECT COUNT(*) FROM ticket t WHERE t.donor_id = d.id AND t.kind = 'complaint' AND t.status IN ('new', 'assigned', 'in-progress')) AS complaints
      FROM donor d LEFT JOIN app_user u ON u.id = d.account_manager_id WHERE d.id IN (${placeholders(part.length)})`, part);
    const mobiles = list.map((r) => r.mobile).filter((x): x is string => typeof x === 'string');
    const opted = new Set(mobiles.length ? (await rows(m, `SELECT e164 FROM sms_opt_out WHERE e164 IN (${placeholders(mobiles.length)})`, mobiles)).map((r) => String(r.e164)) : []);
    for (const r of list) {
      const mobile = typeof r.mobile === 'string' ? r.mobile : null;
      out.set(Number(r.id), {
        name: String(r.name), doNotCall: asBool(r.do_not_call), consentSms: asBool(r.consent_sms), openComplaints: Number(r.complaints), mobile,
        optedOut: mobile !== null && opted.has(mobile), managerId: r.account_manager_id === null || r.account_manager_id === undefined ? null : Number(r.account_manager_id),
        managerActive: asBool(r.manager_active),
      });
    }
  }
  return out;
}
