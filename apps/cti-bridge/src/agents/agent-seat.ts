import type { AgentSession, AgentState, AgentStatusDto, CallState, PauseReason, UserDto } from '@donorline/domain';

/** The pause reason Asterisk sees while an agent is in after-call work. */
export const WRAP_UP_REASON = 'wrap-up';
/** The pause reason Asterisk sees during the short pause after an agent rejected a ringing call (拒接). */
export const REJECT_REASON = 'rejected';

/** An agent logged in to a seat (an extension in the queues). */
export interface Seat {
  user: UserDto;
  ext: string;
  /** The seat's own state; ringing / on-call come from the calls (see `effectiveState`). */
  base: 'ready' | 'paused' | 'wrap-up';
  pauseReason: PauseReason | null;
  since: number;
  /** Queues the seat is in now. */
  queues: string[];
  /** Queues the seat should be in (the account's skills, or QUEUES): restored after an Asterisk restart. */
  wanted: string[];
  wrapUp: { callId: string; endsAt: number; saved: boolean; timer: NodeJS.Timeout | undefined; resumePaused: PauseReason | null } | null;
  /** The automatic pause after a reject (base 'paused', no reason of the agent's): back to ready at `until`. */
  autoPause: { reason: 'rejected'; until: number; timer: NodeJS.Timeout | undefined } | null;
  /** Commands for this seat run one at a time. */
  chain: Promise<unknown>;
  busy: number;
}

export interface SeatCall {
  callId: string;
  popId: string | null;
  /** The call's state for this agent. */
  state: CallState;
}

/**
 * The state the status bar shows: a ringing or live call outranks ready/paused/wrap-up; a seat that would be ready
 * while the PBX link is down is 'unavailable' (calls cannot reach it), never 'ready'.
 */
export function effectiveState(seat: Seat, call: SeatCall | null, pbxUp = true): AgentState {
  if (call?.state === 'ringing') return 'ringing';
  if (call && call.state !== 'ended') return 'on-call';
  if (seat.base === 'ready' && !pbxUp) return 'unavailable';
  return seat.base;
}

export function sessionDto(
  user: UserDto,
  seat: Seat | null,
  call: SeatCall | null,
  o: { wrapUpRequired: boolean; pbxMode: 'sim' | 'asterisk'; queues: readonly string[]; pbxUp?: boolean },
): AgentSession {
  if (!seat) {
    return {
      user, extension: null, state: 'logged-out', pauseReason: null, stateSince: new Date().toISOString(), wrapUpEndsAt: null,
      wrapUpRequired: o.wrapUpRequired, currentCall: null, queues: [...o.queues], pbxMode: o.pbxMode, unavailable: null, autoPause: null,
    };
  }
  const state = effectiveState(seat, call, o.pbxUp ?? true);
  return {
    user: seat.user,
    extension: seat.ext,
    state,
    pauseReason: state === 'paused' ? seat.pauseReason : null,
    stateSince: new Date(seat.since).toISOString(),
    wrapUpEndsAt: seat.base === 'wrap-up' && seat.wrapUp ? new Date(seat.wrapUp.endsAt).toISOString() : null,
    wrapUpRequired: o.wrapUpRequired,
    currentCall: call ? { callId: call.callId, popId: call.popId ?? '', state: call.state } : null,
    queues: [...seat.queues],
    pbxMode: o.pbxMode,
    unavailable: state === 'unavailable' ? 'pbx-down' : null,
    autoPause: state === 'paused' && seat.autoPause ? { reason: seat.autoPause.reason, until: new Date(seat.autoPause.until).toISOString() } : null,
  };
}

export function statusDto(seat: Seat, call: SeatCall | null, pbxUp = true): AgentStatusDto {
  const state = effectiveState(seat, call, pbxUp);
  return {
    agent: { id: seat.user.id, displayName: seat.user.displayName, extension: seat.ext },
    state,
    pauseReason: state === 'paused' ? seat.pauseReason : null,
    since: new Date(seat.since).toISOString(),
    currentCallId: call?.callId ?? null,
  };
}
