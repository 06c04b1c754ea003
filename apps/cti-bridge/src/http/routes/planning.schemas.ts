/**
 * Request/response schemas of the planner routes. The plan is a large computed document: its top level is typed
 * and its arrays are passed through (the desk reads them with the domain's PlanResult type).
 */
import { Type } from '@fastify/type-provider-typebox';
import { PLAN_GROUPS, RANK_REASONS } from '@donorline/domain';
import { Id, Instant, LocalDateS, Nullable } from '../schemas/common.schemas.js';

export const GroupS = Type.String({ description: 'ABO/RhD: A+, A-, B+, B-, O+, O-, AB+, AB-', examples: [...PLAN_GROUPS] });
const Units = Type.Number({ description: '治疗量 / therapeutic units (validated by the domain: 0–100000, whole units for stock)' });

export const LotS = Type.Object({ group: GroupS, expiresOn: LocalDateS, units: Units });
export const SnapshotBodyS = Type.Object({
  lots: Type.Array(LotS, { maxItems: 500 }),
  takenAt: Type.Optional(Instant),
  note: Type.Optional(Nullable(Type.String({ maxLength: 255 }))),
});
export const SnapshotS = Type.Object({ id: Type.Integer(), takenAt: Instant, source: Type.String(), lots: Type.Array(LotS), note: Nullable(Type.String()), createdAt: Instant });
export const IssuesBodyS = Type.Object({
  records: Type.Array(Type.Object({ day: LocalDateS, group: GroupS, units: Units }), { minItems: 1, maxItems: 5000 }),
  source: Type.Optional(Type.Union([Type.Literal('desk'), Type.Literal('import')])),
});
export const NeedBodyS = Type.Object({ day: LocalDateS, group: GroupS, units: Units, note: Type.Optional(Nullable(Type.String({ maxLength: 255 }))) });
export const NeedS = Type.Object({ id: Type.Integer(), day: LocalDateS, group: GroupS, units: Type.Number(), note: Nullable(Type.String()) });
export const SafetyS = Type.Record(Type.String(), Type.Integer({ minimum: 0, maximum: 1000 }));

export const PlanQueryS = Type.Object({
  horizonDays: Type.Optional(Type.Integer({ minimum: 2, maximum: 28 })),
  serviceZ: Type.Optional(Type.Number({ minimum: 0, maximum: 4 })),
  unitsPerDonation: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 3 })),
});
const Any = Type.Array(Type.Any());
export const PlanS = Type.Object({
  today: LocalDateS, days: Type.Array(LocalDateS), method: Type.Object({ id: Type.String(), zh: Type.String(), en: Type.String() }),
  funnel: Type.Object({ bookRate: Type.Number(), showRate: Type.Number(), source: Type.String(), basis: Type.Integer() }),
  settings: Type.Any(), forecasts: Any, projections: Any, donations: Any, siteNeeds: Any, capacityShort: Any,
  snapshot: Nullable(SnapshotS), needs: Type.Array(NeedS),
});

export const ListQueryS = Type.Object({
  group: Type.String({ maxLength: 3 }), targetDay: LocalDateS, emergency: Type.Optional(Type.Boolean()),
  siteIds: Type.Optional(Type.String({ pattern: '^\\d+(,\\d+)*$', description: 'comma-separated site ids' })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
});
export const RankedS = Type.Object({
  donorId: Type.Integer(), name: Type.String(), phoneMasked: Nullable(Type.String({ description: 'masked (138****8000)' })), group: Type.String(), score: Type.Number(),
  reasons: Type.Array(Type.Object({ code: Type.Enum([...RANK_REASONS]), points: Type.Number(), detail: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()])) })),
  accountManager: Nullable(Type.Object({ id: Type.Integer(), name: Type.String() })), preferredSiteId: Nullable(Type.Integer()), lastDonationOn: Nullable(LocalDateS), plateletCount: Type.Integer(),
});
export const ListS = Type.Object({ items: Type.Array(RankedS), considered: Type.Integer(), pool: Type.Integer(), excluded: Type.Record(Type.String(), Type.Integer()) });

export const TasksBodyS = Type.Object({
  donorIds: Type.Array(Id, { minItems: 1, maxItems: 500 }), targetDay: LocalDateS, group: Type.String({ maxLength: 3 }), emergency: Type.Optional(Type.Boolean()),
  reasons: Type.Optional(Type.Record(Type.String({ pattern: '^\\d+$' }), Type.String({ maxLength: 500 }))),
});
export const TasksS = Type.Object({
  created: Type.Array(Type.Object({ donorId: Type.Integer(), taskId: Type.Integer() })),
  skipped: Type.Array(Type.Object({ donorId: Type.Integer(), reason: Type.String() })),
});
