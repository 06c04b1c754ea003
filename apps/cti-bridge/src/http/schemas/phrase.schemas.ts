/** Schemas of the standard-phrase scripts (admin API), checked against the domain's types. */
import { Type, type Static } from '@fastify/type-provider-typebox';
import { PHRASE_CALL_TYPES, PHRASE_STAGES, type PhraseScriptSave, type PhraseScriptSummary, type PhraseScriptVersionDto } from '@donorline/domain';
import { assertSame, Instant, Nullable } from './common.schemas.js';

const Who = Nullable(Type.Object({ id: Type.Integer(), username: Type.String() }));

export const PhraseLineS = Type.Object({
  stage: Type.Enum(PHRASE_STAGES),
  // generous limits here: the domain check (checkScript) answers with the exact reason and line
  text: Type.String({ maxLength: 5000 }),
  textEn: Nullable(Type.String({ maxLength: 5000 })),
});

export const PhraseScriptSaveS = Type.Object({
  lines: Type.Array(PhraseLineS, { maxItems: 200 }),
  note: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
}, { examples: [{ lines: [{ stage: 'commitment', text: '好的，给您约在{预约日期}{预约时间}，{预约地点}。', textEn: 'I have booked {appointmentDate} {appointmentTime} at {appointmentSite}.' }], note: '承诺环节加上预约地点' }] });

export const PhraseScriptVersionS = Type.Object({
  callType: Type.Enum(PHRASE_CALL_TYPES), version: Type.Integer(), active: Type.Boolean(), lines: Type.Array(PhraseLineS), note: Nullable(Type.String()),
  createdAt: Instant, createdBy: Who,
}, { $id: 'PhraseScriptVersion' });

export const PhraseScriptSummaryS = Type.Object({
  callType: Type.Enum(PHRASE_CALL_TYPES), activeVersion: Nullable(Type.Integer()), versions: Type.Integer(), lines: Type.Integer(),
  updatedAt: Nullable(Instant), updatedBy: Who,
});

export const CallTypeParams = Type.Object({ callType: Type.String({ minLength: 1, maxLength: 32 }) });

assertSame<Static<typeof PhraseScriptSaveS>, PhraseScriptSave>();
assertSame<Static<typeof PhraseScriptVersionS>, PhraseScriptVersionDto>();
assertSame<Static<typeof PhraseScriptSummaryS>, PhraseScriptSummary>();
