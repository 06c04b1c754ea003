import { existsSync, statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { addHoldMusic, addTalkSpurt, addTone, mixIn, msToSamples } from '../wav/tone-synth.js';
import { readPcm8k, readWavInfo } from '../wav/wav-reader.js';
import { speak } from '../wav/speech.js';
import type { Channel } from './channel.js';
import type { SimServices } from './services.js';

/**
 * Durations of a few Asterisk core sounds as measured on the lab Asterisk, used when the sound is not
 * installed in soundsDir (the lab scripts play them). Anything else that is missing fails, as in Asterisk.
 */
const CORE_SOUNDS_MS: Record<string, number> = {
  'hello-world': 1400,
  beep: 425,
  'agent-pass': 3285,
  'vm-goodbye': 900,
  'auth-thankyou': 1100,
  'queue-thankyou': 1500,
  'pls-hold-while-try': 2200,
};

const EXTENSIONS: Array<[string, (bytes: number) => number]> = [
  ['wav', () => 0],
  ['sln', (b) => b / 16],
  ['sln16', (b) => b / 32],
  ['gsm', (b) => (b / 33) * 20],
  ['ulaw', (b) => b / 8],
  ['alaw', (b) => b / 8],
  ['g722', (b) => b / 8],
];

export interface SoundFile {
  path: string | undefined;
  durationMs: number;
}

const CALLER_PHRASES = ['您好，我想预约献血。', '我的手机号是一三八零零一三八零零零。', '请问明天上午可以吗？', '好的，谢谢。'];
const AGENT_PHRASES = ['您好，这里是献血服务热线。', '请问有什么可以帮您？', '好的，已经为您预约。', '感谢您的支持，再见。'];

/** Sounds, music on hold, hold indications and the audio content of recordings. */
export class MediaService {
  constructor(private readonly sim: () => SimServices) {}

  /** Find `sound:<name>` as Asterisk would: `<dir>/<lang>/<name>.<ext>`, then `<dir>/<name>.<ext>`, then `en`. */
  findSound(name: string, language: string): SoundFile | undefined {
    const { soundsDir } = this.sim().options;
    const bases = isAbsolute(name) ? [name] : [join(soundsDir, language, name), join(soundsDir, name), join(soundsDir, 'en', name)];
    for (const base of bases) {
      for (const [ext, fromBytes] of EXTENSIONS) {
        const path = `${base}.${ext}`;
        if (!existsSync(path)) continue;
        if (ext === 'wav') {
          const info = readWavInfo(path);
          if (info) return { path, durationMs: Math.round(info.durationMs) };
          continue;
        }
        return { path, durationMs: Math.round(fromBytes(statSync(path).size)) };
      }
    }
    const silence = /^silence\/(\d+)$/.exec(name);
    if (silence) return { path: undefined, durationMs: Number(silence[1]) * 1000 };
    const core = CORE_SOUNDS_MS[name];
    if (core !== undefined) return { path: undefined, durationMs: core };
    const digit = /^digits\/(\d+|star|pound)$/.exec(name);
    if (digit) return { path: undefined, durationMs: 600 };
    return undefined;
  }

  soundDurationMs(name: string, language: string): number | undefined {
    return this.findSound(name, language)?.durationMs;
  }

  // --- music on hold and hold ----------------------------------------------------------------------------

  startMoh(ch: Channel, cls: string): void {
    if (ch.mohClass !== undefined || ch.hungUp) return;
    ch.mohClass = cls;
    this.sim().engine.emit({ t: 'MusicOnHoldStart', ch, cls });
  }

  stopMoh(ch: Channel): void {
    if (ch.mohClass === undefined) return;
    ch.mohClass = undefined;
    if (!ch.hungUp) this.sim().engine.emit({ t: 'MusicOnHoldStop', ch });
  }

  /**
   * A party puts the call on hold (phone hold key, ARI hold). Asterisk raises `Hold` on that channel and
   * the bridge plays music on hold to the other members (`MusicOnHoldStart` on them).
   */
  holdIndication(ch: Channel, on: boolean, cls = 'default'): void {
    const engine = this.sim().engine;
    if (ch.onHold === on) return;
    ch.onHold = on;
    engine.emit(on ? { t: 'Hold', ch, cls } : { t: 'Unhold', ch });
    const others = ch.bridge ? ch.bridge.channels.filter((c) => c !== ch) : ch.localPeer ? [] : [];
    for (const o of others) {
      if (on) this.startMoh(o, cls);
      else this.stopMoh(o);
      const rec = o.data<{ holds: Array<[number, number]> }>('mixmonitor');
      if (rec) this.noteHold(rec.holds, on);
    }
    const mine = ch.data<{ holds: Array<[number, number]> }>('mixmonitor');
    if (mine) this.noteHold(mine.holds, on);
  }

  private noteHold(holds: Array<[number, number]>, on: boolean): void {
    const now = this.sim().engine.now();
    if (on) holds.push([now, Infinity]);
    else {
      const last = holds[holds.length - 1];
      if (last && last[1] === Infinity) last[1] = now;
    }
  }

  // --- audio content -------------------------------------------------------------------------------------

  /**
   * A two-party conversation for MixMonitor: alternating talk spurts (synthesised Mandarin if espeak-ng
   * is present, otherwise voiced tones, the caller lower-pitched than the agent), music during holds.
   * `mutes` (absolute times, like `holds`) silence one party's voice — MixMonitorMute of one direction —
   * and everything where both are muted.
   */
  renderConversation(
    durationMs: number,
    seed: number,
    holds: Array<[number, number]> = [],
    startedAt = 0,
    mutes: { caller: Array<[number, number]>; agent: Array<[number, number]> } = { caller: [], agent: [] },
  ): Int16Array {
    const out = new Int16Array(msToSamples(durationMs));
    let at = 300;
    let turn = 0;
    const useSpeech = this.sim().options.speech;
    const relative = (list: Array<[number, number]>): Array<[number, number]> =>
      list.map(([from, to]) => [Math.max(0, from - startedAt), Math.min(durationMs, (Number.isFinite(to) ? to : startedAt + durationMs) - startedAt)] as [number, number]).filter(([a, b]) => b > a);
    const mutedCaller = relative(mutes.caller);
    const mutedAgent = relative(mutes.agent);
    while (at < durationMs) {
      const caller = turn % 2 === 0;
      const phrases = caller ? CALLER_PHRASES : AGENT_PHRASES;
      const phrase = phrases[(turn >> 1) % phrases.length]!;
      const voice = useSpeech ? speak(phrase, 'cmn-latn-pinyin', caller ? 35 : 70) : undefined;
      let len: number;
      if (voice) {
        mixIn(out, msToSamples(at), voice);
        len = (voice.length / 8000) * 1000;
      } else {
        len = 1200 + ((seed + turn * 37) % 1800);
        addTalkSpurt(out, msToSamples(at), msToSamples(at + len), caller ? 160 : 290, seed + turn);
      }
      // spurts never overlap: silencing the muted part of this one silences only this party
      for (const [a, b] of caller ? mutedCaller : mutedAgent) {
        const from = Math.max(a, at);
        const to = Math.min(b, at + len);
        if (to > from) out.fill(0, msToSamples(from), Math.min(out.length, msToSamples(to)));
      }
      at += len + 400 + ((seed + turn * 13) % 500);
      turn++;
    }
    for (const [a, b] of relative(holds)) {
      out.fill(0, msToSamples(a), msToSamples(b));
      addHoldMusic(out, msToSamples(a), msToSamples(b));
    }
    for (const [a1, b1] of mutedCaller) {
      for (const [a2, b2] of mutedAgent) {
        const a = Math.max(a1, a2);
        const b = Math.min(b1, b2);
        if (b > a) out.fill(0, msToSamples(a), Math.min(out.length, msToSamples(b)));
      }
    }
    return out;
  }

  /** What a caller says into a recording: speech (or tones) for `speakMs`, then silence. */
  renderCallerMessage(durationMs: number, speakMs: number, seed: number): Int16Array {
    const out = new Int16Array(msToSamples(durationMs));
    const voice = this.sim().options.speech ? speak('您好，我想咨询一下献血的事情，请回电话，谢谢。', 'cmn-latn-pinyin', 40) : undefined;
    const end = Math.min(durationMs, speakMs);
    if (voice) {
      const chunk = voice.subarray(0, Math.min(voice.length, msToSamples(end)));
      mixIn(out, 0, chunk);
    } else addTalkSpurt(out, 0, msToSamples(end), 170, seed);
    return out;
  }

  /** Mix a played sound into a buffer (beep, prompts played to the recorded party). */
  mixSound(out: Int16Array, atMs: number, file: SoundFile | undefined, durationMs: number): void {
    const pcm = file?.path?.endsWith('.wav') ? readPcm8k(file.path) : undefined;
    if (pcm) mixIn(out, msToSamples(atMs), pcm.subarray(0, msToSamples(durationMs)));
    else addTone(out, msToSamples(atMs), msToSamples(atMs + durationMs), [440, 620], 4000);
  }

  beep(out: Int16Array, atMs: number): void {
    addTone(out, msToSamples(atMs), msToSamples(atMs + 250), [1000], 8000);
  }
}
