/** The one typed Socket.IO connection of the desk (see packages/domain/src/contracts/socket.ts). */
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '@donorline/domain';

export type DeskSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface OpenSocketOptions {
  /** Bridge origin; undefined = same origin (the bridge serves the desk, Vite proxies /socket.io in dev). */
  url?: string;
}

export function openSocket(token: string, opts: OpenSocketOptions = {}): DeskSocket {
  const options = {
    auth: { token },
    // WebSocket first (the pop must be on screen fast); fall back to long-polling behind proxies that block it.
    transports: ['websocket', 'polling'],
    tryAllTransports: true,
    // Reconnect quickly and silently after a network blip.
    reconnection: true,
    reconnectionDelay: 300,
    reconnectionDelayMax: 3000,
    randomizationFactor: 0.3,
    timeout: 8000,
  };
  return (opts.url ? io(opts.url, options) : io(options)) as DeskSocket;
}
