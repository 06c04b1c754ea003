/**
 * Keeps the rolling horizon of bookable slots filled from the sites' templates: once when the bridge starts and
 * every day on SLOT_GENERATE_CRON (croner, Asia/Shanghai). The generation is idempotent, so an admin pressing
 * 生成时段 at the same moment only repeats work; with several bridges only the AMI lease owner runs it (cfg.mayRun).
 */
import { Cron } from 'croner';
import type { GenerateReport } from '@donorline/domain';
import type { DomainServices } from '@donorline/domain/node';

export interface SlotJobLog {
  info(o: object, msg: string): void;
  warn(o: object, msg: string): void;
}

export interface SlotJob {
  /** The run at start (resolves when done; never rejects). */
  readonly first: Promise<GenerateReport | null>;
  stop(): void;
}

export function startSlotGeneration(services: Pick<DomainServices, 'slotGenerator'>, cfg: { horizonDays: number; cron: string | null; mayRun?: () => boolean }, log: SlotJobLog): SlotJob {
  const run = async (why: string): Promise<GenerateReport | null> => {
    try {
      const r = await services.slotGenerator.generate(cfg.horizonDays);
      log.info({ why, created: r.created, updated: r.updated, removed: r.removed, kept: r.kept.length, days: r.days }, 'slots generated from the templates');
      return r;
    } catch (err) {
      log.warn({ err, why }, 'slot generation failed (the next run retries)');
      return null;
    }
  };
  const cron = cfg.cron ? new Cron(cfg.cron, { timezone: 'Asia/Shanghai', protect: true }, () => void (cfg.mayRun?.() !== false && run('daily'))) : null;
  return { first: run('start'), stop: () => cron?.stop() };
}
