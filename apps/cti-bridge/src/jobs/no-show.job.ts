/**
 * No-show detection (domain: attendance/ and db/attendance/): bookings settled against the BECS donations — at start
 * and every morning on NO_SHOW_CRON (croner, Asia/Shanghai; default 07:30, after the night's BECS import). The run is
 * idempotent (conditional status updates, one task and one SMS per booking by key), so two bridges or a restart only
 * repeat work; with several bridges only the AMI lease owner runs it (cfg.mayRun, ha/owner-jobs.ts). A donation
 * arriving later reverses a no-show through the ingest's `donation.recorded` as well.
 */
import { Cron } from 'croner';
import type { AttendanceRun } from '@donorline/domain';
import type { DomainServices } from '@donorline/domain/node';

export interface NoShowJobLog {
  info(o: object, msg: string): void;
  warn(o: object, msg: string): void;
}

export interface NoShowJob {
  readonly first: Promise<AttendanceRun | null>;
  stop(): void;
}

export function startNoShowDetection(services: Pick<DomainServices, 'attendance'>, cfg: { cron: string | null; mayRun?: () => boolean }, log: NoShowJobLog): NoShowJob {
  const run = async (why: string): Promise<AttendanceRun | null> => {
    try {
      const r = await services.attendance.settle();
      if (r.arrived || r.noShow) log.info({ why, ...r }, 'bookings settled: arrived / no-show');
      return r;
    } catch (err) {
      log.warn({ err, why }, 'no-show detection failed (the next run retries)');
      return null;
    }
  };
  const cron = cfg.cron ? new Cron(cfg.cron, { timezone: 'Asia/Shanghai', protect: true }, () => void (cfg.mayRun?.() !== false && run('schedule'))) : null;
  return { first: run('start'), stop: () => cron?.stop() };
}
