/**
 * Fault injection for tests and the bench: a share of SendSms requests answered 5xx (ServiceUnavailable, nothing
 * stored), answered `isp.SYSTEM_ERROR` with 200 (the provider's own failure code, nothing stored), or left without
 * an answer until `timeoutMs` and then closed (nothing stored — a timeout before acceptance; see README for why).
 * Rates are 0..1 and drawn from a seeded generator so a bench run is repeatable.
 */
export interface FaultConfig {
  /** Share answered HTTP 503. */
  http5xxRate: number;
  /** Share answered 200 with Code isp.SYSTEM_ERROR. */
  errorRate: number;
  /** Share left hanging for timeoutMs, then the socket is destroyed. */
  timeoutRate: number;
  timeoutMs: number;
  /** Share of accepted messages whose delivery report says undelivered (err_code MK:0001 …). */
  undeliveredRate: number;
}

export const NO_FAULTS: FaultConfig = Object.freeze({ http5xxRate: 0, errorRate: 0, timeoutRate: 0, timeoutMs: 10_000, undeliveredRate: 0 });

export type Fault = 'none' | '5xx' | 'error' | 'timeout';

/** mulberry32: small, seeded, good enough for spreading faults. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function drawFault(f: FaultConfig, r: number): Fault {
  if (r < f.http5xxRate) return '5xx';
  if (r < f.http5xxRate + f.errorRate) return 'error';
  if (r < f.http5xxRate + f.errorRate + f.timeoutRate) return 'timeout';
  return 'none';
}

export function checkFaults(f: Partial<FaultConfig>): FaultConfig {
  const out = { ...NO_FAULTS, ...f };
  for (const k of ['http5xxRate', 'errorRate', 'timeoutRate', 'undeliveredRate'] as const) {
    if (!(out[k] >= 0 && out[k] <= 1)) throw new Error(`${k} must be between 0 and 1`);
  }
  if (out.http5xxRate + out.errorRate + out.timeoutRate > 1) throw new Error('the fault rates add up to more than 1');
  if (!(out.timeoutMs >= 0 && out.timeoutMs <= 120_000)) throw new Error('timeoutMs must be 0..120000');
  return out;
}
