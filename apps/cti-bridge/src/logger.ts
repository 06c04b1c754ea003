/**
 * The logging port every bridge module receives (pino-compatible: Fastify's logger satisfies it).
 * Phone numbers never reach a log line unmasked — callers pass maskPhone(...) values.
 */
export type LogFn = (objOrMsg: unknown, msg?: string) => void;

export interface Logger {
  debug: LogFn;
  info: LogFn;
  warn: LogFn;
  error: LogFn;
  child(bindings: Record<string, unknown>): Logger;
}

const noop: LogFn = () => undefined;

export const silentLogger: Logger = { debug: noop, info: noop, warn: noop, error: noop, child: () => silentLogger };
