/** Who is signed in: the JWT and the user (role decides which pages and actions the desk offers). */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { canSeeAllRecordings, canTakeSeat, type SessionEndReason, type UserDto } from '@donorline/domain';
import { api, bindApiAuth } from '../api/index.js';
import { readStoredAuth, writeStoredAuth } from '../api/token.js';

export const useAuthStore = defineStore('auth', () => {
  const stored = readStoredAuth();
  const token = ref<string | null>(stored?.token ?? null);
  const user = ref<UserDto | null>(stored?.user ?? null);
  /** Set when the server said the token is no longer valid; the login page explains it. */
  const expired = ref(false);
  /** Why the server ended the session (socket session:ended), when it said so. */
  const endedReason = ref<SessionEndReason | null>(null);
  const pending = ref(false);
  const error = ref<unknown>(null);

  const isAuthenticated = computed(() => token.value !== null && user.value !== null);
  const role = computed(() => user.value?.role ?? null);
  const canSeeAllCalls = computed(() => (role.value ? canSeeAllRecordings(role.value) : false));
  const isAdmin = computed(() => role.value === 'admin');
  /** Takes calls, so may sit at a seat (the bridge decides which extensions). */
  const takesCalls = computed(() => (role.value ? canTakeSeat(role.value) : false));
  const isSupervisor = computed(() => role.value === 'supervisor' || role.value === 'admin');
  /** Who may ask for a full phone number (audited): the server decides; the desk offers it to oversight roles. */
  const canUnmask = computed(() => canSeeAllCalls.value);

  function setSession(t: string, u: UserDto): void {
    token.value = t;
    user.value = u;
    expired.value = false;
    endedReason.value = null;
    writeStoredAuth({ token: t, user: u });
  }

  async function login(username: string, password: string): Promise<UserDto> {
    pending.value = true;
    error.value = null;
    try {
      const res = await api.request('POST /api/auth/login', { body: { username, password } });
      setSession(res.token, res.user);
      return res.user;
    } catch (e) {
      error.value = e;
      throw e;
    } finally {
      pending.value = false;
    }
  }

  function clear(): void {
    token.value = null;
    user.value = null;
    writeStoredAuth(null);
  }

  /** The server rejected the token (HTTP 401 or socket UNAUTHENTICATED) or ended the session (with the reason). */
  function expire(reason: SessionEndReason | null = null): void {
    if (!token.value) return;
    clear();
    expired.value = true;
    endedReason.value = reason;
  }

  /** Forgets the session locally (the server side is ended by signOut). */
  function logout(): void {
    clear();
    expired.value = false;
    endedReason.value = null;
  }

  /** Ends the session on the server (token, media URLs and sockets stop working), then forgets it here. */
  async function signOut(): Promise<void> {
    if (token.value) await api.request('POST /api/auth/logout', {}).catch(() => undefined);
    logout();
  }

  bindApiAuth(() => token.value, expire);

  return {
    token, user, expired, endedReason, pending, error, isAuthenticated, role, canSeeAllCalls, isAdmin, isSupervisor, takesCalls, canUnmask,
    login, logout, signOut, expire, setSession,
  };
});
