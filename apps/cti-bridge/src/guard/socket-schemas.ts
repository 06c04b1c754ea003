/**
 * A JSON Schema (TypeBox, the schema language of the HTTP routes) for the payload of every client → server Socket.IO
 * command, compiled once when the bridge starts. Unknown fields, wrong types and oversized strings are refused with
 * VALIDATION_FAILED before a handler runs. The map is typed against the contract: a command added to
 * ClientToServerEvents without a schema — or a payload field the schema does not know — fails typecheck.
 */
import { Type, type Static, type TProperties, type TSchema } from 'typebox';
import { LIST_CODE_PATTERN, type ClientToServerEvents } from '@donorline/domain';
import { MONITOR_COMMAND_SCHEMAS } from '../monitor/monitor.schemas.js';

const Obj = <P extends TProperties>(p: P) => Type.Object(p, { additionalProperties: false });
const Lit = <T extends readonly string[]>(values: T) => Type.Union(values.map((v) => Type.Literal(v)));

const CallId = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9._:@-]+$' });
const Extension = Type.String({ minLength: 1, maxLength: 16, pattern: '^[0-9]+$' });
const Empty = Obj({});
const OnCall = Obj({ callId: CallId });
const Purpose = Lit(['recruitment', 'care', 'survey', 'service'] as const);

export const SOCKET_COMMAND_SCHEMAS = {
  'agent:login': Obj({ extension: Extension, takeover: Type.Optional(Type.Boolean()), force: Type.Optional(Type.Boolean()) }),
  'agent:logout': Obj({ force: Type.Optional(Type.Boolean()) }),
  'agent:ready': Empty,
  // a code of the pause-reason list (data): whether it is an enabled one the seat service says
  'agent:pause': Obj({ reason: Type.String({ minLength: 2, maxLength: 20, pattern: LIST_CODE_PATTERN }) }),
  'agent:wrap-up-done': Empty,
  'call:answer': OnCall,
  'call:hangup': OnCall,
  'call:hold': OnCall,
  'call:resume': OnCall,
  'call:transfer': Obj({
    callId: CallId,
    mode: Lit(['blind', 'attended'] as const),
    target: Type.Union([
      Obj({ kind: Type.Literal('extension'), value: Extension }),
      Obj({ kind: Type.Literal('queue'), value: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' }) }),
    ]),
  }),
  'call:transfer-complete': OnCall,
  'call:transfer-cancel': OnCall,
  // purpose: why the agent calls (the contact policy decides on it; unsaid = recruitment, a call-back = service)
  'call:dial': Type.Union([
    Obj({ donorId: Type.Integer({ minimum: 1 }), phoneId: Type.Optional(Type.Integer({ minimum: 1 })), purpose: Type.Optional(Purpose) }),
    // shape and size only: whether it is a number the domain says (INVALID_PHONE, with the reason)
    Obj({ number: Type.String({ minLength: 1, maxLength: 32 }), purpose: Type.Optional(Purpose) }),
    // 回拨: the call to call back; the number is looked up on the server
    Obj({ callbackOf: CallId, purpose: Type.Optional(Purpose) }),
    // 回拨 from a task of the work queue: the number is the task's (donor or abandoned caller); the call is linked to it
    Obj({ taskId: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }) }),
  ]),
  'call:record': Obj({ callId: CallId, on: Type.Boolean() }),
  'call:mute': Obj({ callId: CallId, on: Type.Boolean() }),
  // shape and size only: which digits are allowed the call control says (0-9 * # A-D)
  'call:dtmf': Obj({ callId: CallId, digits: Type.String({ minLength: 1, maxLength: 32 }) }),
  // the donors whose 360° view the desk shows (BECS data arriving → donor:changed)
  'donor:watch': Obj({ donorIds: Type.Array(Type.Integer({ minimum: 1, maximum: 2_147_483_647 }), { maxItems: 20 }) }),
  'training:call': Obj({
    donorId: Type.Optional(Type.Integer({ minimum: 1 })),
    number: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })),
    callerName: Type.Optional(Type.String({ maxLength: 50 })),
    via: Lit(['ivr', 'queue'] as const),
    dtmf: Type.Optional(Type.String({ maxLength: 32, pattern: '^[0-9*#]*$' })),
  }),
  ...MONITOR_COMMAND_SCHEMAS,
} satisfies { [E in keyof ClientToServerEvents]: TSchema };

// --- typecheck: schema ⇄ contract -------------------------------------------------------------------------------
// `Record<string, never>` (a command without fields) is compared as an empty object
type Norm<T> = T extends unknown ? (string extends keyof T ? Record<never, never> : T) : never;
type Payload<E extends keyof ClientToServerEvents> = Norm<Parameters<ClientToServerEvents[E]>[0]>;
type Schemas = typeof SOCKET_COMMAND_SCHEMAS;
type KeysOf<T> = T extends unknown ? keyof T : never;
/** What a valid payload is assignable to the contract's payload … */
type Fits = { [E in keyof Schemas]: Norm<Static<Schemas[E]>> extends Payload<E> ? true : ['schema does not fit the contract', E] };
/** … and every field of the contract is known to the schema (else a desk sending it would be refused). */
type Covers = { [E in keyof Schemas]: [Exclude<KeysOf<Payload<E>>, KeysOf<Static<Schemas[E]>>>] extends [never] ? true : ['schema misses contract fields', E, Exclude<KeysOf<Payload<E>>, KeysOf<Static<Schemas[E]>>>] };
const schemaFitsContract: { [E in keyof Schemas]: true } = {} as Fits;
const schemaCoversContract: { [E in keyof Schemas]: true } = {} as Covers;
void schemaFitsContract;
void schemaCoversContract;
