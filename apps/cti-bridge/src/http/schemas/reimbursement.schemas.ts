/** Schemas of the blood-use reimbursement policies, checked against the domain's types. */
import { Type, type Static } from '@fastify/type-provider-typebox';
import type { DonorReimbursement, ReimbursementPolicyDto, ReimbursementPolicyInput } from '@donorline/domain';
import { assertSame, Instant, LocalDateS, Nullable } from './common.schemas.js';

// generous limits: the domain's check answers with the exact reason in both languages
const Str = Type.String({ maxLength: 1000 });
const List = Type.Array(Str, { maxItems: 50 });

export const ReimbursementRulesS = Type.Object({
  donorMultiple: Type.Number(), donorYears: Type.Number(), lifetimeAboveMl: Nullable(Type.Number()), familyMultiple: Type.Number(), familyMembers: List,
  claimWithinMonths: Type.Number(), documents: List, whereToApply: Str, source: Str, demo: Type.Boolean(), notes: List,
}, { additionalProperties: false });

export const ReimbursementInputS = Type.Object({
  province: Type.String({ maxLength: 100 }), title: Type.String({ maxLength: 1000 }), effectiveFrom: LocalDateS, rules: ReimbursementRulesS,
}, {
  additionalProperties: false,
  examples: [{
    province: '山东省', title: '山东省无偿献血者及其亲属临床用血费用报销（示例数据）', effectiveFrom: '2021-01-01',
    rules: {
      donorMultiple: 5, donorYears: 5, lifetimeAboveMl: 800, familyMultiple: 1, familyMembers: ['配偶', '父母', '子女'], claimWithinMonths: 12,
      documents: ['无偿献血证', '用血发票'], whereToApply: '献血地血站', source: '示例', demo: true, notes: [],
    },
  }],
});

export const ReimbursementPolicyS = Type.Object({
  id: Type.Integer(), province: Type.String(), title: Type.String(), effectiveFrom: Type.String(), rules: ReimbursementRulesS, updatedAt: Instant,
}, { $id: 'ReimbursementPolicy' });

export const DonorReimbursementS = Type.Object({
  policy: ReimbursementPolicyS,
  text: Type.String(),
  entitlement: Type.Object({ windowMl: Type.Number(), totalMl: Type.Number(), donorMl: Nullable(Type.Number()), lifetime: Type.Boolean(), familyMl: Type.Number() }),
});

assertSame<Static<typeof ReimbursementInputS>, ReimbursementPolicyInput>();
assertSame<Static<typeof ReimbursementPolicyS>, ReimbursementPolicyDto>();
assertSame<Static<typeof DonorReimbursementS>, DonorReimbursement>();
