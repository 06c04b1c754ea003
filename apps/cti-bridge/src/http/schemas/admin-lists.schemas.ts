/** Schemas of administration → lists and center settings, checked against the domain's types. */
import { Type, type Static } from '@fastify/type-provider-typebox';
import { DESK_LISTS, LIST_CODE_PATTERN, type CenterSettings, type DeskListItemDto, type DeskListsDto } from '@donorline/domain';
import { assertSame, Instant } from './common.schemas.js';

// generous limits: the domain's checks answer with the exact reason in both languages
const Label = Type.String({ maxLength: 200 });
export const ListCodeS = Type.String({ minLength: 1, maxLength: 40, description: `list code (${LIST_CODE_PATTERN})` });

export const DeskListItemS = Type.Object({
  list: Type.Enum(DESK_LISTS), code: Type.String(), labelZh: Type.String(), labelEn: Type.String(), sortOrder: Type.Integer(),
  active: Type.Boolean(), builtin: Type.Boolean(), updatedAt: Instant,
}, { $id: 'DeskListItem' });

export const DeskListsS = Type.Object({ pauseReasons: Type.Array(DeskListItemS), dispositions: Type.Array(DeskListItemS), disabled: Type.Array(DeskListItemS) });

export const ListParams = Type.Object({ list: Type.String({ minLength: 1, maxLength: 32, description: 'pause-reason | disposition' }) });
export const ListItemParams = Type.Object({ list: ListParams.properties.list, code: ListCodeS });

export const ListItemCreateS = Type.Object({ code: ListCodeS, labelZh: Label, labelEn: Label }, {
  additionalProperties: false, examples: [{ code: 'coaching', labelZh: '辅导', labelEn: 'Coaching' }],
});
export const ListItemUpdateS = Type.Object({ labelZh: Type.Optional(Label), labelEn: Type.Optional(Label), active: Type.Optional(Type.Boolean()) }, {
  additionalProperties: false, minProperties: 1,
});
export const ListOrderS = Type.Object({ codes: Type.Array(ListCodeS, { minItems: 1, maxItems: 200 }) }, { additionalProperties: false });

export const CenterSettingsS = Type.Object({
  name: Type.String(), nameEn: Type.String(), hotline: Type.String(), smsSignature: Type.String(), recordingNotice: Type.Boolean(), noShowSms: Type.Boolean(),
}, { $id: 'CenterSettings' });
export const CenterSettingsUpdateS = Type.Object({
  name: Type.Optional(Type.String({ maxLength: 200 })), nameEn: Type.Optional(Type.String({ maxLength: 200 })), hotline: Type.Optional(Type.String({ maxLength: 40 })),
  smsSignature: Type.Optional(Type.String({ maxLength: 40 })), recordingNotice: Type.Optional(Type.Boolean()), noShowSms: Type.Optional(Type.Boolean()),
}, { additionalProperties: false, minProperties: 1, examples: [{ hotline: '96606', recordingNotice: true }] });

assertSame<Static<typeof DeskListItemS>, Omit<DeskListItemDto, 'list'> & { list: (typeof DESK_LISTS)[number] }>();
assertSame<Static<typeof DeskListsS>, DeskListsDto>();
assertSame<Static<typeof CenterSettingsS>, CenterSettings>();
