/**
 * Blood-use reimbursement (用血报销) per province as data: who is covered, how much (a multiple of the donated
 * volume for a number of years, free for life above a total), the documents, where to apply, within how long, and
 * the source and effective date. Agents answer "can my mother's transfusion be reimbursed?" from it (knowledge
 * search, the donor's 360). Figures are whatever an administrator enters; demo rows say so. Pure and browser-safe.
 */
export interface ReimbursementRules {
  /** Donor: reimbursable volume as a multiple of the donated volume, for a number of years after donating. */
  donorMultiple: number;
  donorYears: number;
  /** Free for life once the donor's total donated volume reaches this (ml); null: no such rule. */
  lifetimeAboveMl: number | null;
  /** Family members covered for this multiple of the donated volume (1 = an equal volume; 0 = not covered). */
  familyMultiple: number;
  familyMembers: string[];
  /** Claim within this many months of the transfusion. */
  claimWithinMonths: number;
  documents: string[];
  /** Where to apply (the blood station, the hospital's transfusion department …). */
  whereToApply: string;
  /** The document the figures come from (title, number), or how the row was made. */
  source: string;
  /** Demo data (not an official policy): shown as such everywhere. */
  demo: boolean;
  notes: string[];
}

export interface ReimbursementPolicyDto {
  id: number;
  province: string;
  title: string;
  effectiveFrom: string;
  rules: ReimbursementRules;
  updatedAt: string;
}

export type ReimbursementPolicyInput = Omit<ReimbursementPolicyDto, 'id' | 'updatedAt'>;

/** Older rows (before the table was editable) lack the newer fields: read them with safe defaults. */
export function normalizeRules(r: Partial<ReimbursementRules>): ReimbursementRules {
  return {
    donorMultiple: Number(r.donorMultiple ?? 0), donorYears: Number(r.donorYears ?? 0), lifetimeAboveMl: r.lifetimeAboveMl ?? null,
    familyMultiple: Number(r.familyMultiple ?? 0), familyMembers: r.familyMembers ?? [], claimWithinMonths: Number(r.claimWithinMonths ?? 0),
    documents: r.documents ?? [], whereToApply: r.whereToApply ?? '', source: r.source ?? '', demo: r.demo ?? true, notes: r.notes ?? [],
  };
}

export interface PolicyIssue {
  field: string;
  zh: string;
  en: string;
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/** Problems of a policy row (empty = fine). */
export function checkPolicy(p: ReimbursementPolicyInput): PolicyIssue[] {
  const out: PolicyIssue[] = [];
  const text = (field: string, v: unknown, max: number, zh: string, en: string, required = true): void => {
    const s = typeof v === 'string' ? v.trim() : '';
    if ((required && !s) || s.length > max || CONTROL.test(s)) out.push({ field, zh: `${zh}${required ? '必填，' : ''}最多${max}个字符`, en: `the ${en} ${required ? 'is required, ' : 'has '}at most ${max} characters` });
  };
  text('province', p.province, 32, '省份', 'province');
  text('title', p.title, 200, '标题', 'title');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(p.effectiveFrom ?? '')) out.push({ field: 'effectiveFrom', zh: '生效日期格式应为 YYYY-MM-DD', en: 'effectiveFrom must be YYYY-MM-DD' });
  const r = p.rules;
  const num = (field: string, v: unknown, min: number, max: number, zh: string, en: string): void => {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) out.push({ field: `rules.${field}`, zh: `${zh}应在${min}–${max}之间`, en: `${en} must be ${min}–${max}` });
  };
  num('donorMultiple', r.donorMultiple, 0, 20, '本人报销倍数', 'the donor multiple');
  num('donorYears', r.donorYears, 0, 50, '本人报销年限', 'the donor years');
  num('familyMultiple', r.familyMultiple, 0, 20, '亲属报销倍数', 'the family multiple');
  num('claimWithinMonths', r.claimWithinMonths, 1, 120, '申请时限（月）', 'the claim period (months)');
  if (r.lifetimeAboveMl !== null) num('lifetimeAboveMl', r.lifetimeAboveMl, 100, 10_000, '终身免费用血的累计献血量', 'the lifetime threshold (ml)');
  for (const [field, list, zh, en] of [['familyMembers', r.familyMembers, '亲属范围', 'family members'], ['documents', r.documents, '所需材料', 'documents'], ['notes', r.notes, '说明', 'notes']] as const) {
    if (!Array.isArray(list) || list.length > 20 || list.some((x) => typeof x !== 'string' || !x.trim() || x.length > 200 || CONTROL.test(x))) {
      out.push({ field: `rules.${field}`, zh: `${zh}每项1–200个字符，最多20项`, en: `${en}: 1–200 characters each, at most 20` });
    }
  }
  text('rules.whereToApply', r.whereToApply, 300, '办理地点', 'place to apply');
  text('rules.source', r.source, 300, '依据/来源', 'source');
  if (typeof r.demo !== 'boolean') out.push({ field: 'rules.demo', zh: '示例标记只能为是或否', en: 'demo is true or false' });
  return out;
}

/** The policy as an agent reads it out (one paragraph per topic), in Chinese or English. */
export function policyText(p: ReimbursementPolicyInput, lang: 'zh' | 'en' = 'zh'): string {
  const r = p.rules;
  const zh = lang === 'zh';
  const lines: string[] = [];
  if (r.demo) lines.push(zh ? '【示例数据，非官方政策】' : '[Demo data, not an official policy]');
  lines.push(zh
    ? `献血者本人：自献血之日起${r.donorYears}年内，可报销献血量${r.donorMultiple}倍的用血费用${r.lifetimeAboveMl ? `；累计献血${r.lifetimeAboveMl}毫升以上终身免费用血` : ''}。`
    : `Donor: for ${r.donorYears} years after donating, transfusions up to ${r.donorMultiple}× the donated volume are reimbursed${r.lifetimeAboveMl ? `; free for life above ${r.lifetimeAboveMl} ml donated in total` : ''}.`);
  if (r.familyMultiple > 0 && r.familyMembers.length) {
    lines.push(zh
      ? `亲属（${r.familyMembers.join('、')}）：可报销献血量${r.familyMultiple === 1 ? '等量' : `${r.familyMultiple}倍`}的用血费用。`
      : `Family (${r.familyMembers.join(', ')}): up to ${r.familyMultiple === 1 ? 'an equal volume' : `${r.familyMultiple}× the volume`}.`);
  }
  lines.push(zh ? `用血后${r.claimWithinMonths}个月内申请，材料：${r.documents.join('、')}。` : `Apply within ${r.claimWithinMonths} months of the transfusion with: ${r.documents.join(', ')}.`);
  if (r.whereToApply) lines.push(zh ? `办理：${r.whereToApply}` : `Where: ${r.whereToApply}`);
  for (const n of r.notes) lines.push(n);
  lines.push(zh ? `依据：${r.source || p.title}（${p.effectiveFrom}起）` : `Source: ${r.source || p.title} (from ${p.effectiveFrom})`);
  return lines.join('\n');
}

/** A donor's answer: the policy of their province and what they (and their family) can claim today. */
export interface DonorReimbursement {
  policy: ReimbursementPolicyDto;
  /** The policy as an agent reads it out (zh). */
  text: string;
  entitlement: Entitlement;
}

export interface DonatedVolume {
  date: string;
  /** Whole-blood volume (ml); other donations are not counted here. */
  volumeMl: number;
}

export interface Entitlement {
  /** Whole blood donated in the policy's window (the last donorYears years) and in total. */
  windowMl: number;
  totalMl: number;
  /** The donor's own reimbursable volume now (null: free for life). */
  donorMl: number | null;
  lifetime: boolean;
  /** What each covered family member may claim now. */
  familyMl: number;
}

/**
 * What a donor can claim today under a policy, from their whole-blood donations: volumes donated in the last
 * `donorYears` years times the multiples; free for life once the total reaches the threshold. Apheresis donations
 * are not converted here (provinces count them differently): the agent sees whole blood only, and says so.
 */
export function entitlement(rules: ReimbursementRules, donations: readonly DonatedVolume[], today: string): Entitlement {
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  const from = `${String(y - rules.donorYears).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  const totalMl = donations.reduce((s, x) => s + x.volumeMl, 0);
  const windowMl = donations.filter((x) => x.date > from && x.date <= today).reduce((s, x) => s + x.volumeMl, 0);
  const lifetime = rules.lifetimeAboveMl !== null && totalMl >= rules.lifetimeAboveMl;
  return { windowMl, totalMl, lifetime, donorMl: lifetime ? null : windowMl * rules.donorMultiple, familyMl: windowMl * rules.familyMultiple };
}
