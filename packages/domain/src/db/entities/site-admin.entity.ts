import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { CalendarDayKind } from '../../admin/service-calendar.js';
import type { DonationType } from '../../donations/donation.types.js';
import { bool, day, int, str, ts } from './columns.js';

/** A weekly slot template of a site: on this weekday, slots of this type from start to end with this capacity. */
@Entity({ name: 'slot_template' })
@Index('ix_slot_template_site', ['siteId', 'weekday'])
export class SlotTemplate {
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Column(int('site_id'))
  siteId!: number;

  @Column(int('weekday'))
  weekday!: number;

  @Column(str('type', 16))
  type!: DonationType;

  @Column(str('start_time', 5))
  start!: string;

  @Column(str('end_time', 5))
  end!: string;

  @Column(int('capacity'))
  capacity!: number;

  @Column(bool('active'))
  active!: boolean;

  @Column(ts('created_at'))
  createdAt!: Date;

  @Column(ts('updated_at'))
  updatedAt!: Date;
}

/** A per-day override of a site: closed (closure, holiday) or another capacity for every slot that day. */
@Entity({ name: 'site_day' })
@Index('ux_site_day', ['siteId', 'date'], { unique: true })
export class SiteDay {
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Column(int('site_id'))
  siteId!: number;

  @Column(day('date'))
  date!: string;

  @Column(bool('closed'))
  closed!: boolean;

  @Column(int('capacity', true))
  capacity!: number | null;

  @Column(str('note', 200, true))
  note!: string | null;

  @Column(ts('created_at'))
  createdAt!: Date;
}

/** The hotline's agent hours (one row, id 1). */
@Entity({ name: 'service_hours' })
export class ServiceHoursRow {
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Column(str('open_time', 5))
  open!: string;

  @Column(str('close_time', 5))
  close!: string;

  /** ISO weekdays, comma-separated ('1,2,3,4,5'). */
  @Column(str('weekdays', 20))
  weekdays!: string;

  @Column(ts('updated_at', true))
  updatedAt!: Date | null;

  @Column(int('updated_by_id', true))
  updatedById!: number | null;
}

/** A dated exception of the hotline calendar: a public holiday (closed) or a make-up working day (调休). */
@Entity({ name: 'service_calendar_day' })
@Index('ux_service_calendar_day', ['date'], { unique: true })
export class ServiceCalendarDay {
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Column(day('date'))
  date!: string;

  @Column(str('kind', 8))
  kind!: CalendarDayKind;

  @Column(str('name', 50))
  name!: string;

  @Column(ts('created_at'))
  createdAt!: Date;
}
