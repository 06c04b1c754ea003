/**
 * The hotline's service calendar in the database (service_hours, service_calendar_day): the IVR reads it (through
 * its backend), sites that close on holidays read its holidays, the admin edits it — audited old → new.
 */
import type { DataSource } from 'typeorm';
import { calendarDayProblem, calendarProblems, type CalendarDay, type CalendarDayKind, type ServiceCalendar } from '../../admin/service-calendar.js';
import type { ServiceCalendarDto, ServiceHoursInput } from '../../contracts/sites.js';
import { DomainError } from '../../errors.js';
import { exec, iso, rows, sqlTime, withTx } from '../sql.js';
import { writeAudit } from '../services/audit.service.js';
import type { ActorId } from '../services/mappers.js';
import { dayString } from './slot-generator.js';

const DEFAULT_HOURS = { open: '08:00', close: '20:00', weekdays: [1, 2, 3, 4, 5, 6, 7] };

export class CalendarService {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: () => Date,
  ) {}

  async get(): Promise<ServiceCalendarDto> {
    const [h] = await rows(this.ds, 'SELECT open_time, close_time, weekdays, updated_at FROM service_hours WHERE id = 1');
    const days = await rows(this.ds, 'SELECT date, kind, name FROM service_calendar_day ORDER BY date');
    return {
      open: h ? String(h.open_time) : DEFAULT_HOURS.open,
      close: h ? String(h.close_time) : DEFAULT_HOURS.close,
      weekdays: h ? String(h.weekdays).split(',').filter(Boolean).map(Number) : [...DEFAULT_HOURS.weekdays],
      days: days.map((d): CalendarDay => ({ date: dayString(d.date), kind: d.kind as CalendarDayKind, name: String(d.name) })),
      updatedAt: h ? iso(h.updated_at) : null,
    };
  }

  /** The calendar as the rules use it. */
  async calendar(): Promise<ServiceCalendar> {
    const { open, close, weekdays, days } = await this.get();
    return { open, close, weekdays, days };
  }

  async setHours(input: ServiceHoursInput, actorId: ActorId): Promise<ServiceCalendarDto> {
    const weekdays = [...new Set(input.weekdays)].sort();
    const p = calendarProblems({ ...input, weekdays });
    if (p.length) throw new DomainError('VALIDATION_FAILED', p.join('；'));
    const before = await this.get();
    await withTx(this.ds, async (m) => {
      const ts = sqlTime(this.clock());
      const r = await exec(m, 'UPDATE service_hours SET open_time = ?, close_time = ?, weekdays = ?, updated_at = ?, updated_by_id = ? WHERE id = 1', [input.open, input.close, weekdays.join(','), ts, actorId]);
      if (r.affected !== 1) await exec(m, 'INSERT INTO service_hours (id, open_time, close_time, weekdays, updated_at, updated_by_id) VALUES (1, ?, ?, ?, ?, ?)', [input.open, input.close, weekdays.join(','), ts, actorId]);
      await writeAudit(m, {
        actorId, action: 'service-calendar.hours', subjectType: 'service-calendar', subjectId: 'hours',
        detail: { old: { open: before.open, close: before.close, weekdays: before.weekdays }, new: { open: input.open, close: input.close, weekdays } },
      });
    });
    return this.get();
  }

  async setDay(date: string, kind: CalendarDayKind, name: string, actorId: ActorId): Promise<ServiceCalendarDto> {
    const problem = calendarDayProblem({ date, kind, name });
    if (problem) throw new DomainError('VALIDATION_FAILED', problem);
    await withTx(this.ds, async (m) => {
      const [old] = await rows(m, 'SELECT id, kind, name FROM service_calendar_day WHERE date = ?', [date]);
      if (old) await exec(m, 'UPDATE service_calendar_day SET kind = ?, name = ? WHERE id = ?', [kind, name.trim(), old.id]);
      else await exec(m, 'INSERT INTO service_calendar_day (date, kind, name, created_at) VALUES (?, ?, ?, ?)', [date, kind, name.trim(), sqlTime(this.clock())]);
      await writeAudit(m, {
        actorId, action: 'service-calendar.day-set', subjectType: 'service-calendar', subjectId: date,
        detail: { old: old ? { kind: old.kind, name: old.name } : null, new: { kind, name: name.trim() } },
      });
    });
    return this.get();
  }

  async deleteDay(date: string, actorId: ActorId): Promise<ServiceCalendarDto> {
    await withTx(this.ds, async (m) => {
      const [old] = await rows(m, 'SELECT id, kind, name FROM service_calendar_day WHERE date = ?', [date]);
      if (!old) throw new DomainError('NOT_FOUND', `日历中没有 ${date} / ${date} is not in the calendar`);
      await exec(m, 'DELETE FROM service_calendar_day WHERE id = ?', [old.id]);
      await writeAudit(m, { actorId, action: 'service-calendar.day-delete', subjectType: 'service-calendar', subjectId: date, detail: { old: { kind: old.kind, name: old.name }, new: null } });
    });
    return this.get();
  }
}
