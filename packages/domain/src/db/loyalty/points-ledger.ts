/**
 * The points ledger's writes. Invariant: donor.points = SUM(points_entry.delta) of the donor, kept in the transaction
 * that appends. An entry is keyed by its source event (unique source_key): a repeated event is ignored, never counted
 * twice. Donation points follow the donations: a new donation earns donation:<id>; a corrected one (refused after
 * all, another volume) gets a correcting entry donation:<id>:<n> — the ledger is never rewritten.
 */
import type { DataSource, EntityManager } from 'typeorm';
import type { DonationOutcome, DonationType } from '../../donations/donation.types.js';
import { DEFAULT_POINTS_RULES, donationPoints, type PointsKind, type PointsRules } from '../../loyalty/points-rules.js';
import { exec, kindOfManager, placeholders, rows, sqlTime, withTx } from '../sql.js';

export interface LedgerWrite {
  donorId: number;
  kind: PointsKind;
  delta: number;
  sourceKey: string;
  rewardId?: number | null;
  note?: string | null;
  actorId?: number | null;
}

const COLS = 'donor_id, kind, delta, source_key, reward_id, note, actor_id, at';

/** Appends entries (duplicates by source key ignored) and moves the balances; returns how many were new. */
export async function appendEntries(m: EntityManager, entries: readonly LedgerWrite[], now: Date): Promise<number> {
  if (!entries.length) return 0;
  const ignore = kindOfManager(m) === 'sqlite' ? 'INSERT OR IGNORE' : 'INSERT IGNORE';
  let added = 0;
  const at = sqlTime(now);
  for (let i = 0; i < entries.length; i += 200) {
    const part = entries.slice(i, i + 200);
    const r = await exec(m, `${ignore} INTO points_entry (${COLS}) VALUES ${part.map(() => '(?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
      part.flatMap((e) => [e.donorId, e.kind, e.delta, e.sourceKey, e.rewardId ?? null, e.note ?? null, e.actorId ?? null, at]));
    added += r.affected;
    const donors = [...new Set(part.map((e) => e.donorId))];
    if (r.affected === part.length) {
      // the common case: every entry is new — move each balance by its entries
      const sums = new Map<number, number>();
      for (const e of part) sums.set(e.donorId, (sums.get(e.donorId) ?? 0) + e.delta);
      await exec(m, `UPDATE donor SET points = points + CASE id ${donors.map(() => 'WHEN ? THEN ?').join(' ')} END WHERE id IN (${placeholders(donors.length)})`,
        [...donors.flatMap((d) => [d, sums.get(d)!]), ...donors]);
    } else if (r.affected > 0) {
      // some were there already (a concurrent writer): the balances from the ledger itself
      await exec(m, `UPDATE donor SET points = (SELECT COALESCE(SUM(p.delta), 0) FROM points_entry p WHERE p.donor_id = donor.id) WHERE id IN (${placeholders(donors.length)})`, donors);
    }
  }
  return added;
}

const donationIdOf = (key: string): number => Number(key.split(':')[1]);

/**
 * Values per IN (…) list on the shared pool's connections. MariaDB plans a list of eq_range_index_dive_limit (200)
 * values or more from index statistics, and for a table that a bulk import has just filled those statistics make it
 * scan the whole table: the points of a million-donor import then read all of `donation` for every 500 donors
 * (EXPLAIN: type ALL, 1.2M rows), and the import slowed to ~100 rows/s. Shorter lists are planned by index dives.
 */
export const IN_LIST_MAX = 100;

/** Brings the donation points of these donors in line with their donations; returns the entries appended. */
export async function settleDonationPoints(ds: DataSource, donorIds: readonly number[], now: Date, rules: PointsRules = DEFAULT_POINTS_RULES): Promise<number> {
  const ids = [...new Set(donorIds)];
  let added = 0;
  for (let i = 0; i < ids.length; i += 500) {
    const part = ids.slice(i, i + 500);
    added += await withTx(ds, async (m) => {
      const have = new Map<number, { sum: number; n: number }>();
      const donations: Record<string, unknown>[] = [];
      for (let k = 0; k < part.length; k += IN_LIST_MAX) {
        const few = part.slice(k, k + IN_LIST_MAX);
        for (const r of await rows(m, `SELECT source_key, delta FROM points_entry WHERE kind = 'donation' AND donor_id IN (${placeholders(few.length)})`, few)) {
          const id = donationIdOf(String(r.source_key));
          const h = have.get(id) ?? { sum: 0, n: 0 };
          h.sum += Number(r.delta);
          h.n++;
          have.set(id, h);
        }
        donations.push(...(await rows(m, `SELECT id, donor_id, type, volume_ml, units, outcome FROM donation WHERE donor_id IN (${placeholders(few.length)})`, few)));
      }
      const writes: LedgerWrite[] = [];
      for (const d of donations) {
        const id = Number(d.id);
        const want = donationPoints({ type: d.type as DonationType, date: '', outcome: d.outcome as DonationOutcome, volumeMl: d.volume_ml === null ? null : Number(d.volume_ml), units: d.units === null ? null : Number(d.units) }, rules);
        const h = have.get(id) ?? { sum: 0, n: 0 };
        if (want === h.sum) continue;
        writes.push({ donorId: Number(d.donor_id), kind: 'donation', delta: want - h.sum, sourceKey: h.n ? `donation:${id}:${h.n}` : `donation:${id}`, note: h.n ? '献血记录更正 / donation corrected' : null });
      }
      return appendEntries(m, writes, now);
    });
  }
  return added;
}
