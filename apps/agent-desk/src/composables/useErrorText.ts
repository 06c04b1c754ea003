/** Turns any failure into the sentence the agent reads, in the current language. */
import { useI18n } from 'vue-i18n';
import { describeError, errorLine, type DescribedError } from '../utils/errors.js';

export function useErrorText() {
  const { t, te, locale } = useI18n();
  const tt = (k: string, n?: Record<string, unknown>): string => (n ? t(k, n) : t(k));
  return {
    errorText: (err: unknown): string => errorLine(err, tt, te, locale.value),
    describe: (err: unknown): DescribedError => describeError(err, tt, te, locale.value),
  };
}
