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
 */
export function addTalkSpurt(out: Int16Array, from: number, to: number, pitch: number, seed: number, amplitude = 7000): void {
  const end = Math.min(out.length, to);
  const syll = 4 + (seed % 3);
  for (let i = Math.max(0, from); i < end; i++) {
    const t = (i - from) / SAMPLE_RATE;
    const env = Math.max(0, Math.sin(Math.PI * syll * t)) ** 0.6;
    const glide = pitch * (1 + 0.08 * Math.sin(2 * Math.PI * 0.7 * t + seed));
    const phase = 2 * Math.PI * glide * t;
    const v = 0.6 * Math.sin(phase) + 0.3 * Math.sin(2 * phase) + 0.1 * Math.sin(3 * phase);
    out[i] = clamp(out[i]! + v * env * amplitude);
  }
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
