import type { AmiMessage } from '../ami/ami-message.js';

/**
 * The donor's leg of each campaign call, read from the AMI events Asterisk 22 sends for the Dial in [dl-campaign]:
 * DialBegin (a Dial app's — it names the caller channel; the Originate's own DialBegin does not), DialEnd with the
 * DialStatus, and the donor channel's HangupRequest / Hangup with its Q.850 cause (17 busy, 19 no answer, 21 rejected,
 * 1 unallocated number). Only calls the dialer placed are followed; each is forgotten when taken.
 */
export interface DonorLeg {
  dialed: boolean;
  uniqueid: string | null;
  status: string | null;
  cause: string | null;
  answeredAt: number | null;
  /**
   * DIALSTATUS of [dl-campaign]'s Dial when no donor channel was made (no DialBegin): the trunk could not be used —
   * on a real Asterisk 22 a carrier whose qualify failed gives CHANUNAVAIL (cause 3) at once. The agent did answer.
   */
  trunk: string | null;
}

/** The dialplan context the dialer originates into (asterisk/extensions.conf). */
const CAMPAIGN_CONTEXT = 'dl-campaign';

/** Dial legs seen before the dialer learnt the call's id (the agent answered at once): kept this many, oldest out. */
const EARLY_MAX = 2000;

export class DonorLegs {
  private readonly legs = new Map<string, DonorLeg>();
  /** Dial-app legs of calls nobody watches (yet): the Dial can begin before the dialer has the callId. */
  private readonly early = new Map<string, DonorLeg>();

  watch(callId: string): void {
    if (this.legs.has(callId)) return;
    const seen = this.early.get(callId);
    this.early.delete(callId);
    this.legs.set(callId, seen ?? { dialed: false, uniqueid: null, status: null, cause: null, answeredAt: null, trunk: null });
  }

  take(callId: string): DonorLeg | null {
    const l = this.legs.get(callId) ?? null;
    this.legs.delete(callId);
    return l;
  }

  get size(): number {
    return this.legs.size;
  }

  readonly handle = (m: AmiMessage): void => {
    const ev = m.event;
    const trunkDown = ev === 'VarSet' && m.h.variable === 'DIALSTATUS' && m.h.context === CAMPAIGN_CONTEXT && (m.h.value === 'CHANUNAVAIL' || m.h.value === 'CONGESTION');
    if (ev !== 'DialBegin' && ev !== 'DialEnd' && ev !== 'Hangup' && ev !== 'HangupRequest' && !trunkDown) return;
    const callId = ev === 'DialBegin' || ev === 'DialEnd' ? (m.h.linkedid ?? m.h.destlinkedid) : m.h.linkedid;
    if (!callId) return;
    let leg = this.legs.get(callId) ?? this.early.get(callId);
    if (!leg && ((ev === 'DialBegin' && m.h.channel) || trunkDown)) {
      leg = { dialed: false, uniqueid: null, status: null, cause: null, answeredAt: null, trunk: null };
      this.early.set(callId, leg);
      if (this.early.size > EARLY_MAX) this.early.delete(this.early.keys().next().value!);
    }
    if (!leg) return;
    if (trunkDown) {
      if (!leg.dialed) leg.trunk = m.h.value!;
    } else if (ev === 'DialBegin') {
      if (!m.h.channel) return; // the Originate's own DialBegin (the agent's phone)
      leg.dialed = true;
      leg.uniqueid = m.h.destuniqueid ?? null;
    } else if (ev === 'DialEnd') {
      if (!m.h.channel || m.h.destuniqueid !== leg.uniqueid) return;
      leg.status = m.h.dialstatus ?? null;
      if (leg.status === 'ANSWER') leg.answeredAt = m.at;
    } else if (leg.uniqueid && m.h.uniqueid === leg.uniqueid) {
      // a real Asterisk 22 sends the carrier's cause in the donor channel's HangupRequest before DialEnd, while its
      // Hangup may come only after the agent's leg has ended the call (captured: 603 → 21, 404 → 1): the first
      // cause given counts
      leg.cause ??= m.h.cause && m.h.cause !== '0' ? m.h.cause : null;
    }
  };
}
