/**
 * Who has an occasion on a day, per rule (the database side of care/care-occasions.ts): SQL narrows the donors
 * (month-day of the birth date, of the first donation; donations in the honour window), the pure rules decide.
 * Audience: 'active' = a counting donation in the 24 months before the day, 'managed' = has an account manager.
 */
import type { DataSource } from 'typeorm';
import { birthdayOccasionOn, donationAnniversaryOn, holidayOccasionOn, honourReached, monthDaysFalling } from '../../care/care-occasions.js';
import type { CareAudience, CareOccasionKind } from '../../care/care.types.js';
import type { DonationFact, DonationType, DonationOutcome } from '../../donations/donation.types.js';
import { donationUnits } from '../../honours/honours.js';
import { addDays, addMonths, type LocalDate } from '../../time/local-date.js';
import { kindOfManager, placeholders, rows } from '../sql.js';

export interface Candidate {
  donorId: number;
  occasionKey: string;
}

/** Days back a donation counts as having "just" reached an honour. */
export const HONOUR_WINDOW_DAYS = 30;

const dayOf = (v: unknown): LocalDate => (v instanceof Date ? v.toISOString() : String(v)).slice(0, 10);

function audienceSql(a: CareAudience): string {
  if (a === 'managed') return ' AND d.account_manager_id IS NOT NULL';
  if (a === 'active') return " AND EXISTS (SELECT 1 FROM donation x WHERE x.donor_id = d.id AND x.outcome <> 'rejected' AND x.date > ? AND x.date <= ?)";
  return '';
}
const audienceParams = (a: CareAudience, day: LocalDate): LocalDate[] => (a === 'active' ? [addMonths(day, -24), day] : []);

export async function occasionCandidates(ds: DataSource, occasion: CareOccasionKind, day: LocalDate, audience: CareAudience): Promise<Candidate[]> {
  const mysql = kindOfManager(ds) === 'mysql';
  const md = (col: string): string => (mysql ? `DATE_FORMAT(${col}, '%m-%d')` : `substr(${col}, 6, 5)`);
  const mds = monthDaysFalling(day);
  const aud = audienceSql(audience);
  const audP = audienceParams(audience, day);
  switch (occasion) {
    case 'birthday': {
      const list = await rows(ds, `SELECT d.id, d.birth_date FROM donor d WHERE d.birth_date IS NOT NULL AND ${md('d.birth_date')} IN (${placeholders(mds.length)})${aud}`, [...mds, ...audP]);
      return list.flatMap((r) => {
        const key = birthdayOccasionOn(dayOf(r.birth_date), day);
        return key ? [{ donorId: Number(r.id), occasionKey: key }] : [];
      });
    }
    case 'spring-festival':
    case 'mid-autumn':
    case 'blood-donor-day': {
      const key = holidayOccasionOn(occasion, day);
      if (!key) return [];
      const list = await rows(ds, `SELECT d.id FROM donor d WHERE 1 = 1${aud}`, audP);
      return list.map((r) => ({ donorId: Number(r.id), occasionKey: key }));
    }
    case 'donation-anniversary': {
      const list = await rows(ds, `SELECT d.id, f.first FROM donor d JOIN (SELECT donor_id, MIN(date) AS first FROM donation WHERE outcome <> 'rejected' GROUP BY donor_id) f ON f.donor_id = d.id
        WHERE ${md('f.first')} IN (${placeholders(mds.length)})${aud}`, [...mds, ...audP]);
      return list.flatMap((r) => {
        const a = donationAnniversaryOn(dayOf(r.first), day);
        return a ? [{ donorId: Number(r.id), occasionKey: a.key }] : [];
      });
    }
    case 'honour-reached': {
      const from = addDays(day, -HONOUR_WINDOW_DAYS);
      const recent = await rows(ds, `SELECT DISTINCT d.id FROM donor d JOIN donation n ON n.donor_id = d.id WHERE n.outcome <> 'rejected' AND n.date > ? AND n.date <= ?${aud}`, [from, day, ...audP]);
      const ids = recent.map((r) => Number(r.id));
      const out: Candidate[] = [];
      for (let i = 0; i < ids.length; i += 500) {
        const part = ids.slice(i, i + 500);
        const facts = new Map<number, { before: DonationFact[]; all: DonationFact[] }>();
        for (const r of await rows(ds, `SELECT donor_id, type, date, volume_ml, units, outcome FROM donation WHERE donor_id IN (${placeholders(part.length)}) AND date <= ?`, [...part, day])) {
          const f: DonationFact = { type: r.type as DonationType, date: dayOf(r.date), outcome: r.outcome as DonationOutcome, volumeMl: r.volume_ml === null ? null : Number(r.volume_ml), units: r.units === null ? null : Number(r.units) };
          const e = facts.get(Number(r.donor_id)) ?? { before: [], all: [] };
          e.all.push(f);
          if (f.date <= from) e.before.push(f);
          facts.set(Number(r.donor_id), e);
        }
        for (const [donorId, e] of facts) {
          const h = honourReached(donationUnits(e.before), donationUnits(e.all));
          if (h) out.push({ donorId, occasionKey: h.key });
        }
      }
      return out;
    }
  }
}
