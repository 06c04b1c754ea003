import { describe, expect, it } from 'vitest';
import { segmentConditions, validateSegmentRule } from './segment-rule.js';
import { compileSegment } from '../db/crm/segment-sql.js';

function refused(rule: unknown): { code: string; message: string; details?: Record<string, unknown> } {
  try {
    validateSegmentRule(rule);
  } catch (e) {
    return e as { code: string; message: string; details?: Record<string, unknown> };
  }
  throw new Error('accepted');
}

describe('segment rule validation', () => {
  it('accepts a nested rule and normalises a lone condition into an and-group', () => {
    const r = validateSegmentRule({ op: 'and', rules: [
      { field: 'bloodAbo', op: 'in', value: ['O', 'A'] },
      { op: 'or', rules: [{ field: 'monthsSinceLastDonation', op: 'gte', value: 12 }, { field: 'donationCount', op: 'eq', value: 1, donationType: 'platelets' }] },
    ] });
    expect(segmentConditions(r)).toHaveLength(3);
    expect(validateSegmentRule({ field: 'gender', op: 'in', value: ['female'] })).toEqual({ op: 'and', rules: [{ field: 'gender', op: 'in', value: ['female'] }] });
  });

  it.each([
    [{ field: 'salary', op: 'gte', value: 1 }, /unknown field/, 'rule.rules[0].field'],
    [{ field: 'age', op: 'in', value: [1] }, /not an operator of age/, 'rule.rules[0].op'],
    [{ field: 'age', op: 'between', value: [60, 18] }, /from is after to/, 'rule.rules[0].value'],
    [{ field: 'age', op: 'gte', value: '18' }, /an integer 0–120/, 'rule.rules[0].value'],
    [{ field: 'lastDonation', op: 'before', value: '2026-13-01' }, /YYYY-MM-DD/, 'rule.rules[0].value'],
    [{ field: 'bloodAbo', op: 'in', value: ['C'] }, /one of A, B, O, AB/, 'rule.rules[0].value[0]'],
    [{ field: 'tags', op: 'in', value: ['100%'] }, /no " % _/, 'rule.rules[0].value[0]'],
    [{ field: 'tags', op: 'in', value: [] }, /1–200 values/, 'rule.rules[0].value'],
    [{ field: 'consentSms', op: 'eq', value: 'yes' }, /true or false/, 'rule.rules[0].value'],
    [{ field: 'eligibleOn', op: 'eq', value: { type: 'blood' } }, /unknown donation type/, 'rule.rules[0].value.type'],
    [{ field: 'gender', op: 'in', value: ['male'], extra: 1 }, /unknown property/, 'rule.rules[0].extra'],
  ])('refuses %j with the path and the reason in words', (cond, msg, path) => {
    const e = refused({ op: 'and', rules: [cond] });
    expect(e.code).toBe('VALIDATION_FAILED');
    expect(e.message).toMatch(msg);
    expect(e.message).toMatch(/分群规则无效/);
    expect(e.details?.path).toBe(path);
  });

  it('refuses non-objects, bad group operators, deep nesting and too many conditions', () => {
    expect(refused(null).message).toMatch(/an object/);
    expect(refused({ op: 'xor', rules: [] }).message).toMatch(/and or or/);
    let deep: unknown = { field: 'gender', op: 'in', value: ['male'] };
    for (let i = 0; i < 5; i++) deep = { op: 'and', rules: [deep] };
    expect(refused(deep).message).toMatch(/at most 4 levels/);
    const many = Array.from({ length: 31 }, () => ({ field: 'consentSms', op: 'eq', value: true }));
    expect(refused({ op: 'or', rules: many }).message).toMatch(/at most 30 conditions/);
  });
});

describe('segment rule → SQL', () => {
  it('relative conditions become absolute dates from asOf; lists become parameters, never text in the SQL', () => {
    const rule = validateSegmentRule({ op: 'and', rules: [
      { field: 'age', op: 'between', value: [18, 35] },
      { field: 'monthsSinceLastDonation', op: 'gte', value: 12 },
      { field: 'tags', op: 'in', value: ['学生'] },
      { field: 'accountManager', op: 'none' },
    ] });
    const c = compileSegment(rule, '2026-12-07');
    // the lapse reads the donor row's last donation date (one bound); the reference over the donation table probes
    // "a donation on or before" and "none after" the cut (the same date twice)
    expect(c.params).toEqual(['2008-12-07', '1990-12-07', '2025-12-07', '%"学生"%']);
    expect(compileSegment(rule, '2026-12-07', { facts: false }).params).toEqual(['2008-12-07', '1990-12-07', '2025-12-07', '2025-12-07', '%"学生"%']);
    expect(c.where).toContain('d.account_manager_id IS NULL');
    expect(c.where).not.toContain('学生');
    expect(c.where.split('?').length - 1).toBe(c.params.length);
  });

  it('an empty and-group matches everyone, an empty or-group no one', () => {
    expect(compileSegment({ op: 'and', rules: [] }, '2026-12-07').where).toBe('1 = 1');
    expect(compileSegment({ op: 'or', rules: [] }, '2026-12-07').where).toBe('1 = 0');
  });

  it('eligibility on a date uses the GB 18467-2011 intervals towards the asked type', () => {
    const c = compileSegment(validateSegmentRule({ field: 'eligibleOn', op: 'eq', value: { type: 'whole-blood', date: '2026-12-07' } }), '2000-01-01');
    // whole blood → whole blood: 6 months; platelets → whole blood: 28 days
    expect(c.params).toContain('2026-06-07');
    expect(c.params).toContain('2026-11-09');
  });
});
