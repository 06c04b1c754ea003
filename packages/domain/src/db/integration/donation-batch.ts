/**
 * A batch of BECS donations → the donation table, keyed by becs_donation_no. The donor must exist (in the database,
 * or — in a dry run — earlier in the same file); a donation before the donor's birth or a number seen twice in one
 * file is rejected; an unchanged row is skipped; a corrected row updates (also when it moves to another donor).
 */
import type { DonationRecord } from '../../integration/integration.types.js';
import { donationBeforeBirth, donationContent } from '../../integration/record-validation.js';
import { contentHash } from '../../integration/seen-map.js';
import { sqlTime } from '../sql.js';
import { qs } from './becs-sql.js';
import { addDonationFacts, refreshDonationFacts } from './donation-facts.js';
import { donationFacts } from '../../donations/donation-facts.js';
import { rowHashOf } from './row-skip.js';
import { chunk, dbIssue, KEYS_PER_QUERY, fromEpochDays, live, lookupKnown, siteKey, type BatchEnv, type BatchItem } from './batch-env.js';

export interface DonorRef {
  id: number | null;
  birth: string | null;
}

/** Donor numbers → ids and birth dates: the database first, then donors new earlier in this file (dry run). */
export async function resolveDonors(nos: string[], env: BatchEnv): Promise<Map<string, DonorRef>> {
  const out = new Map<string, DonorRef>();
  for (const part of chunk([...new Set(nos)], KEYS_PER_QUERY)) {
    for (const r of await env.sql.all<{ id: number; becs_donor_no: string; birth_date: unknown }>(`SELECT id, becs_donor_no, birth_date FROM donor WHERE becs_donor_no IN (${qs(part.length)})`, part)) {
      const birth = r.birth_date instanceof Date ? r.birth_date.toISOString().slice(0, 10) : r.birth_date ? String(r.birth_date).slice(0, 10) : null;
      out.set(String(r.becs_donor_no), { id: Number(r.id), birth });
    }
  }
  for (const no of nos) {
    if (out.has(no)) continue;
    const days = env.seen.donorNos.get(no);
    if (days !== undefined) out.set(no, { id: null, birth: fromEpochDays(days) });
  }
  return out;
}

export async function processDonations(items: BatchItem<DonationRecord>[], env: BatchEnv): Promise<void> {
  const { sql, seen } = env;
  const batchNos = new Set<string>();
  const ok: { item: BatchItem<DonationRecord> & { record: DonationRecord }; fp: string; donor: DonorRef }[] = [];
  const alive = live(items);
  const donors = await resolveDonors(alive.map((i) => i.record.donorNo), env);
  for (const item of alive) {
    const r = item.record;
    if (batchNos.has(r.donationNo) || seen.donationNos.has(r.donationNo)) {
      dbIssue(item, 'DUPLICATE_DONATION_NO', 'donationNo', r.donationNo, r.donationNo);
      continue;
    }
    batchNos.add(r.donationNo);
    const donor = donors.get(r.donorNo);
    if (!donor) {
      dbIssue(item, 'DONOR_NOT_FOUND', 'donorNo', r.donationNo, r.donorNo);
      continue;
    }
    const before = donationBeforeBirth(r, donor.birth, item.ctx);
    if (before) {
      item.dbIssues.push(before);
      item.outcome = 'rejected';
      continue;
    }
    if (r.site && !env.sites.has(siteKey(r.site))) dbIssue(item, 'UNKNOWN_SITE', 'site', r.donationNo, r.site.slice(0, 40));
    ok.push({ item, fp: contentHash(donationContent(r)), donor });
  }
  for (const { item } of ok) env.later.push(() => seen.donationNos.set(item.record.donationNo, item.ctx.row));
  if (!ok.length) return;

  const known = await lookupKnown(ok.map((p) => p.item.record.donationNo), env.known, async (nos) =>
    (await sql.all<{ id: number; becs_donation_no: string; becs_hash: string | null }>(`SELECT id, becs_donation_no, becs_hash FROM donation WHERE becs_donation_no IN (${qs(nos.length)})`, nos))
      .map((r) => [String(r.becs_donation_no), { id: Number(r.id), hash: r.becs_hash }]));
  const inserts: typeof ok = [];
  const updates: (typeof ok[number] & { id: number })[] = [];
  for (const p of ok) {
    const k = known.get(p.item.record.donationNo);
    if (k && k.hash === p.fp) {
      p.item.outcome = 'unchanged';
      p.item.id = k.id;
    } else if (k) {
      p.item.outcome = 'updated';
      updates.push({ ...p, id: k.id });
    } else {
      p.item.outcome = 'created';
      inserts.push(p);
    }
  }
  if (!env.apply) return;
  const now = sqlTime(env.now);
  const siteOf = (r: DonationRecord): number | null => (r.site ? env.sites.get(siteKey(r.site)) ?? null : null);
  for (const part of chunk(inserts, 500)) {
    const params: unknown[] = [];
    for (const p of part) {
      const r = p.item.record;
      params.push(p.donor.id, siteOf(r), r.type, r.date, r.volumeMl, r.units, r.outcome, now, r.donationNo, p.fp, rowHashOf(p.item));
    }
    const newIds = await sql.insertMany(`INSERT INTO donation (donor_id, site_id, type, date, volume_ml, units, outcome, created_at, becs_donation_no, becs_hash, becs_row_hash) VALUES ${Array.from({ length: part.length }, () => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`, params, part.length);
    const nos = part.map((p) => p.item.record.donationNo);
    const ids = newIds ? new Map(nos.map((no, i) => [no, newIds[i]!])) : new Map((await sql.all<{ id: number; becs_donation_no: string }>(`SELECT id, becs_donation_no FROM donation WHERE becs_donation_no IN (${qs(nos.length)})`, nos)).map((r) => [String(r.becs_donation_no), Number(r.id)]));
    for (const p of part) {
      const r = p.item.record;
      p.item.id = ids.get(r.donationNo) ?? null;
      env.events.donations.push({ donationId: p.item.id!, donorId: p.donor.id!, type: r.type, date: r.date, outcome: r.outcome, created: true });
    }
  }
  // the donor rows' donation facts (donation-facts.ts): both donors of a corrected or moved donation are recomputed;
  // donors that only gained new donations get them folded in (no read of the donation table)
  const touched = new Set<number>();
  if (updates.length) {
    for (const part of chunk(updates.map((u) => u.id), KEYS_PER_QUERY)) {
      for (const r of await sql.all<{ donor_id: number }>(`SELECT donor_id FROM donation WHERE id IN (${qs(part.length)})`, part)) touched.add(Number(r.donor_id));
    }
  }
  for (const p of updates) {
    const r = p.item.record;
    touched.add(p.donor.id!);
    await sql.run('UPDATE donation SET donor_id = ?, site_id = ?, type = ?, date = ?, volume_ml = ?, units = ?, outcome = ?, becs_hash = ?, becs_row_hash = ? WHERE id = ?',
      [p.donor.id, siteOf(r), r.type, r.date, r.volumeMl, r.units, r.outcome, p.fp, rowHashOf(p.item), p.id]);
    p.item.id = p.id;
    env.events.donations.push({ donationId: p.id, donorId: p.donor.id!, type: r.type, date: r.date, outcome: r.outcome, created: false });
  }
  await refreshDonationFacts(sql, touched);
  const added = new Map<number, DonationRecord[]>();
  for (const p of inserts) {
    const id = p.donor.id!;
    if (touched.has(id)) continue;
    const list = added.get(id);
    if (list) list.push(p.item.record);
    else added.set(id, [p.item.record]);
  }
  await addDonationFacts(sql, new Map([...added].map(([id, list]) => [id, donationFacts(list)])));
}
