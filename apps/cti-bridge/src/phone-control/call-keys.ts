/**
 * Mute and DTMF from the desk — for every phone, hard or soft, because the PBX does them on the agent's call:
 * - mute: `Setvar MUTEAUDIO(in)=on|off` (res_mutestream) on the agent's channel — the donor hears nothing from the
 *   agent; a function write, class `call`, no VarSet event. The recording of the agent's part goes silent meanwhile.
 * - DTMF: `PlayDTMF` (app_senddtmf, class `call`) on the far party's channel, one action per digit: the digit is sent
 *   out to the donor's side (a remote IVR or voicemail menu) and never reaches the PBX's feature codes.
 */
import { DomainError } from '@donorline/domain';
import type { AmiMessage } from '../ami/ami-message.js';
import { pbxError } from '../pbx/pbx-link.js';

export interface CallKeysDeps {
  ami: { action(name: string, fields?: Record<string, string | number>): Promise<AmiMessage> };
  /** The channels of a call (PbxLink's translator): the agent legs and the caller's/donor's side. */
  channelsOf(callId: string): { callerSide: string[]; agents: Array<{ ext: string; name: string }> } | null;
  /** The agent is connected on this call (CallControl's rules: on the call, answered). */
  assertConnected(ext: string, callId: string): void;
}

const DTMF = /^[0-9*#A-D]{1,32}$/;

export class CallKeys {
  /** callId → agent ext → muted */
  private readonly muted = new Map<string, Set<string>>();

  constructor(private readonly d: CallKeysDeps) {}

  isMuted(callId: string, ext: string): boolean {
    return this.muted.get(callId)?.has(ext) ?? false;
  }

  async mute(ext: string, callId: string, on: boolean): Promise<{ muted: boolean }> {
    this.d.assertConnected(ext, callId);
    const leg = this.d.channelsOf(callId)?.agents.find((a) => a.ext === ext);
    if (!leg) throw new DomainError('NO_ACTIVE_CALL', '通话尚未接通 / the call is not connected to you');
    try {
      await this.d.ami.action('Setvar', { Channel: leg.name, Variable: 'MUTEAUDIO(in)', Value: on ? 'on' : 'off' });
    } catch (e) {
      throw pbxError(e, on ? '静音 / mute' : '取消静音 / unmute');
    }
    const set = this.muted.get(callId) ?? new Set<string>();
    if (on) set.add(ext);
    else set.delete(ext);
    if (set.size) this.muted.set(callId, set);
    else this.muted.delete(callId);
    return { muted: on };
  }

  async dtmf(ext: string, callId: string, digits: string): Promise<void> {
    if (typeof digits !== 'string' || !DTMF.test(digits)) throw new DomainError('VALIDATION_FAILED', '按键只能是 0-9、*、#（最多 32 个） / digits must be 0-9, * or # (at most 32)');
    this.d.assertConnected(ext, callId);
    const far = this.d.channelsOf(callId)?.callerSide.find((n) => !n.startsWith('Local/'));
    if (!far) throw new DomainError('NO_ACTIVE_CALL', '找不到对方通道 / the other party is not on the call');
    for (const digit of digits) {
      try {
        await this.d.ami.action('PlayDTMF', { Channel: far, Digit: digit, Duration: 120 });
      } catch (e) {
        throw pbxError(e, '发送按键 / send DTMF');
      }
    }
  }

  /** The call ended: forget its mute state. */
  forget(callId: string): void {
    this.muted.delete(callId);
  }
}
