/**
 * The outbox as the sending worker sees it. The rule that matters: a message is handed to a provider only by the
 * worker that holds its claim, and a claim is taken by one UPDATE that re-checks the status — two workers (two
 * bridges on one MariaDB) may read the same candidates, only one wins each row. A claim whose lease ran out (a worker
 * died while sending) is never resent blindly: it is parked as "outcome unknown" until a delivery report (matched by
 * our id, sent as the provider's OutId) or an administrator settles it.
 */
import type { DataSource } from 'typeorm';
import { isSmsTemplateKey, type SmsClass, type SmsTemplateKey } from '../../messaging/sms-templates.js';
import { quietUntil, type QuietHours } from '../../messaging/quiet-hours.js';
import { exclusive, exec, parseJson, placeholders, rows, sqlTime, withTx } from '../sql.js';
import { newClaimToken } from './sms-enqueue.js';

export interface ClaimedSms {
  id: number;
  to: string;
  template: SmsTemplateKey;
  payload: Record<string, unknown>;
  class: SmsClass;
  attempts: number;
  token: string;
}

export type SendOutcome =
  | { kind: 'sent'; providerId: string }
  /** A failure that left nothing at the provider: tried again after back-off, until the attempts run out. */
  | { kind: 'retry'; reason: string }
  /** A refusal that will not change by trying again (bad number, parameter too long, bad keys). */
  | { kind: 'park'; reason: string }
  /** No answer after the request was written: it may have been sent. Never resent blindly. */
  | { kind: 'unknown'; reason: string };

export interface DeliveryReport {
  providerId: string;
  /** Our message id, as given to the provider (OutId). */
  outId: number | null;
  delivered: boolean;
  code: string;
  at: Date;
}

export interface SettleOptions {
  provider: string;
  maxAttempts: number;
  backoffMs: (attempt: number) => number;
}

function settleSql(c: Pick<ClaimedSms, 'id' | 'token' | 'attempts'>, outcome: SendOutcome, o: SettleOptions, now: Date): [string, unknown[]] {
  switch (outcome.kind) {
    case 'sent':
      return ["UPDATE sms_outbox SET status = 'sent', provider_id = ?, provider = ?, sent_at = ?, last_error = NULL, claim_token = NULL, claimed_until = NULL WHERE id = ? AND claim_token = ?",
        [outcome.providerId.slice(0, 64), o.provider, sqlTime(now), c.id, c.token]];
    case 'retry': {
      const last = c.attempts >= o.maxAttempts;
      return ['UPDATE sms_outbox SET status = ?, last_error = ?, next_attempt_at = ?, provider = ?, claim_token = NULL, claimed_until = NULL WHERE id = ? AND claim_token = ?',
        [last ? 'failed' : 'pending', `${last ? `已尝试${c.attempts}次 / ${c.attempts} attempts: ` : ''}${outcome.reason}`.slice(0, 500), sqlTime(now.getTime() + o.backoffMs(c.attempts)), o.provider, c.id, c.token]];
    }
    case 'park':
    case 'unknown':
      return ["UPDATE sms_outbox SET status = 'parked', last_error = ?, provider = ?, claim_token = NULL, claimed_until = NULL WHERE id = ? AND claim_token = ?",
        [outcome.reason.slice(0, 500), o.provider, c.id, c.token]];
  }
}

export interface ClaimOptions {
  limit: number;
  leaseMs: number;
  quiet: QuietHours | null;
}

const UNKNOWN_LEASE = '发送中断，结果未知（不自动重发，以免重复）/ the worker stopped while sending: outcome unknown, not resent automatically';

export class SmsOutboxStore {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /**
   * Claims up to `limit` due messages for one worker. In quiet hours only service messages are due. Numbers that
   * opted out get no non-service message: those rows are suppressed here, in the same transaction, and not returned.
   */
  async claim(o: ClaimOptions): Promise<ClaimedSms[]> {
    const now = this.clock();
    const quiet = quietUntil(now, o.quiet) !== null;
    const due = await rows(this.ds, `SELECT id FROM sms_outbox WHERE status = 'pending' AND next_attempt_at <= ?${quiet ? " AND (class = 'service' OR class IS NULL)" : ''} ORDER BY next_attempt_at, id LIMIT ?`, [sqlTime(now), o.limit]);
    if (!due.length) return [];
    const token = newClaimToken();
    const ids = due.map((r) => Number(r.id));
    return withTx(this.ds, async (m) => {
      await exec(m, `UPDATE sms_outbox SET status = 'sending', claim_token = ?, claimed_until = ?, attempts = attempts + 1 WHERE id IN (${placeholders(ids.length)}) AND status = 'pending'`,
        [token, sqlTime(now.getTime() + o.leaseMs), ...ids]);
      const got = await rows(m, 'SELECT s.id, s.to_e164, s.template, s.payload, s.class, s.attempts, o.e164 AS opted FROM sms_outbox s LEFT JOIN sms_opt_out o ON o.e164 = s.to_e164 WHERE s.claim_token = ?', [token]);
      const out: ClaimedSms[] = [];
      const suppressed: number[] = [];
      for (const r of got) {
        const cls = (r.class ?? 'service') as SmsClass;
        if (r.opted !== null && r.opted !== undefined && cls !== 'service') {
          suppressed.push(Number(r.id));
          continue;
        }
        const template = String(r.template);
        if (!isSmsTemplateKey(template)) {
          await exec(m, "UPDATE sms_outbox SET status = 'parked', claim_token = NULL, last_error = ? WHERE id = ?", [`未知模板 / unknown template ${template}`.slice(0, 500), r.id]);
          continue;
        }
        out.push({ id: Number(r.id), to: String(r.to_e164), template, payload: parseJson(r.payload, {}), class: cls, attempts: Number(r.attempts), token });
      }
      if (suppressed.length) {
        await exec(m, `UPDATE sms_outbox SET status = 'suppressed', claim_token = NULL, attempts = attempts - 1, last_error = ? WHERE id IN (${placeholders(suppressed.length)})`,
          ['号码已退订 / the number opted out (TD)', ...suppressed]);
      }
      return out;
    });
  }

  /** Records what the provider answered, only while this worker still holds the claim. */
  async settle(c: Pick<ClaimedSms, 'id' | 'token' | 'attempts'>, outcome: SendOutcome, o: SettleOptions): Promise<void> {
    await this.settleMany([{ c, outcome }], o);
  }

  /**
   * Records many answers in one transaction (a worker's batch): on SQLite every autocommit write is a disk sync, so
   * one transaction per batch is what lets the outbox go beyond a few dozen messages a second.
   */
  async settleMany(items: readonly { c: Pick<ClaimedSms, 'id' | 'token' | 'attempts'>; outcome: SendOutcome }[], o: SettleOptions): Promise<void> {
    if (!items.length) return;
    const now = this.clock();
    await withTx(this.ds, async (m) => {
      for (const { c, outcome } of items) {
        const [sql, params] = settleSql(c, outcome, o, now);
        await exec(m, sql, params);
      }
    });
  }

  /** Gives back claims a stopping worker did not send: due again at once, the attempt not counted. Returns how many. */
  async release(claims: readonly Pick<ClaimedSms, 'id' | 'token'>[]): Promise<number> {
    if (!claims.length) return 0;
    let n = 0;
    await withTx(this.ds, async (m) => {
      for (const c of claims) {
        n += (await exec(m, "UPDATE sms_outbox SET status = 'pending', attempts = attempts - 1, claim_token = NULL, claimed_until = NULL WHERE id = ? AND claim_token = ? AND status = 'sending'", [c.id, c.token])).affected;
      }
    });
    return n;
  }

  /** Claims whose lease ran out: parked with "outcome unknown" (see the class comment). Returns how many. */
  async expireLeases(): Promise<number> {
    const r = await exclusive(this.ds, () => exec(this.ds, "UPDATE sms_outbox SET status = 'parked', last_error = ?, claim_token = NULL WHERE status = 'sending' AND claimed_until < ?", [UNKNOWN_LEASE, sqlTime(this.clock())]));
    return r.affected;
  }

  /**
   * Delivery reports: matched by the provider's id, or — for a message whose send answer never came (parked as
   * unknown, or still being settled) — by our own id sent as OutId. Returns how many matched.
   */
  async applyReports(reports: readonly DeliveryReport[]): Promise<{ matched: number; unmatched: number }> {
    let matched = 0;
    await withTx(this.ds, async (m) => {
      for (const r of reports) {
        const status = r.delivered ? 'delivered' : 'undelivered';
        const at = sqlTime(r.at);
        let u = await exec(m, "UPDATE sms_outbox SET status = ?, delivered_at = ?, report_code = ? WHERE provider_id = ? AND status IN ('sent', 'delivered', 'undelivered')", [status, at, r.code.slice(0, 32), r.providerId]);
        if (!u.affected && r.outId !== null) {
          // the report can overtake the worker's own record of the send (the batch is still being settled): the message
          // was sent by then, so it gets a sending time too (else "sent" stays empty on a delivered message)
          u = await exec(m, "UPDATE sms_outbox SET status = ?, delivered_at = ?, report_code = ?, provider_id = ?, last_error = NULL, claim_token = NULL, sent_at = COALESCE(sent_at, ?) WHERE id = ? AND status IN ('sending', 'parked', 'sent') AND (provider_id IS NULL OR provider_id = ?)",
            [status, at, r.code.slice(0, 32), r.providerId.slice(0, 64), at, r.outId, r.providerId]);
        }
        matched += u.affected ? 1 : 0;
      }
    });
    return { matched, unmatched: reports.length - matched };
  }

  /** Oldest due message's age in ms (for metrics and the bench), or null when nothing is due. */
  async backlog(): Promise<{ due: number; sending: number }> {
    const [r] = await rows(this.ds, "SELECT SUM(CASE WHEN status = 'pending' AND next_attempt_at <= ? THEN 1 ELSE 0 END) AS due, SUM(CASE WHEN status = 'sending' THEN 1 ELSE 0 END) AS sending FROM sms_outbox WHERE status IN ('pending', 'sending')", [sqlTime(this.clock())]);
    return { due: Number(r?.due ?? 0), sending: Number(r?.sending ?? 0) };
  }
}
