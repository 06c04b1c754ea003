/**
 * Why a donor gets no care action (shown in the preview, and checked again at confirmation). The contact policy's
 * own rules come first (do-not-call, an open complaint: purpose 'care'); then what the channel needs: an SMS is
 * marketing class — the donor's SMS consent, a mobile, not opted out (TD); a call task needs an active account
 * manager. Calling hours do not exclude: the SMS waits in the outbox, the task is worked within hours.
 */
import { decideContact } from '../contact-policy/contact-policy.js';
import type { CareActionKind, CareExclusion } from './care.types.js';

export interface CareFacts {
  doNotCall: boolean;
  consentSms: boolean;
  openComplaints: number;
  mobile: string | null;
  optedOut: boolean;
  managerId: number | null;
  managerActive: boolean;
}

export function careExclusion(action: CareActionKind, f: CareFacts, now: Date): CareExclusion | null {
  const d = decideContact({ now, purpose: 'care', medium: action === 'sms' ? 'sms' : 'voice', doNotCall: f.doNotCall, recruitmentConsent: true, openComplaints: f.openComplaints, attempts: [] });
  if (d.reasons.includes('do-not-call')) return 'do-not-call';
  if (d.reasons.includes('open-complaint')) return 'open-complaint';
  if (action === 'sms') {
    if (!f.consentSms) return 'no-sms-consent';
    if (!f.mobile) return 'no-mobile';
    if (f.optedOut) return 'sms-opt-out';
    return null;
  }
  if (f.managerId === null) return 'no-account-manager';
  if (!f.managerActive) return 'manager-inactive';
  return null;
}

/** Validates an SMS text for the care template: 1–35 characters, no template syntax or URLs. */
export function careSmsTextProblem(text: string): string | null {
  const n = [...text].length;
  if (n < 1) return '短信内容不能为空 / the text must not be empty';
  if (n > 35) return `短信内容最多 35 个字（现 ${n}）/ at most 35 characters (${n})`;
  if (/\$\{|【|】|https?:\/\//i.test(text)) return '短信内容不能含模板符号、签名或链接 / no placeholders, signature brackets or links';
  return null;
}
