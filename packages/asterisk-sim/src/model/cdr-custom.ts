import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { parseConf } from '../config/conf-parser.js';
import { cdrFields } from './cdr.js';
import type { Channel } from './channel.js';

/**
 * cdr_custom as Asterisk 22 runs it (res/cdrel_custom): an "advanced" DSV mapping from the profile's
 * cdr_custom.conf — `[file.csv]` with `format = dsv`, `quoting_method`, `fields = name(qualifier^…), …` — one
 * line per CDR appended (open, write, "\n", close) when the CDR is finalised. Only what Donorline's mapping uses:
 * the CDR fields, `(double)`/`(int64)` times, `(uservar)` variables set with Set(CDR(name)=…), quoting
 * `all`/`none`/`non_numeric` with the quote doubled inside a field (formatters.c).
 */
export interface CdrCustomMapping {
  /** The output file as configured: absolute, or relative to the cdr-custom log folder. */
  file: string;
  quoting: 'all' | 'none' | 'non_numeric' | 'minimal';
  separator: string;
  quote: string;
  quoteEscape: string;
  fields: Array<{ name: string; qualifiers: string[] }>;
}

export function parseCdrCustomConf(text: string): CdrCustomMapping[] {
  const out: CdrCustomMapping[] = [];
  for (const s of parseConf(text)) {
    if (s.name === 'mappings') continue;
    const get = (k: string): string | undefined => s.entries.find((e) => e.key === k)?.value;
    const fields = get('fields');
    if (!fields || (get('format') ?? 'dsv') !== 'dsv') continue;
    out.push({
      file: s.name,
      quoting: (get('quoting_method') as CdrCustomMapping['quoting'] | undefined) ?? 'all',
      separator: get('separator_character')?.replace('\\t', '\t') ?? ',',
      quote: get('quote_character') ?? '"',
      quoteEscape: get('quote_escape_character') ?? '"',
      fields: fields.split(',').map((f) => f.trim()).filter(Boolean).map((f) => {
        const m = /^([^(]+)(?:\((.*)\))?$/.exec(f)!;
        return { name: m[1]!.trim().toLowerCase(), qualifiers: (m[2] ?? '').split('^').map((q) => q.trim().toLowerCase()).filter(Boolean) };
      }),
    });
  }
  return out;
}

const NUMERIC = new Set(['duration', 'billsec', 'sequence', 'amaflags', 'flags']);
const TIMES = new Set(['start', 'answer', 'end']);

/** Writes the channel's CDR to every mapped file of the profile's cdr_custom.conf (none when the file is absent). */
export class CdrCustomWriter {
  private sequence = 0;
  constructor(
    private readonly mappings: CdrCustomMapping[],
    private readonly logDir: string,
  ) {
    mkdirSync(logDir, { recursive: true });
  }

  static fromConfigDir(configDir: string, logDir: string): CdrCustomWriter | null {
    const p = join(configDir, 'cdr_custom.conf');
    if (!existsSync(p)) return null;
    const mappings = parseCdrCustomConf(readFileSync(p, 'utf8'));
    return mappings.length ? new CdrCustomWriter(mappings, logDir) : null;
  }

  /** The file a mapping writes (relative names under the log folder, as Asterisk puts them under cdr-custom/). */
  pathOf(m: CdrCustomMapping): string {
    return isAbsolute(m.file) ? m.file : join(this.logDir, m.file);
  }

  get files(): string[] {
    return this.mappings.map((m) => this.pathOf(m));
  }

  write(ch: Channel, endMs: number): void {
    const std = new Map(cdrFields(ch, endMs));
    const seq = this.sequence++;
    const vars = ch.data<Map<string, string>>('cdrVars');
    const secs = (ms: number): number => Math.floor(ms / 1000);
    const value = (name: string, q: string[]): { v: string; numeric: boolean } => {
      if (q.includes('uservar')) return { v: vars?.get(name) ?? '', numeric: false };
      if (TIMES.has(name)) {
        const ms = name === 'start' ? ch.createdAt : name === 'answer' ? ch.answeredAt : endMs;
        if (q.includes('double')) return { v: (ms > 0 ? ms / 1000 : 0).toFixed(6), numeric: true };
        if (q.includes('int64')) return { v: String(ms > 0 ? secs(ms) : 0), numeric: true };
        return { v: ms > 0 ? std.get(name === 'start' ? 'StartTime' : name === 'answer' ? 'AnswerTime' : 'EndTime') ?? '' : '', numeric: false };
      }
      const v = ((): string => {
        switch (name) {
          case 'linkedid': return ch.linkedid;
          case 'uniqueid': return ch.uniqueid;
          case 'sequence': return String(seq);
          case 'clid': return std.get('CallerID') ?? '';
          case 'src': return std.get('Source') ?? '';
          case 'dst': return std.get('Destination') ?? '';
          case 'dcontext': return std.get('DestinationContext') ?? '';
          case 'channel': return std.get('Channel') ?? '';
          case 'dstchannel': return std.get('DestinationChannel') ?? '';
          case 'lastapp': return std.get('LastApplication') ?? '';
          case 'lastdata': return std.get('LastData') ?? '';
          case 'duration': return std.get('Duration') ?? '0';
          case 'billsec': return std.get('BillableSeconds') ?? '0';
          case 'disposition': return std.get('Disposition') ?? '';
          case 'amaflags': return std.get('AMAFlags') ?? '';
          case 'accountcode': return std.get('AccountCode') ?? '';
          case 'userfield': return vars?.get('userfield') ?? '';
          case 'flags': return '0';
          default: return '';
        }
      })();
      return { v, numeric: NUMERIC.has(name) };
    };
    for (const m of this.mappings) {
      const line = m.fields.map((f) => {
        if (f.name.startsWith('"')) return f.name.slice(1, -1);
        const { v, numeric } = value(f.name, f.qualifiers);
        return quote(m, v, numeric, f.qualifiers);
      }).join(m.separator);
      appendFileSync(this.pathOf(m), `${line}\n`);
    }
  }
}

/** formatters.c: strings quoted per the method (always when they hold a quote, the separator, CR or LF), quotes escaped. */
function quote(m: CdrCustomMapping, v: string, numeric: boolean, q: string[]): string {
  const forced = q.includes('quote') ? true : q.includes('noquote') ? false : m.quoting === 'all' || (m.quoting === 'non_numeric' && !numeric);
  const needs = forced || v.includes(m.quote) || v.includes(m.separator) || /[\r\n]/.test(v);
  if (!needs) return v;
  if (v === '') return forced ? `${m.quote}${m.quote}` : '';
  return `${m.quote}${v.split(m.quote).join(`${m.quoteEscape}${m.quote}`)}${m.quote}`;
}
