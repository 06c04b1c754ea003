/**
 * Fills the QA queue from the sampling rules (packages/domain qa/sampling.ts): once at start and on QA_SAMPLE_CRON
 * (croner, Asia/Shanghai) over the last 8 days, so the week in progress and the one just ended are both covered.
 * Queuing is idempotent (one row per call segment, unique), so a manual 立即抽检 only repeats work; with several
 * bridges only the AMI lease owner runs it (cfg.mayRun, ha/owner-jobs.ts).
 */
import { Cron } from 'croner';
import type { DomainServices } from '@donorline/domain/node';

export interface QaJobLog {
  info(o: object, msg: string): void;
  warn(o: object, msg: string): void;
}

export interface QaSamplingJob {
  readonly first: Promise<number | null>;
  stop(): void;
}

const LOOKBACK_MS = 8 * 24 * 3600_000;

export function startQaSampling(services: Pick<DomainServices, 'qa'>, cfg: { cron: string | null; mayRun?: () => boolean }, log: QaJobLog, clock: () => Date = () => new Date()): QaSamplingJob {
  const run = async (why: string): Promise<number | null> => {
    try {
      const now = clock();
      const r = await services.qa.sample(new Date(now.getTime() - LOOKBACK_MS), now);
      if (r.added) log.info({ why, added: r.added, reasons: r.reasons }, 'calls sampled into the QA queue');
      return r.added;
    } catch (err) {
      log.warn({ err, why }, 'QA sampling failed (the next run retries)');
      return null;
    }
  };
  const cron = cfg.cron ? new Cron(cfg.cron, { timezone: 'Asia/Shanghai', protect: true }, () => void (cfg.mayRun?.() !== false && run('schedule'))) : null;
  return { first: run('start'), stop: () => cron?.stop() };
}
