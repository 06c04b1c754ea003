import type { DataSource, EntityManager } from 'typeorm';
import type { QuietHours } from '../../messaging/quiet-hours.js';
import { renderTemplate, type SmsTemplateKey } from '../../messaging/sms-templates.js';
import { enqueueSms } from '../messaging/sms-enqueue.js';
import { exclusive, exec, rows, sqlTime, withTx } from '../sql.js';

/**
 * The notification port. Business code calls `notify` inside its transaction; the outbox implementation stores the
 * message in sms_outbox so it is sent if and only if the business change commits. A delivery loop (`drain`) hands
 * pending messages to a pluggable SmsProvider (a real gateway adapter, or the log provider in demos).
 */
export interface OutgoingSms {
  to: string;
  template: SmsTemplate;
  payload: Record<string, string | number | null>;
  /** The donor it is for (their SMS history); the business object (default appointment:<payload.appointmentId>). */
  donorId?: number | null;
  ref?: string | null;
  /** The same key is enqueued once (db/messaging/sms-enqueue.ts). */
  dedupKey?: string | null;
}

export type SmsTemplate = SmsTemplateKey;

export interface Notifier {
  notify(msg: OutgoingSms, m?: EntityManager): Promise<void>;
}

export interface SmsProvider {
  /** Sends one message; resolves to the provider's message id. Throws on failure (retried with backoff). */
  send(to: string, body: string): Promise<string>;
}

/** zh-CN message texts (the blood center's signature first, as Chinese SMS rules require). */
export function renderSms(template: SmsTemplate, p: OutgoingSms['payload']): string {
  const s = (k: string): string => String(p[k] ?? '');
  switch (template) {
    case 'appointment-booked':
      return `【青岛市中心血站】${s('name')}您好，您已预约${s('when')}在${s('site')}${s('typeLabel')}。请携带身份证，献血前清淡饮食、睡眠充足。改约请致电96606。感谢您的爱心！`;
    case 'appointment-cancelled':
      return `【青岛市中心血站】${s('name')}您好，您${s('when')}在${s('site')}的献血预约已取消。欢迎随时致电96606重新预约。`;
    case 'appointment-rescheduled':
      return `【青岛市中心血站】${s('name')}您好，您的献血预约已改为${s('when')}，地点${s('site')}。感谢您的坚持与爱心！`;
    case 'appointment-reminder':
      return `【青岛市中心血站】${s('name')}您好，提醒您明天${s('when')}在${s('site')}献血，请携带身份证。`;
    case 'survey':
      return `【青岛市中心血站】感谢您今天的无偿献血！请回复1-5为本次服务打分（5为非常满意）。`;
    case 'care':
      return `【青岛市中心血站】${s('name')}您好，${s('text')}`;
    case 'voice-reply':
      return `【青岛市中心血站】${s('name')}您好，您的留言已有回复，请拨打热线96606收听。`;
    case 'no-show':
      return `【青岛市中心血站】${s('name')}您好，我们错过了您${s('when')}在${s('site')}的献血预约，希望您一切都好。方便时欢迎致电96606重新预约，回复TD退订`;
    case 'recruitment-invitation':
      return renderTemplate('recruitment-invitation', { name: s('name'), site: s('site'), date: s('date'), product: s('product') }, '青岛市中心血站');
  }
}

export class OutboxNotifier implements Notifier {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: () => Date = () => new Date(),
    /** Quiet hours for non-service SMS (the bridge's SMS_QUIET_HOURS); null = none. */
    private readonly quiet: () => QuietHours | null = () => null,
  ) {}

  async notify(msg: OutgoingSms, m?: EntityManager): Promise<void> {
    const appointmentId = msg.payload.appointmentId;
    const ref = msg.ref ?? (appointmentId !== undefined && appointmentId !== null ? `appointment:${appointmentId}` : null);
    const row = { to: msg.to, template: msg.template, payload: msg.payload, body: renderSms(msg.template, msg.payload), donorId: msg.donorId ?? null, ref, dedupKey: msg.dedupKey ?? null };
    if (m) await enqueueSms(m, [row], this.clock(), this.quiet());
    else await withTx(this.ds, (x) => enqueueSms(x, [row], this.clock(), this.quiet()));
  }

  /** Delivers up to `limit` due messages through the provider; failures back off (1, 2, 4 … min) up to `maxAttempts`. */
  async drain(provider: SmsProvider, limit = 50, maxAttempts = 5): Promise<{ sent: number; failed: number }> {
    const due = await rows(this.ds, "SELECT id, to_e164, body, attempts FROM sms_outbox WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY id LIMIT ?", [sqlTime(this.clock()), limit]);
    let sent = 0;
    let failed = 0;
    for (const r of due) {
      const attempts = Number(r.attempts) + 1;
      try {
        const providerId = await provider.send(String(r.to_e164), String(r.body ?? ''));
        await exclusive(this.ds, () => exec(this.ds, "UPDATE sms_outbox SET status = 'sent', attempts = ?, provider_id = ?, sent_at = ? WHERE id = ? AND status = 'pending'", [attempts, providerId.slice(0, 64), sqlTime(this.clock()), r.id]));
        sent++;
      } catch (e) {
        const next = new Date(this.clock().getTime() + 60_000 * 2 ** (attempts - 1));
        await exclusive(this.ds, () => exec(this.ds, 'UPDATE sms_outbox SET status = ?, attempts = ?, last_error = ?, next_attempt_at = ? WHERE id = ?', [
          attempts >= maxAttempts ? 'failed' : 'pending', attempts, String((e as Error).message ?? e).slice(0, 500), sqlTime(next), r.id,
        ]));
        failed++;
      }
    }
    return { sent, failed };
  }
}

/** A provider for demos and training: logs instead of sending. */
export class LogSmsProvider implements SmsProvider {
  readonly sent: { to: string; body: string }[] = [];
  constructor(private readonly log: (line: string) => void = () => undefined) {}
  async send(to: string, body: string): Promise<string> {
    this.sent.push({ to, body });
    this.log(`[sms] → ${to.slice(0, 6)}****: ${body}`);
    return `log-${this.sent.length}`;
  }
}
