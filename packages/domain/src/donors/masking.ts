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
