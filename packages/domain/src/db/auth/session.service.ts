import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { SessionEndReason } from '../../contracts/staff.js';
import { exclusive, exec, rows, sqlTime, toDate } from '../sql.js';

export interface SessionOpen {
  userId: number;
  ttlSeconds: number;
  ip?: string | null;
  userAgent?: string | null;
}

export interface SessionState {
  id: string;
  userId: number;
  expiresAt: Date;
  revokedAt: Date | null;
  revokedReason: string | null;
}

/**
 * Server-side sessions (auth_session): one row per sign-in, named by the token's `sid`. A token is good only while
 * its row exists, is not revoked and has not expired — so logout, disabling an account or resetting a password
 * take effect at once on the instance that did it and within the bridge's re-check interval everywhere else.
 *
 * Why a session table rather than a per-user token version: one person often has two desks open (the seat and a
 * wallboard, or two browsers); signing out of one must not sign them out of the other, and an admin can still end
 * every session of a person (revokeUser). Rows are tiny and expired ones are purged.
 */
export class SessionService {
  private lastPurge = 0;

  constructor(
    private readonly ds: DataSource,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async open(s: SessionOpen): Promise<{ id: string; expiresAt: Date }> {
    const id = randomBytes(16).toString('base64url'); // 128 bits
    const now = this.clock();
    const expiresAt = new Date(now.getTime() + s.ttlSeconds * 1000);
    await exclusive(this.ds, () =>
      exec(this.ds, 'INSERT INTO auth_session (id, user_id, created_at, expires_at, revoked_at, revoked_reason, ip, user_agent) VALUES (?, ?, ?, ?, NULL, NULL, ?, ?)', [
        id, s.userId, sqlTime(now), sqlTime(expiresAt), s.ip?.slice(0, 64) ?? null, s.userAgent?.slice(0, 255) ?? null,
      ]),
    );
    if (now.getTime() - this.lastPurge > 3600_000) {
      this.lastPurge = now.getTime();
      void this.purgeExpired().catch(() => undefined);
    }
    return { id, expiresAt };
  }

  /** The state of several sessions at once (unknown ids are absent). */
  async states(ids: readonly string[]): Promise<Map<string, SessionState>> {
    const out = new Map<string, SessionState>();
    const unique = [...new Set(ids)].filter((s) => typeof s === 'string' && s.length > 0 && s.length <= 32);
    for (let i = 0; i < unique.length; i += 500) {
      const chunk = unique.slice(i, i + 500);
      const list = await rows(this.ds, `SELECT id, user_id, expires_at, revoked_at, revoked_reason FROM auth_session WHERE id IN (${chunk.map(() => '?').join(',')})`, chunk);
      for (const r of list) {
        out.set(String(r.id), {
          id: String(r.id), userId: Number(r.user_id), expiresAt: toDate(r.expires_at)!, revokedAt: toDate(r.revoked_at), revokedReason: (r.revoked_reason as string | null) ?? null,
        });
      }
    }
    return out;
  }

  /** Whether the session may still be used: null when it may, else why not. */
  static problem(s: SessionState | undefined, userId: number, now: Date): SessionEndReason | null {
    if (!s || s.userId !== userId) return 'revoked';
    if (s.revokedAt) return (s.revokedReason as SessionEndReason | null) ?? 'revoked';
    if (s.expiresAt.getTime() <= now.getTime()) return 'expired';
    return null;
  }

  async revoke(id: string, reason: SessionEndReason): Promise<boolean> {
    const r = await exclusive(this.ds, () => exec(this.ds, 'UPDATE auth_session SET revoked_at = ?, revoked_reason = ? WHERE id = ? AND revoked_at IS NULL', [sqlTime(this.clock()), reason, id]));
    return r.affected > 0;
  }

  /** Ends every open session of a person; returns how many. */
  async revokeUser(userId: number, reason: SessionEndReason): Promise<number> {
    const now = this.clock();
    const r = await exclusive(this.ds, () =>
      exec(this.ds, 'UPDATE auth_session SET revoked_at = ?, revoked_reason = ? WHERE user_id = ? AND revoked_at IS NULL AND expires_at > ?', [sqlTime(now), reason, userId, sqlTime(now)]),
    );
    return r.affected;
  }

  /** Rows expired (or revoked) more than a day ago carry no information any more. */
  async purgeExpired(): Promise<number> {
    const horizon = sqlTime(new Date(this.clock().getTime() - 86_400_000));
    const r = await exclusive(this.ds, () => exec(this.ds, 'DELETE FROM auth_session WHERE expires_at < ? OR revoked_at < ?', [horizon, horizon]));
    return r.affected;
  }
}
