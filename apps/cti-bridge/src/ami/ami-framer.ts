// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- the untyped CJS library's local types must reach every project that compiles this file (test/, scripts/)
/// <reference path="./asterisk-manager.d.ts" />
import type { RawAmiMessage } from 'asterisk-manager';

/**
 * The bridge's own AMI reader: splits the TCP stream into frames (header lines up to a blank line) incrementally —
 * each byte is looked at once, whatever the chunking — and bounds every frame. asterisk-manager@0.2.0's reader
 * re-splits and re-shifts everything it holds on every chunk (quadratic in the size of an unfinished frame): one
 * frame of 200,000 header lines (4.4 MB) froze the bridge's event loop for 189 s. Here a frame over `maxFrameBytes`
 * or `maxFrameLines` is dropped as it streams in (nothing of it is kept), reported once with its size, and reading
 * carries on with the next frame.
 *
 * A frame is parsed into exactly what the library's reader produces (keys trimmed and lower-cased, `Variable:` and
 * `ChanVariable:` lines into objects, repeated keys into arrays), so the library's dispatch (responses by ActionID,
 * `managerevent`) and normalizeAmi work unchanged. The banner line ("Asterisk Call Manager/…") is skipped.
 */
export interface AmiFramerOptions {
  /** Largest frame accepted, in characters (default 256 KiB). */
  maxFrameBytes?: number;
  /** Most header lines in one frame (default 4096). */
  maxFrameLines?: number;
  onFrame(item: RawAmiMessage): void;
  /** A frame over a limit was dropped (called once per frame, when its end arrives). */
  onOversize?(info: { bytes: number; lines: number; limit: 'bytes' | 'lines' }): void;
}

export const DEFAULT_MAX_FRAME_BYTES = 256 * 1024;
export const DEFAULT_MAX_FRAME_LINES = 4096;

export class AmiFramer {
  private readonly maxBytes: number;
  private readonly maxLines: number;
  private lines: string[] = [];
  private partial = '';
  private frameBytes = 0;
  /** Dropping an oversized frame until its blank line. */
  private discard: { bytes: number; lines: number; limit: 'bytes' | 'lines'; lineHasText: boolean } | null = null;
  /** Characters looked at so far (a test proves the work stays linear). */
  scanned = 0;
  framesDropped = 0;

  constructor(private readonly o: AmiFramerOptions) {
    this.maxBytes = o.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
    this.maxLines = o.maxFrameLines ?? DEFAULT_MAX_FRAME_LINES;
  }

  push(chunk: string): void {
    this.scanned += chunk.length;
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf('\n', start);
      if (nl < 0) {
        if (start < chunk.length) this.append(chunk, start, chunk.length);
        return;
      }
      if (nl > start) this.append(chunk, start, nl);
      this.endLine();
      start = nl + 1;
    }
  }

  /** Forgets a half-read frame (the connection was replaced). */
  reset(): void {
    this.lines = [];
    this.partial = '';
    this.frameBytes = 0;
    this.discard = null;
  }

  private append(chunk: string, from: number, to: number): void {
    if (this.discard) {
      this.discard.bytes += to - from;
      if (to - from > 1 || chunk[from] !== '\r') this.discard.lineHasText = true;
      return;
    }
    this.frameBytes += to - from;
    if (this.frameBytes > this.maxBytes) {
      // the limit crossed by the CR of the blank line that ends the frame: that line ends the discard too (taking it
      // for text would drop the next frame with this one)
      this.startDiscard('bytes', this.partial.length > 0 || to - from > 1 || chunk[from] !== '\r');
      return;
    }
    this.partial += chunk.slice(from, to);
  }

  private endLine(): void {
    if (this.discard) {
      const d = this.discard;
      if (!d.lineHasText) {
        this.discard = null;
        this.framesDropped++;
        this.o.onOversize?.({ bytes: d.bytes, lines: d.lines, limit: d.limit });
        return;
      }
      d.lines++;
      d.bytes++;
      d.lineHasText = false;
      return;
    }
    const line = this.partial.endsWith('\r') ? this.partial.slice(0, -1) : this.partial;
    this.partial = '';
    this.frameBytes++;
    if (line === '') {
      if (this.lines.length) this.emitFrame();
      this.frameBytes = 0;
      return;
    }
    if (this.lines.length === 0 && line.startsWith('Asterisk Call Manager')) {
      this.frameBytes = 0;
      return; // the banner
    }
    this.lines.push(line);
    if (this.lines.length > this.maxLines) this.startDiscard('lines', false);
  }

  private startDiscard(limit: 'bytes' | 'lines', midLine: boolean): void {
    this.discard = { bytes: this.frameBytes, lines: this.lines.length, limit, lineHasText: midLine };
    this.lines = [];
    this.partial = '';
    this.frameBytes = 0;
  }

  private emitFrame(): void {
    const lines = this.lines;
    this.lines = [];
    this.o.onFrame(parseFrame(lines));
  }
}

/** One frame's header lines → the object asterisk-manager's reader would have built from them. */
export function parseFrame(lines: readonly string[]): RawAmiMessage {
  const item: Record<string, string | string[] | Record<string, string>> = {};
  for (const raw of lines) {
    if (!raw.length) continue;
    const sep = raw.indexOf(': ');
    const key = (sep < 0 ? raw : raw.slice(0, sep)).trim().toLowerCase();
    const value = sep < 0 ? '' : raw.slice(sep + 2);
    if (key === 'variable' || key === 'chanvariable') {
      const obj = typeof item[key] === 'object' && !Array.isArray(item[key]) ? (item[key] as Record<string, string>) : {};
      const eq = value.indexOf('=');
      obj[eq < 0 ? value : value.slice(0, eq)] = eq < 0 ? '' : value.slice(eq + 1);
      item[key] = obj;
      continue;
    }
    const prev = item[key];
    if (prev === undefined) item[key] = value;
    else if (Array.isArray(prev)) prev.push(value);
    else if (typeof prev === 'string') item[key] = [prev, value];
  }
  return item;
}
