/**
 * The session token and user, kept in sessionStorage: they survive a reload of this tab (the call and its pop come
 * back after a reload) but not the browser being closed, and are not shared with other tabs.
 */
import type { UserDto } from '@donorline/domain';

const KEY = 'donorline.auth';

export interface StoredAuth {
  token: string;
  user: UserDto;
}

export function readStoredAuth(): StoredAuth | null {
  try {
    const raw = globalThis.sessionStorage?.getItem(KEY);
    if (!raw) return null;
    const v = JSON.parse(raw) as Partial<StoredAuth>;
    return typeof v.token === 'string' && v.user ? { token: v.token, user: v.user } : null;
  } catch {
    return null;
  }
}

export function writeStoredAuth(v: StoredAuth | null): void {
  try {
    if (v) globalThis.sessionStorage?.setItem(KEY, JSON.stringify(v));
    else globalThis.sessionStorage?.removeItem(KEY);
  } catch {
    /* storage unavailable: the session lasts until reload */
  }
}
