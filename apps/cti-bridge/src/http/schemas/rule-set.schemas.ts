/** Schemas of the eligibility rule sets (admin API), checked against the domain's types. */
import { Type, type Static } from '@fastify/type-provider-typebox';
import { RULE_SET_STANDINGS, type EligibilityRuleSet, type RuleSetVersionDto } from '@donorline/domain';
import { assertSame, Instant, LocalDateS, Nullable } from './common.schemas.js';

const IntervalS = Type.Object({ months: Type.Optional(Type.Integer({ minimum: 0, maximum: 120 })), days: Type.Optional(Type.Integer({ minimum: 0, maximum: 3650 })) }, { additionalProperties: false });
const FromS = Type.Object({ 'whole-blood': IntervalS, platelets: IntervalS, plasma: IntervalS }, { additionalProperties: false });
const Age = Type.Integer({ minimum: 0, maximum: 120 });

export const RuleSetBodyS = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 32, pattern: '^[A-Za-z0-9_-]+$', description: 'rule family, e.g. GB18467' }),
  version: Type.Integer({ minimum: 1, maximum: 1_000_000, description: 'above every stored version of the family' }),
  standard: Type.String({ minLength: 1, maxLength: 200, description: 'the standard the values cite' }),
  effectiveFrom: LocalDateS,
  age: Type.Object({ min: Age, maxFirstTime: Age, maxRepeat: Age }, { additionalProperties: false }),
  minWeightKg: Type.Object({ male: Type.Number({ minimum: 30, maximum: 120 }), female: Type.Number({ minimum: 30, maximum: 120 }) }, { additionalProperties: false }),
  intervals: Type.Object({ 'whole-blood': FromS, platelets: FromS, plasma: FromS }, { additionalProperties: false }),
  plateletYearlyCap: Type.Object({ count: Type.Integer({ minimum: 0, maximum: 100 }), window: Type.Enum(['rolling-12-months', 'calendar-year']) }, { additionalProperties: false }),
  wholeBloodVolumesMl: Type.Array(Type.Integer({ minimum: 50, maximum: 800 }), { minItems: 1, maxItems: 10 }),
  plateletUnits: Type.Object({ min: Type.Integer({ minimum: 1, maximum: 5 }), max: Type.Integer({ minimum: 1, maximum: 5 }) }, { additionalProperties: false }),
  plateletShelfLifeDays: Type.Integer({ minimum: 1, maximum: 30 }),
  notes: Type.Array(Type.String({ maxLength: 500 }), { maxItems: 20 }),
}, { additionalProperties: false, $id: 'EligibilityRuleSetBody' });

export const RuleSetVersionS = Type.Object({
  id: Type.String(), version: Type.Integer(), standard: Type.String(), effectiveFrom: Type.String(), active: Type.Boolean(), standing: Type.Enum(RULE_SET_STANDINGS),
  createdAt: Nullable(Instant), createdBy: Nullable(Type.Object({ id: Type.Integer(), username: Type.String() })),
  rules: Type.Unsafe<EligibilityRuleSet>({ type: 'object', description: 'the whole rule set (see EligibilityRuleSetBody)' }),
});

assertSame<Static<typeof RuleSetBodyS>, EligibilityRuleSet>();
assertSame<Static<typeof RuleSetVersionS>, RuleSetVersionDto>();
