/**
 * The ranked call list's reads, built to stay fast on a million donors: (1) a candidate pool straight from indexes —
 * platelet donors of the group from donation(type, donor_id, date) joined to the donor row (emergency mode adds the
 * group's repeat donors via donor(blood_abo, blood_rh)); a cheap pre-score (platelet count, recency, account manager)
 * orders the pool; (2) chunks of the pool are loaded in full (donations, deferrals, show-ups, contact attempts, open
 * complaints) and judged by the pure rules (planning/ranking.ts) until the list is full. The pre-score only orders
 * the work; the final order is the pure ranking's.
 */
import type { DataSource } from 'typeorm';
import type { RecruitmentAttempt } from '../../contact-policy/contact-policy.js';
import type { DonationFact, DonationOutcome, DonationType } from '../../donations/donation.types.js';
import { maskPhone } from '../../donors/masking.js';
import type { AboGroup, BloodType, Gender, RhFactor } from '../../donors/donor.types.js';
import type { DeferralFact } from '../../eligibility/eligibility.js';
import type { EligibilityRuleSet } from '../../eligibility/rule-set.js';
import { rankDonors, type RankCandidate, type RankResult } from '../../planning/ranking.js';
import type { AttemptOutcome } from '../../tickets/ticket.types.js';
import { OPEN_TICKET_STATUSES_SQL } from '../../tickets/ticket.types.js';
import { addDays, addMonths, daysBetween, type LocalDate } from '../../time/local-date.js';
import { asBool, parseJson, placeholders, rows, sqlTime, toDate } from '../sql.js';

export interface RankedListQuery {
  targetDay: LocalDate;
  group: BloodType;
  emergency: boolean;
  siteIds: readonly number[];
  limit: number;
  now: Date;
  rules: EligibilityRuleSet;
  /** Where the pool comes from: the donor row's platelet facts (default) or the donation table (the tests' reference). */
  poolFrom?: 'facts' | 'donations';
  /** Tests: donors judged per chunk and pool ids per page (defaults CHUNK, POOL_PAGE), to make the pool order matter. */
  sizes?: { chunk: number; page: number };
}

/**
 * The pool: platelet donors of the group (donations that count) whose last platelet donation is old enough,
 * contactable. From the donor row's facts (platelet_count, last_platelet_date — db/integration/donation-facts.ts)
 * it is one range of ix_donor_platelet_pool (blood_abo, blood_rh, consent_recruitment, do_not_call,
 * last_platelet_date, platelet_count, account_manager_id), read from the index alone.
 */
const POOL_WHERE = 'd.blood_abo = ? AND d.blood_rh = ? AND d.consent_recruitment = 1 AND d.do_not_call = 0 AND d.last_platelet_date <= ?';
const POOL_FROM_FACTS = `SELECT d.id AS donor_id, d.platelet_count AS n, d.last_platelet_date AS last_on, d.account_manager_id FROM donor d WHERE ${POOL_WHERE}`;
/** Pool ids fetched per page in pre-score order (5 chunks): most lists fill from the first page. */
const POOL_PAGE = 2000;
/** The same pool aggregated from the donation table (what the facts replace; kept as the tests' reference). */
const POOL_FROM_DONATIONS = `SELECT x.donor_id, x.n, x.last_on, d.account_manager_id FROM (
    SELECT donor_id, COUNT(*) AS n, MAX(date) AS last_on FROM donation WHERE type = 'platelets' AND outcome <> 'rejected' GROUP BY donor_id) x
  JOIN donor d ON d.id = x.donor_id
  WHERE d.blood_abo = ? AND d.blood_rh = ? AND d.do_not_call = 0 AND d.consent_recruitment = 1 AND x.last_on <= ?`;

const CHUNK = 400;
const EMERGENCY_POOL = 50_000;

function splitGroup(g: BloodType): [AboGroup, RhFactor] {
  return [g.slice(0, -1) as AboGroup, g.slice(-1) as RhFactor];
}

const day = (v: unknown): LocalDate | null => (v === null || v === undefined ? null : v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10));

export async function rankedList(ds: DataSource, q: RankedListQuery): Promise<RankResult & { pool: number }> {
  const [abo, rh] = splitGroup(q.group);
  // a platelet donation closer to the target day than the shortest platelet → platelet interval cannot be eligible
  const minDays = Math.min(q.rules.intervals.platelets.platelets.days ?? 0, 14);
  const lastAllowed = addDays(q.targetDay, -minDays);
  // the pool in pre-score order, page by page: ordered by the database from the donor row's facts (the usual list),
  // or built and sorted here (the emergency list adds the group's other donors; the donation-table reference)
  const sqlOrdered = !q.emergency && q.poolFrom !== 'donations';
  const chunk = q.sizes?.chunk ?? CHUNK;
  const page = q.sizes?.page ?? POOL_PAGE;
  let poolSize: number;
  let nextPage: () => Promise<number[]>;
  if (sqlOrdered) {
    const where = POOL_WHERE;
    const params = [abo, rh, lastAllowed];
    poolSize = Number((await rows(ds, `SELECT COUNT(*) AS n FROM donor d WHERE ${where}`, params))[0]?.n ?? 0);
    // the same pre-score as below, in SQL: platelet count (≤ 10) × 4, recency 15/8, an account manager 10
    const score = `(CASE WHEN d.platelet_count > 10 THEN 10 ELSE d.platelet_count END) * 4
      + (CASE WHEN d.last_platelet_date >= ? THEN 15 WHEN d.last_platelet_date >= ? THEN 8 ELSE 0 END)
      + (CASE WHEN d.account_manager_id IS NULL THEN 0 ELSE 10 END)`;
    let offset = 0;
    nextPage = async () => {
      if (offset >= poolSize) return [];
      const got = await rows(ds, `SELECT d.id, ${score} AS s FROM donor d WHERE ${where} ORDER BY s DESC, d.id LIMIT ${page} OFFSET ${offset}`,
        [addDays(q.targetDay, -180), addDays(q.targetDay, -365), ...params]);
      offset += page;
      return got.map((r) => Number(r.id));
    };
  } else {
    const pool = new Map<number, { n: number; last: LocalDate | null; am: boolean }>();
    for (const r of await rows(ds, q.poolFrom === 'donations' ? POOL_FROM_DONATIONS : POOL_FROM_FACTS, [abo, rh, lastAllowed])) {
      pool.set(Number(r.donor_id), { n: Number(r.n), last: day(r.last_on), am: r.account_manager_id !== null });
    }
    if (q.emergency) {
      const counted = q.poolFrom === 'donations' ? "EXISTS (SELECT 1 FROM donation dn WHERE dn.donor_id = d.id AND dn.outcome <> 'rejected')" : 'd.donation_count > 0';
      for (const r of await rows(ds, `SELECT d.id, d.account_manager_id FROM donor d WHERE d.blood_abo = ? AND d.blood_rh = ? AND d.do_not_call = 0 AND d.consent_recruitment = 1
          AND ${counted} ORDER BY d.id LIMIT ${EMERGENCY_POOL}`, [abo, rh])) {
        const id = Number(r.id);
        if (!pool.has(id)) pool.set(id, { n: 0, last: null, am: r.account_manager_id !== null });
      }
    }
    const pre = (p: { n: number; last: LocalDate | null; am: boolean }): number => {
      const ago = p.last ? daysBetween(p.last, q.targetDay) : 9999;
      return Math.min(p.n, 10) * 4 + (ago <= 180 ? 15 : ago <= 365 ? 8 : 0) + (p.am ? 10 : 0) + (q.emergency && p.am ? 1000 : 0);
    };
    const order = [...pool.entries()].map(([id, p]) => ({ id, s: pre(p) })).sort((a, b) => b.s - a.s || a.id - b.id).map((x) => x.id);
    poolSize = pool.size;
    let done = false;
    nextPage = async () => {
      if (done) return [];
      done = true;
      return order;
    };
  }

  // the sites' districts (a handful of rows): the target sites' for the "nearby" reason, every site's to place donors
  const siteDistrict = new Map((await rows(ds, 'SELECT id, district FROM donation_site')).map((r) => [Number(r.id), String(r.district ?? '')] as const));
  const districts = [...new Set([...siteDistrict.values()].filter((x) => x.length > 1))];
  const siteDistricts = [...new Set(q.siteIds.map((id) => siteDistrict.get(id)).filter((x): x is string => !!x))];
  const areas: Areas = { siteDistrict, districts };

  const result: RankResult = { items: [], considered: 0, excluded: {} };
  let queue: number[] = [];
  for (;;) {
    if (result.items.length >= q.limit) break;
    if (queue.length < chunk) {
      const more = await nextPage();
      queue = queue.concat(more);
      if (!queue.length) break;
    }
    const ids = queue.slice(0, chunk);
    queue = queue.slice(chunk);
    const cands = await loadCandidates(ds, ids, q, areas);
    const r = rankDonors(cands, { targetDay: q.targetDay, group: q.group, emergency: q.emergency, siteIds: q.siteIds, siteDistricts, limit: q.limit, now: q.now, rules: q.rules });
    result.items.push(...r.items);
    result.considered += r.considered;
    for (const [k, v] of Object.entries(r.excluded)) result.excluded[k as keyof RankResult['excluded']] = (result.excluded[k as keyof RankResult['excluded']] ?? 0) + v;
  }
  // chunks were ranked one by one: rank the union once more (same pure order)
  result.items.sort((a, b) => (q.emergency ? Number(!!b.accountManager) - Number(!!a.accountManager) : 0) || b.score - a.score || a.donorId - b.donorId);
  result.items = result.items.slice(0, q.limit);
  return { ...result, pool: poolSize };
}

interface Areas {
  siteDistrict: ReadonlyMap<number, string>;
  /** Every district a site is in: what an address is searched for (the address itself never leaves this function). */
  districts: readonly string[];
}

/** The districts a donor is near: named in their address, and the one of the site they give at most. */
function areasOf(address: unknown, preferredSiteId: number | null, a: Areas): string[] {
  const out = new Set<string>();
  if (typeof address === 'string') for (const d of a.districts) if (address.includes(d)) out.add(d);
  const home = preferredSiteId === null ? undefined : a.siteDistrict.get(preferredSiteId);
  if (home) out.add(home);
  return [...out];
}

async function loadCandidates(ds: DataSource, ids: number[], q: RankedListQuery, areas: Areas): Promise<RankCandidate[]> {
  if (!ids.length) return [];
  const inList = placeholders(ids.length);
  const since = sqlTime(new Date(q.now.getTime() - 3 * 366 * 86_400_000));
  const [donors, phones, donations, deferrals, appts, complaints, attempts] = await Promise.all([
    rows(ds, `SELECT d.id, d.name, d.gender, d.birth_date, d.blood_abo, d.blood_rh, d.weight_kg, d.had_adverse_reaction, d.do_not_call, d.consent_recruitment,
      d.address, d.account_manager_id, u.display_name, u.active FROM donor d LEFT JOIN app_user u ON u.id = d.account_manager_id WHERE d.id IN (${inList})`, ids),
    rows(ds, `SELECT donor_id, e164 FROM donor_phone WHERE is_primary = 1 AND donor_id IN (${inList})`, ids),
    rows(ds, `SELECT donor_id, type, date, outcome, site_id FROM donation WHERE donor_id IN (${inList})`, ids),
    rows(ds, `SELECT donor_id, until, reason, types FROM deferral WHERE donor_id IN (${inList}) AND (until IS NULL OR until > ?)`, [...ids, addMonths(q.targetDay, -1)]),
    rows(ds, `SELECT donor_id, status, COUNT(*) AS n FROM appointment WHERE donor_id IN (${inList}) AND status IN ('arrived', 'no-show') GROUP BY donor_id, status`, ids),
    rows(ds, `SELECT donor_id, COUNT(*) AS n FROM ticket WHERE kind = 'complaint' AND status IN (${OPEN_TICKET_STATUSES_SQL}) AND donor_id IN (${inList}) GROUP BY donor_id`, ids),
    rows(ds, `SELECT donor_id, at, outcome FROM contact_attempt WHERE donor_id IN (${inList}) AND at >= ?`, [...ids, since]),
  ]);
  const by = <T>(list: Record<string, unknown>[], f: (r: Record<string, unknown>) => T): Map<number, T[]> => {
    const m = new Map<number, T[]>();
    for (const r of list) {
      const k = Number(r.donor_id);
      const a = m.get(k) ?? [];
      a.push(f(r));
      m.set(k, a);
    }
    return m;
  };
  const phoneOf = new Map(phones.map((p) => [Number(p.donor_id), String(p.e164)]));
  const donationsOf = by(donations, (r) => ({ type: r.type as DonationType, date: day(r.date)!, outcome: r.outcome as DonationOutcome, siteId: r.site_id === null ? null : Number(r.site_id) }));
  const deferralsOf = by(deferrals, (r): DeferralFact => ({ until: day(r.until), reason: String(r.reason), types: parseJson<DonationType[] | null>(r.types, null) }));
  const apptOf = by(appts, (r) => ({ status: String(r.status), n: Number(r.n) }));
  const complaintsOf = new Map(complaints.map((c) => [Number(c.donor_id), Number(c.n)]));
  const attemptsOf = by(attempts, (r): RecruitmentAttempt => ({ at: toDate(r.at)!.getTime(), outcome: r.outcome as AttemptOutcome }));
  return donors.map((d): RankCandidate => {
    const id = Number(d.id);
    const ds_ = donationsOf.get(id) ?? [];
    const counted = ds_.filter((x) => x.outcome !== 'rejected');
    const sites = new Map<number, number>();
    for (const x of counted) if (x.siteId !== null) sites.set(x.siteId, (sites.get(x.siteId) ?? 0) + 1);
    const preferred = [...sites.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0] ?? null;
    const appt = apptOf.get(id) ?? [];
    const e164 = phoneOf.get(id);
    return {
      donorId: id, name: String(d.name), phoneMasked: e164 ? maskPhone(e164) : null, group: `${String(d.blood_abo)}${String(d.blood_rh)}` as BloodType,
      gender: d.gender as Gender, birthDate: day(d.birth_date), weightKg: d.weight_kg === null ? null : Number(d.weight_kg), hadAdverseReaction: asBool(d.had_adverse_reaction),
      donations: ds_.map((x): DonationFact => ({ type: x.type, date: x.date, outcome: x.outcome })), deferrals: deferralsOf.get(id) ?? [],
      plateletCount: counted.filter((x) => x.type === 'platelets').length, totalCount: counted.length,
      lastDonationOn: counted.reduce<LocalDate | null>((m, x) => (m === null || x.date > m ? x.date : m), null),
      showed: appt.find((a) => a.status === 'arrived')?.n ?? 0, noShow: appt.find((a) => a.status === 'no-show')?.n ?? 0,
      preferredSiteId: preferred,
      areas: areasOf(d.address, preferred, areas),
      accountManager: d.account_manager_id !== null && asBool(d.active) ? { id: Number(d.account_manager_id), name: String(d.display_name) } : null,
      doNotCall: asBool(d.do_not_call), recruitmentConsent: asBool(d.consent_recruitment), openComplaints: complaintsOf.get(id) ?? 0, attempts: attemptsOf.get(id) ?? [],
    };
  });
}
