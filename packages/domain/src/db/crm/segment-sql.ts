import { isSegmentGroup, type SegmentCondition, type SegmentNode } from '../../crm/segment-rule.js';
import type { DonationType } from '../../donations/donation.types.js';
import { DEFAULT_RULE_SET } from '../../eligibility/rule-set.js';
import { addDays, addMonths, type LocalDate } from '../../time/local-date.js';

/**
 * Compiles a validated segment rule (crm/segment-rule.ts) to one WHERE clause over `donor d`, with `?` parameters,
 * in the SQL both SQLite and MariaDB speak: no date functions (relative conditions — months since, age, eligibility —
 * become absolute dates computed here from `asOf`), no JSON functions (tags match the stored JSON text).
 * Donation counts, first/last donation and the lapse read the donor row's donation facts (donation_count,
 * first/last_donation_date, platelet_count — kept by every donation writer, db/integration/donation-facts.ts) so a
 * count runs on the donor indexes alone (ix_donor_seg_group_lapse: blood_abo, consent_recruitment,
 * last_donation_date; ix_donor_seg_lapse: consent_recruitment, last_donation_date, donation_count). Other donation
 * conditions (type, site, district, intervals) are correlated subqueries on ix_donation_donor_date_outcome.
 * `{ facts: false }` compiles every donation condition from the donation table instead: the straightforward
 * reference the tests compare against.
 */
export interface CompiledSegment {
  where: string;
  params: unknown[];
}

/** Donations that count (a rejected collection is not a donation). */
const COUNTED = "x.donor_id = d.id AND x.outcome <> 'rejected'";

/** `exprParams`: the parameters of `expr` itself (a subquery), given again each time `expr` appears. */
function cmp(expr: string, op: SegmentCondition['op'], v: unknown, params: unknown[], exprParams: readonly unknown[] = []): string {
  if (op === 'between') {
    const [a, b] = v as [unknown, unknown];
    params.push(...exprParams, a, ...exprParams, b);
    return `(${expr} >= ? AND ${expr} <= ?)`;
  }
  params.push(...exprParams, v);
  const sym = op === 'gte' || op === 'after' ? '>=' : op === 'lte' || op === 'before' ? '<=' : '=';
  return `${expr} ${sym} ?`;
}

function inList(expr: string, values: readonly unknown[], params: unknown[]): string {
  params.push(...values);
  return `${expr} IN (${values.map(() => '?').join(', ')})`;
}

function years(d: LocalDate, n: number): LocalDate {
  return addMonths(d, -12 * n);
}

/** The last day a donation of type `prev` would still block a donation of type `next` on `day`. */
function blockingSince(day: LocalDate, prev: DonationType, next: DonationType): LocalDate {
  const iv = DEFAULT_RULE_SET.intervals[prev][next];
  return addDays(addMonths(day, -(iv.months ?? 0)), -(iv.days ?? 0));
}

export interface CompileOptions {
  /** Read the donor row's donation facts (default) or aggregate the donation table (the reference). */
  facts?: boolean;
}

function condition(c: SegmentCondition, asOf: LocalDate, p: unknown[], facts: boolean): string {
  const v = c.value;
  if (facts) {
    const f = factCondition(c, asOf, p);
    if (f !== null) return f;
  }
  switch (c.field) {
    case 'donationCount': {
      const typed = c.donationType ? ' AND x.type = ?' : '';
      const sub = `(SELECT COUNT(*) FROM donation x WHERE ${COUNTED}${typed})`;
      // the type's parameter once per appearance of the subquery ('between' uses it twice)
      return cmp(sub, c.op, v, p, c.donationType ? [c.donationType] : []);
    }
    case 'donatedType': {
      const q: unknown[] = [];
      const list = inList('x.type', v as string[], q);
      p.push(...q);
      return `EXISTS (SELECT 1 FROM donation x WHERE ${COUNTED} AND ${list})`;
    }
    case 'firstDonation':
      return cmp(`(SELECT MIN(x.date) FROM donation x WHERE ${COUNTED})`, c.op, v, p);
    case 'lastDonation':
      return cmp(`(SELECT MAX(x.date) FROM donation x WHERE ${COUNTED})`, c.op, v, p);
    case 'monthsSinceLastDonation': {
      // whole months since the last donation ≥ n ⇔ last ≤ asOf − n months; ≤ n ⇔ last > asOf − (n+1) months.
      // Written as (NOT) EXISTS probes on ix_donation_donor_date_outcome rather than MAX(date): a probe stops at the first
      // row, MAX reads every donation of the donor (the outcome is not in the index).
      const [lo, hi] = c.op === 'between' ? (v as [number, number]) : c.op === 'gte' ? [v as number, null] : [null, v as number];
      const parts: string[] = [];
      if (lo !== null) {
        const cut = addMonths(asOf, -lo);
        parts.push(`EXISTS (SELECT 1 FROM donation x WHERE ${COUNTED} AND x.date <= ?)`, `NOT EXISTS (SELECT 1 FROM donation x WHERE ${COUNTED} AND x.date > ?)`);
        p.push(cut, cut);
      }
      if (hi !== null) {
        parts.push(`EXISTS (SELECT 1 FROM donation x WHERE ${COUNTED} AND x.date > ?)`);
        p.push(addMonths(asOf, -(hi + 1)));
      }
      return `(${parts.join(' AND ')})`;
    }
    case 'age': {
      // age ≥ n ⇔ born on or before asOf − n years; age ≤ n ⇔ born after asOf − (n+1) years
      const [lo, hi] = c.op === 'between' ? (v as [number, number]) : c.op === 'gte' ? [v as number, null] : [null, v as number];
      const parts: string[] = ['d.birth_date IS NOT NULL'];
      if (lo !== null) { parts.push('d.birth_date <= ?'); p.push(years(asOf, lo)); }
      if (hi !== null) { parts.push('d.birth_date > ?'); p.push(years(asOf, hi + 1)); }
      return `(${parts.join(' AND ')})`;
    }
    case 'bloodAbo': return inList('d.blood_abo', v as string[], p);
    case 'bloodRh': return inList('d.blood_rh', v as string[], p);
    case 'gender': return inList('d.gender', v as string[], p);
    case 'occupation': return inList('d.occupation', v as string[], p);
    case 'mediaSource': return inList('d.media_source', v as string[], p);
    case 'district': {
      const q: unknown[] = [];
      const list = inList('s.district', v as string[], q);
      p.push(...q);
      return `EXISTS (SELECT 1 FROM donation x JOIN donation_site s ON s.id = x.site_id WHERE x.donor_id = d.id AND ${list})`;
    }
    case 'site': {
      const q: unknown[] = [];
      const list = inList('x.site_id', v as number[], q);
      p.push(...q);
      return `EXISTS (SELECT 1 FROM donation x WHERE x.donor_id = d.id AND ${list})`;
    }
    case 'tags': {
      // tags are stored as JSON text ["学生","O型"]: a tag matches as its quoted form (validation forbids " % _ \)
      const ors = (v as string[]).map((t) => { p.push(`%${JSON.stringify(t)}%`); return 'd.tags LIKE ?'; });
      return `(${ors.join(' OR ')})`;
    }
    case 'consentRecruitment': p.push(v ? 1 : 0); return 'd.consent_recruitment = ?';
    case 'consentSms': p.push(v ? 1 : 0); return 'd.consent_sms = ?';
    case 'doNotCall': p.push(v ? 1 : 0); return 'd.do_not_call = ?';
    case 'accountManager':
      return c.op === 'none' ? 'd.account_manager_id IS NULL' : inList('d.account_manager_id', v as number[], p);
    case 'eligibleOn':
      return eligible(v as { type: DonationType; date?: LocalDate }, asOf, p, facts);
  }
}

/** The conditions the donor row's donation facts answer (null: not one of them). */
function factCondition(c: SegmentCondition, asOf: LocalDate, p: unknown[]): string | null {
  const v = c.value;
  switch (c.field) {
    case 'donationCount':
      if (!c.donationType) return cmp('d.donation_count', c.op, v, p);
      return c.donationType === 'platelets' ? cmp('d.platelet_count', c.op, v, p) : null;
    case 'firstDonation':
      return cmp('d.first_donation_date', c.op, v, p);
    case 'lastDonation':
      return cmp('d.last_donation_date', c.op, v, p);
    case 'monthsSinceLastDonation': {
      // whole months since the last donation ≥ n ⇔ last ≤ asOf − n months; ≤ n ⇔ last > asOf − (n+1) months
      const [lo, hi] = c.op === 'between' ? (v as [number, number]) : c.op === 'gte' ? [v as number, null] : [null, v as number];
      const parts: string[] = [];
      if (lo !== null) { parts.push('d.last_donation_date <= ?'); p.push(addMonths(asOf, -lo)); }
      if (hi !== null) { parts.push('d.last_donation_date > ?'); p.push(addMonths(asOf, -(hi + 1))); }
      return parts.length === 1 ? parts[0]! : `(${parts.join(' AND ')})`;
    }
    default:
      return null;
  }
}

/**
 * Eligible on a day for a donation type, by the default rule set (GB 18467-2011): of age (18 to 60, first-timers to 55),
 * no deferral covering the day, no earlier donation within its interval. Weight and the yearly platelet cap are
 * checked when booking, not here.
 */
function eligible(v: { type: DonationType; date?: LocalDate }, asOf: LocalDate, p: unknown[], facts: boolean): string {
  const day = v.date ?? asOf;
  const rs = DEFAULT_RULE_SET;
  const parts = ['d.birth_date IS NOT NULL', 'd.birth_date <= ?', 'd.birth_date > ?'];
  p.push(years(day, rs.age.min), years(day, rs.age.maxRepeat + 1));
  parts.push(facts ? '(d.birth_date > ? OR d.donation_count > 0)' : `(d.birth_date > ? OR EXISTS (SELECT 1 FROM donation x WHERE ${COUNTED}))`);
  p.push(years(day, rs.age.maxFirstTime + 1));
  parts.push('NOT EXISTS (SELECT 1 FROM deferral f WHERE f.donor_id = d.id AND f.from_date <= ? AND (f.until IS NULL OR f.until >= ?))');
  p.push(day, day);
  for (const prev of ['whole-blood', 'platelets', 'plasma'] as const) {
    parts.push(`NOT EXISTS (SELECT 1 FROM donation x WHERE ${COUNTED} AND x.type = ? AND x.date > ? AND x.date <= ?)`);
    p.push(prev, blockingSince(day, prev, v.type), day);
  }
  return `(${parts.join(' AND ')})`;
}

function node(n: SegmentNode, asOf: LocalDate, p: unknown[], facts: boolean): string {
  if (!isSegmentGroup(n)) return condition(n, asOf, p, facts);
  if (!n.rules.length) return n.op === 'and' ? '1 = 1' : '1 = 0';
  return `(${n.rules.map((r) => node(r, asOf, p, facts)).join(n.op === 'and' ? ' AND ' : ' OR ')})`;
}

/** `asOf` is the local day relative conditions are measured from (today in Asia/Shanghai by default). */
export function compileSegment(rule: SegmentNode, asOf: LocalDate, opts: CompileOptions = {}): CompiledSegment {
  const params: unknown[] = [];
  const where = node(rule, asOf, params, opts.facts ?? true);
  return { where, params };
}
