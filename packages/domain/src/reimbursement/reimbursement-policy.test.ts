import { describe, expect, it } from 'vitest';
import { checkPolicy, entitlement, normalizeRules, policyText, type ReimbursementPolicyInput } from './reimbursement-policy.js';

const rules = normalizeRules({
  donorMultiple: 5, donorYears: 5, lifetimeAboveMl: 800, familyMultiple: 1, familyMembers: ['配偶', '父母', '子女'], claimWithinMonths: 12,
  documents: ['无偿献血证', '用血发票'], whereToApply: '献血地血站', source: '示例', demo: true, notes: [],
});
const policy: ReimbursementPolicyInput = { province: '山东省', title: '示例', effectiveFrom: '2021-01-01', rules };

describe('entitlement', () => {
  it('counts whole blood of the last donorYears years, times the multiples', () => {
    const e = entitlement(rules, [{ date: '2019-01-01', volumeMl: 200 }, { date: '2024-03-01', volumeMl: 300 }], '2026-12-07');
    expect(e).toEqual({ windowMl: 300, totalMl: 500, lifetime: false, donorMl: 1500, familyMl: 300 });
  });
  it('free for life once the total reaches the threshold', () => {
    const e = entitlement(rules, [{ date: '2010-01-01', volumeMl: 400 }, { date: '2012-01-01', volumeMl: 400 }], '2026-12-07');
    expect(e).toMatchObject({ lifetime: true, donorMl: null, windowMl: 0, familyMl: 0 });
  });
  it('no lifetime rule: never free for life', () => {
    expect(entitlement({ ...rules, lifetimeAboveMl: null }, [{ date: '2026-01-01', volumeMl: 4000 }], '2026-12-07').lifetime).toBe(false);
  });
});

describe('policy rows', () => {
  it('reads as a paragraph that says demo data first and names the source', () => {
    const zh = policyText(policy, 'zh');
    expect(zh.split('\n')[0]).toBe('【示例数据，非官方政策】');
    expect(zh).toContain('5年内，可报销献血量5倍');
    expect(zh).toContain('亲属（配偶、父母、子女）：可报销献血量等量');
    expect(policyText(policy, 'en')).toContain('Apply within 12 months');
  });
  it('refuses impossible values with a reason in both languages', () => {
    expect(checkPolicy(policy)).toEqual([]);
    const bad = checkPolicy({ ...policy, province: '', rules: { ...rules, donorMultiple: -1, documents: [''] } });
    expect(bad.map((i) => i.field)).toEqual(['province', 'rules.donorMultiple', 'rules.documents']);
    expect(bad[1]).toMatchObject({ zh: '本人报销倍数应在0–20之间', en: 'the donor multiple must be 0–20' });
  });
});
