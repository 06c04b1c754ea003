/**
 * Keeps the donor row's donation facts (donation_count, first/last_donation_date, last_donation_type,
 * platelet_count, last_platelet_date — donations/donation-facts.ts) equal to the donor's donations.
 *
 * THE RULE: whoever writes, moves or deletes a donation calls `refreshDonationFacts` for every donor it touched
 * (the old and the new donor of a moved donation), in the same transaction. Writers today: the BECS file import
 * and the ingest API (donation-batch.ts), the demo seed (computes the same facts in JS as it writes the rows:
 * seed-demo-data.ts), the test builder buildDonation (testing/builders.ts) and the backfill migration
 * 1766400000000. A future writer (e.g. a donation recorded at a site, a points or care room) must do the same.
 *
 * One statement per ≤ 500 donors, recomputed from the donation table (ix_donation_donor_date): correct whatever
 * the change was (insert, correction, outcome changed to rejected, donation moved, deleted).
 */
import type { DbKind } from '../data-source.js';

export interface FactsPort {
  kind: DbKind;
  run(sql: string, params: unknown[]): Promise<unknown>;
}

const COUNTED = "x.donor_id = d.id AND x.outcome <> 'rejected'";
const LAST_TYPE = `(SELECT x.type FROM donation x WHERE ${COUNTED} ORDER BY x.date DESC, x.id DESC LIMIT 1)`;
const AGG = "COUNT(*), MIN(x.date), MAX(x.date), COUNT(CASE WHEN x.type = 'platelets' THEN 1 END), MAX(CASE WHEN x.type = 'platelets' THEN x.date END)";

/** The UPDATE for donors matching `where` (over `d`; `?` params given twice on MySQL: derived table + outer). */
function statement(kind: DbKind, where: string, inner: string): string {
  if (kind === 'sqlite') {
    return `UPDATE donor AS d SET (donation_count, first_donation_date, last_donation_date, platelet_count, last_platelet_date) = (SELECT ${AGG} FROM donation x WHERE ${COUNTED}),
      last_donation_type = ${LAST_TYPE} WHERE ${where}`;
  }
  return `UPDATE donor d LEFT JOIN (SELECT x.donor_id, COUNT(*) AS n, MIN(x.date) AS f, MAX(x.date) AS l,
      COUNT(CASE WHEN x.type = 'platelets' THEN 1 END) AS pn, MAX(CASE WHEN x.type = 'platelets' THEN x.date END) AS pl
      FROM donation x WHERE x.outcome <> 'rejected' AND ${inner} GROUP BY x.donor_id) a ON a.donor_id = d.id
    SET d.donation_count = COALESCE(a.n, 0), d.first_donation_date = a.f, d.last_donation_date = a.l, d.platelet_count = COALESCE(a.pn, 0),
      d.last_platelet_date = a.pl, d.last_donation_type = ${LAST_TYPE} WHERE ${where}`;
}

export const FACTS_CHUNK = 500;

/** Recomputes the facts of these donors (ids; duplicates and nulls ignored). */
export async function refreshDonationFacts(port: FactsPort, donorIds: Iterable<number | null | undefined>): Promise<void> {
  const ids = [...new Set([...donorIds].filter((x): x is number => typeof x === 'number' && x > 0))].sort((a, b) => a - b);
  for (let i = 0; i < ids.length; i += FACTS_CHUNK) {
    const part = ids.slice(i, i + FACTS_CHUNK);
    const list = part.map(() => '?').join(', ');
    if (port.kind === 'sqlite') await port.run(statement('sqlite', `d.id IN (${list})`, ''), part);
    else await port.run(statement(port.kind, `d.id IN (${list})`, `x.donor_id IN (${list})`), [...part, ...part]);
  }
}

/** Recomputes the facts of the donors with ids in [from, to] (the backfill, by ranges). */
export async function refreshDonationFactsRange(port: FactsPort, from: number, to: number): Promise<void> {
  if (port.kind === 'sqlite') await port.run(statement('sqlite', 'd.id BETWEEN ? AND ?', ''), [from, to]);
  else await port.run(statement(port.kind, 'd.id BETWEEN ? AND ?', 'x.donor_id BETWEEN ? AND ?'), [from, to, from, to]);
}
