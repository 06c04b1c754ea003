/**
 * A report's date range and buckets. Local dates (Asia/Shanghai, UTC+8 all year: no DST) become UTC bounds for the
 * indexed started_at/created_at ranges; buckets shift the stored UTC instant by the centre's offset in SQL.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { DomainError } from '../../errors.js';
import { REPORT_MAX_DAYS, VOLUME_GROUPS, type ReportFilter, type VolumeGroup } from '../../reports/report.types.js';
import { SATISFACTION_CHANNELS, SATISFACTION_GROUPS } from '../../reports/satisfaction.js';
import { kindOfManager, sqlTime } from '../sql.js';

export const CENTER_UTC_OFFSET_MINUTES = 480;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const QUEUE = /^[A-Za-z0-9_.-]{1,32}$/;

export interface ReportRange {
  /** UTC 'YYYY-MM-DD HH:MM:SS.mmm' bounds, from inclusive, to exclusive. */
  fromUtc: string;
  toUtc: string;
  filter: Required<Pick<ReportFilter, 'from' | 'to' | 'slSeconds'>> & ReportFilter;
}

/** Validates a filter (bad input → VALIDATION_FAILED, nothing read) and turns it into UTC bounds. */
export function reportRange(f: ReportFilter, offsetMinutes = CENTER_UTC_OFFSET_MINUTES): ReportRange {
  if (!DATE.test(f.from ?? '') || !DATE.test(f.to ?? '')) throw new DomainError('VALIDATION_FAILED', '日期格式应为 YYYY-MM-DD / from and to must be YYYY-MM-DD');
  const from = Date.parse(`${f.from}T00:00:00Z`);
  const to = Date.parse(`${f.to}T00:00:00Z`) + 86_400_000;
  if (!Number.isFinite(from) || !Number.isFinite(to)) throw new DomainError('VALIDATION_FAILED', '日期无效 / not a valid date');
  if (to <= from) throw new DomainError('VALIDATION_FAILED', '结束日期早于开始日期 / to is before from');
  if ((to - from) / 86_400_000 > REPORT_MAX_DAYS) throw new DomainError('VALIDATION_FAILED', `日期范围最多 ${REPORT_MAX_DAYS} 天 / at most ${REPORT_MAX_DAYS} days`);
  if (f.queue && !QUEUE.test(f.queue)) throw new DomainError('VALIDATION_FAILED', 'invalid queue');
  if (f.agentId !== undefined && f.agentId !== null && !(Number.isInteger(f.agentId) && f.agentId > 0)) throw new DomainError('VALIDATION_FAILED', 'invalid agentId');
  if (f.group !== undefined && !VOLUME_GROUPS.includes(f.group)) throw new DomainError('VALIDATION_FAILED', `group must be one of ${VOLUME_GROUPS.join(', ')}`);
  if (f.satGroup !== undefined && !SATISFACTION_GROUPS.includes(f.satGroup)) throw new DomainError('VALIDATION_FAILED', `satGroup must be one of ${SATISFACTION_GROUPS.join(', ')}`);
  if (f.channel !== undefined && f.channel !== null && !SATISFACTION_CHANNELS.includes(f.channel)) throw new DomainError('VALIDATION_FAILED', `channel must be one of ${SATISFACTION_CHANNELS.join(', ')}`);
  const sl = f.slSeconds ?? 20;
  if (!Number.isInteger(sl) || sl < 1 || sl > 600) throw new DomainError('VALIDATION_FAILED', 'slSeconds must be 1–600');
  const shift = offsetMinutes * 60_000;
  return { fromUtc: sqlTime(from - shift), toUtc: sqlTime(to - shift), filter: { ...f, slSeconds: sl } };
}

/** The SQL expression of a bucket over a UTC datetime column, in local time. */
export function bucketSql(m: DataSource | EntityManager, col: string, group: VolumeGroup, offsetMinutes = CENTER_UTC_OFFSET_MINUTES): string {
  if (kindOfManager(m) === 'mysql') {
    const local = `DATE_ADD(${col}, INTERVAL ${offsetMinutes} MINUTE)`;
    switch (group) {
      case 'hour': return `DATE_FORMAT(${local}, '%Y-%m-%d %H')`;
      case 'day': return `DATE_FORMAT(${local}, '%Y-%m-%d')`;
      case 'week': return `DATE_FORMAT(${local}, '%x-W%v')`;
      case 'hour-of-day': return `DATE_FORMAT(${local}, '%H')`;
      case 'queue': return `COALESCE(queue, '')`;
    }
  }
  const mod = `'${offsetMinutes >= 0 ? '+' : ''}${offsetMinutes} minutes'`;
  switch (group) {
    case 'hour': return `strftime('%Y-%m-%d %H', ${col}, ${mod})`;
    case 'day': return `strftime('%Y-%m-%d', ${col}, ${mod})`;
    // ISO week: the Thursday of the week decides the year (%G/%V are missing in older SQLite)
    case 'week': return `(strftime('%Y', ${col}, ${mod}, 'weekday 0', '-3 days') || '-W' || printf('%02d', (CAST(strftime('%j', ${col}, ${mod}, 'weekday 0', '-3 days') AS INTEGER) - 1) / 7 + 1))`;
    case 'hour-of-day': return `strftime('%H', ${col}, ${mod})`;
    case 'queue': return `COALESCE(queue, '')`;
  }
}
