/**
 * The bridge's side of account changes, wherever they were made:
 *  - auth's change events (this bridge: logout, Administration → Staff) close the ended sessions' sockets and free or
 *    re-check the seat at once;
 *  - every AUTH_RECHECK_SECONDS the seats held here are checked against their accounts (disabled, role changed —
 *    e.g. by another bridge instance or straight in the database) and freed when they may no longer be held;
 *  - security alerts written to the audit log by any process (the IVR's PIN lock-out, a sign-in lock-out) become a
 *    notice on the desks of admins and supervisors.
 * (Open sockets are re-checked by realtime/session-guard.ts on the same period.)
 */
import type { Role, SessionEndReason } from '@donorline/domain';
import type { DomainServices } from '@donorline/domain/node';
import type { Logger } from '../logger.js';
import type { Auth } from './auth.js';

export interface AccessWatchDeps {
  auth: Auth;
  services: Pick<DomainServices, 'users' | 'audit'>;
  seats: {
    seatedUsers(): { userId: number; role: Role }[];
    release(who: { userId: number }, by: null): Promise<unknown>;
    recheck(userId: number): Promise<void>;
  };
  sockets: {
    endSessions(userId: number, reason: SessionEndReason, sid?: string): number;
    alert(roles: readonly Role[], n: { level: 'warning'; code: string; message: string }): void;
  };
  intervalMs: number;
  logger: Logger;
  /**
   * Several bridges: only the AMI lease owner turns audit alerts into notices (they reach every desk over the Socket.IO
   * adapter; from each bridge they would arrive once per bridge). The others follow the audit log without telling.
   */
  owner?: () => boolean;
}

/** Audit actions that are alerts for admins and supervisors. */
export const ALERT_ACTIONS = ['ivr.pin-lockout', 'auth.lockout'] as const;
const ALERT_ROLES: readonly Role[] = ['admin', 'supervisor'];

function alertText(action: string, detail: Record<string, unknown> | null, subjectId: string): string {
  const who = typeof detail?.displayName === 'string' ? `${detail.displayName}${detail.employeeNo ? `（工号 ${String(detail.employeeNo)}）` : ''}` : `#${subjectId}`;
  if (action === 'ivr.pin-lockout') {
    return `质检回放：${who} 的 IVR PIN 连续输错 ${String(detail?.failures ?? '')} 次，已锁定，需管理员重设 PIN / IVR quality dial-in: ${who} locked out after ${String(detail?.failures ?? '')} wrong PINs; an admin must set a new PIN`;
  }
  return `登录：账号 ${String(detail?.typed ?? subjectId)} 多次密码错误，已暂时锁定（${String(detail?.scope ?? '')}） / sign-in: account ${String(detail?.typed ?? subjectId)} held off after repeated wrong passwords`;
}

export function startAccessWatch(d: AccessWatchDeps): { stop(): void; tick(): Promise<void> } {
  const log = d.logger;
  const unsubscribe = d.auth.onChange((c) => {
    if (c.endSession && c.reason !== 'updated') d.sockets.endSessions(c.userId, c.reason, c.sid);
    const seat = c.seat === 'free' ? d.seats.release({ userId: c.userId }, null) : c.seat === 'recheck' ? d.seats.recheck(c.userId) : null;
    seat?.catch((err: unknown) => log.warn({ err, userId: c.userId }, 'could not free or re-check a seat after an account change'));
  });

  let lastAlert: number | null = null;
  let running = false;
  async function tick(): Promise<void> {
    if (running) return;
    running = true;
    try {
      const seated = d.seats.seatedUsers();
      if (seated.length) {
        const states = await d.services.users.states(seated.map((s) => s.userId));
        for (const s of seated) {
          const u = states.get(s.userId);
          if (u && u.active && u.role === s.role) continue;
          log.info({ userId: s.userId }, 'seat of a disabled or changed account freed');
          await d.seats.release({ userId: s.userId }, null);
          d.sockets.endSessions(s.userId, !u || !u.active ? 'disabled' : 'role-changed');
        }
      }
      if (lastAlert === null) lastAlert = await d.services.audit.lastId();
      else {
        for (const e of await d.services.audit.since(lastAlert, ALERT_ACTIONS)) {
          lastAlert = e.id;
          if (d.owner?.() !== false) d.sockets.alert(ALERT_ROLES, { level: 'warning', code: e.action === 'ivr.pin-lockout' ? 'IVR_PIN_LOCKOUT' : 'LOGIN_LOCKOUT', message: alertText(e.action, e.detail, e.subjectId) });
        }
      }
    } catch (err) {
      log.warn({ err }, 'access re-check failed (retried next round)');
    } finally {
      running = false;
    }
  }
  void tick();
  const timer = setInterval(() => void tick(), d.intervalMs);
  timer.unref();
  return {
    tick,
    stop() {
      clearInterval(timer);
      unsubscribe();
    },
  };
}
