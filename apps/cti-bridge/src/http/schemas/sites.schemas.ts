/** TypeBox schemas of the sites / service-calendar administration contract (packages/domain/src/contracts/sites.ts). */
import { Type, type Static } from '@fastify/type-provider-typebox';
import {
  CALENDAR_DAY_KINDS, MAX_HORIZON_DAYS, MAX_SLOT_CAPACITY, SITE_CAPABILITIES, SITE_KINDS,
  type GenerateReport, type ServiceCalendarDto, type SiteAdminDto, type SiteDayDto, type SiteDayInput, type SiteInput, type SlotTemplateDto, type SlotTemplateInput,
} from '@donorline/domain';
import { assertSame, Id, Instant, LocalDateS, Nullable } from './common.schemas.js';
import { DonationTypeS } from './dto.schemas.js';

const Clock = Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$|^24:00$', description: 'local time HH:MM' });
const Weekday = Type.Integer({ minimum: 1, maximum: 7, description: 'ISO weekday: 1 = Monday … 7 = Sunday' });
const Capacity = Type.Integer({ minimum: 1, maximum: MAX_SLOT_CAPACITY });

export const SiteAdminDtoS = Type.Object({
  id: Id, code: Type.String(), name: Type.String(), kind: Type.Enum(SITE_KINDS), district: Type.String(), address: Type.String(), hours: Type.String(),
  transport: Type.String(), capabilities: Type.Array(Type.Enum(SITE_CAPABILITIES)), phone: Nullable(Type.String()),
  active: Type.Boolean(), closesOnHolidays: Type.Boolean(), whatToBring: Nullable(Type.String()), templateCount: Type.Integer(),
}, { $id: 'SiteAdmin' });

const siteFields = {
  code: Type.String({ minLength: 1, maxLength: 32 }), name: Type.String({ minLength: 1, maxLength: 100 }), kind: Type.Enum(SITE_KINDS),
  district: Type.String({ maxLength: 50 }), address: Type.String({ minLength: 1, maxLength: 255 }), phone: Nullable(Type.String({ maxLength: 30 })),
  hours: Type.String({ minLength: 1, maxLength: 255 }), transport: Type.String({ maxLength: 500 }),
  capabilities: Type.Array(Type.Enum(SITE_CAPABILITIES), { minItems: 1, maxItems: 3 }),
};
const siteOptional = { whatToBring: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))), closesOnHolidays: Type.Optional(Type.Boolean()), active: Type.Optional(Type.Boolean()) };
export const SiteInputS = Type.Object({ ...siteFields, ...siteOptional }, { additionalProperties: false });
export const SiteUpdateS = Type.Object({ ...Type.Partial(Type.Object(siteFields)).properties, ...siteOptional }, { additionalProperties: false, minProperties: 1 });

export const SlotTemplateDtoS = Type.Object({
  id: Id, siteId: Id, weekday: Type.Integer(), type: DonationTypeS, start: Type.String(), end: Type.String(), capacity: Type.Integer(), active: Type.Boolean(),
}, { $id: 'SlotTemplate' });
const templateFields = { weekday: Weekday, type: DonationTypeS, start: Clock, end: Clock, capacity: Capacity };
export const SlotTemplateInputS = Type.Object({ ...templateFields, active: Type.Optional(Type.Boolean()) }, { additionalProperties: false });
export const SlotTemplateUpdateS = Type.Object({ ...Type.Partial(Type.Object(templateFields)).properties, active: Type.Optional(Type.Boolean()) }, { additionalProperties: false, minProperties: 1 });

export const SiteDayDtoS = Type.Object({ siteId: Id, date: LocalDateS, closed: Type.Boolean(), capacity: Nullable(Type.Integer()), note: Nullable(Type.String()) }, { $id: 'SiteDay' });
export const SiteDayInputS = Type.Object({
  closed: Type.Boolean(), capacity: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: MAX_SLOT_CAPACITY }))), note: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
}, { additionalProperties: false });

export const SiteDayParams = Type.Object({ id: Id, date: LocalDateS });
export const TemplateParams = Type.Object({ id: Id, templateId: Id });
export const HorizonS = Type.Integer({ minimum: 1, maximum: MAX_HORIZON_DAYS });

export const GenerateReportS = Type.Object({
  from: LocalDateS, days: Type.Integer(), sites: Type.Integer(), created: Type.Integer(), updated: Type.Integer(), removed: Type.Integer(),
  kept: Type.Array(Type.Object({ slotId: Id, siteId: Id, startsAt: Instant, type: DonationTypeS, booked: Type.Integer(), wanted: Type.Integer() })),
}, { $id: 'GenerateReport' });

export const ServiceCalendarDtoS = Type.Object({
  open: Type.String(), close: Type.String(), weekdays: Type.Array(Type.Integer()),
  days: Type.Array(Type.Object({ date: LocalDateS, kind: Type.Enum(CALENDAR_DAY_KINDS), name: Type.String() })),
  updatedAt: Nullable(Instant),
}, { $id: 'ServiceCalendar' });
export const ServiceHoursInputS = Type.Object({ open: Clock, close: Clock, weekdays: Type.Array(Weekday, { maxItems: 7 }) }, { additionalProperties: false });
export const CalendarDayBodyS = Type.Object({ kind: Type.Enum(CALENDAR_DAY_KINDS), name: Type.String({ minLength: 1, maxLength: 50 }) }, { additionalProperties: false });

assertSame<Static<typeof SiteAdminDtoS>, SiteAdminDto>();
assertSame<Static<typeof SiteInputS>, SiteInput>();
assertSame<Static<typeof SlotTemplateDtoS>, SlotTemplateDto>();
assertSame<Static<typeof SlotTemplateInputS>, SlotTemplateInput>();
assertSame<Static<typeof SiteDayDtoS>, SiteDayDto>();
assertSame<Static<typeof SiteDayInputS>, SiteDayInput>();
assertSame<Static<typeof GenerateReportS>, GenerateReport>();
assertSame<Static<typeof ServiceCalendarDtoS>, ServiceCalendarDto>();
