/**
 * A full phone number as people read it aloud and write it down in China: mobiles in 3-4-4 groups
 * ('+8619905320001' → '199 0532 0001'), landlines as area code and subscriber number in groups
 * ('+8653288886666' → '0532-8888 6666', Beijing/Shanghai '010-6552 9988'), 400/800 numbers 3-3-4. Numbers of other
 * countries keep their + and country code. Only for values the user is allowed to see in full (after unmasking).
 */
function groupSubscriber(s: string): string {
  return s.length === 8 ? `${s.slice(0, 4)} ${s.slice(4)}` : s.length === 7 ? `${s.slice(0, 3)} ${s.slice(3)}` : s;
}

export function formatPhoneForDisplay(phone: string | null | undefined): string {
  if (!phone) return '';
  const raw = phone.trim();
  let digits = raw.replace(/[^\d]/g, '');
  const cn = raw.startsWith('+86') || (!raw.startsWith('+') && digits.startsWith('86') && digits.length === 13);
  if (raw.startsWith('+') && !raw.startsWith('+86')) return raw;
  if (cn) digits = digits.slice(2);
  if (/^1\d{10}$/.test(digits)) return `${digits.slice(0, 3)} ${digits.slice(3, 7)} ${digits.slice(7)}`;
  if (/^[48]00\d{7}$/.test(digits)) return `${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6)}`;
  const national = cn ? `0${digits}` : digits;
  const m = /^(0(?:10|2\d|[3-9]\d{2}))(\d{7,8})$/.exec(national);
  if (m) return `${m[1]}-${groupSubscriber(m[2]!)}`;
  return raw;
}
