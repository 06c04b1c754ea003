/**
 * The words of a call depend on who placed it: a click-to-dial rings the agent's own phone first and then the donor —
 * it is 外呼振铃, not 来电振铃, and its wrap-up asks for the 去电类型. One place decides, from the pop's direction.
 */
import { useI18n } from 'vue-i18n';
import type { CallDirection } from '@donorline/domain';

export type CallPhase = 'ringing' | 'live' | 'ended' | 'missed';

export function isOutbound(e: { pop: { direction: CallDirection } } | null | undefined): boolean {
  return !!e && e.pop.direction === 'outbound';
}

export function useCallWords() {
  const { t } = useI18n();
  return {
    phase: (e: { pop: { direction: CallDirection } }, p: CallPhase): string => t(isOutbound(e) ? `outbound.${p}` : `pop.${p}`),
    unknown: (e: { pop: { direction: CallDirection } }): string => t(isOutbound(e) ? 'outbound.unknown' : 'pop.unknownCaller'),
    disposition: (e: { pop: { direction: CallDirection } }): string => t(isOutbound(e) ? 'outbound.disposition' : 'wrapUp.disposition'),
    dispositionRequired: (e: { pop: { direction: CallDirection } }): string => t(isOutbound(e) ? 'outbound.dispositionRequired' : 'wrapUp.dispositionRequired'),
    number: (e: { pop: { direction: CallDirection } }): string => t(isOutbound(e) ? 'outbound.number' : 'pop.caller'),
  };
}
