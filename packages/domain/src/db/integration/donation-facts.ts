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
 * `refreshDonationFacts`: one statement per ≤ 500 donors, recomputed from the donation table (ix_donation_donor_date_outcome):
 * correct whatever the change was (insert, correction, outcome changed to rejected, donation moved, deleted).
 * `addDonationFacts`: the cheaper path for donations only INSERTED (ids above every existing one), folded into the
 * stored facts without reading the donation table — what a bulk import does a million times.
 */
import type { DonationFacts } from '../../donations/donation-facts.js';
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

/**
 * Folds the facts of newly inserted donations (per donor, `donationFacts` of the new rows in id order) into the
 * stored facts. Only for donors none of whose other donations changed in the same write (else: refresh).
 * The expressions read only the old values of other columns or give the same result either way (MariaDB's
 * multi-table UPDATE does not promise an assignment order).
 */
export async function addDonationFacts(port: FactsPort, added: ReadonlyMap<number, DonationFacts>): Promise<void> {
  const list = [...added].filter(([, f]) => f.donationCount > 0);
  if (port.kind === 'sqlite') {
    // in-process: one prepared statement per donor (the import's port caches it; named parameters, bound from one
    // object) costs less than building a join
    const one = `UPDATE donor AS d SET
      last_donation_type = CASE WHEN d.last_donation_date IS NULL OR @l >= d.last_donation_date THEN @t ELSE d.last_donation_type END,
      last_donation_date = CASE WHEN d.last_donation_date IS NULL OR @l > d.last_donation_date THEN @l ELSE d.last_donation_date END,
      first_donation_date = CASE WHEN d.first_donation_date IS NULL OR @f < d.first_donation_date THEN @f ELSE d.first_donation_date END,
      donation_count = d.donation_count + @n, platelet_count = d.platelet_count + @pn,
      last_platelet_date = CASE WHEN @pl IS NOT NULL AND (d.last_platelet_date IS NULL OR @pl > d.last_platelet_date) THEN @pl ELSE d.last_platelet_date END
      WHERE d.id = @id`;
    for (const [id, f] of list) await port.run(one, [{ id, n: f.donationCount, f: f.firstDonationDate, l: f.lastDonationDate, t: f.lastDonationType, pn: f.plateletCount, pl: f.lastPlateletDate }]);
    return;
  }
  for (let i = 0; i < list.length; i += FACTS_CHUNK) {
    const part = list.slice(i, i + FACTS_CHUNK);
    const rows = part.map((_, k) => (k === 0 ? 'SELECT ? AS id, ? AS n, ? AS f, ? AS l, ? AS t, ? AS pn, ? AS pl' : 'SELECT ?, ?, ?, ?, ?, ?, ?')).join(' UNION ALL ');
    await port.run(`UPDATE donor d JOIN (${rows}) v ON v.id = d.id SET
      d.last_donation_type = CASE WHEN d.last_donation_date IS NULL OR v.l >= d.last_donation_date THEN v.t ELSE d.last_donation_type END,
      d.last_donation_date = CASE WHEN d.last_donation_date IS NULL OR v.l > d.last_donation_date THEN v.l ELSE d.last_donation_date END,
      d.first_donation_date = CASE WHEN d.first_donation_date IS NULL OR v.f < d.first_donation_date THEN v.f ELSE d.first_donation_date END,
      d.donation_count = d.donation_count + v.n, d.platelet_count = d.platelet_count + v.pn,
      d.last_platelet_date = CASE WHEN v.pl IS NOT NULL AND (d.last_platelet_date IS NULL OR v.pl > d.last_platelet_date) THEN v.pl ELSE d.last_platelet_date END`,
    part.flatMap(([id, f]) => [id, f.donationCount, f.firstDonationDate, f.lastDonationDate, f.lastDonationType, f.plateletCount, f.lastPlateletDate]));
  }
}
