/**
 * SMPP text on the wire: the message in UCS2 (data_coding 8 — Chinese needs it, and the signature 【…】 is never
 * GSM 7-bit), 70 UTF-16 units in one SMS, 67 per part of a long one with a concatenation UDH (05 00 03 ref total
 * seq; the smpp package sets esm_class's UDHI bit when a udh is given, but splits nothing itself); and the SMPP
 * delivery receipt's text ("id:… sub:001 dlvrd:001 submit date:… done date:… stat:DELIVRD err:000 text:…").
 */
export const UCS2 = 8;
export const SINGLE_UNITS = 70;
export const PART_UNITS = 67;

export interface SmppPart {
  /** A plain string (one SMS), or the part with its UDH. */
  short_message: string | { udh: Buffer; message: string };
}

/** The text cut into SMS parts, never between the halves of a surrogate pair. `ref` (0–255) ties the parts together. */
export function ucs2Parts(text: string, ref: number): SmppPart[] {
  if (text.length <= SINGLE_UNITS) return [{ short_message: text }];
  const chunks: string[] = [];
  for (let i = 0; i < text.length;) {
    let end = Math.min(i + PART_UNITS, text.length);
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end--;
    chunks.push(text.slice(i, end));
    i = end;
  }
  return chunks.map((message, i) => ({ short_message: { udh: Buffer.from([0x05, 0x00, 0x03, ref & 0xff, chunks.length, i + 1]), message } }));
}

export interface SmppReceipt {
  id: string;
  stat: string;
  err: string;
}

/** The receipt text's fields (keys are case-insensitive; "submit date"/"done date" are not needed); null when it has no id and stat. */
export function parseReceiptText(text: string): SmppReceipt | null {
  const id = /(?:^|\s)id:(\S+)/i.exec(text)?.[1];
  const stat = /(?:^|\s)stat:(\S+)/i.exec(text)?.[1];
  if (!id || !stat) return null;
  return { id, stat: stat.toUpperCase(), err: /(?:^|\s)err:(\S+)/i.exec(text)?.[1] ?? '' };
}

/** The text of a decoded short_message / message_payload. */
export function smppText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (Buffer.isBuffer(v)) return v.toString('latin1');
  if (v && typeof v === 'object' && 'message' in v) return smppText((v as { message: unknown }).message);
  return '';
}
