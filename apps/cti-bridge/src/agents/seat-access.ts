/**
 * Who may take which seat. Seats are bound to people: only roles that take calls (SEAT_ROLES: agent, supervisor)
 * may sit, and only at the extensions an administrator assigned to them (Administration → Staff). A seat someone
 * else holds is refused with who holds it; a supervisor may free it first (`force`). Messages say what to do next,
 * so the desk is never left at a dead end.
 */
import { canTakeSeat, DomainError, type Role, type SeatHolder, type UserDto } from '@donorline/domain';

/** The account as the seat rules need it, read fresh from the database at every seat login. */
export interface SeatAccount {
  id: number;
  active: boolean;
  role: Role;
  username: string;
  displayName: string;
  employeeNo: string | null;
  extensions: string[];
  /** Queues (skills) for the seat; null = the bridge's QUEUES. */
  queues: string[] | null;
}

/** Roles that may free a seat someone else holds. */
export const SEAT_FORCE_ROLES: readonly Role[] = ['supervisor', 'admin'];

const ROLE_ZH: Record<Role, string> = { agent: '坐席', supervisor: '班长', quality: '质检', admin: '管理员' };

/** Why this account may not sit at this extension (null: it may). */
export function seatRefusal(account: SeatAccount | null, ext: string): DomainError | null {
  if (!account || !account.active) return new DomainError('UNAUTHENTICATED', '账号已停用 / the account is disabled');
  if (!canTakeSeat(account.role)) {
    return new DomainError('FORBIDDEN', `${ROLE_ZH[account.role]}角色不接听电话，不能登录座席 / the ${account.role} role does not take calls and cannot take a seat`, { reason: 'role', allowed: [] });
  }
  if (!account.extensions.includes(ext)) {
    const list = account.extensions.join('、');
    return new DomainError(
      'FORBIDDEN',
      account.extensions.length
        ? `分机 ${ext} 未分配给您，可用分机：${list} / extension ${ext} is not assigned to you; yours: ${account.extensions.join(', ')}`
        : `您还没有分配分机，请联系管理员 / no extension is assigned to you yet; ask an administrator`,
      { reason: 'extension', extension: ext, allowed: [...account.extensions] },
    );
  }
  return null;
}

/** The refusal when someone else holds the seat: who, since when, and whether the asker may free it. */
export function seatTaken(holder: SeatHolder, canForce: boolean): DomainError {
  const who = `${holder.displayName}${holder.employeeNo ? `（工号 ${holder.employeeNo}）` : ''}`;
  const next = canForce ? '您可以强制释放该座席后登录' : '请选择您自己的分机，或请班长释放该座席';
  const nextEn = canForce ? 'you may free it and take it' : 'choose your own extension, or ask a supervisor to free it';
  return new DomainError('CONFLICT', `分机 ${holder.extension} 正由${who}使用，${next} / extension ${holder.extension} is in use by ${holder.displayName}; ${nextEn}`, {
    reason: 'seat-taken', extension: holder.extension, holder, canForce,
  });
}

/** The account's facts folded into the UserDto a seat carries (fresh name, 工号, extensions). */
export function seatUser(user: UserDto, a: SeatAccount): UserDto {
  return { ...user, username: a.username, displayName: a.displayName, role: a.role, extension: a.extensions[0] ?? null, employeeNo: a.employeeNo, extensions: [...a.extensions] };
}
