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
import { exclusive, placeholders, rows } from '../sql.js';
import { chunk, IN_LIST } from './batch-env.js';

/** Points per donation unit (the demo seed uses the same). */
export const POINTS_PER_UNIT = 10;

export async function recomputePoints(ds: DataSource, donorIds: readonly number[]): Promise<number> {
  let changed = 0;
  for (const ids of chunk([...new Set(donorIds)], IN_LIST)) {
    const facts = new Map<number, DonationFact[]>();
    for (const r of await rows<{ donor_id: number; type: DonationType; volume_ml: number | null; units: number | null; outcome: DonationOutcome }>(ds,
      `SELECT donor_id, type, volume_ml, units, outcome FROM donation WHERE donor_id IN (${placeholders(ids.length)})`, ids)) {
      const list = facts.get(Number(r.donor_id)) ?? [];
      list.push({ type: r.type, date: '', outcome: r.outcome, volumeMl: r.volume_ml === null ? null : Number(r.volume_ml), units: r.units === null ? null : Number(r.units) });
      facts.set(Number(r.donor_id), list);
    }
    const current = await rows<{ id: number; points: number }>(ds, `SELECT id, points FROM donor WHERE id IN (${placeholders(ids.length)})`, ids);
    const upd: [number, number][] = [];
    for (const c of current) {
      const pts = donationUnits(facts.get(Number(c.id)) ?? []) * POINTS_PER_UNIT;
      if (Number(c.points) !== pts) upd.push([Number(c.id), pts]);
    }
    if (!upd.length) continue;
    await exclusive(ds, () => ds.query(`UPDATE donor SET points = CASE id ${upd.map(() => 'WHEN ? THEN ?').join(' ')} END WHERE id IN (${placeholders(upd.length)})`,
      [...upd.flat(), ...upd.map(([id]) => id)]));
    changed += upd.length;
  }
  return changed;
}

export function subscribePoints(ds: DataSource, events: IntegrationEvents): () => void {
  return events.on('donation.recorded', async (e) => {
    await recomputePoints(ds, e.donations.map((d) => d.donorId));
  });
}
