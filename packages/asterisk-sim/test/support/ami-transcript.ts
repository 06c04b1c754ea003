/** Parsing AMI byte streams (transcripts and captures) into messages for structural comparison. */
export interface AmiMsg {
  headers: Array<[string, string]>;
  kind: 'event' | 'response';
  name: string;
}

export function parseAmiStream(text: string): AmiMsg[] {
  const body = text.startsWith('Asterisk Call Manager/') ? text.slice(text.indexOf('\r\n') + 2) : text;
  const out: AmiMsg[] = [];
  for (const block of body.split('\r\n\r\n')) {
    if (!block.trim()) continue;
    const headers: Array<[string, string]> = block.split('\r\n').map((line) => {
      const i = line.indexOf(': ');
      if (i >= 0) return [line.slice(0, i), line.slice(i + 2)];
      return [line.replace(/:$/, ''), ''];
    });
    const [k, v] = headers[0]!;
    out.push({ headers, kind: k === 'Event' ? 'event' : 'response', name: v });
  }
  return out;
}

export function get(m: AmiMsg, key: string): string | undefined {
  return m.headers.find(([k]) => k === key)?.[1];
}

export function keys(m: AmiMsg): string {
  return m.headers.map(([k]) => k).join(',');
}
