export interface SimLogger {
  debug(msg: string, data?: unknown): void;
  info(msg: string, data?: unknown): void;
  warn(msg: string, data?: unknown): void;
  error(msg: string, data?: unknown): void;
}

const noop = (): void => undefined;

export const silentLogger: SimLogger = { debug: noop, info: noop, warn: noop, error: noop };

export function consoleLogger(level: 'debug' | 'info' | 'warn' | 'error' = 'info'): SimLogger {
  const order = ['debug', 'info', 'warn', 'error'] as const;
  const min = order.indexOf(level);
  const make =
    (l: (typeof order)[number]) =>
    (msg: string, data?: unknown): void => {
      if (order.indexOf(l) < min) return;
      const line = `[asterisk-sim] ${l.toUpperCase()} ${msg}`;
      if (data === undefined) console.error(line);
      else console.error(line, data);
    };
  return { debug: make('debug'), info: make('info'), warn: make('warn'), error: make('error') };
}
