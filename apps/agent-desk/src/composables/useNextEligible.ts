/**
 * "When can this donor give next", per donation type and compact, for the pop card and search results:
 * 单采血小板 现在可献 · 全血 12月1日起 (Platelets now · Whole blood from Dec 1).
 */
import { useI18n } from 'vue-i18n';
import type { DonationType, TypeEligibility } from '@donorline/domain';
import { eligibleGroups } from '../utils/eligibility.js';
import { formatShortDate } from '../utils/format.js';
import { useLabels } from './useLabels.js';

export interface NextEligiblePart {
  now: boolean;
  text: string;
}

export function useNextEligible() {
  const { t, locale } = useI18n();
  const { donationType } = useLabels();
  const parts = (byType: Partial<Record<DonationType, TypeEligibility>>): NextEligiblePart[] =>
    eligibleGroups(byType).map((g) => {
      const types = g.types.map(donationType).join(t('app.listSep'));
      return g.from === null
        ? { now: true, text: t('pop.eligibleNowFor', { types }) }
        : { now: false, text: t('pop.eligibleFromFor', { types, d: formatShortDate(g.from, locale.value) }) };
    });
  /** The parts joined for one line of text; 'not eligible' when no type is open under current data. */
  const text = (byType: Partial<Record<DonationType, TypeEligibility>>): string => {
    const p = parts(byType);
    return p.length ? p.map((x) => x.text).join(' · ') : t('pop.notEligible');
  };
  return { parts, text };
}
