/**
 * Plays the caller against the simulator: an ARI observer (a separate application with subscribeAll, as a
 * supervisor tool would use) sees the IVR's prompts start and finish on the caller's channel, and the driver
 * presses keys through the simulator's control API when the caller would (during or after a given prompt).
 */
import { WebSocket } from 'ws';

export interface ObservedEvent {
  type: string;
  channelId: string | null;
  media: string | null;
  digit: string | null;
  recording: string | null;
  at: number;
  raw: Record<string, unknown>;
}

function channelOf(e: Record<string, unknown>): string | null {
  const ch = e.channel as { id?: string } | undefined;
  if (ch?.id) return ch.id;
  const t = ((e.playback ?? e.recording) as { target_uri?: string } | undefined)?.target_uri;
  return t?.startsWith('channel:') ? t.slice(8) : null;
}

export class SimDriver {
  readonly events: ObservedEvent[] = [];
  private waiters = new Set<() => void>();

  private constructor(
    private readonly ws: WebSocket,
    private readonly opts: { onEvent?: (e: ObservedEvent) => void; keep?: boolean },
  ) {
    ws.on('message', (data) => {
      let e: Record<string, unknown>;
      try {
        e = JSON.parse(data.toString()) as Record<string, unknown>;
      } catch {
        return;
      }
      const pb = e.playback as { media_uri?: string } | undefined;
      const rec = e.recording as { name?: string } | undefined;
      const ev: ObservedEvent = {
        type: String(e.type), channelId: channelOf(e), media: pb?.media_uri ?? null, digit: (e.digit as string | undefined) ?? null,
        recording: rec?.name ?? null, at: performance.now(), raw: e,
      };
      this.opts.onEvent?.(ev);
      if (this.opts.keep === false) return;
      this.events.push(ev);
      for (const w of [...this.waiters]) w();
    });
  }

  /** ariBase like http://127.0.0.1:18088 */
  static open(ariBase: string, user: string, pass: string, app = 'dl-test-observer', opts: { onEvent?: (e: ObservedEvent) => void; keep?: boolean } = {}): Promise<SimDriver> {
    const url = `${ariBase.replace(/^http/, 'ws')}/ari/events?app=${app}&subscribeAll=true&api_key=${user}:${pass}`;
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      ws.once('open', () => resolve(new SimDriver(ws, opts)));
      ws.once('error', reject);
    });
  }

  close(): void {
    this.ws.terminate();
  }

  /** The first event (from index `from`) matching `pred`, waiting up to `timeoutMs`. */
  waitFor(pred: (e: ObservedEvent) => boolean, timeoutMs = 10_000, from = 0): Promise<ObservedEvent> {
    const found = this.events.slice(from).find(pred);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const e = this.events.slice(from).find(pred);
        if (!e) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve(e);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        const seen = this.events.filter((x) => x.type === 'PlaybackStarted').slice(-8).map((x) => x.media);
        reject(new Error(`timed out; last prompts: ${seen.join(' ')}`));
      }, timeoutMs);
      this.waiters.add(check);
    });
  }

  /** Waits until `prompt` (a catalogue id) starts playing on the channel, after event index `from`. */
  prompt(channelId: string, prompt: string, from = 0, timeoutMs = 10_000): Promise<ObservedEvent> {
    return this.waitFor((e) => e.type === 'PlaybackStarted' && e.channelId === channelId && e.media === `sound:donorline/${prompt}`, timeoutMs, from);
  }

  mark(): number {
    return this.events.length;
  }
}
