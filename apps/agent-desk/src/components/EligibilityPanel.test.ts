/** Eligibility per type with dates and reasons, from the domain's own computeEligibility. */
import { afterEach, describe, expect, it } from 'vitest';
import { addDays, computeEligibility, DEFAULT_RULE_SET, GB18467_2001 } from '@donorline/domain';
import { openDesk, type Desk } from '../../test/helpers.js';
import { today } from '../../test/peer/fixtures.js';
import { formatLocalDate } from '../utils/format.js';
import EligibilityPanel from './EligibilityPanel.vue';

let desk: Desk | null = null;
afterEach(async () => {
  await desk?.close();
  document.body.innerHTML = '';
});

function rowOf(wrapper: ReturnType<Desk['mount']>, type: string) {
  return wrapper.get(`[data-type=${type}]`);
}

describe('EligibilityPanel', () => {
  it('shows the date each type becomes possible and why, with the rule set (zh-CN)', async () => {
    const t = today();
    const lastWhole = addDays(t, -50);
    const result = computeEligibility({ today: t, birthDate: '1984-03-12', gender: 'male', donations: [{ type: 'whole-blood', date: lastWhole, outcome: 'completed', volumeMl: 400 }], deferrals: [] });
    desk = await openDesk({ locale: 'zh-CN' });
    const w = desk.mount(EligibilityPanel, { eligibility: result.byType, ruleSet: result.ruleSet });

    const whole = result.byType['whole-blood'];
    expect(whole.eligibleNow).toBe(false);
    const wholeRow = rowOf(w, 'whole-blood');
    expect(wholeRow.attributes('data-eligible')).toBe('false');
    expect(wholeRow.get('[data-test=elig-status]').text()).toBe(`${formatLocalDate(whole.eligibleFrom, 'zh-CN', true)} 起可献`);
    const reason = wholeRow.get('[data-test=elig-reason]').text();
    expect(reason).toContain('全血');
    expect(reason).toContain(formatLocalDate(lastWhole, 'zh-CN', true));
    expect(reason).toContain('间隔不足');

    // Platelets after whole blood: 3 months, an earlier date than whole blood's 6 months.
    const platelets = result.byType.platelets;
    expect(platelets.eligibleFrom! < whole.eligibleFrom!).toBe(true);
    expect(rowOf(w, 'platelets').get('[data-test=elig-status]').text()).toContain(formatLocalDate(platelets.eligibleFrom, 'zh-CN', true));
    // the version that decided, with the day it took effect (the version in force on the day computed)
    expect(w.get('[data-test=elig-standard]').text()).toBe(`依据 ${DEFAULT_RULE_SET.standard}（规则版本 ${DEFAULT_RULE_SET.version}，${formatLocalDate(DEFAULT_RULE_SET.effectiveFrom, 'zh-CN', true)}起施行）`);
  });

  it('eligible now, deferrals and permanent deferrals (English)', async () => {
    const t = today();
    const result = computeEligibility({
      today: t,
      birthDate: '1990-06-01',
      gender: 'female',
      donations: [],
      deferrals: [
        { until: addDays(t, 20), reason: 'travel to a malaria area', types: ['platelets'] },
        { until: null, reason: 'HBV positive', types: ['plasma'] },
      ],
    });
    desk = await openDesk({ locale: 'en' });
    const w = desk.mount(EligibilityPanel, { eligibility: result.byType, ruleSet: result.ruleSet });
    expect(rowOf(w, 'whole-blood').get('[data-test=elig-status]').text()).toBe('Eligible now');
    expect(rowOf(w, 'whole-blood').find('[data-test=elig-reason]').exists()).toBe(false);
    expect(rowOf(w, 'platelets').get('[data-test=elig-reason]').text()).toBe(`Deferred: travel to a malaria area, until ${formatLocalDate(addDays(t, 20), 'en', true)}`);
    expect(rowOf(w, 'plasma').get('[data-test=elig-status]').text()).toBe('Not eligible on current data');
    expect(rowOf(w, 'plasma').get('[data-test=elig-reason]').text()).toBe('Permanently deferred: HBV positive');
  });

  it('names the older standard when the rule set is the 2001 one (28 days between platelet donations)', async () => {
    const t = today();
    const result = computeEligibility(
      { today: t, birthDate: '1985-01-01', gender: 'male', donations: [{ type: 'platelets', date: addDays(t, -20), outcome: 'completed', units: 1 }], deferrals: [] },
      GB18467_2001,
    );
    desk = await openDesk({ locale: 'zh-CN' });
    const w = desk.mount(EligibilityPanel, { eligibility: result.byType, ruleSet: result.ruleSet });
    expect(w.get('[data-test=elig-standard]').text()).toContain('GB 18467-2001');
    expect(rowOf(w, 'platelets').get('[data-test=elig-status]').text()).toContain(formatLocalDate(addDays(t, 8), 'zh-CN', true));
  });
});
