import { DONATION_TYPES, type DonationType } from '../donations/donation.types.js';
import { ABO_GROUPS, GENDERS, MEDIA_SOURCES, RH_FACTORS } from '../donors/donor.types.js';
import { DomainError } from '../errors.js';
import type { LocalDate } from '../time/local-date.js';

/**
 * A donor segment (分类管理) as a rule tree: groups ('and' / 'or') of conditions on donor attributes. Pure and
 * browser-safe: the desk's builder edits this shape, the server validates it here (a bad rule is a clear 400 with
 * the path of the problem) and db/crm/ compiles it to one portable SQL WHERE clause.
 */
export const SEGMENT_FIELDS = [
  'donationCount', 'donatedType', 'firstDonation', 'lastDonation', 'monthsSinceLastDonation',
  'bloodAbo', 'bloodRh', 'age', 'gender', 'occupation', 'district', 'site', 'mediaSource', 'tags',
  'consentRecruitment', 'consentSms', 'doNotCall', 'accountManager', 'eligibleOn',
] as const;
export type SegmentField = (typeof SEGMENT_FIELDS)[number];

export const SEGMENT_OPS = ['eq', 'gte', 'lte', 'between', 'in', 'before', 'after', 'none'] as const;
export type SegmentOp = (typeof SEGMENT_OPS)[number];

export interface SegmentCondition {
  field: SegmentField;
  op: SegmentOp;
  /** number | [number, number] | LocalDate | [LocalDate, LocalDate] | string[] | number[] | boolean | { date?, type } */
  value?: unknown;
  /** donationCount only: count donations of this type. */
  donationType?: DonationType;
}

export interface SegmentGroup {
  op: 'and' | 'or';
  rules: SegmentNode[];
}

export type SegmentNode = SegmentGroup | SegmentCondition;

type Kind = 'count' | 'date' | 'list' | 'bool' | 'ids' | 'eligible';
/** What each field accepts: its value kind, its operators, and for lists the allowed values (null = free text). */
export const SEGMENT_FIELD_SPECS: Record<SegmentField, { kind: Kind; ops: readonly SegmentOp[]; values?: readonly string[] }> = {
  donationCount: { kind: 'count', ops: ['eq', 'gte', 'lte', 'between'] },
  donatedType: { kind: 'list', ops: ['in'], values: DONATION_TYPES },
  firstDonation: { kind: 'date', ops: ['before', 'after', 'between'] },
  lastDonation: { kind: 'date', ops: ['before', 'after', 'between'] },
  monthsSinceLastDonation: { kind: 'count', ops: ['gte', 'lte', 'between'] },
  bloodAbo: { kind: 'list', ops: ['in'], values: ABO_GROUPS },
  bloodRh: { kind: 'list', ops: ['in'], values: RH_FACTORS },
  age: { kind: 'count', ops: ['gte', 'lte', 'between'] },
  gender: { kind: 'list', ops: ['in'], values: GENDERS },
  occupation: { kind: 'list', ops: ['in'] },
  district: { kind: 'list', ops: ['in'] },
  site: { kind: 'ids', ops: ['in'] },
  mediaSource: { kind: 'list', ops: ['in'], values: MEDIA_SOURCES },
  tags: { kind: 'list', ops: ['in'] },
  consentRecruitment: { kind: 'bool', ops: ['eq'] },
  consentSms: { kind: 'bool', ops: ['eq'] },
  doNotCall: { kind: 'bool', ops: ['eq'] },
  accountManager: { kind: 'ids', ops: ['in', 'none'] },
  eligibleOn: { kind: 'eligible', ops: ['eq'] },
};

export const SEGMENT_LIMITS = Object.freeze({ depth: 4, conditions: 30, listItems: 200, textLength: 50 });

const DATE_RE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
// free-text list items are matched inside JSON text (tags) and compared as values: no quotes, wildcards or escapes
const TEXT_RE = /^[^"%_\\]+$/u;

function bad(path: string, msg: string): never {
  throw new DomainError('VALIDATION_FAILED', `分群规则无效：${path} — ${msg} / invalid segment rule: ${path} — ${msg}`, { path });
}

function isGroup(n: unknown): n is SegmentGroup {
  return typeof n === 'object' && n !== null && 'rules' in n;
}

function count(path: string, v: unknown, max: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > max) bad(path, `0–${max} 的整数 / an integer 0–${max}`);
  return v;
}

function date(path: string, v: unknown): LocalDate {
  if (typeof v !== 'string' || !DATE_RE.test(v)) bad(path, '日期格式 YYYY-MM-DD / a date YYYY-MM-DD');
  return v;
}

function pair<T>(path: string, v: unknown, one: (p: string, x: unknown) => T): [T, T] {
  if (!Array.isArray(v) || v.length !== 2) bad(path, '需要两个值 [起, 止] / two values [from, to]');
  const a = one(`${path}[0]`, v[0]);
  const b = one(`${path}[1]`, v[1]);
  if (a > b) bad(path, '起始值大于结束值 / from is after to');
  return [a, b];
}

function condition(c: Record<string, unknown>, path: string): SegmentCondition {
  const field = c.field as SegmentField;
  const spec = SEGMENT_FIELD_SPECS[field];
  if (!spec || !Object.hasOwn(SEGMENT_FIELD_SPECS, field)) bad(`${path}.field`, `未知字段 ${String(c.field)} / unknown field`);
  const op = c.op as SegmentOp;
  if (!spec.ops.includes(op)) bad(`${path}.op`, `${field} 不支持 ${String(c.op)}，可用 ${spec.ops.join('/')} / not an operator of ${field}`);
  const allowed = new Set(['field', 'op', 'value', ...(field === 'donationCount' ? ['donationType'] : [])]);
  for (const k of Object.keys(c)) if (!allowed.has(k)) bad(`${path}.${k}`, '未知属性 / unknown property');
  const vp = `${path}.value`;
  const out: SegmentCondition = { field, op };
  if (field === 'donationCount' && c.donationType !== undefined) {
    if (!(DONATION_TYPES as readonly string[]).includes(c.donationType as string)) bad(`${path}.donationType`, '未知献血类型 / unknown donation type');
    out.donationType = c.donationType as DonationType;
  }
  const max = field === 'age' ? 120 : field === 'monthsSinceLastDonation' ? 1200 : 10_000;
  switch (spec.kind) {
    case 'count':
      out.value = op === 'between' ? pair(vp, c.value, (p, x) => count(p, x, max)) : count(vp, c.value, max);
      break;
    case 'date':
      out.value = op === 'between' ? pair(vp, c.value, date) : date(vp, c.value);
      break;
    case 'bool':
      if (typeof c.value !== 'boolean') bad(vp, '是或否 / true or false');
      out.value = c.value;
      break;
    case 'list':
    case 'ids': {
      if (op === 'none') {
        if (c.value !== undefined) bad(vp, '“无”不带值 / none takes no value');
        break;
      }
      const v = c.value;
      if (!Array.isArray(v) || v.length === 0 || v.length > SEGMENT_LIMITS.listItems) bad(vp, `1–${SEGMENT_LIMITS.listItems} 个值 / 1–${SEGMENT_LIMITS.listItems} values`);
      if (spec.kind === 'ids') out.value = v.map((x, i) => count(`${vp}[${i}]`, x, 2_147_483_647));
      else {
        out.value = v.map((x, i) => {
          if (typeof x !== 'string' || !x.trim() || x.length > SEGMENT_LIMITS.textLength) bad(`${vp}[${i}]`, `1–${SEGMENT_LIMITS.textLength} 个字符 / 1–${SEGMENT_LIMITS.textLength} characters`);
          if (spec.values && !spec.values.includes(x)) bad(`${vp}[${i}]`, `可选值 ${spec.values.join('/')} / one of ${spec.values.join(', ')}`);
          if (!TEXT_RE.test(x)) bad(`${vp}[${i}]`, '不能含 " % _ \\ / no " % _ \\');
          return x.trim();
        });
      }
      break;
    }
    case 'eligible': {
      const v = c.value as { date?: unknown; type?: unknown } | undefined;
      if (typeof v !== 'object' || v === null) bad(vp, '{ type, date? }');
      if (!(DONATION_TYPES as readonly string[]).includes(v.type as string)) bad(`${vp}.type`, '未知献血类型 / unknown donation type');
      out.value = { type: v.type as DonationType, ...(v.date !== undefined ? { date: date(`${vp}.date`, v.date) } : {}) };
      break;
    }
  }
  return out;
}

/** Checks an untrusted rule (from HTTP or storage) and returns it normalised; VALIDATION_FAILED names the path. */
export function validateSegmentRule(input: unknown): SegmentGroup {
  let conditions = 0;
  const walk = (n: unknown, path: string, depth: number): SegmentNode => {
    if (typeof n !== 'object' || n === null || Array.isArray(n)) bad(path, '需要对象 / an object');
    if (isGroup(n)) {
      if (depth > SEGMENT_LIMITS.depth) bad(path, `嵌套不超过 ${SEGMENT_LIMITS.depth} 层 / at most ${SEGMENT_LIMITS.depth} levels`);
      if (n.op !== 'and' && n.op !== 'or') bad(`${path}.op`, 'and 或 or / and or or');
      if (!Array.isArray(n.rules)) bad(`${path}.rules`, '需要数组 / an array');
      for (const k of Object.keys(n)) if (k !== 'op' && k !== 'rules') bad(`${path}.${k}`, '未知属性 / unknown property');
      return { op: n.op, rules: n.rules.map((r, i) => walk(r, `${path}.rules[${i}]`, depth + 1)) };
    }
    if (++conditions > SEGMENT_LIMITS.conditions) bad(path, `条件不超过 ${SEGMENT_LIMITS.conditions} 个 / at most ${SEGMENT_LIMITS.conditions} conditions`);
    return condition(n as Record<string, unknown>, path);
  };
  const root = walk(input, 'rule', 1);
  if (!isGroup(root)) return { op: 'and', rules: [root] };
  return root;
}

/** Every condition of a rule, depth first (the builder's summary and the bench's "3 conditions"). */
export function segmentConditions(rule: SegmentNode): SegmentCondition[] {
  return isGroup(rule) ? rule.rules.flatMap(segmentConditions) : [rule];
}

export { isGroup as isSegmentGroup };
