/**
 * Masking of personal data (PIPL): phone and national ID numbers are shown masked wherever the full value is not
 * needed — in the desk, in logs and in Socket.IO traffic. Unmasking is a separate, role-gated and audited action.
 */

/** '+8613800138000' | '13800138000' → '138****8000'; landlines '+8653280001234' → '0532-****1234'. */
export function maskPhone(phone: string | null | undefined): string {
  if (!phone) return '';
  let digits = phone.replace(/[^\d]/g, '');
  if (phone.startsWith('+86') || (digits.startsWith('86') && digits.length === 13)) digits = digits.slice(2);
  if (/^1\d{10}$/.test(digits) && (!phone.startsWith('+') || phone.startsWith('+86'))) return `${digits.slice(0, 3)}****${digits.slice(7)}`;
  if (phone.startsWith('+') && !phone.startsWith('+86')) return `${phone.slice(0, 3)}****${digits.slice(-4)}`;
  if (/^[48]00\d{7}$/.test(digits)) return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
  if (phone.startsWith('+86') && digits.length >= 9) {
    const area = /^(10|2\d)/.test(digits) ? digits.slice(0, 2) : digits.slice(0, 3);
    return `0${area}-****${digits.slice(-4)}`;
  }
  if (digits.length <= 4) return '*'.repeat(digits.length);
  if (digits.length <= 7) return `${'*'.repeat(digits.length - 4)}${digits.slice(-4)}`;
  return `${digits.slice(0, 3)}${'*'.repeat(digits.length - 7)}${digits.slice(-4)}`;
}

/** '370202199001011234' → '3702**********1234'. */
export function maskNationalId(id: string | null | undefined): string {
  if (!id) return '';
  const s = id.replace(/\s+/g, '').toUpperCase();
  if (s.length <= 8) return '*'.repeat(s.length);
  return `${s.slice(0, 4)}${'*'.repeat(s.length - 8)}${s.slice(-4)}`;
}

/** For logs: '张三丰' → '张*丰', '李四' → '李*'. Not used in the desk, where agents need the name. */
export function maskName(name: string | null | undefined): string {
  if (!name) return '';
  const chars = [...name];
  if (chars.length === 1) return '*';
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

/**
 * The national ID as every desk view shows it: the last four characters only ('**************1234'). The last four
 * are what a donor reads out (and keys on the IVR) to confirm who they are; the first six (the issuing county) and
 * the eight birth-date digits stay hidden, so the masked form never narrows the ID down to a handful of candidates
 * (see access/donor-view.ts).
 */
export function maskNationalIdLast4(last4: string | null | undefined): string {
  if (!last4) return '';
  const s = last4.replace(/\s+/g, '').toUpperCase().slice(-4);
  return `${'*'.repeat(14)}${s}`;
}

// a run of digits (with the separators people and switches put between them) holding at least 7 digits
const NUMBER_RUN = /\+?\d(?:[\d\s\-().·/]*[\dXx])?/g;

/**
 * Masks every phone or ID number inside free text (a caller-ID name such as "13800138000" or "张 138-0013-8000", a
 * log line): runs of ≥ 7 digits become maskPhone(...) — or maskNationalId(...) for an 18-character ID — and shorter
 * digit runs (an extension, a room number) stay as they are.
 */
export function maskNumbersInText(text: string | null | undefined): string {
  if (!text) return '';
  return text.replace(NUMBER_RUN, (run) => {
    const compact = run.replace(/[\s\-().·/]/g, '');
    const digits = compact.replace(/\D/g, '');
    if (/^\d{17}[\dXx]$/.test(compact)) return maskNationalId(compact);
    if (digits.length < 7) return run;
    // a trailing x that is not an ID check character is text, not part of the number
    const tail = /[Xx]$/.test(compact) ? run.slice(-1) : '';
    const masked = maskPhone(tail ? compact.slice(0, -1) : compact);
    return masked + tail;
  });
}
