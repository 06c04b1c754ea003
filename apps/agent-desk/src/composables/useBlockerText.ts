/** Why a donor cannot give a type yet, in words: shared by the eligibility panel and the phrases' {不可献原因}. */
import { useI18n } from 'vue-i18n';
import type { EligibilityBlocker } from '@donorline/domain';
import { useLabels } from './useLabels.js';

export function useBlockerText() {
  const { t } = useI18n();
  const { donationType } = useLabels();
  return (b: EligibilityBlocker, date: (d: string | number | null | undefined) => string): string => {
    const d = b.detail;
    const until = date(b.until);
    switch (b.code) {
      case 'interval':
        return t('eligibility.blocker.interval', { type: donationType(String(d.previousType ?? '')), date: date(d.previousDate), until });
      case 'yearly-cap':
        return t('eligibility.blocker.yearly-cap', { cap: d.cap ?? '', until });
      case 'deferral':
        return t('eligibility.blocker.deferral', { reason: d.reason ?? '', until });
      case 'permanent-deferral':
        return t('eligibility.blocker.permanent-deferral', { reason: d.reason ?? '' });
      case 'too-young':
        return t('eligibility.blocker.too-young', { minAge: d.minAge ?? '', until });
      case 'too-old':
        return t('eligibility.blocker.too-old', { maxAge: d.maxAge ?? '' });
      case 'underweight':
        return t('eligibility.blocker.underweight', { weightKg: d.weightKg ?? '', minWeightKg: d.minWeightKg ?? '' });
      default:
        return String(b.code);
    }
  };
}
