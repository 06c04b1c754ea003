import type { ErrorBody } from '../errors.js';

/** Every socket command is acknowledged with exactly one of these. */
export type Ack<T = null> = { ok: true; data: T } | { ok: false; error: ErrorBody };
export type AckFn<T = null> = (res: Ack<T>) => void;

export function ok<T>(data: T): Ack<T> {
  return { ok: true, data };
}
export function fail(error: ErrorBody): Ack<never> {
  return { ok: false, error };
}
