import { Type, type Static } from '@fastify/type-provider-typebox';
import { CALL_OUTCOMES, type CallFilter } from '@donorline/domain';
import { assertSame, DateOrInstant, Id, PageQuery } from './common.schemas.js';
import { DispositionS } from './dto.schemas.js';

/** CallFilter (GET /api/calls and GET /api/recordings). */
export const CallFilterS = Type.Object({
  from: Type.Optional(DateOrInstant),
  to: Type.Optional(DateOrInstant),
  agentId: Type.Optional(Id),
  donorId: Type.Optional(Id),
  phone: Type.Optional(Type.String({ maxLength: 32, description: 'full number (any spelling) or at least its last 4 digits' })),
  queue: Type.Optional(Type.String({ maxLength: 64 })),
  disposition: Type.Optional(DispositionS),
  outcome: Type.Optional(Type.Enum(CALL_OUTCOMES)),
  minDuration: Type.Optional(Type.Integer({ minimum: 0, description: 'talk seconds ≥' })),
  maxDuration: Type.Optional(Type.Integer({ minimum: 0, description: 'talk seconds ≤' })),
  ...PageQuery,
});

// the schema is narrower than CallFilter (enums instead of strings) but every value it accepts is a CallFilter
const _narrower: CallFilter = {} as Static<typeof CallFilterS>;
void _narrower;
assertSame<keyof Static<typeof CallFilterS>, keyof CallFilter>();
