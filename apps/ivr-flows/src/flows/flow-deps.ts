/** What every flow receives (handlers get their dependencies; nothing is imported from a global). */
import { localDateOf, type LocalDate, type RoutingRules } from '@donorline/domain';
import type { IvrBackend } from '../backend/ivr-backend.js';
import { isCallerHungUp, type FlowContext } from '../runtime/flow-context.js';
import type { Logger } from '../runtime/logger.js';
import type { ServiceHours } from './service-hours.js';

export interface FlowDeps {
  backend: IvrBackend;
  hours: ServiceHours;
  routing: RoutingRules;
  /** Offer the satisfaction survey after the agent hangs up (sets DL_SURVEY=1 on the hand-off). */
  survey: boolean;
  /** Days offered for booking, starting tomorrow. */
  bookingWindowDays: number;
  log: Logger;
}

/** Where a sub-flow sends the caller next. */
export type Next = 'menu' | 'agent' | 'end';

/** Channel variable that asks the dialplan to send the caller back to the survey after the agent hangs up. */
export const SURVEY_VAR = 'DL_SURVEY';

export function today(ctx: FlowContext): LocalDate {
  return localDateOf(ctx.now());
}

/** The call's id as the database knows it (Asterisk's linkedid), falling back to the channel id. */
export async function callRef(ctx: FlowContext): Promise<string> {
  try {
    const v = await ctx.getVar('CHANNEL(linkedid)');
    if (v) return v;
  } catch (e) {
    if (isCallerHungUp(e)) throw e;
  }
  return ctx.callId;
}
