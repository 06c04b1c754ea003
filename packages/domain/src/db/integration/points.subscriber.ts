/**
 * Honours and points follow the donations: on `donation.recorded` the donors' donation units are recounted with the
 * pure honours rule (donationUnits: 200 ml whole blood = 1, one platelet therapeutic unit = 1) and donor.points is
 * set to units × POINTS_PER_UNIT, in one multi-row UPDATE per batch, only for donors whose points change. Honour
 * levels are computed on read from the donations, so they follow at once.
 */
import type { DataSource } from 'typeorm';
import type { DonationFact, DonationOutcome, DonationType } from '../../donations/donation.types.js';
import { donationUnits } from '../../honours/honours.js';
import type { IntegrationEvents } from '../../integration/integration-events.js';
import { BecsSql, qs } from './becs-sql.js';
import { chunk, KEYS_PER_QUERY } from './batch-env.js';

/** Points per donation unit (the demo seed uses the same). */
export const POINTS_PER_UNIT = 10;

export async function recomputePoints(ds: DataSource, donorIds: readonly number[]): Promise<number> {
  // the import's own SQL port: statements prepared once (SQLite), one connection that plans IN lists by index dives
  // (MySQL) — a million-donation import recounts its donors a few thousand at a time
  const sql = new BecsSql(ds);
  let changed = 0;
  try {
    for (const ids of chunk([...new Set(donorIds)], KEYS_PER_QUERY)) {
      const facts = new Map<number, DonationFact[]>();
      for (const r of await sql.all<{ donor_id: number; type: DonationType; volume_ml: number | null; units: number | null; outcome: DonationOutcome }>(
        `SELECT donor_id, type, volume_ml, units, outcome FROM donation WHERE donor_id IN (${qs(ids.length)})`, ids)) {
        const list = facts.get(Number(r.donor_id)) ?? [];
        list.push({ type: r.type, date: '', outcome: r.outcome, volumeMl: r.volume_ml === null ? null : Number(r.volume_ml), units: r.units === null ? null : Number(r.units) });
        facts.set(Number(r.donor_id), list);
      }
      const current = await sql.all<{ id: number; points: number }>(`SELECT id, points FROM donor WHERE id IN (${qs(ids.length)})`, ids);
      const upd: [number, number][] = [];
      for (const c of current) {
        const pts = donationUnits(facts.get(Number(c.id)) ?? []) * POINTS_PER_UNIT;
        if (Number(c.points) !== pts) upd.push([Number(c.id), pts]);
      }
      if (!upd.length) continue;
      await sql.tx(() => sql.run(`UPDATE donor SET points = CASE id ${upd.map(() => 'WHEN ? THEN ?').join(' ')} END WHERE id IN (${qs(upd.length)})`,
        [...upd.flat(), ...upd.map(([id]) => id)]));
      changed += upd.length;
    }
  } finally {
    sql.release();
  }
  return changed;
}

export function subscribePoints(ds: DataSource, events: IntegrationEvents): () => void {
  return events.on('donation.recorded', async (e) => {
    await recomputePoints(ds, e.donations.map((d) => d.donorId));
  });
}
