import type { SimEvent } from '../model/events.js';

/**
 * The order in which the two legs of a call report their Hangup on AMI. On a real Asterisk it varies from call to
 * call (whichever channel thread finishes first), so a bridge must never decide who hung up from it — it has
 * HangupRequest/SoftHangupRequest and AgentComplete's Reason for that. The simulator varies it too:
 *  - `natural`: as the model produces them;
 *  - `caller-first` / `agent-first`: a Hangup of the other side waits until this side's Hangup of the same call;
 *  - `reversed`: the first Hangup of a call waits for the next one;
 *  - `random`: per call, natural or reversed (seeded: SIM_HANGUP_SEED, reproducible).
 * A held Hangup (and every event after it) is released after the next Hangup of the same call, or at the end of
 * the turn when none comes — nothing is lost or reordered beyond that one swap.
 */
export const HANGUP_ORDERS = ['natural', 'caller-first', 'agent-first', 'reversed', 'random'] as const;
export type HangupOrder = (typeof HANGUP_ORDERS)[number];

/** An agent's phone leg (PJSIP/8001-…, Local/8001@…): the donorline profile's agent extensions are 8xxx. */
export const AGENT_CHANNEL = /^(?:PJSIP|SIP|Local)\/8\d{3}(?:[-@;]|$)/;

/** mulberry32: a small seeded PRNG, so a "random" run can be replayed with the same seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export function hangupOrderer(order: HangupOrder, seed: number, deliver: (e: SimEvent) => void, isAgent: (name: string) => boolean = (n) => AGENT_CHANNEL.test(n)): (e: SimEvent) => void {
  if (order === 'natural') return deliver;
  const rnd = seededRandom(seed);
  const decided = new Map<string, boolean>();
  let held: { linkedid: string; hangup: SimEvent; after: SimEvent[] } | null = null;
  let timer: NodeJS.Immediate | undefined;

  const release = (swapWith?: SimEvent): void => {
    if (!held) return;
    const h = held;
    held = null;
    if (timer) clearImmediate(timer);
    timer = undefined;
    // the events that came meanwhile first, then the next Hangup, then the held one
    for (const e of h.after) deliver(e);
    if (swapWith) deliver(swapWith);
    deliver(h.hangup);
  };

  const shouldHold = (ev: Extract<SimEvent, { t: 'Hangup' }>): boolean => {
    const agent = isAgent(ev.ch.name);
    switch (order) {
      case 'caller-first':
        return agent;
      case 'agent-first':
        return !agent;
      case 'reversed':
        return !decided.has(ev.ch.linkedid);
      default: {
        // random: one coin per call, for its first Hangup
        if (decided.has(ev.ch.linkedid)) return false;
        return rnd() < 0.5;
      }
    }
  };

  return (e) => {
    if (held) {
      if (e.t === 'Hangup' && e.ch.linkedid === held.linkedid) return release(e);
      held.after.push(e);
      return;
    }
    if (e.t !== 'Hangup') return deliver(e);
    const hold = shouldHold(e);
    if (!decided.has(e.ch.linkedid)) {
      decided.set(e.ch.linkedid, true);
      if (decided.size > 10_000) decided.delete(decided.keys().next().value!);
    }
    if (!hold) return deliver(e);
    held = { linkedid: e.ch.linkedid, hangup: e, after: [] };
    timer = setImmediate(() => release());
  };
}
