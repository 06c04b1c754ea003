import { describe, expect, it } from 'vitest';
import { findSilences, skipTarget } from './silence.js';

/** 20 s at 8 kHz: tone everywhere except 4–7 s and 12–15 s (like the demo recording), plus faint noise. */
function recording(rate = 8000): Float32Array {
  const out = new Float32Array(20 * rate);
  let seed = 7;
  const noise = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31 - 0.5) * 0.002;
  for (let i = 0; i < out.length; i++) {
    const s = i / rate;
    const silent = (s >= 4 && s < 7) || (s >= 12 && s < 15);
    out[i] = (silent ? 0 : 0.4 * Math.sin(2 * Math.PI * 300 * s)) + noise();
  }
  return out;
}

describe('findSilences', () => {
  it('finds the two silences, keeping a margin of audio at each edge', () => {
    const ranges = findSilences(recording(), 8000, { margin: 0.2 });
    expect(ranges).toHaveLength(2);
    expect(ranges[0]!.start).toBeCloseTo(4.2, 1);
    expect(ranges[0]!.end).toBeCloseTo(6.8, 1);
    expect(ranges[1]!.start).toBeCloseTo(12.2, 1);
    expect(ranges[1]!.end).toBeCloseTo(14.8, 1);
  });

  it('ignores pauses shorter than the minimum', () => {
    const rate = 8000;
    const a = new Float32Array(6 * rate);
    for (let i = 0; i < a.length; i++) {
      const s = i / rate;
      a[i] = s >= 2 && s < 2.4 ? 0 : 0.3 * Math.sin(2 * Math.PI * 250 * s);
    }
    expect(findSilences(a, rate)).toEqual([]);
  });

  it('skipTarget jumps only from inside a silence', () => {
    const ranges = [{ start: 4.2, end: 6.8 }];
    expect(skipTarget(ranges, 3)).toBeNull();
    expect(skipTarget(ranges, 5)).toBe(6.8);
    expect(skipTarget(ranges, 6.79)).toBeNull();
  });
});
