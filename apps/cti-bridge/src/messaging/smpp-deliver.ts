/**
 * What the SMPP gateway sends us on the transceiver link, as deliver_sm:
 *  - esm_class "MC delivery receipt" (0x04): the receipt of a message we sent (receipted_message_id / message_state
 *    TLVs, or the receipt text "id:… stat:DELIVRD err:…") → SmsOutboxStore.applyReports, the same call the Aliyun
 *    push route and the Tencent pull use. A long message's parts each get a receipt: one report is written when all
 *    parts are in (delivered when every part is DELIVRD; else the first failure's stat). Receipts are written in
 *    small batches; each deliver_sm is answered only after its batch is written (ESME_RX_T_APPN on failure, so the
 *    gateway resends — applying a receipt twice changes nothing).
 *  - anything else: a donor's reply (MO) → SmsInboundService.receive (survey scores, TD, tasks), answered after it
 *    is recorded. SMPP gives a reply no id: the de-duplication key is the number, the text and the 10-minute window
 *    it arrived in (a resend after a lost deliver_sm_resp counts once). Concatenated replies (UDH) are joined first.
 * ENROUTE / ACCEPTD are intermediate states: acknowledged and ignored.
 */
import { createHash } from 'node:crypto';
import { toE164 } from '@donorline/domain';
import type { DeliveryReport, DomainServices } from '@donorline/domain/node';
import smpp from 'smpp';
import type { Logger } from '../logger.js';
import { parseReceiptText, smppText } from './smpp-text.js';

const RECEIPT = 0x04;
const MESSAGE_STATES: Readonly<Record<number, string>> = { 1: 'ENROUTE', 2: 'DELIVRD', 3: 'EXPIRED', 4: 'DELETED', 5: 'UNDELIV', 6: 'ACCEPTD', 7: 'UNKNOWN', 8: 'REJECTD' };
const INTERMEDIATE = new Set(['ENROUTE', 'ACCEPTD', 'SCHEDULED']);
/** Sent messages remembered for their receipts (part ids → our id): enough for hours at the providers' rates. */
const REMEMBER = 200_000;
const FLUSH_AT = 64;
const FLUSH_MS = 25;

export interface SentMessage {
  outId: number;
  total: number;
  ids: string[];
  stats: Map<string, string>;
}

export interface SmppDeliverOptions {
  provider: string;
  services: Pick<DomainServices, 'messaging'>;
  logger: Logger;
}

export function replyKey(from: string, content: string, at: Date): string {
  const bucket = Math.floor(at.getTime() / 600_000);
  return `smpp-${bucket}-${createHash('sha256').update(`${from}\n${content}`).digest('hex').slice(0, 24)}`;
}

export class SmppDeliverHandler {
  readonly stats = { receipts: 0, replies: 0, malformed: 0, errors: 0 };
  private readonly sent = new Map<string, SentMessage>();
  private batch: { report: DeliveryReport; done: (ok: boolean) => void }[] = [];
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();
  private readonly moParts = new Map<string, { at: number; parts: string[]; got: number }>();

  constructor(private readonly o: SmppDeliverOptions) {}

  /** A message about to go out as `total` parts; sentPart adds each part's id in order (the first is its provider id). */
  track(outId: number, total: number): SentMessage {
    return { outId, total, ids: [], stats: new Map() };
  }

  sentPart(s: SentMessage, id: string): void {
    s.ids.push(id);
    this.sent.set(id, s);
    while (this.sent.size > REMEMBER) this.sent.delete(this.sent.keys().next().value!);
  }

  handle(pdu: smpp.PDU, respond: (status: number) => void): void {
    if (((pdu.esm_class ?? 0) & 0x3c) === RECEIPT) this.receipt(pdu, respond);
    else void this.reply(pdu, respond);
  }

  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.batch;
    this.batch = [];
    if (batch.length) {
      this.writing = this.writing.then(async () => {
        try {
          const r = await this.o.services.messaging.store.applyReports(batch.map((b) => b.report));
          this.stats.receipts += batch.length;
          if (r.unmatched) this.o.logger.info({ unmatched: r.unmatched, of: batch.length }, 'SMPP receipts for messages we do not know');
          for (const b of batch) b.done(true);
        } catch (err) {
          this.stats.errors++;
          this.o.logger.error({ err, receipts: batch.length }, 'could not record SMPP receipts (answered ESME_RX_T_APPN: the gateway resends them)');
          for (const b of batch) b.done(false);
        }
      });
    }
    await this.writing;
  }

  private receipt(pdu: smpp.PDU, respond: (status: number) => void): void {
    const parsed = parseReceiptText(smppText(pdu.short_message ?? pdu.message_payload));
    const id = pdu.receipted_message_id || parsed?.id;
    const stat = parsed?.stat ?? (pdu.message_state !== undefined ? MESSAGE_STATES[pdu.message_state] : undefined);
    if (!id || !stat) {
      this.stats.malformed++;
      this.o.logger.warn({ esm: pdu.esm_class, text: smppText(pdu.short_message).slice(0, 80) }, 'SMPP receipt without a message id or state: acknowledged and ignored');
      return respond(smpp.ESME_ROK);
    }
    if (INTERMEDIATE.has(stat)) return respond(smpp.ESME_ROK);
    const code = stat === 'DELIVRD' ? 'DELIVRD' : `${stat}${parsed?.err && parsed.err !== '000' ? `:${parsed.err}` : ''}`.slice(0, 32);
    const s = this.sent.get(id);
    if (s) s.stats.set(id, code);
    if (s && s.stats.size < s.total) return respond(smpp.ESME_ROK);
    const failed = s ? [...s.stats.values()].find((c) => c !== 'DELIVRD') : undefined;
    const report: DeliveryReport = s
      ? { providerId: s.ids[0]!, outId: s.outId, delivered: !failed, code: failed ?? 'DELIVRD', at: new Date() }
      : { providerId: id, outId: null, delivered: code === 'DELIVRD', code, at: new Date() };
    this.batch.push({
      report,
      done: (ok) => {
        if (ok && s) for (const x of s.ids) this.sent.delete(x);
        respond(ok ? smpp.ESME_ROK : smpp.ESME_RX_T_APPN);
      },
    });
    if (this.batch.length >= FLUSH_AT) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), FLUSH_MS);
  }

  private async reply(pdu: smpp.PDU, respond: (status: number) => void): Promise<void> {
    const from = toE164(pdu.source_addr ?? '');
    const raw = pdu.message_payload ?? pdu.short_message;
    let content: string | null = smppText(raw);
    if (!from || !content) {
      this.stats.malformed++;
      this.o.logger.warn({ phone: `${(pdu.source_addr ?? '').slice(0, 5)}****` }, 'SMPP reply from a number we cannot read, or empty: acknowledged and skipped');
      return respond(smpp.ESME_ROK);
    }
    content = this.join(from, raw, content);
    if (content === null) return respond(smpp.ESME_ROK);
    try {
      const at = new Date();
      const r = await this.o.services.messaging.inbound.receive({ from, content, provider: this.o.provider, seq: replyKey(from, content, at), at });
      this.stats.replies++;
      this.o.logger.info({ inbound: r.id, intent: r.intent, duplicate: r.duplicate, ticket: r.ticketId, matched: r.donorId !== null }, 'SMS reply (SMPP)');
      respond(smpp.ESME_ROK);
    } catch (err) {
      this.stats.errors++;
      this.o.logger.error({ err }, 'could not record an SMPP reply (answered ESME_RX_T_APPN: the gateway resends it)');
      respond(smpp.ESME_RX_T_APPN);
    }
  }

  /** A part of a concatenated reply: null until every part is in, then the whole text. */
  private join(from: string, raw: unknown, text: string): string | null {
    const udh = raw && typeof raw === 'object' && 'udh' in raw ? (raw as { udh?: Buffer[] }).udh : undefined;
    const ie = udh?.find((u) => (u[0] === 0x00 && u.length >= 5) || (u[0] === 0x08 && u.length >= 6));
    if (!ie) return text;
    const ref = ie[0] === 0x00 ? ie[2]! : ie.readUInt16BE(2);
    const [total, seq] = ie[0] === 0x00 ? [ie[3]!, ie[4]!] : [ie[4]!, ie[5]!];
    if (total < 2 || seq < 1 || seq > total) return text;
    const key = `${from}/${ref}/${total}`;
    const now = Date.now();
    for (const [k, v] of this.moParts) if (now - v.at > 600_000) this.moParts.delete(k);
    const e = this.moParts.get(key) ?? { at: now, parts: new Array<string>(total).fill(''), got: 0 };
    if (!e.parts[seq - 1]) e.got++;
    e.parts[seq - 1] = text;
    this.moParts.set(key, e);
    if (e.got < total) return null;
    this.moParts.delete(key);
    return e.parts.join('');
  }

  stop(): Promise<void> {
    return this.flush();
  }
}
