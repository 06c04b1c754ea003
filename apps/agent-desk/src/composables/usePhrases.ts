/**
 * Standard phrases on the desk: the formatter the domain's fillPhrase needs (dates, times, donation types, reasons in
 * the agent's language) and the facts of the current call (the agent, the donor open or identified, what was
 * booked on this call). One place, used by the phrases panel and the administrators' preview.
 */
import { computed } from 'vue';
import { useI18n } from 'vue-i18n';
import { fillPhrase, localDateOf, type FilledPhrase, type PhraseFacts, type PhraseFormatter, type PhraseLang } from '@donorline/domain';
import { formatShortDate, formatTime } from '../utils/format.js';
import { useBlockerText } from './useBlockerText.js';
import { useLabels } from './useLabels.js';

export function usePhraseFill() {
  const { t, te, locale } = useI18n();
  const { donationType } = useLabels();
  const blockerText = useBlockerText();
  const fmt = computed<PhraseFormatter>(() => {
    const date = (d: string | number | null | undefined): string => (typeof d === 'string' ? formatShortDate(d, locale.value) : '');
    const day = (iso: string): string => formatShortDate(localDateOf(new Date(iso)), locale.value);
    return {
      date,
      day,
      time: (iso) => formatTime(iso, locale.value),
      dayTime: (iso) => `${day(iso)} ${formatTime(iso, locale.value)}`,
      // inside an English sentence a type reads lower-case ('you can give whole blood')
      donationType: (x) => (locale.value === 'en' ? donationType(x).replace(/^./, (c) => c.toLowerCase()) : donationType(x)),
      // in a sentence the date is said already: the reason alone (间隔不足 / 暂缓献血（感冒服药）)
      reason: (b) => (te(`phraseFacts.reason.${b.code}`) ? t(`phraseFacts.reason.${b.code}`, { ...b.detail, type: donationType(String(b.detail.previousType ?? '')), date: date(b.detail.previousDate as string) }) : blockerText(b, date)),
      number: (n) => String(n),
    };
  });
  const lang = computed<PhraseLang>(() => (locale.value === 'en' ? 'en' : 'zh'));
  /** A phrase's text in the agent's language (English falls back to Chinese), filled with the facts. */
  const fill = (text: string, textEn: string | null | undefined, facts: PhraseFacts): FilledPhrase =>
    lang.value === 'en' && textEn ? fillPhrase(textEn, facts, fmt.value, 'en') : fillPhrase(text, facts, fmt.value, lang.value === 'en' && !textEn ? 'zh' : lang.value);
  return { fmt, lang, fill };
}
