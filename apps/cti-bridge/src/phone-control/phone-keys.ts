/**
 * The desk's "answer" and "hold/resume" buttons for agents on HARD phones with a real Asterisk: AMI has no answer or
 * hold action, so the PBX asks the phone to press its own key — a SIP NOTIFY `Event: talk` (answer a ringing call,
 * take a held call off hold) or `Event: hold`, sent by the dialplan ([dl-phone-keys] in asterisk/extensions.conf,
 * PJSIPNotify) on a Local channel the bridge originates with the `originate` class it already has.
 *
 * Phones with remote control allowed for the PBX's address act on it (Yealink "action URI", Fanvil, Snom,
 * Grandstream); others ignore it — then nothing changes, and after `confirmMs` the agent gets the notice
 * PHONE_KEY_IGNORED ("use the key on the phone"). The result is never guessed: the desk follows the call's real state
 * (AgentConnect / Hold / Unhold events).
 */
import { DomainError } from '@donorline/domain';
import type { AmiMessage } from '../ami/ami-message.js';
import { pbxError } from '../pbx/pbx-link.js';
import { PHONE_KEYS_CONTEXT } from '../pbx/channel-names.js';

export type PhoneKey = 'talk' | 'hold';

export interface PhoneKeysDeps {
  ami: { originate(fields: Record<string, string | number>, opts: { resultTimeoutMs: number }): { accepted: Promise<AmiMessage>; result: Promise<AmiMessage> } };
  /** Whether the key had its effect on the agent's current call (answered / held / resumed). */
  effect(ext: string, key: PhoneKey, on: boolean): boolean;
  notice(ext: string, code: string, message: string): void;
  confirmMs?: number;
}

export class PbxPhoneKeys {
  constructor(private readonly d: PhoneKeysDeps) {}

  answer(ext: string): Promise<void> {
    return this.press(ext, 'talk', true);
  }

  hold(ext: string, on: boolean): Promise<void> {
    return this.press(ext, on ? 'hold' : 'talk', on);
  }

  private async press(ext: string, key: PhoneKey, on: boolean): Promise<void> {
    if (!/^\d{4}$/.test(ext)) throw new DomainError('VALIDATION_FAILED', 'extension must have 4 digits');
    const o = this.d.ami.originate({ Channel: `Local/${key}-${ext}@${PHONE_KEYS_CONTEXT}`, Application: 'NoOp', Timeout: 3000 }, { resultTimeoutMs: 10_000 });
    // the Local channel never answers: its Failure result is the normal end
    o.result.catch(() => undefined);
    try {
      await o.accepted;
    } catch (e) {
      throw pbxError(e, key === 'talk' ? (on ? '接听 / answer' : '恢复 / resume') : '保持 / hold');
    }
    const t = setTimeout(() => {
      if (this.d.effect(ext, key, on)) return;
      this.d.notice(
        ext,
        'PHONE_KEY_IGNORED',
        key === 'hold' || !on
          ? '话机未响应桌面的保持/恢复指令，请使用话机上的保持键（话机未开启远程控制） / the phone did not act on the desk\'s hold/resume — use the hold key of the phone (remote control is not enabled on it)'
          : '话机未响应桌面的接听指令，请在话机上接听（话机未开启远程控制） / the phone did not answer from the desk — answer on the phone (remote control is not enabled on it)',
      );
    }, this.d.confirmMs ?? 4000);
    t.unref();
  }
}
