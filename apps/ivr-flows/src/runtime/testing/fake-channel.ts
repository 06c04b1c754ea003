/**
 * A scripted caller on a fake channel, for unit-testing flows through the real ChannelFlowContext (so barge-in,
 * timeouts and retries are the production code). The script is consumed in order whenever the IVR waits:
 *   '12#'                 keys pressed once the IVR listens (all at once)
 *   { barge: '1' }        keys pressed during the next interruptible prompt (it stops the prompt)
 *   'silence'             the IVR's next wait times out
 *   'hangup'              the caller hangs up at the next wait for a key (or during the next recording)
 *   'hangup-during-prompt'  the caller hangs up while the next prompt plays
 *   { record: { seconds, endedBy? } }   what the next recording gets (default: 6 s, ended by '#')
 * When the script runs out, the caller hangs up, so a flow that keeps asking cannot loop forever.
 */
import { CallerHungUp, type CallerInfo } from '../flow-context.js';
import type { ChannelRecordRequest, ChannelRecordResult, MediaChannel, PlayRequest } from '../media-channel.js';

export type ScriptStep =
  | string
  | { barge: string }
  | { record: { seconds: number; endedBy?: ChannelRecordResult['endedBy'] } };

export type FakeEvent =
  | { kind: 'answer' }
  | { kind: 'play'; media: string[]; lang: string; bargeIn: boolean; interrupted: boolean }
  | { kind: 'wait'; timeoutMs: number; got: string | null }
  | { kind: 'record'; name: string; maxSeconds: number }
  | { kind: 'setVar'; name: string; value: string }
  | { kind: 'continue'; context: string; extension: string; priority: number }
  | { kind: 'hangup'; by: 'ivr' | 'caller' };

export class FakeChannel implements MediaChannel {
  readonly id: string;
  readonly caller: CallerInfo;
  readonly events: FakeEvent[] = [];
  readonly vars = new Map<string, string>();
  private readonly script: ScriptStep[];
  private readonly buffer: string[] = [];
  private readonly abort = new AbortController();
  private left = false;

  constructor(script: ScriptStep[], opts: { id?: string; caller?: Partial<CallerInfo>; vars?: Record<string, string> } = {}) {
    this.script = [...script];
    this.id = opts.id ?? '1795376041.3';
    this.caller = { number: opts.caller?.number ?? '13800138000', name: opts.caller?.name ?? '' };
    for (const [k, v] of Object.entries(opts.vars ?? {})) this.vars.set(k, v);
  }

  get signal(): AbortSignal {
    return this.abort.signal;
  }
  get gone(): boolean {
    return this.left || this.abort.signal.aborted;
  }
  /** Steps not consumed (a test can assert the flow listened as often as expected). */
  get remaining(): readonly ScriptStep[] {
    return this.script;
  }

  /** The caller hangs up now (from a test, or when a step says so). */
  callerHangup(): void {
    if (this.abort.signal.aborted) return;
    this.events.push({ kind: 'hangup', by: 'caller' });
    this.abort.abort(new CallerHungUp(this.id));
  }

  private check(): void {
    if (this.abort.signal.aborted) throw new CallerHungUp(this.id);
  }

  async answer(): Promise<void> {
    this.check();
    this.events.push({ kind: 'answer' });
  }

  async play(req: PlayRequest): Promise<'done' | 'interrupted'> {
    this.check();
    const next = this.script[0];
    if (next === 'hangup-during-prompt') {
      this.script.shift();
      this.events.push({ kind: 'play', media: req.media, lang: req.lang, bargeIn: req.bargeIn, interrupted: true });
      this.callerHangup();
      throw new CallerHungUp(this.id);
    }
    if (req.bargeIn && this.buffer.length > 0) {
      this.events.push({ kind: 'play', media: req.media, lang: req.lang, bargeIn: true, interrupted: true });
      return 'interrupted';
    }
    if (req.bargeIn && next !== undefined && typeof next === 'object' && 'barge' in next) {
      this.script.shift();
      this.buffer.push(...next.barge);
      this.events.push({ kind: 'play', media: req.media, lang: req.lang, bargeIn: true, interrupted: true });
      return 'interrupted';
    }
    this.events.push({ kind: 'play', media: req.media, lang: req.lang, bargeIn: req.bargeIn, interrupted: false });
    return 'done';
  }

  async nextDigit(timeoutMs: number): Promise<string | null> {
    this.check();
    if (this.buffer.length === 0) {
      const step = this.script.shift();
      if (step === undefined || step === 'hangup' || step === 'hangup-during-prompt') {
        this.callerHangup();
        throw new CallerHungUp(this.id);
      }
      if (step === 'silence') {
        this.events.push({ kind: 'wait', timeoutMs, got: null });
        return null;
      }
      if (typeof step === 'string') this.buffer.push(...step);
      else if ('barge' in step) this.buffer.push(...step.barge);
      else throw new Error(`script expected keys, IVR waited for a key (next step: ${JSON.stringify(step)})`);
    }
    const d = this.buffer.shift()!;
    this.events.push({ kind: 'wait', timeoutMs, got: d });
    return d;
  }

  flushDigits(): void {
    this.buffer.length = 0;
  }

  async record(req: ChannelRecordRequest): Promise<ChannelRecordResult> {
    this.check();
    this.events.push({ kind: 'record', name: req.name, maxSeconds: req.maxSeconds });
    const next = this.script[0];
    if (next === 'hangup') {
      this.script.shift();
      this.callerHangup();
      return { durationSeconds: 4, endedBy: 'hangup' }; // Asterisk keeps what was said before the hang-up
    }
    if (next !== undefined && typeof next === 'object' && 'record' in next) {
      this.script.shift();
      const endedBy = next.record.endedBy ?? 'key';
      if (endedBy === 'hangup') this.callerHangup();
      return { durationSeconds: next.record.seconds, endedBy };
    }
    return { durationSeconds: 6, endedBy: 'key' };
  }

  async setVar(name: string, value: string): Promise<void> {
    this.check();
    this.vars.set(name, value);
    this.events.push({ kind: 'setVar', name, value });
  }

  async getVar(name: string): Promise<string | null> {
    this.check();
    return this.vars.get(name) ?? null;
  }

  async continueInDialplan(context: string, extension: string, priority: number): Promise<void> {
    this.check();
    this.left = true;
    this.events.push({ kind: 'continue', context, extension, priority });
  }

  async hangup(): Promise<void> {
    if (this.left) return;
    this.left = true;
    this.events.push({ kind: 'hangup', by: 'ivr' });
  }

  // ── assertions helpers ──────────────────────────────────────────────────────────────────────────────────────

  /** Every sound id played, in order ('sound:donorline/welcome' → 'welcome'; recordings as 'recording:<name>'). */
  get played(): string[] {
    const out: string[] = [];
    for (const e of this.events) {
      if (e.kind !== 'play') continue;
      for (const m of e.media) out.push(m.startsWith('sound:donorline/') ? m.slice('sound:donorline/'.length) : m);
    }
    return out;
  }

  /** Only the catalogue prompts played (pieces such as num-5 or weekday-3 left out). */
  get prompts(): string[] {
    return this.played.filter((id) => !/^(num|digit|unit|time|month|ord|weekday)-/.test(id));
  }

  get continuedTo(): { context: string; extension: string; priority: number } | null {
    const e = this.events.find((x) => x.kind === 'continue');
    return e && e.kind === 'continue' ? { context: e.context, extension: e.extension, priority: e.priority } : null;
  }
}
