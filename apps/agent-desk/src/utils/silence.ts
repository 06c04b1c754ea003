/**
 * Silence detection for "skip silence" in the recordings player: stretches where the short-window RMS stays under a
 * threshold relative to the recording's own loudness. Pure, so it is tested without audio hardware.
 */
export interface SilentRange {
  start: number;
  end: number;
}

export interface SilenceOptions {
  /** Analysis window, seconds. */
  window?: number;
  /** Shortest silence worth skipping, seconds. */
  minDuration?: number;
  /** Silence = RMS below this fraction of the loud (95th percentile) window RMS. */
  relativeThreshold?: number;
  /** …and never above this absolute RMS. */
  absoluteFloor?: number;
  /** Audio kept at both edges of a silence so speech is not clipped, seconds. */
  margin?: number;
}

export function findSilences(samples: Float32Array, sampleRate: number, opts: SilenceOptions = {}): SilentRange[] {
  const win = Math.max(1, Math.round((opts.window ?? 0.05) * sampleRate));
  const minDuration = opts.minDuration ?? 0.8;
  const margin = opts.margin ?? 0.2;
  const n = Math.floor(samples.length / win);
  if (n === 0) return [];
  const rms = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let j = i * win; j < (i + 1) * win; j++) {
      const v = samples[j]!;
      sum += v * v;
    }
    rms[i] = Math.sqrt(sum / win);
  }
  const sorted = Array.from(rms).sort((a, b) => a - b);
  const loud = sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))] ?? 0;
  const threshold = Math.max(opts.absoluteFloor ?? 0.003, loud * (opts.relativeThreshold ?? 0.06));
  const out: SilentRange[] = [];
  let runStart = -1;
  const flush = (endIdx: number): void => {
    if (runStart < 0) return;
    const start = (runStart * win) / sampleRate + margin;
    const end = (endIdx * win) / sampleRate - margin;
    if (end - start >= minDuration - 2 * margin && end > start) out.push({ start, end });
    runStart = -1;
  };
  for (let i = 0; i < n; i++) {
    if (rms[i]! < threshold) {
      if (runStart < 0) runStart = i;
    } else flush(i);
  }
  flush(n);
  return out;
}

/** If `t` falls inside a silence, the time to jump to; otherwise null. */
export function skipTarget(ranges: readonly SilentRange[], t: number): number | null {
  for (const r of ranges) if (t >= r.start && t < r.end - 0.05) return r.end;
  return null;
}
