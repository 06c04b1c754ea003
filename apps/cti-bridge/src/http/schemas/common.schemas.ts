/**
 * Schema building blocks shared by every route: the error body, pages, ids, and a compile-time check that a schema
 * describes exactly the contract type it stands for (packages/domain/src/contracts), so the OpenAPI document and
 * the validation cannot drift from the shared TypeScript contract without `npm run typecheck` failing.
 */
import { Type, type Static, type TSchema } from '@fastify/type-provider-typebox';
import { ERROR_CODES } from '@donorline/domain';

/** true when A and B are assignable to each other (same required fields, same field types). */
export type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** `assertSame<Static<typeof S>, Dto>()` does nothing at run time; it fails `tsc` when the two differ. */
export function assertSame<A, B>(..._proof: Same<A, B> extends true ? [] : [never]): void {}

export const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

/** ISO-8601 instant (UTC, with Z). */
export const Instant = Type.String({ description: 'ISO-8601 instant, e.g. 2026-11-22T06:30:00.000Z' });
/** Local calendar date in Asia/Shanghai. */
export const LocalDateS = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'local date YYYY-MM-DD (Asia/Shanghai)' });
/** A local date or an instant (range filters). */
export const DateOrInstant = Type.String({ minLength: 10, maxLength: 40, description: 'YYYY-MM-DD (local day) or an ISO-8601 instant' });

export const Id = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });
export const IdParams = Type.Object({ id: Id });
export const PageQuery = {
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
};
/** A call's Asterisk Linkedid as the desk knows it (`callId`). */
export const CallIdS = Type.String({ minLength: 1, maxLength: 64, description: 'Asterisk Linkedid of the call' });

export const ErrorBodyS = Type.Object(
  {
    code: Type.Enum(ERROR_CODES),
    message: Type.String(),
    details: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  },
  { $id: 'ErrorBody', description: 'Every error: a stable code (see ERROR_HTTP_STATUS), a message (zh-CN / English), optional details' },
);

export const PageOf = <T extends TSchema>(item: T) =>
  Type.Object({ items: Type.Array(item), total: Type.Integer(), page: Type.Integer(), pageSize: Type.Integer() });

const ERROR_TEXT: Record<number, string> = {
  400: 'Invalid input (VALIDATION_FAILED, INVALID_PHONE, INVALID_NATIONAL_ID)',
  401: 'No or invalid token (UNAUTHENTICATED)',
  403: 'Wrong role or not your data (FORBIDDEN)',
  404: 'Not found (NOT_FOUND)',
  409: 'Business rule (CONFLICT, SLOT_FULL, NOT_ELIGIBLE, …)',
  429: 'Too many attempts (RATE_LIMITED)',
  503: 'Not available (PBX_UNAVAILABLE)',
};

/** Error responses a route declares (documentation, and `reply.code(n)` type-checks only for declared codes). */
export function errors<const C extends readonly (400 | 401 | 403 | 404 | 409 | 429 | 503)[]>(...codes: C): { [K in C[number]]: typeof ErrorBodyS } {
  const out: Record<number, TSchema> = {};
  for (const c of codes) out[c] = Type.Object(ErrorBodyS.properties, { description: ERROR_TEXT[c] });
  return out as { [K in C[number]]: typeof ErrorBodyS };
}

export type ErrorBodyStatic = Static<typeof ErrorBodyS>;
