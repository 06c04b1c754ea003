/** Translated labels for wire vocabulary, falling back to the raw value for anything the messages do not know. */
import { useI18n } from 'vue-i18n';

export function useLabels() {
  const { t, te } = useI18n();
  const lbl = (ns: string, key: string | null | undefined): string => {
    if (key === null || key === undefined || key === '') return '';
    const k = `${ns}.${key}`;
    return te(k) ? t(k) : key;
  };
  return {
    lbl,
    donationType: (x: string) => lbl('donationType', x),
    queueName: (x: string | null | undefined) => lbl('queue.names', x),
    category: (x: string | null | undefined) => lbl('category', x),
    agentState: (x: string) => lbl('agentState', x),
    callState: (x: string) => lbl('callState', x),
    pauseReason: (x: string | null | undefined) => lbl('pauseReason', x),
  };
}
