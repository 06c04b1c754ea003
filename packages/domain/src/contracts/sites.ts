/**
 * Administration → Sites and the service calendar (admin only): sites with their weekly slot templates, per-day
 * overrides (closed, other capacity), slots generated on a rolling horizon, and the hotline's hours and holidays.
 */
import type { CalendarDay, CalendarDayKind } from '../admin/service-calendar.js';
import type { SiteCapability, SiteKind } from '../appointments/appointment.types.js';
import type { DonationType } from '../donations/donation.types.js';
import type { SiteDto, SlotDto } from './dto.js';

export interface SiteAdminDto extends SiteDto {
  active: boolean;
  /** The site is closed on the public holidays of the service calendar (no slots generated). */
  closesOnHolidays: boolean;
  whatToBring: string | null;
  /** Active templates, for the list. */
  templateCount: number;
}

export interface SiteInput {
  code: string;
  name: string;
  kind: SiteKind;
  district: string;
  address: string;
  phone: string | null;
  /** Opening hours as people read them (每天 08:30-17:30; a bus: its route days). */
  hours: string;
  transport: string;
  capabilities: SiteCapability[];
  whatToBring?: string | null;
  closesOnHolidays?: boolean;
  active?: boolean;
}

export type SiteUpdate = Partial<SiteInput>;

export interface SlotTemplateDto {
  id: number;
  siteId: number;
  weekday: number;
  type: DonationType;
  start: string;
  end: string;
  capacity: number;
  active: boolean;
}

export interface SlotTemplateInput {
  weekday: number;
  type: DonationType;
  start: string;
  end: string;
  capacity: number;
  active?: boolean;
}

export interface SiteDayDto {
  siteId: number;
  date: string;
  closed: boolean;
  capacity: number | null;
  note: string | null;
}

export interface SiteDayInput {
  closed: boolean;
  capacity?: number | null;
  note?: string | null;
}

/** A booking that stands in the way of a change (the change is refused; move or cancel these first). */
export interface BlockingBooking {
  appointmentId: number;
  slotId: number;
  startsAt: string;
  type: DonationType;
  /** Masked (王*明). */
  donorName: string;
}

export interface GenerateReport {
  from: string;
  days: number;
  sites: number;
  created: number;
  updated: number;
  removed: number;
  /** Slots left as they are because of their bookings. */
  kept: { slotId: number; siteId: number; startsAt: string; type: DonationType; booked: number; wanted: number }[];
}

export interface ServiceCalendarDto {
  open: string;
  close: string;
  weekdays: number[];
  days: CalendarDay[];
  updatedAt: string | null;
}

export interface ServiceHoursInput {
  open: string;
  close: string;
  weekdays: number[];
}

export interface CalendarDayInput {
  date: string;
  kind: CalendarDayKind;
  name: string;
}

export interface SitesHttpApi {
  'GET /api/admin/sites': { reply: SiteAdminDto[] };
  'POST /api/admin/sites': { body: SiteInput; reply: SiteAdminDto };
  'PATCH /api/admin/sites/:id': { params: { id: number }; body: SiteUpdate; reply: SiteAdminDto };
  'GET /api/admin/sites/:id/templates': { params: { id: number }; reply: SlotTemplateDto[] };
  'POST /api/admin/sites/:id/templates': { params: { id: number }; body: SlotTemplateInput; reply: SlotTemplateDto };
  'PATCH /api/admin/sites/:id/templates/:templateId': { params: { id: number; templateId: number }; body: Partial<SlotTemplateInput>; reply: SlotTemplateDto };
  'DELETE /api/admin/sites/:id/templates/:templateId': { params: { id: number; templateId: number }; reply: { ok: true } };
  'GET /api/admin/sites/:id/days': { params: { id: number }; reply: SiteDayDto[] };
  'PUT /api/admin/sites/:id/days/:date': { params: { id: number; date: string }; body: SiteDayInput; reply: SiteDayDto };
  'DELETE /api/admin/sites/:id/days/:date': { params: { id: number; date: string }; reply: { ok: true } };
  'GET /api/admin/sites/:id/slots': { params: { id: number }; query: { from?: string; days?: number }; reply: SlotDto[] };
  'POST /api/admin/sites/generate': { body: { days?: number }; reply: GenerateReport };
  'GET /api/admin/service-calendar': { reply: ServiceCalendarDto };
  'PUT /api/admin/service-calendar/hours': { body: ServiceHoursInput; reply: ServiceCalendarDto };
  'PUT /api/admin/service-calendar/days/:date': { params: { date: string }; body: { kind: CalendarDayKind; name: string }; reply: ServiceCalendarDto };
  'DELETE /api/admin/service-calendar/days/:date': { params: { date: string }; reply: ServiceCalendarDto };
}
