/** Translated labels for wire vocabulary, falling back to the raw value for anything the messages do not know. */
import { useI18n } from 'vue-i18n';
import { useDeskListsStore } from '../stores/desk-lists.store.js';

export function useLabels() {
  const { t, te, locale } = useI18n();
  const lists = useDeskListsStore();
  const lbl = (ns: string, key: string | null | undefined): string => {
    if (key === null || key === undefined || key === '') return '';
    const k = `${ns}.${key}`;
    return te(k) ? t(k) : key;
  };
  /** The first of the namespaces that knows the value, else the value itself (free text). */
  const firstLabel = (namespaces: readonly string[], key: string | null | undefined): string => {
    if (key === null || key === undefined || key === '') return '';
    const ns = namespaces.find((n) => te(`${n}.${key}`));
    return ns ? t(`${ns}.${key}`) : key;
  };
  return {
    lbl,
    firstLabel,
    donationType: (x: string) => lbl('donationType', x),
    queueName: (x: string | null | undefined) => lbl('queue.names', x),
    category: (x: string | null | undefined) => lbl('category', x),
    agentState: (x: string) => lbl('agentState', x),
    callState: (x: string) => lbl('callState', x),
    /** A pause reason: the label the administrator set (data), else the desk's own word, else the code. */
    pauseReason: (x: string | null | undefined) => lists.label('pause-reason', x, locale.value) ?? lbl('pauseReason', x),
    /** A wrap-up disposition: the administrator's label, else the desk's category word, else the code. */
    disposition: (x: string | null | undefined) => lists.label('disposition', x, locale.value) ?? lbl('category', x),
    /** What the IVR says the caller came for (DL_TOPIC). */
    topic: (x: string | null | undefined) => lbl('topic', x),
    hangupBy: (x: string | null | undefined) => lbl('hangupBy', x),
    /** A contact record's outcome: a wrap-up disposition, a recruitment attempt's outcome, a booking status, or free text. */
    contactOutcome: (x: string | null | undefined) => lists.label('disposition', x, locale.value) ?? firstLabel(['category', 'attemptOutcome', 'booking.status'], x),
  };
}
