/**
 * The PBX's own call log as Asterisk 22's cdr_custom writes it with Donorline's mapping (asterisk/cdr_custom.conf):
 * one DSV line per CDR, every field double-quoted, a quote inside a field doubled. Pure: text in, rows out.
 */

/** The fields of asterisk/cdr_custom.conf's `fields =` line, in order, qualifiers dropped (a test holds them equal). */
export const CDR_FIELDS = [
  'linkedid', 'uniqueid', 'sequence', 'start', 'answer', 'end', 'duration', 'billsec', 'disposition', 'src', 'dst', 'dcontext', 'channel',
  'dstchannel', 'lastapp', 'lastdata', 'accountcode', 'userfield', 'dl_queue', 'dl_queued', 'dl_agent', 'dl_answered', 'dl_recording', 'dl_hangup',
] as const;
export type CdrField = (typeof CDR_FIELDS)[number];

/** One CDR: every field as written (strings); times are epoch seconds ("0.000000" = none). */
export type CdrRow = Record<CdrField, string>;

/** Longest line accepted: a CDR is a few hundred bytes; anything far longer is not ours (or a torn write). */
export const CDR_MAX_LINE = 16 * 1024;

/**
 * Splits one DSV line (RFC 4180 quoting: `"a ""b"""` → `a "b"`). Returns null for a malformed line (an unclosed
 * quote, text after a closing quote), which the reader counts and skips rather than guessing.
 */
export function splitDsv(line: string, sep = ',', quote = '"'): string[] | null {
  const out: string[] = [];
  let i = 0;
  const n = line.length;
  for (;;) {
    if (line[i] === quote) {
      let v = '';
      i++;
      for (;;) {
        const q = line.indexOf(quote, i);
        if (q < 0) return null;
        v += line.slice(i, q);
        if (line[q + 1] === quote) {
          v += quote;
          i = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      out.push(v);
      if (i === n) return out;
      if (line[i] !== sep) return null;
      i++;
    } else {
      const s = line.indexOf(sep, i);
      const v = s < 0 ? line.slice(i) : line.slice(i, s);
      if (v.includes(quote)) return null;
      out.push(v);
      if (s < 0) return out;
      i = s + 1;
    }
  }
}

/** One line of the log as a row, or null when it is not a CDR of this mapping (wrong field count, no linkedid). */
export function parseCdrLine(line: string): CdrRow | null {
  const text = line.endsWith('\r') ? line.slice(0, -1) : line;
  if (!text || text.length > CDR_MAX_LINE) return null;
  const parts = splitDsv(text);
  if (!parts || parts.length !== CDR_FIELDS.length) return null;
  const row = {} as CdrRow;
  CDR_FIELDS.forEach((f, ix) => {
    row[f] = parts[ix]!;
  });
  if (!row.linkedid || !row.uniqueid) return null;
  return row;
}

/** Epoch seconds (with fraction) as written for start/answer/end(double), or a uservar's ${EPOCH}; 0/empty → null. */
export function cdrInstant(v: string): Date | null {
  const s = Number(v);
  if (!v || !Number.isFinite(s) || s <= 0) return null;
  return new Date(Math.round(s * 1000));
}
