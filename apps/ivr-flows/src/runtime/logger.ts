/** The few log calls the IVR makes; pino-compatible shape, console by default. Personal data is never logged. */
export interface Logger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export const consoleLogger: Logger = {
  info: (o, m) => console.log(JSON.stringify({ level: 'info', msg: m, ...o })),
  warn: (o, m) => console.warn(JSON.stringify({ level: 'warn', msg: m, ...o })),
  error: (o, m) => console.error(JSON.stringify({ level: 'error', msg: m, ...o })),
};

export const silentLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} };

export function errorInfo(e: unknown): { err: string } {
  return { err: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
}
