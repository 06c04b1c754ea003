/**
 * Rolls up the reports' closed days (db/reports/rollup.ts): at start (catching up on the last REPORT_ROLLUP_DAYS
 * days not rolled up yet) and every night at 01:30 Asia/Shanghai, when the day's last wrap-ups are in. Idempotent,
 * so a restart only repeats work; with several bridges only the AMI lease owner runs it (cfg.mayRun). Reports stay right without it (they read raw rows), only slower.
 */
import { Cron } from 'croner';
import { localDateOf } from '@donorline/domain';
import type { DomainServices } from '@donorline/domain/node';

export interface RollupJobLog {
  info(o: object, msg: string): void;
  warn(o: object, msg: string): void;
}

export interface RollupJob {
  readonly first: Promise<string[]>;
  stop(): void;
}

const minusDays = (d: string, n: number): string => new Date(Date.parse(`${d}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);

export function startReportRollup(services: Pick<DomainServices, 'reports'>, cfg: { slSeconds: number; days: number; mayRun?: () => boolean }, log: RollupJobLog, now: () => Date = () => new Date()): RollupJob {
  const run = async (why: string): Promise<string[]> => {
    try {
      const today = localDateOf(now());
      const done = await services.reports.rollupMissing(minusDays(today, cfg.days), today, cfg.slSeconds);
      if (done.length) log.info({ why, days: done.length, last: done.at(-1) }, 'report rollups done');
      return done;
    } catch (err) {
      log.warn({ err, why }, 'report rollup failed (the next run retries)');
      return [];
    }
  };
  const cron = new Cron('0 30 1 * * *', { timezone: 'Asia/Shanghai', protect: true }, () => void (cfg.mayRun?.() !== false && run('nightly')));
  return { first: run('start'), stop: () => cron.stop() };
}
