/** TypeBox schemas of the staff administration contract (packages/domain/src/contracts/staff.ts). */
import { Type, type Static } from '@fastify/type-provider-typebox';
import { AGENT_STATES, IVR_PIN_MAX, ROLES, STAFF_PASSWORD_MAX, type StaffCreate, type StaffDto, type StaffOptions, type StaffUpdate } from '@donorline/domain';
import { assertSame, Id, Instant, Nullable } from './common.schemas.js';

const RoleS = Type.Enum(ROLES);
const Extensions = Type.Array(Type.String({ minLength: 1, maxLength: 16 }), { maxItems: 10 });
const Queues = Nullable(Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 20 }));

export const StaffDtoS = Type.Object({
  id: Id, username: Type.String(), displayName: Type.String(), role: RoleS, employeeNo: Nullable(Type.String()),
  extensions: Type.Array(Type.String()), queues: Nullable(Type.Array(Type.String())), active: Type.Boolean(),
  ivrPin: Type.Object({ set: Type.Boolean(), locked: Type.Boolean(), failures: Type.Integer() }),
  seat: Nullable(Type.Object({ extension: Type.String(), state: Type.Enum(AGENT_STATES) })),
  createdAt: Instant, updatedAt: Instant,
}, { $id: 'Staff' });

export const StaffCreateS = Type.Object({
  username: Type.String({ minLength: 1, maxLength: 64 }),
  displayName: Type.String({ minLength: 1, maxLength: 100 }),
  role: RoleS,
  password: Type.String({ minLength: 1, maxLength: STAFF_PASSWORD_MAX }),
  employeeNo: Type.Optional(Nullable(Type.String({ maxLength: 32 }))),
  extensions: Type.Optional(Extensions),
  queues: Type.Optional(Queues),
}, { additionalProperties: false });

export const StaffUpdateS = Type.Object({
  displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  role: Type.Optional(RoleS),
  employeeNo: Type.Optional(Nullable(Type.String({ maxLength: 32 }))),
  extensions: Type.Optional(Extensions),
  queues: Type.Optional(Queues),
  active: Type.Optional(Type.Boolean()),
}, { additionalProperties: false, minProperties: 1 });

export const StaffOptionsS = Type.Object({
  roles: Type.Array(RoleS), seatRoles: Type.Array(RoleS), queues: Type.Array(Type.String()), passwordMinLength: Type.Integer(),
  pin: Type.Object({ minLength: Type.Integer(), maxLength: Type.Integer() }),
});

export const PasswordBodyS = Type.Object({ password: Type.String({ minLength: 1, maxLength: STAFF_PASSWORD_MAX }) }, { additionalProperties: false });
export const PinBodyS = Type.Object({ pin: Type.String({ minLength: 1, maxLength: IVR_PIN_MAX + 4 }) }, { additionalProperties: false });

assertSame<Static<typeof StaffDtoS>, StaffDto>();
assertSame<Static<typeof StaffCreateS>, StaffCreate>();
assertSame<Static<typeof StaffUpdateS>, StaffUpdate>();
assertSame<Static<typeof StaffOptionsS>, StaffOptions>();
