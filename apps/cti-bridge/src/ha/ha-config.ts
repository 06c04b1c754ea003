import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

/** High availability (REDIS_URL set): the AMI ownership lease and the shared seat directory (ha/). */
export interface HaConfig {
  /** On when REDIS_URL is set, unless HA_LEASE=false. Off: the bridge owns the AMI stream alone (embedded mode). */
  enabled: boolean;
  /** Redis key prefix of one hotline: bridges of the same Asterisk share it (default: derived from the AMI address). */
  namespace: string;
  /** This bridge's name in the lease and the seat directory (HA_BRIDGE_ID; default host-pid-random). */
  bridgeId: string;
  /** Lease lifetime; the owner renews every third of it; a standby takes over at most ~ttl + poll after the owner died. */
  leaseTtlMs: number;
  pollMs: number;
}

type Env = Record<string, string | undefined>;

function ms(env: Env, key: string, def: number, min: number, max: number, fail: (m: string) => Error): number {
  const raw = env[key];
  if (raw === undefined || raw === '') return def;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw fail(`${key} must be an integer between ${min} and ${max} (ms), got "${raw}"`);
  return n;
}

export function haConfig(env: Env, ami: { host: string; port: number }, redisUrl: string | null, fail: (m: string) => Error): HaConfig {
  const off = env.HA_LEASE === 'false' || env.HA_LEASE === '0';
  const ns = env.HA_NAMESPACE || `dl:${ami.host}:${ami.port}`;
  if (!/^[\w:.-]{1,80}$/.test(ns)) throw fail('HA_NAMESPACE: letters, digits and : . - _ only (at most 80)');
  const id = env.HA_BRIDGE_ID || `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  if (!/^[\w.-]{1,64}$/.test(id)) throw fail('HA_BRIDGE_ID: letters, digits and . - _ only (at most 64)');
  const leaseTtlMs = ms(env, 'HA_LEASE_TTL_MS', 3000, 500, 60_000, fail);
  return { enabled: !!redisUrl && !off, namespace: ns, bridgeId: id, leaseTtlMs, pollMs: ms(env, 'HA_POLL_MS', Math.max(100, Math.round(leaseTtlMs / 6)), 50, 10_000, fail) };
}
