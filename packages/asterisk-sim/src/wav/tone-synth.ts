import { SAMPLE_RATE } from './wav-writer.js';

/** Fill `out[from..to)` with a tone (sum of frequencies) at the given peak amplitude. */
export function addTone(out: Int16Array, from: number, to: number, freqs: number[], amplitude = 6000): void {
  const end = Math.min(out.length, to);
  for (let i = Math.max(0, from); i < end; i++) {
    const t = i / SAMPLE_RATE;
    let v = 0;
    for (const f of freqs) v += Math.sin(2 * Math.PI * f * t);
    out[i] = clamp(out[i]! + (v / freqs.length) * amplitude);
  }
}

/**
 * A talk spurt: a voiced tone with a syllable rhythm (4–6 Hz amplitude envelope and a gliding pitch),
 * so a listener hears "someone talking" and can tell the two speakers apart by pitch.
 *
 * Sample by sample this is `env(t) · (0.6 sin p + 0.3 sin 2p + 0.1 sin 3p)` with `p = 2π · glide(t) · t`,
 * computed from tables (the voice waveform and a sine over one period, interpolated; the envelope per
 * syllable rate) instead of five Math.sin and a Math.pow per sample: a MixMonitor file of a 150 s call is
 * rendered synchronously when the call ends, and took ~125 ms of the simulator's event loop that way.
 */
export function addTalkSpurt(out: Int16Array, from: number, to: number, pitch: number, seed: number, amplitude = 7000): void {
  const end = Math.min(out.length, to);
  const start = Math.max(0, from);
  if (end <= start) return;
  const syll = 4 + (seed % 3);
  const env = envelope(syll, end - from);
  const voice = VOICE;
  const sine = SINE;
  const glidePhase0 = seed / (2 * Math.PI); // sin(2π·0.7·t + seed) in cycles: 0.7·t + seed/2π
  for (let i = start; i < end; i++) {
    const k = i - from;
    const t = k / SAMPLE_RATE;
    let x = 0.7 * t + glidePhase0;
    x = (x - Math.floor(x)) * TABLE_SIZE;
    let j = x | 0;
    const g = sine[j]!;
    const glide = pitch * (1 + 0.08 * (g + (sine[j + 1]! - g) * (x - j)));
    x = glide * t;
    x = (x - Math.floor(x)) * TABLE_SIZE;
    j = x | 0;
    const w = voice[j]!;
    const v = out[i]! + (w + (voice[j + 1]! - w) * (x - j)) * env[k]! * amplitude;
    out[i] = v >= 32767 ? 32767 : v <= -32768 ? -32768 : ((v + 32768.5) | 0) - 32768; // Math.round, without its cost
  }
}

const TABLE_SIZE = 8192;

/** One period of `f` sampled TABLE_SIZE times, plus a guard entry for interpolation (looked up by cycles, linearly interpolated). */
function periodTable(f: (x: number) => number): Float64Array {
  const t = new Float64Array(TABLE_SIZE + 1);
  for (let i = 0; i <= TABLE_SIZE; i++) t[i] = f((2 * Math.PI * i) / TABLE_SIZE);
  return t;
}

const SINE = periodTable(Math.sin);
const VOICE = periodTable((p) => 0.6 * Math.sin(p) + 0.3 * Math.sin(2 * p) + 0.1 * Math.sin(3 * p));

const envelopes = new Map<number, Float64Array>();

/** `max(0, sin(π · syll · t))^0.6` for the first `n` samples of a spurt (cached per syllable rate, grown on demand). */
function envelope(syll: number, n: number): Float64Array {
  const have = envelopes.get(syll);
  if (have && have.length >= n) return have;
  const e = new Float64Array(Math.max(n, 2 * (have?.length ?? 0), SAMPLE_RATE * 4));
  for (let k = 0; k < e.length; k++) e[k] = Math.max(0, Math.sin(Math.PI * syll * (k / SAMPLE_RATE))) ** 0.6;
  envelopes.set(syll, e);
  return e;
}

/** A gentle arpeggio for music on hold. */
export function addHoldMusic(out: Int16Array, from: number, to: number): void {
  const notes = [262, 330, 392, 523, 392, 330];
  const noteLen = SAMPLE_RATE / 3;
  for (let i = Math.max(0, from); i < Math.min(out.length, to); i++) {
    const k = Math.floor((i - from) / noteLen) % notes.length;
    const t = (i - from) / SAMPLE_RATE;
    const local = ((i - from) % noteLen) / noteLen;
    const env = Math.min(1, local * 20) * (1 - local) ** 0.5;
    out[i] = clamp(out[i]! + Math.sin(2 * Math.PI * notes[k]! * t) * env * 3000);
  }
}

export function mixIn(out: Int16Array, at: number, samples: Int16Array, gain = 1): void {
  const end = Math.min(out.length, at + samples.length);
  for (let i = Math.max(0, at); i < end; i++) out[i] = clamp(out[i]! + samples[i - at]! * gain);
}

function clamp(v: number): number {
  return v > 32767 ? 32767 : v < -32768 ? -32768 : Math.round(v);
}

export const msToSamples = (ms: number): number => Math.round((ms * SAMPLE_RATE) / 1000);
