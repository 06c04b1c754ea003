/**
 * The gate every desk command passes before its handler runs: a token bucket per socket and one per user (a user
 * opening many sockets shares one budget), then the payload against its schema (socket-schemas.ts, compiled once).
 * A refusal is a normal Ack error — RATE_LIMITED (details.retryAfterMs) or VALIDATION_FAILED (details.issues) — so
 * the desk shows it; a socket that keeps sending after `dropAfter` refusals in a row is disconnected. 10,000
 * commands from one socket used to become 20,000 AMI actions; now at most the burst gets through, then `rate`/s.
 */
import { Compile } from 'typebox/compile';
import type { Validator } from 'typebox/compile';
import { DomainError, type ClientToServerEvents } from '@donorline/domain';
import { SOCKET_COMMAND_SCHEMAS } from './socket-schemas.js';
import { RateBuckets } from './token-bucket.js';

export interface CommandGuardOptions {
  perSocket: { rate: number; burst: number };
  perUser: { rate: number; burst: number };
  /** Refusals in a row after which the socket should be dropped (default 200). */
  dropAfter?: number;
  /** Monotonic milliseconds (tests). */
  now?: () => number;
}

export const DEFAULT_COMMAND_LIMITS: CommandGuardOptions = { perSocket: { rate: 5, burst: 20 }, perUser: { rate: 10, burst: 40 } };

type CommandName = keyof ClientToServerEvents;

const VALIDATORS: ReadonlyMap<string, Validator> = new Map(
  Object.entries(SOCKET_COMMAND_SCHEMAS).map(([name, schema]) => [name, Compile(schema) as unknown as Validator]),
);

/** The first few problems, readable: a field the schema does not know is "unknown field", not "schema is false". */
function describe(v: Validator, payload: unknown): Array<{ path: string; message: string }> {
  const out: Array<{ path: string; message: string }> = [];
  for (const e of v.Errors(payload)) {
    if (e.keyword === 'additionalProperties') continue; // reported per field below
    const message = e.message === 'schema is false' ? 'unknown field' : e.message;
    const path = e.instancePath || '/';
    if (!out.some((x) => x.path === path && x.message === message)) out.push({ path, message });
    if (out.length === 5) break;
  }
  return out;
}

export class CommandGuard {
  private readonly sockets: RateBuckets<string>;
  private readonly users: RateBuckets<number>;
  private readonly refusals = new Map<string, number>();
  private readonly dropAfter: number;
  private readonly pruneTimer: NodeJS.Timeout;

  constructor(o: CommandGuardOptions = DEFAULT_COMMAND_LIMITS) {
    this.sockets = new RateBuckets(o.perSocket.rate, o.perSocket.burst, o.now);
    this.users = new RateBuckets(o.perUser.rate, o.perUser.burst, o.now);
    this.dropAfter = o.dropAfter ?? 200;
    this.pruneTimer = setInterval(() => this.users.prune(), 60_000);
    this.pruneTimer.unref();
  }

  /** Throws RATE_LIMITED or VALIDATION_FAILED; returns when the command may run. */
  check(name: CommandName | string, payload: unknown, socketId: string, userId: number): void {
    const wait = Math.max(this.sockets.take(socketId), this.users.take(userId));
    if (wait > 0) {
      this.refused(socketId);
      const s = Math.max(1, Math.ceil(wait / 1000));
      throw new DomainError('RATE_LIMITED', `操作过于频繁，请${s}秒后再试 / too many commands: try again in ${s} s`, { command: name, retryAfterMs: wait });
    }
    const v = VALIDATORS.get(name);
    if (!v) {
      this.refused(socketId);
      throw new DomainError('VALIDATION_FAILED', `未知的命令 / unknown command ${String(name).slice(0, 40)}`, { command: String(name).slice(0, 40) });
    }
    if (!v.Check(payload)) {
      this.refused(socketId);
      const issues = describe(v, payload);
      const first = issues[0];
      throw new DomainError('VALIDATION_FAILED', `命令参数不正确 / invalid ${name} payload${first ? `: ${first.path} ${first.message}` : ''}`, { command: name, issues });
    }
    this.refusals.delete(socketId);
  }

  /** The socket has been refused `dropAfter` times in a row: it is not a desk any more. */
  abusive(socketId: string): boolean {
    return (this.refusals.get(socketId) ?? 0) >= this.dropAfter;
  }

  /** A socket went away. */
  release(socketId: string): void {
    this.sockets.forget(socketId);
    this.refusals.delete(socketId);
  }

  close(): void {
    clearInterval(this.pruneTimer);
  }

  private refused(socketId: string): void {
    this.refusals.set(socketId, (this.refusals.get(socketId) ?? 0) + 1);
  }
}
