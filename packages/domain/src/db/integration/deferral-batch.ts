/** A batch of BECS deferrals ("deferred until <date> (reason)") → the deferral table, keyed by becs_key. */
import type { DeferralRecord } from '../../integration/integration.types.js';
import { deferralContent } from '../../integration/record-validation.js';
import { sqlTime } from '../sql.js';
import { qs } from './becs-sql.js';
import { chunk, dbIssue, KEYS_PER_QUERY, live, type BatchEnv, type BatchItem } from './batch-env.js';
import { resolveDonors } from './donation-batch.js';

export async function processDeferrals(items: BatchItem<DeferralRecord>[], env: BatchEnv): Promise<void> {
  const { sql, seen } = env;
  const alive = live(items);
  const donors = await resolveDonors(alive.map((i) => i.record.donorNo), env);
  const batchKeys = new Set<string>();
  const ok: { item: BatchItem<DeferralRecord> & { record: DeferralRecord }; fp: string; donorId: number | null }[] = [];
  for (const item of alive) {
    const r = item.record;
    if (batchKeys.has(r.key) || seen.deferralKeys.has(r.key)) {
      dbIssue(item, 'DUPLICATE_DEFERRAL', r.deferralNo ? 'deferralNo' : 'reason', r.deferralNo ?? r.donorNo, r.deferralNo ?? r.from);
      continue;
    }
    batchKeys.add(r.key);
    const donor = donors.get(r.donorNo);
    if (!donor) {
      dbIssue(item, 'DONOR_NOT_FOUND', 'donorNo', r.deferralNo ?? r.donorNo, r.donorNo);
      continue;
    }
    ok.push({ item, fp: env.pii.fingerprint(deferralContent(r)), donorId: donor.id });
  }
  for (const { item } of ok) env.later.push(() => seen.deferralKeys.set(item.record.key, item.ctx.row));
  if (!ok.length) return;
  const known = new Map<string, { id: number; hash: string | null }>();
  for (const part of chunk(ok, KEYS_PER_QUERY)) {
    const keys = part.map((p) => p.item.record.key);
    for (const r of await sql.all<{ id: number; becs_key: string; becs_hash: string | null }>(`SELECT id, becs_key, becs_hash FROM deferral WHERE becs_key IN (${qs(keys.length)})`, keys)) {
      known.set(String(r.becs_key), { id: Number(r.id), hash: r.becs_hash });
    }
  }
  const now = sqlTime(env.now);
  for (const p of ok) {
    const r = p.item.record;
    const k = known.get(r.key);
    if (k && k.hash === p.fp) {
      p.item.outcome = 'unchanged';
      p.item.id = k.id;
      continue;
    }
    p.item.outcome = k ? 'updated' : 'created';
    if (!env.apply) continue;
    const types = r.types ? JSON.stringify(r.types) : null;
    if (k) {
      await sql.run('UPDATE deferral SET donor_id = ?, from_date = ?, until = ?, reason = ?, types = ?, becs_hash = ? WHERE id = ?', [p.donorId, r.from, r.until, r.reason, types, p.fp, k.id]);
      p.item.id = k.id;
    } else {
      await sql.run('INSERT INTO deferral (donor_id, from_date, until, reason, types, created_at, becs_key, becs_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', [p.donorId, r.from, r.until, r.reason, types, now, r.key, p.fp]);
      const [row] = await sql.all<{ id: number }>('SELECT id FROM deferral WHERE becs_key = ?', [r.key]);
      p.item.id = row ? Number(row.id) : null;
    }
    env.events.deferrals.push({ deferralId: p.item.id!, donorId: p.donorId!, from: r.from, until: r.until, created: !k });
  }
}
