/**
 * Prepares each day's care actions (pending, for preview and confirmation on the desk's 关怀管理 page): once at start
 * and on CARE_CRON (croner, Asia/Shanghai, default 07:00). Generation is idempotent (one action per donor, rule and
 * occasion, a unique key), so a restart or the page's 立即生成 only repeat work; with several bridges only the AMI lease
 * owner runs it (cfg.mayRun, ha/owner-jobs.ts). Nothing is sent here.
 */
import { Cron } from 'croner';
import type { CareService } from '@donorline/domain/node';

export interface CareJobLog {
  info(o: object, msg: string): void;
  warn(o: object, msg: string): void;
}

export interface CareJob {
  readonly first: Promise<number | null>;
  stop(): void;
}

export function startCareJob(care: Pick<CareService, 'generate'>, cfg: { cron: string | null; mayRun?: () => boolean }, log: CareJobLog): CareJob {
  const run = async (why: string): Promise<number | null> => {
    try {
      const r = await care.generate();
      if (r.added) log.info({ why, ...r }, 'care actions prepared for preview');
      return r.added;
    } catch (err) {
      log.warn({ err, why }, 'care generation failed (the next run retries)');
      return null;
    }
  };
  const cron = cfg.cron ? new Cron(cfg.cron, { timezone: 'Asia/Shanghai', protect: true }, () => void (cfg.mayRun?.() !== false && run('schedule'))) : null;
  return { first: cfg.cron ? run('start') : Promise.resolve(null), stop: () => cron?.stop() };
}
