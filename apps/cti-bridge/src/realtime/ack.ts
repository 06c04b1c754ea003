import { fail, ok, toErrorBody, type Ack } from '@donorline/domain';
import { isDomainError } from '@donorline/domain';
import type { Logger } from '../logger.js';

/**
 * Wraps a command handler so the client always gets exactly one Ack: the data, or the DomainError's body.
 * Anything else is logged and acked as INTERNAL (no stack or internals reach the desk).
 */
export function acked<P, T>(name: string, log: Logger, fn: (p: P) => Promise<T> | T, observe?: (name: string, ok: boolean, ms: number) => void) {
  return (payload: P, ack: unknown): void => {
    if (typeof ack !== 'function') return; // a command without an ack callback cannot be answered: ignore it
    const reply = ack as (r: Ack<T>) => void;
    const t0 = performance.now();
    Promise.resolve()
      .then(() => fn(payload ?? ({} as P)))
      .then(
        (data) => {
          observe?.(name, true, performance.now() - t0);
          reply(ok(data));
        },
        (e: unknown) => {
          observe?.(name, false, performance.now() - t0);
          if (!isDomainError(e)) log.error({ err: e, command: name }, 'command failed');
          reply(fail(toErrorBody(e)));
        },
      );
  };
}
