/**
 * The SMS campaigns' sending job: every tick the sender writes the next invitations of the running campaigns into
 * the outbox (at each campaign's rate, the contact policy deciding each recipient) and wakes the outbox worker. One
 * tick at a time; a tick that fails is logged and the next one retries (nothing is half-written: one transaction).
 * With several bridges only the AMI lease owner ticks (o.mayRun, ha/owner-jobs.ts).
 */
import type { InvitationSender } from '@donorline/domain/node';

export interface SmsCampaignJobLog {
  info(o: object, msg: string): void;
  warn(o: object, msg: string): void;
}

export interface SmsCampaignJob {
  /** Runs one tick now (tests, and the start of a campaign). */
  tick(): Promise<void>;
  stop(): Promise<void>;
}

export function startSmsCampaignJob(sender: Pick<InvitationSender, 'tick'>, o: { tickMs: number; kick: () => void; log: SmsCampaignJobLog; mayRun?: () => boolean }): SmsCampaignJob {
  let running: Promise<void> | null = null;
  let stopped = false;
  const tick = (): Promise<void> => {
    running ??= sender.tick()
      .then((r) => {
        if (r.queued) o.kick();
        if (r.queued || r.blocked) o.log.info(r, 'SMS campaign invitations written');
      })
      .catch((err: unknown) => o.log.warn({ err }, 'SMS campaign tick failed (the next tick retries)'))
      .finally(() => (running = null));
    return running;
  };
  const timer = setInterval(() => !stopped && o.mayRun?.() !== false && void tick(), o.tickMs);
  timer.unref();
  return {
    tick,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
