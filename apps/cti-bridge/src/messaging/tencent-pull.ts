/**
 * Tencent Cloud delivery status (状态回执) and donor replies (上行短信) by pull: PullSmsSendStatus and
 * PullSmsReplyStatus every SMS_TENCENT_PULL_MS, up to 100 a call, again at once while a page comes back full. They land
 * where the Aliyun pushes land (sms-callbacks.routes.ts): SmsOutboxStore.applyReports and SmsInboundService.receive,
 * so the desk's outbox states and reply handling (surveys, TD, tasks) are the same whichever provider sent.
 *
 * Why pull and not Tencent's HTTP callbacks: a callback needs a URL Tencent can reach from the internet; a hotline
 * inside a blood center's or hospital's network usually has outbound HTTPS only. Pull needs nothing inbound, and it
 * works the same from every bridge (each pulled record goes to one caller; applying it is idempotent per SerialNo and
 * per reply key). The price: a record Tencent hands out is gone from its queue, so records pulled but not yet
 * recorded (database down) are kept here and recorded before anything more is pulled; a bridge killed in between
 * loses them (its outbox rows stay 'sent', not wrongly 'delivered').
 */
import { createHash } from 'node:crypto';
import { toE164 } from '@donorline/domain';
import type { DeliveryReport, DomainServices } from '@donorline/domain/node';
import type { Logger } from '../logger.js';
import type { TencentSmsClient } from './tencent.adapter.js';

type PullStatus = NonNullable<Awaited<ReturnType<TencentSmsClient['PullSmsSendStatus']>>['PullSmsSendStatusSet']>[number];
type PullReply = NonNullable<Awaited<ReturnType<TencentSmsClient['PullSmsReplyStatus']>>['PullSmsReplyStatusSet']>[number];

const PAGE = 100;
/** Pages pulled per round at most (a backlog drains over rounds without starving the rest of the bridge). */
const MAX_PAGES = 20;

export function tencentReport(s: PullStatus): DeliveryReport | null {
  if (!s.SerialNo) return null;
  const delivered = s.ReportStatus === 'SUCCESS';
  return {
    providerId: s.SerialNo, outId: s.SessionContext && /^\d{1,12}$/.test(s.SessionContext) ? Number(s.SessionContext) : null,
    delivered, code: delivered ? 'DELIVRD' : (s.Description || s.ReportStatus || 'FAIL').slice(0, 32), at: s.UserReceiveTime ? new Date(s.UserReceiveTime * 1000) : new Date(),
  };
}

/** A reply has no id at Tencent: number, time and content make its de-duplication key. */
export function tencentReplyKey(r: PullReply): string {
  const h = createHash('sha256').update(`${r.PhoneNumber ?? ''}\n${r.ReplyTime ?? ''}\n${r.ReplyContent ?? ''}`).digest('hex').slice(0, 24);
  return `${r.ReplyTime ?? 0}-${h}`;
}

export interface TencentPullerOptions {
  client: TencentSmsClient;
  sdkAppId: string;
  pullMs: number;
  /** Recorded as the reply's provider (de-duplication is per provider). */
  provider: string;
  services: Pick<DomainServices, 'messaging'>;
  logger: Logger;
}

export class TencentStatusPuller {
  readonly stats = { reports: 0, replies: 0, errors: 0 };
  private timer: NodeJS.Timeout | null = null;
  private round: Promise<void> | null = null;
  private running = false;
  private reports: DeliveryReport[] = [];
  private replies: PullReply[] = [];

  constructor(private readonly o: TencentPullerOptions) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    await this.round;
  }

  /** One round now (tests, and the timer): records what is held, then pulls until the queues are drained. */
  pollOnce(): Promise<void> {
    this.round ??= this.pull().finally(() => (this.round = null));
    return this.round;
  }

  private schedule(ms: number): void {
    if (!this.running) return;
    this.timer = setTimeout(() => void this.pollOnce().finally(() => this.schedule(this.o.pullMs)), ms);
    this.timer.unref();
  }

  private async pull(): Promise<void> {
    const { client, sdkAppId } = this.o;
    try {
      for (let page = 0; page < MAX_PAGES; page++) {
        if (!(await this.recordReports())) return;
        const r = await client.PullSmsSendStatus({ Limit: PAGE, SmsSdkAppId: sdkAppId });
        const set = r.PullSmsSendStatusSet ?? [];
        for (const s of set) {
          const rep = tencentReport(s);
          if (rep) this.reports.push(rep);
        }
        if (!(await this.recordReports()) || set.length < PAGE) break;
      }
      for (let page = 0; page < MAX_PAGES; page++) {
        if (!(await this.recordReplies())) return;
        const r = await client.PullSmsReplyStatus({ Limit: PAGE, SmsSdkAppId: sdkAppId });
        const set = r.PullSmsReplyStatusSet ?? [];
        this.replies.push(...set);
        if (!(await this.recordReplies()) || set.length < PAGE) break;
      }
    } catch (err) {
      this.stats.errors++;
      const e = err as Error & { code?: string };
      this.o.logger.warn({ code: e.code, err: e.message }, 'could not pull SMS status or replies from Tencent Cloud (next round retries)');
    }
  }

  /** true when nothing is left held. */
  private async recordReports(): Promise<boolean> {
    if (!this.reports.length) return true;
    try {
      const res = await this.o.services.messaging.store.applyReports(this.reports);
      this.stats.reports += this.reports.length;
      if (res.unmatched) this.o.logger.info({ unmatched: res.unmatched, of: this.reports.length }, 'delivery reports for messages we do not know');
      this.reports = [];
      return true;
    } catch (err) {
      this.stats.errors++;
      this.o.logger.error({ err, held: this.reports.length }, 'could not record pulled delivery reports (held, recorded before pulling more)');
      return false;
    }
  }

  private async recordReplies(): Promise<boolean> {
    while (this.replies.length) {
      const u = this.replies[0]!;
      const from = toE164(u.PhoneNumber ?? u.SubscriberNumber ?? '');
      if (!from || !u.ReplyContent) {
        this.o.logger.warn({ phone: `${(u.PhoneNumber ?? '').slice(0, 6)}****` }, 'SMS reply from a number we cannot read, or empty: skipped');
        this.replies.shift();
        continue;
      }
      try {
        const r = await this.o.services.messaging.inbound.receive({
          from, content: u.ReplyContent, provider: this.o.provider, seq: tencentReplyKey(u), at: u.ReplyTime ? new Date(u.ReplyTime * 1000) : new Date(),
        });
        this.o.logger.info({ inbound: r.id, intent: r.intent, duplicate: r.duplicate, ticket: r.ticketId, matched: r.donorId !== null }, 'SMS reply');
        this.stats.replies++;
        this.replies.shift();
      } catch (err) {
        this.stats.errors++;
        this.o.logger.error({ err, held: this.replies.length }, 'could not take a pulled SMS reply (held, taken before pulling more)');
        return false;
      }
    }
    return true;
  }
}
