/** A duration (ms) for load scenarios: a number, uniform {min,max}, normal {mean,sd} or exponential {exp}. */
export type Distribution = number | { min: number; max: number } | { mean: number; sd: number } | { exp: number };

export function sample(d: Distribution | undefined, fallback: number, rnd: () => number = Math.random): number {
  if (d === undefined) return fallback;
  if (typeof d === 'number') return d;
  if ('min' in d) return d.min + rnd() * (d.max - d.min);
  if ('mean' in d) {
    const u = Math.max(1e-9, rnd());
    const v = rnd();
    return Math.max(0, d.mean + d.sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v));
  }
  return -Math.log(Math.max(1e-9, rnd())) * d.exp;
}

export function validDistribution(d: unknown): d is Distribution {
  if (typeof d === 'number') return Number.isFinite(d) && d >= 0;
  if (!d || typeof d !== 'object') return false;
  const o = d as Record<string, unknown>;
  const num = (k: string): boolean => typeof o[k] === 'number' && Number.isFinite(o[k]) && (o[k] as number) >= 0;
  if ('min' in o) return num('min') && num('max') && (o.max as number) >= (o.min as number);
  if ('mean' in o) return num('mean') && num('sd');
  if ('exp' in o) return num('exp');
  return false;
}
