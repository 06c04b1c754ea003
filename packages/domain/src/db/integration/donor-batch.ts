/**
 * A batch of BECS donors → the donor and donor_phone tables, keyed by becs_donor_no:
 *  - same fingerprint as last time → unchanged, nothing written (a re-imported file costs one indexed read per batch);
 *  - known number, new content → updated (values the BECS leaves empty never erase what is on file; imported phones
 *    that disappeared from the BECS are removed, phones linked in the desk are kept);
 *  - new number → created, unless the person is already on file: the same national ID (HMAC) or the same
 *    phone + name + birth date under ANOTHER BECS number is reported (DUPLICATE_DONOR, becs_duplicate) and not
 *    merged; a donor created in the desk without a BECS number is adopted (it gets the number).
 */
import type { DonorRecord } from '../../integration/integration.types.js';
import { donorContent } from '../../integration/record-validation.js';
import { b, sqlTime } from '../sql.js';
import { qs, tuples } from './becs-sql.js';
import { rowHashOf } from './row-skip.js';
import { chunk, dbIssue, KEYS_PER_QUERY, epochDays, live, lookupKnown, type BatchEnv, type BatchItem } from './batch-env.js';

interface Plan {
  item: BatchItem<DonorRecord> & { record: DonorRecord };
  fp: string;
  nidHash: string | null;
  /** The donor row to update (known number or adopted desk donor); null = insert. */
  targetId: number | null;
  adopt: boolean;
}

const personKeys = (r: DonorRecord): string[] => (r.birthDate ? r.phones.map((p) => `${p.e164}|${r.name}|${r.birthDate}`) : []);

export async function processDonors(items: BatchItem<DonorRecord>[], env: BatchEnv): Promise<void> {
  const { sql, pii, seen } = env;
  const batchNos = new Map<string, number>();
  const candidates: Plan[] = [];
  for (const item of live(items)) {
    const no = item.record.donorNo;
    const firstRow = batchNos.get(no) ?? seen.donorNos.get(no);
    if (firstRow !== undefined || batchNos.has(no)) {
      dbIssue(item, 'DUPLICATE_DONOR_NO', 'donorNo', no, no);
      continue;
    }
    batchNos.set(no, item.ctx.row);
    candidates.push({ item, fp: pii.fingerprint(donorContent(item.record)), nidHash: null, targetId: null, adopt: false });
  }
  if (!candidates.length) return;

  const known = await lookupKnown(candidates.map((p) => p.item.record.donorNo), env.known, async (nos) =>
    (await sql.all<{ id: number; becs_donor_no: string; becs_hash: string | null }>(`SELECT id, becs_donor_no, becs_hash FROM donor WHERE becs_donor_no IN (${qs(nos.length)})`, nos))
      .map((r) => [String(r.becs_donor_no), { id: Number(r.id), hash: r.becs_hash }]));
  const changed: Plan[] = [];
  for (const p of candidates) {
    const k = known.get(p.item.record.donorNo);
    if (k && k.hash === p.fp) {
      p.item.outcome = 'unchanged';
      p.item.id = k.id;
    } else {
      p.targetId = k?.id ?? null;
      p.nidHash = p.item.record.nationalId ? pii.hash(p.item.record.nationalId) : null;
      changed.push(p);
    }
  }
  if (changed.length) await findSamePerson(changed, env);
  const go = changed.filter((p) => p.item.outcome !== 'rejected');
  for (const p of go) p.item.outcome = p.targetId !== null ? 'updated' : 'created';
  if (env.apply && go.length) await write(go, env);

  for (const p of candidates) {
    if (p.item.outcome === 'rejected') continue;
    const r = p.item.record;
    env.later.push(() => {
      seen.donorNos.set(r.donorNo, epochDays(r.birthDate));
      if (p.nidHash) seen.nids.set(p.nidHash, p.item.ctx.row);
      for (const k of personKeys(r)) seen.people.set(k, p.item.ctx.row);
    });
  }
}

/** The same person under another number: in this file (earlier rows) or in the database. */
async function findSamePerson(plans: Plan[], env: BatchEnv): Promise<void> {
  const { sql, seen } = env;
  const inBatchNid = new Map<string, number>();
  const inBatchPerson = new Map<string, number>();
  for (const p of plans) {
    const r = p.item.record;
    const nidRow = p.nidHash ? inBatchNid.get(p.nidHash) ?? seen.nids.get(p.nidHash) : undefined;
    const personRow = personKeys(r).map((k) => inBatchPerson.get(k) ?? seen.people.get(k)).find((x) => x !== undefined);
    const row = nidRow ?? personRow;
    if (row !== undefined) {
      dbIssue(p.item, 'DUPLICATE_DONOR', nidRow !== undefined ? 'nationalId' : 'mobile', r.donorNo, r.donorNo, { zh: `与本文件第 ${row} 行是同一人`, en: `the same person as row ${row} of this file` });
      continue;
    }
    if (p.nidHash) inBatchNid.set(p.nidHash, p.item.ctx.row);
    for (const k of personKeys(r)) inBatchPerson.set(k, p.item.ctx.row);
  }
  const open = plans.filter((p) => p.item.outcome !== 'rejected');
  const byNid = new Map<string, { id: number; no: string | null }[]>();
  const hashes = [...new Set(open.map((p) => p.nidHash).filter((h): h is string => !!h))];
  for (const part of chunk(hashes, KEYS_PER_QUERY)) {
    for (const r of await sql.all<{ id: number; becs_donor_no: string | null; national_id_hash: string }>(`SELECT id, becs_donor_no, national_id_hash FROM donor WHERE national_id_hash IN (${qs(part.length)})`, part)) {
      const list = byNid.get(r.national_id_hash) ?? [];
      list.push({ id: Number(r.id), no: r.becs_donor_no ?? null });
      byNid.set(r.national_id_hash, list);
    }
  }
  const byPerson = new Map<string, { id: number; no: string | null }[]>();
  const phones = [...new Set(open.flatMap((p) => (p.item.record.birthDate ? p.item.record.phones.map((x) => x.e164) : [])))];
  for (const part of chunk(phones, KEYS_PER_QUERY)) {
    const rows = await sql.all<{ e164: string; id: number; name: string; birth_date: unknown; becs_donor_no: string | null }>(
      `SELECT p.e164, d.id, d.name, d.birth_date, d.becs_donor_no FROM donor_phone p JOIN donor d ON d.id = p.donor_id WHERE p.e164 IN (${qs(part.length)})`, part);
    for (const r of rows) {
      const birth = r.birth_date instanceof Date ? r.birth_date.toISOString().slice(0, 10) : r.birth_date ? String(r.birth_date).slice(0, 10) : '';
      const k = `${r.e164}|${r.name}|${birth}`;
      const list = byPerson.get(k) ?? [];
      list.push({ id: Number(r.id), no: r.becs_donor_no ?? null });
      byPerson.set(k, list);
    }
  }
  for (const p of open) {
    const r = p.item.record;
    const matches: { id: number; no: string | null; reason: 'national-id' | 'phone-name-birth' }[] = [
      ...(p.nidHash ? byNid.get(p.nidHash) ?? [] : []).map((m) => ({ ...m, reason: 'national-id' as const })),
      ...personKeys(r).flatMap((k) => byPerson.get(k) ?? []).map((m) => ({ ...m, reason: 'phone-name-birth' as const })),
    ].filter((m) => m.id !== p.targetId && m.no !== r.donorNo);
    const other = matches.find((m) => m.no !== null);
    if (other) {
      dbIssue(p.item, 'DUPLICATE_DONOR', other.reason === 'national-id' ? 'nationalId' : 'mobile', r.donorNo, r.donorNo,
        { zh: `已存在献血者编号 ${other.no}`, en: `already on file as donor number ${other.no}` });
      if (env.apply) await reportDuplicate(env, r.donorNo, other.id, other.no, other.reason);
      continue;
    }
    const deskDonor = matches.find((m) => m.no === null);
    if (deskDonor && p.targetId === null) {
      p.targetId = deskDonor.id;
      p.adopt = true;
    }
  }
}

async function reportDuplicate(env: BatchEnv, becsDonorNo: string, existingId: number, existingNo: string | null, reason: string): Promise<void> {
  const now = sqlTime(env.now);
  const n = await env.sql.run('UPDATE becs_duplicate SET last_seen_at = ?, times = times + 1 WHERE becs_donor_no = ? AND existing_donor_id = ?', [now, becsDonorNo, existingId]);
  if (!n) {
    await env.sql.run('INSERT INTO becs_duplicate (becs_donor_no, existing_donor_id, existing_becs_donor_no, reason, job_id, api_key_id, first_seen_at, last_seen_at, times) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1)', [
      becsDonorNo, existingId, existingNo, reason, env.source.jobId, env.source.apiKeyId, now, now,
    ]);
  }
}

async function write(plans: Plan[], env: BatchEnv): Promise<void> {
  const { sql, pii } = env;
  const now = sqlTime(env.now);
  const inserts = plans.filter((p) => p.targetId === null);
  for (const part of chunk(inserts, 400)) {
    const params: unknown[] = [];
    for (const p of part) {
      const r = p.item.record;
      const nid = r.nationalId ? pii.protectNationalId(r.nationalId, p.nidHash ?? undefined) : null;
      params.push(r.name, r.gender, r.birthDate, nid?.hash ?? null, nid?.last4 ?? null, nid?.masked ?? null, nid?.cipher ?? null, r.abo, r.rh, r.address, now, now, r.donorNo, p.fp, rowHashOf(p.item));
    }
    const newIds = await sql.insertMany(
      `INSERT INTO donor (name, gender, birth_date, national_id_hash, national_id_last4, national_id_masked, national_id_cipher, blood_abo, blood_rh,
         occupation, segment, tags, media_source, consent_recruitment, consent_sms, consent_health_data, do_not_call, had_adverse_reaction, weight_kg,
         account_manager_id, points, address, notes, created_at, updated_at, becs_donor_no, becs_hash, becs_row_hash)
       VALUES ${Array.from({ length: part.length }, () => "(?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, '[]', NULL, 0, 0, 0, 0, 0, NULL, NULL, 0, ?, NULL, ?, ?, ?, ?, ?)").join(', ')}`, params, part.length);
    const nos = part.map((p) => p.item.record.donorNo);
    const ids = newIds ? new Map(nos.map((no, i) => [no, newIds[i]!])) : new Map((await sql.all<{ id: number; becs_donor_no: string }>(`SELECT id, becs_donor_no FROM donor WHERE becs_donor_no IN (${qs(nos.length)})`, nos)).map((r) => [String(r.becs_donor_no), Number(r.id)]));
    const phoneRows: unknown[] = [];
    let nPhones = 0;
    for (const p of part) {
      p.item.id = ids.get(p.item.record.donorNo) ?? null;
      p.item.record.phones.forEach((ph, i) => {
        phoneRows.push(p.item.id, ph.e164, ph.kind, b(i === 0), now);
        nPhones++;
        env.events.phones.add(ph.e164);
      });
      env.events.donors.push({ donorId: p.item.id!, created: true });
    }
    for (const rows of chunk(Array.from({ length: nPhones }, (_, i) => i), 800)) {
      const params = rows.flatMap((i) => phoneRows.slice(i * 5, i * 5 + 5));
      await sql.run(`INSERT INTO donor_phone (donor_id, e164, kind, label, is_primary, created_at, source) VALUES ${Array.from({ length: rows.length }, () => "(?, ?, ?, NULL, ?, ?, 'becs')").join(', ')}`, params);
    }
  }
  const updates = plans.filter((p) => p.targetId !== null);
  if (!updates.length) return;
  const ids = updates.map((p) => p.targetId!);
  const current = new Map<number, { e164: string; source: string | null; id: number }[]>();
  for (const part of chunk(ids, KEYS_PER_QUERY)) {
    for (const r of await sql.all<{ id: number; donor_id: number; e164: string; source: string | null }>(`SELECT id, donor_id, e164, source FROM donor_phone WHERE donor_id IN (${qs(part.length)})`, part)) {
      const list = current.get(Number(r.donor_id)) ?? [];
      list.push({ id: Number(r.id), e164: r.e164, source: r.source });
      current.set(Number(r.donor_id), list);
    }
  }
  for (const p of updates) {
    const r = p.item.record;
    const id = p.targetId!;
    const nid = r.nationalId ? pii.protectNationalId(r.nationalId, p.nidHash ?? undefined) : null;
    await sql.run(
      `UPDATE donor SET name = ?, gender = CASE WHEN ? = 'unknown' THEN gender ELSE ? END, birth_date = COALESCE(?, birth_date),
         national_id_hash = COALESCE(?, national_id_hash), national_id_last4 = COALESCE(?, national_id_last4), national_id_masked = COALESCE(?, national_id_masked),
         national_id_cipher = COALESCE(?, national_id_cipher), blood_abo = COALESCE(?, blood_abo), blood_rh = COALESCE(?, blood_rh), address = COALESCE(?, address),
         becs_donor_no = ?, becs_hash = ?, becs_row_hash = ?, updated_at = ? WHERE id = ?`,
      [r.name, r.gender, r.gender, r.birthDate, nid?.hash ?? null, nid?.last4 ?? null, nid?.masked ?? null, nid?.cipher ?? null, r.abo, r.rh, r.address, r.donorNo, p.fp, rowHashOf(p.item), now, id]);
    const have = current.get(id) ?? [];
    const want = new Set(r.phones.map((x) => x.e164));
    for (const h of have) {
      if (h.source === 'becs' && !want.has(h.e164)) {
        await sql.run('DELETE FROM donor_phone WHERE id = ?', [h.id]);
        env.events.phones.add(h.e164);
      }
    }
    const kept = have.filter((h) => h.source !== 'becs' || want.has(h.e164));
    const add = r.phones.filter((x) => !have.some((h) => h.e164 === x.e164));
    if (add.length) {
      await sql.run(`INSERT INTO donor_phone (donor_id, e164, kind, label, is_primary, created_at, source) VALUES ${tuples(add.length, 7)}`,
        add.flatMap((x, i) => [id, x.e164, x.kind, null, b(kept.length === 0 && i === 0), now, 'becs']));
      for (const x of add) env.events.phones.add(x.e164);
    }
    p.item.id = id;
    env.events.donors.push({ donorId: id, created: false });
  }
}
