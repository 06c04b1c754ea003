/**
 * Brings the points ledger up to the donations already in the database: one 'donation' entry per counting donation
 * that has none yet (source_key donation:<id>, the same points the honours' units give), then every donor's balance
 * (donor.points) recomputed from the ledger. Run by the loyalty migration (existing databases) and the demo seed.
 * Idempotent: a second run adds nothing.
 */
import type { DataSource, QueryRunner } from 'typeorm';
import { DEFAULT_POINTS_RULES, type PointsRules } from '../../loyalty/points-rules.js';

type Runner = Pick<QueryRunner, 'query'> | DataSource;

export async function backfillDonationPoints(q: Runner, kind: 'sqlite' | 'mysql', rules: PointsRules = DEFAULT_POINTS_RULES): Promise<void> {
  const sqlite = kind === 'sqlite';
  const key = sqlite ? "'donation:' || d.id" : "CONCAT('donation:', d.id)";
  const wholeUnits = sqlite ? 'MAX(1, CAST(COALESCE(d.volume_ml, 200) / 200 AS INTEGER))' : 'GREATEST(1, FLOOR(COALESCE(d.volume_ml, 200) / 200))';
  const at = sqlite ? "d.date || ' 00:00:00.000'" : 'CAST(d.date AS DATETIME)';
  await q.query(`INSERT INTO points_entry (donor_id, kind, delta, source_key, reward_id, note, actor_id, at)
    SELECT d.donor_id, 'donation', (CASE WHEN d.type = 'whole-blood' THEN ${wholeUnits} WHEN d.type = 'platelets' THEN COALESCE(d.units, 1) ELSE 1 END) * ?, ${key}, NULL, NULL, NULL, ${at}
    FROM donation d WHERE d.outcome <> 'rejected' AND NOT EXISTS (SELECT 1 FROM points_entry p WHERE p.source_key = ${key})`, [rules.perDonationUnit]);
  await q.query('UPDATE donor SET points = (SELECT COALESCE(SUM(p.delta), 0) FROM points_entry p WHERE p.donor_id = donor.id)');
}
