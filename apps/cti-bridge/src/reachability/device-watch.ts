/**
 * Which agent phones calls can reach, and whether the carrier trunk takes calls out — from Asterisk's device states
 * (AMI `DeviceStateChange`, class call; `DeviceStateList` after every login). A real Asterisk 22 showed why the desk
 * must say so: after `core restart now` the phones are UNAVAILABLE until re-qualified (up to qualify_frequency, 30 s)
 * and a waiting caller reached the agent 17 s late with no word on the desk; an unreachable carrier makes
 * click-to-dial ring the agent and then fail (the Dial through the trunk ends CHANUNAVAIL).
 *
 * Asterisk vocabulary stops here: out come "phone of 8001 available/unavailable", "trunk available/unavailable" and
 * "the trunk refused the dial of call X".
 */
import type { AmiMessage } from '../ami/ami-message.js';
import { extensionOfInterface } from '../pbx/channel-names.js';

export type Availability = 'available' | 'unavailable' | 'unknown';

export interface DeviceWatchSink {
  phone(ext: string, state: Availability): void;
  trunk(state: Availability): void;
  /** A Dial through the carrier failed for the trunk's sake (not the donor's: BUSY / NOANSWER are the donor). */
  trunkDialFailed(callId: string, dialStatus: string): void;
}

/** Device states in which calls cannot reach the device (devicestate.h: AST_DEVICE_UNAVAILABLE, AST_DEVICE_INVALID). */
const DOWN = new Set(['UNAVAILABLE', 'INVALID']);
/** Dial statuses that mean the trunk, not the donor: no channel could be made, or the network refused. */
const TRUNK_FAILURES = new Set(['CHANUNAVAIL', 'CONGESTION']);

export class DeviceWatch {
  private readonly phones = new Map<string, Availability>();
  private trunkState: Availability = 'unknown';

  constructor(
    private readonly sink: DeviceWatchSink,
    private readonly trunkEndpoint = 'carrier',
    /** The click-to-dial context ([dl-outbound]): its DIALSTATUS tells a dial the trunk could not take. */
    private readonly outboundContext = 'dl-outbound',
  ) {}

  phone(ext: string): Availability {
    return this.phones.get(ext) ?? 'unknown';
  }

  trunk(): Availability {
    return this.trunkState;
  }

  /** One AMI event (every event passes here; anything else is ignored). */
  handle = (m: AmiMessage): void => {
    if (m.event === 'DeviceStateChange') {
      this.device(m.h.device, m.h.state);
    } else if (m.event === 'DialEnd') {
      // a carrier channel was made, and the trunk refused (e.g. 503 → CONGESTION)
      const dest = m.h.destchannel ?? '';
      const status = (m.h.dialstatus ?? '').toUpperCase();
      if (dest.startsWith(`PJSIP/${this.trunkEndpoint}-`) && TRUNK_FAILURES.has(status)) this.dialFailed(m.h.linkedid, status);
    } else if (m.event === 'VarSet' && m.h.variable === 'DIALSTATUS' && m.h.context === this.outboundContext) {
      // the trunk has no reachable contact: Asterisk makes no channel at all (no DialBegin/DialEnd, as a real 22.10.1
      // showed) — only DIALSTATUS CHANUNAVAIL on the agent's channel in the click-to-dial context
      const status = (m.h.value ?? '').toUpperCase();
      if (TRUNK_FAILURES.has(status)) this.dialFailed(m.h.linkedid, status);
    }
  };

  private readonly toldFailed = new Set<string>();

  private dialFailed(callId: string | undefined, status: string): void {
    if (!callId || this.toldFailed.has(callId)) return;
    this.toldFailed.add(callId);
    if (this.toldFailed.size > 1000) this.toldFailed.delete(this.toldFailed.values().next().value!);
    this.sink.trunkDialFailed(callId, status);
  }

  /** The snapshot of `DeviceStateList` after a (re)login: a DeviceStateChange per device Asterisk knows. */
  load(items: readonly AmiMessage[]): void {
    for (const m of items) this.device(m.h.device, m.h.state);
  }

  /** The link went down: nothing is known until Asterisk says again. */
  forget(): void {
    for (const ext of [...this.phones.keys()]) this.set(ext, 'unknown');
    if (this.trunkState !== 'unknown') {
      this.trunkState = 'unknown';
      this.sink.trunk('unknown');
    }
  }

  private device(device: string | undefined, state: string | undefined): void {
    if (!device || !state) return;
    const a: Availability = DOWN.has(state.toUpperCase()) ? 'unavailable' : state.toUpperCase() === 'UNKNOWN' ? 'unknown' : 'available';
    if (device === `PJSIP/${this.trunkEndpoint}`) {
      if (a === this.trunkState) return;
      this.trunkState = a;
      this.sink.trunk(a);
      return;
    }
    const ext = extensionOfInterface(device);
    if (ext) this.set(ext, a);
  }

  private set(ext: string, a: Availability): void {
    if ((this.phones.get(ext) ?? 'unknown') === a) return;
    if (a === 'unknown') this.phones.delete(ext);
    else this.phones.set(ext, a);
    this.sink.phone(ext, a);
  }
}
