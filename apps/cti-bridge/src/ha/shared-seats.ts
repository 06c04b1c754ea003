import { EventEmitter } from 'node:events';
import type { Redis } from 'ioredis';
import { silentLogger, type Logger } from '../logger.js';

export interface SeatHolder {
  userId: number;
  /** The bridge whose desk session holds the seat (its AgentService runs the seat: wrap-up, pauses). */
  bridge: string;
}

export interface SharedSeatsOptions {
  namespace: string;
  bridgeId: string;
  /** Presence lifetime: a bridge not heard of for this long is dead (its seats may be adopted). */
  ttlMs: number;
  logger?: Logger;
}

const encode = (h: SeatHolder): string => `${h.userId}|${h.bridge}`;
function decode(v: string | null | undefined): SeatHolder | null {
  if (!v) return null;
  const [u, b] = v.split('|');
  const userId = Number(u);
  return Number.isInteger(userId) && b ? { userId, bridge: b } : null;
}

/**
 * Who sits at which extension, seen by every bridge (Redis hash + pub/sub, mirrored in memory so the pop's hot path
 * reads a Map, never Redis), and which bridges are alive (a sorted set of presence deadlines). The owner pops a desk
 * whose seat another bridge runs; a standby keeps its pops warm for the desks that will reconnect to it; the owner
 * adopts at takeover only seats whose bridge is gone.
 */
export class SharedSeats extends EventEmitter<{ gone: [string[]] }> {
  private readonly hash: string;
  private readonly channel: string;
  private readonly bridges: string;
  private readonly mirror = new Map<string, SeatHolder>();
  /** What this bridge published: userId → ext. */
  private readonly mine = new Map<number, string>();
  private alive = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private readonly log: Logger;
  private stopped = false;

  constructor(private readonly redis: Redis, private readonly sub: Redis, private readonly o: SharedSeatsOptions) {
    super();
    this.hash = `${o.namespace}:seats`;
    this.channel = `${o.namespace}:seats:changed`;
    this.bridges = `${o.namespace}:bridges`;
    this.log = o.logger ?? silentLogger;
  }

  async start(): Promise<void> {
    this.sub.on('message', (ch: string, msg: string) => {
      if (ch !== this.channel) return;
      const i = msg.indexOf('=');
      const ext = msg.slice(0, i);
      const h = decode(msg.slice(i + 1));
      if (h) this.mirror.set(ext, h);
      else this.mirror.delete(ext);
    });
    await this.sub.subscribe(this.channel).catch((err: Error) => this.log.warn({ err: err.message }, 'seat directory: subscribe failed'));
    await this.beat();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  userAt(ext: string): number | null {
    return this.mirror.get(ext)?.userId ?? null;
  }

  holderOf(ext: string): SeatHolder | null {
    return this.mirror.get(ext) ?? null;
  }

  isAlive(bridge: string): boolean {
    return bridge === this.o.bridgeId || this.alive.has(bridge);
  }

  /** May this bridge adopt the member at `ext` (restore it as its own seat)? Not while a live bridge runs it. */
  mayAdopt(ext: string): boolean {
    const h = this.mirror.get(ext);
    return !h || !this.isAlive(h.bridge);
  }

  /** This bridge's seat of `userId` is now at `ext` (null: no seat). Called on every seat change (cheap when equal). */
  sync(userId: number, ext: string | null): void {
    const prev = this.mine.get(userId) ?? null;
    if (prev === ext) return;
    if (prev !== null) {
      this.mine.delete(userId);
      // only when the entry is still ours: a desk that moved to another bridge must not lose its seat here
      const cur = this.mirror.get(prev);
      if (cur && cur.bridge === this.o.bridgeId && cur.userId === userId) this.write(prev, null);
    }
    if (ext !== null) {
      this.mine.set(userId, ext);
      this.write(ext, { userId, bridge: this.o.bridgeId });
    }
  }

  /** Another bridge took over a seat this bridge ran: forget it here without touching the directory. */
  ownedHere(userId: number): boolean {
    const ext = this.mine.get(userId);
    if (ext === undefined) return false;
    return this.mirror.get(ext)?.bridge === this.o.bridgeId;
  }

  private write(ext: string, h: SeatHolder | null): void {
    if (h) this.mirror.set(ext, h);
    else this.mirror.delete(ext);
    const p = h ? this.redis.multi().hset(this.hash, ext, encode(h)).publish(this.channel, `${ext}=${encode(h)}`).exec() : this.redis.multi().hdel(this.hash, ext).publish(this.channel, `${ext}=`).exec();
    p.catch((err: Error) => this.log.warn({ err: err.message, ext }, 'seat directory write failed (retried at the next heartbeat)'));
  }

  /** Reads presence and the directory now (a new owner does before adopting seats). */
  async refresh(): Promise<void> {
    await this.read();
  }

  private async beat(): Promise<void> {
    if (this.stopped) return;
    await this.read();
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.beat(), Math.max(100, Math.round(this.o.ttlMs / 3)));
    this.timer.unref?.();
  }

  /** Presence heartbeat, the live bridges, the full directory (repairs a missed message) and our own entries. */
  private async read(): Promise<void> {
    try {
      const now = Date.now();
      const [, [, live], [, all]] = (await this.redis
        .multi()
        .zadd(this.bridges, now + this.o.ttlMs, this.o.bridgeId)
        .zrangebyscore(this.bridges, now, '+inf')
        .hgetall(this.hash)
        .exec()) as [unknown, [unknown, string[]], [unknown, Record<string, string>]];
      const before = this.alive;
      this.alive = new Set(live);
      // bridges that stopped beating with seats in the directory: the owner adopts those seats
      const gone = [...before].filter((id) => !this.alive.has(id) && [...Object.values(all)].some((v) => decode(v)?.bridge === id));
      if (gone.length) this.emit('gone', gone);
      this.mirror.clear();
      for (const [ext, v] of Object.entries(all)) {
        const h = decode(v);
        if (h) this.mirror.set(ext, h);
      }
      for (const [userId, ext] of this.mine) {
        const cur = this.mirror.get(ext);
        if (!cur) this.write(ext, { userId, bridge: this.o.bridgeId });
      }
      if (Math.random() < 0.05) void this.redis.zremrangebyscore(this.bridges, '-inf', now - 60_000).catch(() => undefined);
    } catch (err) {
      this.log.debug({ err: (err as Error).message }, 'seat directory heartbeat failed');
    }
  }
}
