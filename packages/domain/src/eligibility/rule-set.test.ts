import { describe, expect, it } from 'vitest';
import { diffRuleSets, GB18467_2001, GB18467_2011, ruleSetInForce, ruleSetStanding, validateRuleSet } from './rule-set.js';

const v = (version: number, effectiveFrom: string) => ({ version, effectiveFrom });

describe('ruleSetInForce: the version in force on a date', () => {
  const versions = [v(2001, '2001-12-01'), v(2011, '2012-07-01'), v(2027, '2027-03-01')];

  it('picks the version that took effect last on or before the date', () => {
    expect(ruleSetInForce(versions, '2026-12-07')?.version).toBe(2011);
    expect(ruleSetInForce(versions, '2012-06-30')?.version).toBe(2001);
    expect(ruleSetInForce(versions, '2012-07-01')?.version).toBe(2011);
  });

  it('a version with a later effective date is scheduled: not in force until its day, then in force', () => {
    expect(ruleSetInForce(versions, '2027-02-28')?.version).toBe(2011);
    expect(ruleSetInForce(versions, '2027-03-01')?.version).toBe(2027);
    expect(ruleSetStanding(versions, versions[2]!, '2026-12-07')).toBe('scheduled');
    expect(ruleSetStanding(versions, versions[1]!, '2026-12-07')).toBe('in-force');
    expect(ruleSetStanding(versions, versions[0]!, '2026-12-07')).toBe('superseded');
  });

  it('two versions starting the same day: the higher version wins, whatever the order stored', () => {
    expect(ruleSetInForce([v(3, '2026-01-01'), v(2, '2026-01-01')], '2026-06-01')?.version).toBe(3);
    expect(ruleSetInForce([v(2, '2026-01-01'), v(3, '2026-01-01')], '2026-06-01')?.version).toBe(3);
  });

  it('before every version: the earliest; no versions: null', () => {
    expect(ruleSetInForce(versions, '1999-01-01')?.version).toBe(2001);
    expect(ruleSetInForce([], '2026-01-01')).toBeNull();
  });

  it('works on whole rule sets (GB 18467-2001 before 2012-07-01, GB 18467-2011 after)', () => {
    const sets = [GB18467_2011, GB18467_2001];
    expect(ruleSetInForce(sets, '2010-05-01')?.standard).toBe('GB 18467-2001 献血者健康检查要求');
    expect(ruleSetInForce(sets, '2026-12-07')?.standard).toBe('GB 18467-2011 献血者健康检查要求');
  });
});

describe('diffRuleSets', () => {
  it('names each changed value by its path, old → new', () => {
    const d = diffRuleSets(GB18467_2001, GB18467_2011);
    expect(d).toContainEqual({ path: 'intervals.platelets.platelets.days', old: 28, new: 14 });
    expect(d).toContainEqual({ path: 'age.maxRepeat', old: 55, new: 60 });
    expect(d.find((x) => x.path === 'minWeightKg.male')).toBeUndefined();
    expect(diffRuleSets(GB18467_2011, GB18467_2011)).toEqual([]);
  });

  it('validateRuleSet still refuses an impossible set', () => {
    expect(validateRuleSet({ ...GB18467_2011, effectiveFrom: '2027-3-1' })).toContain('effectiveFrom must be YYYY-MM-DD');
  });
});
