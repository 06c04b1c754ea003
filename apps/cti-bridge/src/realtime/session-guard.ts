/**
 * Open sockets follow their account and session. A socket whose session was signed out, revoked or expired, or whose
 * account was disabled or changed role, is told `session:ended` and closed:
 *  - at once, when this bridge made the change (auth's change events: logout, Administration → Staff);
 *  - within `intervalMs` otherwise (another bridge instance, a change straight in the database): every open socket
 *    is re-checked with two queries per round (accounts, sessions), not one per socket.
 */
import type { Role, SessionEndReason } from '@donorline/domain';
import type { Logger } from '../logger.js';
import type { DeskServer } from './socket-server.js';

export interface SessionEntry {
  userId: number;
  sid: string;
  role: Role;
  username: string;
  exp: number;
}

export interface SessionGuardDeps {
  /** Why each (user, session) may no longer act, keyed `${userId}:${sid}` (absent: fine). No re-check rounds without it. */
  recheck?(entries: SessionEntry[]): Promise<Map<string, SessionEndReason>>;
  intervalMs: number;
  logger: Logger;
  /** A socket was closed for this reason (metrics, logs). */
  onEnded?(userId: number, reason: SessionEndReason): void;
}

export class SessionGuard {
  private readonly timer: NodeJS.Timeout | null = null;
  private running = false;

  constructor(
    private readonly io: DeskServer,
    private readonly d: SessionGuardDeps,
  ) {
    if (d.recheck) {
      this.timer = setInterval(() => void this.sweep(), d.intervalMs);
      this.timer.unref();
    }
  }

  /** Closes the sockets of one session (`sid`) or of every session of the person. */
  end(userId: number, reason: SessionEndReason, sid?: string): number {
    let n = 0;
    for (const s of this.io.sockets.sockets.values()) {
      if (s.data.userId !== userId || (sid !== undefined && s.data.sid !== sid)) continue;
      n++;
      s.emit('session:ended', { reason, at: new Date().toISOString() });
      // the event goes out before the close (same connection, in order); a tick lets it flush
      setImmediate(() => s.disconnect(true));
    }
    if (n) {
      this.d.logger.info({ userId, reason, sockets: n }, 'sockets of an ended session closed');
      this.d.onEnded?.(userId, reason);
    }
    return n;
  }

  /** One re-check round over every open socket of this instance. */
  async sweep(): Promise<void> {
    if (this.running || !this.d.recheck) return;
    this.running = true;
    try {
      const entries: SessionEntry[] = [];
      for (const s of this.io.sockets.sockets.values()) {
        const d = s.data;
        if (d.userId && d.sid && d.exp) entries.push({ userId: d.userId, sid: d.sid, role: d.role, username: d.username, exp: d.exp });
      }
      if (!entries.length) return;
      const ended = await this.d.recheck(entries);
      for (const [key, reason] of ended) {
        const [uid, ...rest] = key.split(':');
        this.end(Number(uid), reason, rest.join(':'));
      }
    } catch (err) {
      this.d.logger.warn({ err }, 'session re-check failed (retried next round)');
    } finally {
      this.running = false;
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
