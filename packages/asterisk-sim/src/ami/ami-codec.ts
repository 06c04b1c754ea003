/**
 * AMI framing: CRLF lines of `Key: Value`, a blank line ends a message. Keys are matched case-insensitively
 * (clients send `Callerid`, `action: login`); repeated keys (Variable) are kept in order.
 */
export interface AmiMessage {
  /** Lower-cased key → values in order. */
  readonly fields: Map<string, string[]>;
  /** Original header order with original case. */
  readonly raw: Array<[string, string]>;
}

export function getField(msg: AmiMessage, key: string): string | undefined {
  return msg.fields.get(key.toLowerCase())?.[0];
}

export function getAll(msg: AmiMessage, key: string): string[] {
  return msg.fields.get(key.toLowerCase()) ?? [];
}

/** Incremental parser for the bytes a client sends. */
export class AmiParser {
  private buf = '';

  /** Feed data; returns complete messages. Lines may end with CRLF or LF. */
  push(chunk: string): AmiMessage[] {
    this.buf += chunk;
    const out: AmiMessage[] = [];
    for (;;) {
      const m = /\r?\n\r?\n/.exec(this.buf);
      if (!m) break;
      const block = this.buf.slice(0, m.index);
      this.buf = this.buf.slice(m.index + m[0].length);
      if (block.trim() === '') continue;
      out.push(parseBlock(block));
    }
    if (this.buf.length > 1_000_000) this.buf = '';
    return out;
  }
}

export function parseBlock(block: string): AmiMessage {
  const fields = new Map<string, string[]>();
  const raw: Array<[string, string]> = [];
  for (const line of block.split(/\r?\n/)) {
    if (!line) continue;
    const i = line.indexOf(':');
    if (i < 0) continue;
    const key = line.slice(0, i).trim();
    const value = line.slice(i + 1).replace(/^ /, '').replace(/\s+$/, '');
    raw.push([key, value]);
    const k = key.toLowerCase();
    const list = fields.get(k);
    if (list) list.push(value);
    else fields.set(k, [value]);
  }
  return { fields, raw };
}

/** Serialize headers as AMI does: `Key: Value` (empty value keeps the trailing space) and a blank line. */
export function serialize(headers: Array<[string, string]>): string {
  let s = '';
  for (const [k, v] of headers) s += `${k}: ${v}\r\n`;
  return `${s}\r\n`;
}

/** A response whose ActionID is the second line, as Asterisk writes it. */
export function response(status: 'Success' | 'Error' | 'Goodbye' | 'Follows', actionId: string | undefined, rest: Array<[string, string]> = []): string {
  const headers: Array<[string, string]> = [['Response', status]];
  if (actionId !== undefined) headers.push(['ActionID', actionId]);
  return serialize([...headers, ...rest]);
}
