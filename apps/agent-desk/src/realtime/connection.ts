/**
 * Lifecycle of the desk's one socket: opened when the agent is signed in (also after a reload — the token lives in
 * sessionStorage), closed on sign-out. Socket.IO reconnects by itself after a network blip; the bridge then sends
 * `session:state` and the current pop again (same popId), so the call comes back without the agent doing anything.
 */
import { watch } from 'vue';
import type { Pinia } from 'pinia';
import { useAuthStore } from '../stores/auth.store.js';
import { useLinkStore } from '../stores/link.store.js';
import { bindSocket } from './binding.js';
import { openSocket, type DeskSocket } from './socket.js';

interface Active {
  socket: DeskSocket;
  unbind: () => void;
  token: string;
}

let active: Active | null = null;

export interface ConnectOptions {
  token: string;
  pinia: Pinia;
  /** Bridge origin; undefined = same origin. */
  url?: string;
}

let lastOptions: ConnectOptions | null = null;

export function connectRealtime(opts: ConnectOptions): DeskSocket {
  disconnectRealtime();
  lastOptions = opts;
  const socket = openSocket(opts.token, { url: opts.url });
  useLinkStore(opts.pinia).setSocket('connecting');
  const unbind = bindSocket(socket, opts.pinia);
  active = { socket, unbind, token: opts.token };
  return socket;
}

export function disconnectRealtime(): void {
  if (!active) return;
  const { socket, unbind } = active;
  active = null;
  unbind();
  socket.disconnect();
}

/** After a takeover by another desk: connect again from here (the seat login with takeover follows). */
export function reconnectRealtime(): DeskSocket | null {
  if (!lastOptions) return null;
  useLinkStore(lastOptions.pinia).setReplaced(null);
  return connectRealtime(lastOptions);
}

export function realtimeConnected(): boolean {
  return active?.socket.connected ?? false;
}

/** Connect whenever a token is present; disconnect and call `onSignOut` when it goes away. */
export function startRealtime(pinia: Pinia, opts: { url?: string; onSignOut?: () => void } = {}): () => void {
  const auth = useAuthStore(pinia);
  return watch(
    () => auth.token,
    (token) => {
      if (token && active?.token !== token) connectRealtime({ token, pinia, url: opts.url });
      if (!token) {
        disconnectRealtime();
        opts.onSignOut?.();
      }
    },
    { immediate: true },
  );
}
