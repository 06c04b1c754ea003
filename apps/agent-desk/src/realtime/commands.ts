/**
 * Commands to the bridge: a typed emit-with-ack with a timeout. Every command resolves with its Ack data or rejects
 * with a CommandError carrying a stable code — the server's (PBX_REJECTED, WRAP_UP_REQUIRED, …) or the desk's own:
 * OFFLINE (nothing was sent: no socket connection) and TIMEOUT (sent, but no answer in time: outcome unknown).
 * Commands are never queued while offline: a hang-up replayed a minute later would be worse than a clear error.
 */
import type { Ack, ClientToServerEvents, ErrorCode } from '@donorline/domain';
import type { DeskSocket } from './socket.js';

export type CommandName = keyof ClientToServerEvents;
export type CommandPayload<E extends CommandName> = Parameters<ClientToServerEvents[E]>[0];
type AckOf<E extends CommandName> = Parameters<ClientToServerEvents[E]>[1];
export type CommandData<E extends CommandName> = AckOf<E> extends (res: Ack<infer T>) => void ? T : never;

export type CommandErrorCode = ErrorCode | 'TIMEOUT' | 'OFFLINE';

export class CommandError extends Error {
  override readonly name = 'CommandError';
  constructor(
    readonly code: CommandErrorCode,
    message: string,
    readonly command: CommandName,
    readonly details?: Readonly<Record<string, unknown>>,
  ) {
    super(message);
  }
}

export const COMMAND_TIMEOUT_MS = 8000;

export function emitWithAck<E extends CommandName>(
  socket: DeskSocket,
  event: E,
  payload: CommandPayload<E>,
  timeoutMs: number = COMMAND_TIMEOUT_MS,
): Promise<CommandData<E>> {
  if (!socket.connected) return Promise.reject(new CommandError('OFFLINE', 'socket not connected', event));
  return new Promise<CommandData<E>>((resolve, reject) => {
    let settled = false;
    const timer = setTimeout(() => {
      if (settled) return;
      settled = true;
      reject(new CommandError('TIMEOUT', `no ack for ${event} within ${timeoutMs} ms`, event));
    }, timeoutMs);
    const onAck = (res: Ack<CommandData<E>>): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (res && res.ok === true) resolve(res.data);
      else if (res && res.ok === false) reject(new CommandError(res.error.code, res.error.message, event, res.error.details));
      else reject(new CommandError('INTERNAL', 'malformed ack', event));
    };
    // The typed emit cannot express a generic event name; the payload and ack types are checked above.
    (socket.emit as unknown as (ev: string, p: unknown, cb: (r: Ack<CommandData<E>>) => void) => void)(event, payload, onAck);
  });
}

/** The socket the commands go to: set by the connection manager, cleared on sign-out. */
let active: DeskSocket | null = null;
let timeoutMs = COMMAND_TIMEOUT_MS;

export function setCommandSocket(socket: DeskSocket | null): void {
  active = socket;
}

/** For tests: a shorter command timeout. */
export function setCommandTimeout(ms: number): void {
  timeoutMs = ms;
}

export function command<E extends CommandName>(event: E, payload: CommandPayload<E>): Promise<CommandData<E>> {
  if (!active) return Promise.reject(new CommandError('OFFLINE', 'not connected', event));
  return emitWithAck(active, event, payload, timeoutMs);
}
