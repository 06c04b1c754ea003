/**
 * The agent hours the flows read, from the service calendar in the database (Administration → 服务日历) through the
 * backend, refreshed in the background; fields set in the environment (IVR_HOURS, IVR_WEEKDAYS, IVR_HOLIDAYS) win,
 * and when the database cannot tell (no calendar, an error) the configured hours stand. Flows read `current`
 * synchronously at each decision, so an admin's change reaches the next call within the refresh interval.
 */
import type { ServiceCalendar } from '@donorline/domain';
import type { ServiceHours } from '../flows/service-hours.js';
import type { Logger } from '../runtime/logger.js';

/** Which fields of the configured hours came from the environment (and so override the database). */
export interface EnvHoursFields {
  hours: boolean;
  weekdays: boolean;
  holidays: boolean;
}

export interface CalendarReader {
  serviceCalendar?(): Promise<ServiceCalendar | null>;
}

/** The database calendar as ServiceHours, with the environment's fields on top. */
export function mergeCalendar(configured: ServiceHours, db: ServiceCalendar | null, env: EnvHoursFields): ServiceHours {
  if (!db) return configured;
  return {
    ...configured,
    open: env.hours ? configured.open : db.open,
    close: env.hours ? configured.close : db.close,
    weekdays: env.weekdays ? configured.weekdays : [...db.weekdays],
    holidays: env.holidays ? configured.holidays : db.days.filter((d) => d.kind === 'holiday').map((d) => ({ date: d.date, name: d.name })),
    extraWorkdays: env.holidays ? configured.extraWorkdays ?? [] : db.days.filter((d) => d.kind === 'workday').map((d) => d.date),
  };
}

export class ServiceHoursSource {
  private value: ServiceHours;
  private timer: NodeJS.Timeout | null = null;
  /** 'db' once the database calendar has been read; 'config' before or without one. */
  source: 'db' | 'config' = 'config';

  constructor(
    private readonly configured: ServiceHours,
    private readonly reader: CalendarReader,
    private readonly env: EnvHoursFields,
    private readonly log?: Logger,
  ) {
    this.value = configured;
  }

  get current(): ServiceHours {
    return this.value;
  }

  /** Reads the calendar now; keeps the last good value when the database fails. */
  async refresh(): Promise<ServiceHours> {
    if (!this.reader.serviceCalendar) return this.value;
    try {
      const db = await this.reader.serviceCalendar();
      this.value = mergeCalendar(this.configured, db, this.env);
      this.source = db ? 'db' : 'config';
    } catch (e) {
      this.log?.warn({ err: e instanceof Error ? e.message : String(e) }, 'service calendar not readable; keeping the last hours');
    }
    return this.value;
  }

  /** Refresh every `ms` (unref'd: never keeps the process alive). */
  start(ms: number): this {
    this.timer ??= setInterval(() => void this.refresh(), ms);
    this.timer.unref();
    return this;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
