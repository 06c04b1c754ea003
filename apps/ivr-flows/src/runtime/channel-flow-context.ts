/**
 * FlowContext over a MediaChannel: prompts → media, barge-in, digit collection with first-digit and inter-digit
 * timeouts, retries with a spoken apology, recordings, and the hand-off to a queue with the IVR's findings set as
 * channel variables *before* the call continues in the dialplan.
 */
import { IVR_VARS, PBX_DEFAULTS, type IvrPathStep } from '@donorline/domain';
import { toMediaRuns } from '../prompts/utterance-media.js';
import {
  CallerHungUp,
  emptyFindings,
  type CallFindings,
  type CallerInfo,
  type FlowContext,
  type GatherOptions,
  type GatherResult,
  type Lang,
  type QueueTarget,
  type RecordOptions,
  type RecordResult,
  type Utterance,
} from './flow-context.js';
import type { MediaChannel } from './media-channel.js';

export interface GatherDefaults {
  firstDigitTimeoutMs: number;
  interDigitTimeoutMs: number;
  retries: number;
}

export const DEFAULT_GATHER: GatherDefaults = Object.freeze({ firstDigitTimeoutMs: 5000, interDigitTimeoutMs: 3000, retries: 2 });

export interface ChannelFlowContextOptions {
  channel: MediaChannel;
  args?: readonly string[];
  lang?: Lang;
  clock?: () => Date;
  /** Dialplan context that holds one extension per queue (PBX_DEFAULTS.queueContext). */
  queueContext?: string;
  gather?: Partial<GatherDefaults>;
  /** Recording names are `<prefix><channel id>-<n>`. */
  recordingPrefix?: string;
}

export class ChannelFlowContext implements FlowContext {
  readonly findings: CallFindings = emptyFindings();
  readonly args: readonly string[];
  private readonly channel: MediaChannel;
  private readonly clock: () => Date;
  private readonly queueContext: string;
  private readonly defaults: GatherDefaults;
  private readonly recordingPrefix: string;
  private currentLang: Lang;
  private recordings = 0;
  private done = false;

  constructor(opts: ChannelFlowContextOptions) {
    this.channel = opts.channel;
    this.args = opts.args ?? [];
    this.currentLang = opts.lang ?? 'zh';
    this.clock = opts.clock ?? (() => new Date());
    this.queueContext = opts.queueContext ?? PBX_DEFAULTS.queueContext;
    this.defaults = { ...DEFAULT_GATHER, ...opts.gather };
    this.recordingPrefix = opts.recordingPrefix ?? 'dl-msg-';
  }

  get callId(): string {
    return this.channel.id;
  }
  get caller(): CallerInfo {
    return this.channel.caller;
  }
  get signal(): AbortSignal {
    return this.channel.signal;
  }
  get lang(): Lang {
    return this.currentLang;
  }
  get finished(): boolean {
    return this.done || this.channel.gone;
  }

  setLang(lang: Lang): void {
    this.currentLang = lang;
  }

  now(): Date {
    return this.clock();
  }

  step(name: IvrPathStep): void {
    this.findings.path.push(name);
    // on the channel as the caller goes, so a call that ends in the IVR (the caller hangs up mid-menu) keeps its path
    if (!this.channel.gone && !this.channel.signal.aborted) void this.channel.setVar(IVR_VARS.path, this.findings.path.join('>')).catch(() => undefined);
  }

  private live(): void {
    if (this.channel.signal.aborted) throw new CallerHungUp(this.channel.id);
  }

  async getVar(name: string): Promise<string | null> {
    this.live();
    return this.channel.getVar(name);
  }

  async answer(): Promise<void> {
    this.live();
    await this.channel.answer();
  }

  private async play(items: readonly Utterance[], bargeIn: boolean): Promise<boolean> {
    for (const run of toMediaRuns(items, this.currentLang)) {
      this.live();
      const r = await this.channel.play({ media: run.media, lang: run.lang, bargeIn });
      if (r === 'interrupted') return true;
    }
    return false;
  }

  async say(...items: Utterance[]): Promise<void> {
    await this.play(items, false);
  }

  async sayInterruptible(...items: Utterance[]): Promise<boolean> {
    return this.play(items, true);
  }

  private async collect(maxDigits: number, terminator: string | null, firstMs: number, interMs: number): Promise<{ digits: string; terminated: boolean }> {
    let digits = '';
    for (;;) {
      this.live();
      const d = await this.channel.nextDigit(digits.length === 0 ? firstMs : interMs);
      if (d === null) return { digits, terminated: false };
      if (terminator !== null && d === terminator) return { digits, terminated: true };
      digits += d;
      if (digits.length >= maxDigits) return { digits, terminated: false };
    }
  }

  async gather(o: GatherOptions): Promise<GatherResult> {
    const retries = o.retries ?? this.defaults.retries;
    const terminator = o.terminator === undefined ? '#' : o.terminator;
    const firstMs = o.firstDigitTimeoutMs ?? this.defaults.firstDigitTimeoutMs;
    const interMs = o.interDigitTimeoutMs ?? this.defaults.interDigitTimeoutMs;
    let last: GatherResult = { status: 'timeout', attempts: 0 };
    for (let attempt = 1; attempt <= retries + 1; attempt++) {
      const prompt = attempt > 1 && o.reprompt ? o.reprompt : o.prompt;
      await this.play(prompt, true);
      const { digits, terminated } = await this.collect(o.maxDigits, terminator, firstMs, interMs);
      const nothing = digits === '' && (!terminated || !o.valid);
      if (nothing) {
        last = { status: 'timeout', attempts: attempt };
        if (attempt <= retries) await this.play(o.noInputPrompt ?? ['no-input'], true);
        continue;
      }
      if (!o.valid || o.valid(digits)) return { status: 'ok', digits, attempts: attempt };
      last = { status: 'invalid', digits, attempts: attempt };
      if (attempt <= retries) {
        this.channel.flushDigits(); // the rest of a refused entry must not leak into the next attempt
        await this.play(o.invalidPrompt ?? ['invalid-input'], true);
      }
    }
    return last;
  }

  async menu(prompt: Utterance[], keys: readonly string[], options: Partial<GatherOptions> = {}): Promise<string | null> {
    const r = await this.gather({ maxDigits: 1, terminator: null, ...options, prompt, valid: (d) => keys.includes(d) });
    return r.status === 'ok' ? r.digits : null;
  }

  async record(o: RecordOptions): Promise<RecordResult> {
    this.live();
    const name = `${this.recordingPrefix}${this.channel.id.replace(/[^A-Za-z0-9_-]/g, '-')}-${++this.recordings}`;
    const r = await this.channel.record({
      name,
      maxSeconds: o.maxSeconds,
      maxSilenceSeconds: o.maxSilenceSeconds ?? 0,
      beep: o.beep ?? true,
      terminateOn: o.terminateOn ?? '#',
    });
    return { name, durationSeconds: r.durationSeconds, endedBy: r.endedBy };
  }

  async setVars(vars: Readonly<Record<string, string>>): Promise<void> {
    this.live();
    await Promise.all(Object.entries(vars).map(([k, v]) => this.channel.setVar(k, v)));
  }

  /** The IVR_VARS contract: everything the screen-pop and the dialplan read. */
  findingVars(target?: QueueTarget): Record<string, string> {
    const f = this.findings;
    const vars: Record<string, string> = {
      [IVR_VARS.donorId]: f.donorId === null ? '' : String(f.donorId),
      [IVR_VARS.verified]: f.verified ? '1' : '0',
      [IVR_VARS.verifiedBy]: f.verifiedBy ?? '',
      [IVR_VARS.path]: f.path.join('>'),
      [IVR_VARS.topic]: f.topic ?? '',
      [IVR_VARS.lang]: this.currentLang,
      [IVR_VARS.candidates]: f.donorId === null ? f.candidates.join(',') : '',
    };
    if (target) {
      vars[IVR_VARS.preferredAgent] = target.preferredAgent ?? '';
      vars[IVR_VARS.preferredSecs] = String(target.preferredAgent ? target.preferredSecs : 0);
      vars[IVR_VARS.routeReason] = target.preferredAgent ? (target.reason ?? '') : '';
      vars[IVR_VARS.priority] = String(target.priority);
    }
    return vars;
  }

  async toQueue(target: QueueTarget): Promise<void> {
    this.live();
    await this.setVars(this.findingVars(target)); // all set (and acknowledged) before the call leaves Stasis
    this.live();
    await this.channel.continueInDialplan(this.queueContext, target.queue, 1);
    this.done = true;
  }

  async hangup(): Promise<void> {
    this.done = true;
    if (!this.channel.gone) await this.channel.hangup();
  }
}
