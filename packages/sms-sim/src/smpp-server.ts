/**
 * The simulated gateway's SMPP front door (smpp@0.5.1's server side) on its own port, sharing the message store and
 * the fault injection with the HTTP APIs:
 *   bind_transceiver / bind_transmitter / bind_receiver   system_id and password checked (ESME_RINVSYSID / ESME_RINVPASWD)
 *   submit_sm        destination checked (ESME_RINVDSTADR), text decoded by data_coding, concatenated parts (UDH 8- or
 *                    16-bit reference) joined into one stored message; one message_id per part
 *   faults           5xx → ESME_RTHROTTLED, error → ESME_RSYSERR, timeout → no submit_sm_resp at all (nothing stored)
 *   receipts         after reportDelayMs one deliver_sm per part, esm_class 0x04, with receipted_message_id,
 *                    message_state and the receipt text "id:… sub:001 dlvrd:001 submit date:… done date:… stat:… err:…"
 *   donor replies    reply() sends an MO deliver_sm (UCS2) to a bound receiver/transceiver
 * A deliver_sm is sent to a bound session that can receive (the submitting one first); with none bound it waits for
 * the next bind, and one answered with an error is resent (up to 25 times, every 200 ms) — as a real SMSC retries.
 */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import smpp from 'smpp';
import type { Fault } from './faults.js';
import type { MessageStore } from './store.js';

export interface SmppSimOptions {
  port?: number;
  systemId: string;
  password: string;
}

interface Ctx {
  host: string;
  store: MessageStore;
  fault(): Fault;
  delivered(): boolean;
  reportDelayMs: number;
  later(ms: number, fn: () => void): void;
  log(line: string): void;
}

const RX_BINDS = new Set(['bind_transceiver', 'bind_receiver']);

function text(v: unknown): string {
  if (typeof v === 'string') return v;
  if (Buffer.isBuffer(v)) return v.toString('latin1');
  if (v && typeof v === 'object' && 'message' in v) return text((v as { message: unknown }).message);
  return '';
}

/** The concatenation element of a part's UDH: [ref, total, seq], or null. */
function concat(v: unknown): [number, number, number] | null {
  const udh = v && typeof v === 'object' && 'udh' in v ? (v as { udh?: Buffer[] }).udh : undefined;
  for (const u of udh ?? []) {
    if (u[0] === 0x00 && u.length >= 5) return [u[2]!, u[3]!, u[4]!];
    if (u[0] === 0x08 && u.length >= 6) return [u.readUInt16BE(2), u[4]!, u[5]!];
  }
  return null;
}

/** SMPP's YYMMDDhhmm (Beijing time) for the receipt text. */
function receiptTime(d: Date): string {
  return new Date(d.getTime() + 8 * 3600_000).toISOString().slice(2, 16).replace(/[-T:]/g, '');
}

export class SmppFrontDoor {
  readonly stats = { binds: 0, bindsRefused: 0, submits: 0, receiptsSent: 0, repliesSent: 0 };
  port = 0;
  private readonly server: smpp.Server;
  private readonly bound = new Map<smpp.Session, string>();
  private readonly waiting: { pdu: smpp.PDU; done(ok: boolean): void }[] = [];
  private holding = false;
  private readonly parts = new Map<string, { ids: string[]; texts: string[]; got: number }>();

  constructor(private readonly o: SmppSimOptions, private readonly ctx: Ctx) {
    this.server = smpp.createServer((s) => this.session(s));
  }

  async start(): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.o.port ?? 0, this.ctx.host, () => resolve());
    });
    this.port = (this.server.address() as AddressInfo).port;
    return this.port;
  }

  /** A session that can take deliver_sm is bound. */
  hasReceiver(): boolean {
    return [...this.bound.values()].some((b) => RX_BINDS.has(b));
  }

  get waitingDeliveries(): number {
    return this.waiting.length;
  }

  /** The donor's reply as an MO deliver_sm; resolves true when the platform answered it with ESME_ROK. */
  reply(phone: string, content: string, to: string): Promise<boolean> {
    this.stats.repliesSent++;
    return this.deliver(new smpp.PDU('deliver_sm', {
      source_addr_ton: 1, source_addr_npi: 1, source_addr: `86${phone}`, dest_addr_ton: 0, dest_addr_npi: 0, destination_addr: to, esm_class: 0, data_coding: 8, short_message: content,
    }), null).then((r) => r === true);
  }

  /** Tests: keep receipts back (queued as with no client bound) until called with false. */
  holdReceipts(on: boolean): void {
    this.holding = on;
    const rx = [...this.bound].find(([, b]) => RX_BINDS.has(b))?.[0];
    if (!on && rx) for (const w of this.waiting.splice(0)) void this.deliver(w.pdu, rx, w.done).then((r) => r !== 'queued' && w.done(r));
  }

  /** Drops every session without an unbind (tests: the link breaking). */
  dropAll(): void {
    for (const s of [...this.server.sessions]) s.destroy();
  }

  async stop(): Promise<void> {
    for (const s of [...this.bound.keys(), ...this.server.sessions]) s.destroy();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  private session(s: smpp.Session): void {
    s.on('error', (e: Error) => this.ctx.log(`SMPP session error: ${e.message}`));
    s.on('close', () => this.bound.delete(s));
    for (const cmd of ['bind_transceiver', 'bind_transmitter', 'bind_receiver']) {
      s.on(cmd, (pdu: smpp.PDU) => {
        const status = this.bound.has(s) ? smpp.ESME_RALYBND : pdu.system_id !== this.o.systemId ? smpp.ESME_RINVSYSID : pdu.password !== this.o.password ? smpp.ESME_RINVPASWD : smpp.ESME_ROK;
        s.send(pdu.response({ command_status: status, system_id: 'DONORSIM' }));
        if (status !== smpp.ESME_ROK) {
          this.stats.bindsRefused++;
          this.ctx.log(`SMPP ${cmd} refused for "${pdu.system_id ?? ''}" (0x${status.toString(16)})`);
          setTimeout(() => s.close(), 50);
          return;
        }
        this.stats.binds++;
        this.bound.set(s, cmd);
        this.ctx.log(`SMPP ${cmd} from "${pdu.system_id ?? ''}"`);
        if (RX_BINDS.has(cmd) && !this.holding) for (const w of this.waiting.splice(0)) void this.deliver(w.pdu, s, w.done).then((r) => r !== 'queued' && w.done(r));
      });
    }
    s.on('enquire_link', (pdu: smpp.PDU) => s.send(pdu.response()));
    s.on('unbind', (pdu: smpp.PDU) => {
      this.bound.delete(s);
      s.send(pdu.response(), () => s.close());
    });
    s.on('submit_sm', (pdu: smpp.PDU) => this.submit(s, pdu));
  }

  private submit(s: smpp.Session, pdu: smpp.PDU): void {
    const answer = (status: number, id?: string): void => void s.send(pdu.response({ command_status: status, ...(id ? { message_id: id } : {}) }));
    if (!this.bound.has(s) || this.bound.get(s) === 'bind_receiver') return answer(smpp.ESME_RINVBNDSTS);
    const fault = this.ctx.fault();
    if (fault !== 'none') this.ctx.store.faulted++;
    if (fault === '5xx') return answer(smpp.ESME_RTHROTTLED);
    if (fault === 'error') return answer(smpp.ESME_RSYSERR);
    if (fault === 'timeout') return;
    const m = /^(?:\+?86)?(1\d{10})$/.exec(pdu.destination_addr ?? '');
    if (!m) {
      this.ctx.store.rejected++;
      return answer(smpp.ESME_RINVDSTADR);
    }
    this.stats.submits++;
    const phone = m[1]!;
    const id = randomBytes(8).toString('hex').toUpperCase();
    answer(smpp.ESME_ROK, id);
    const body = pdu.message_payload ?? pdu.short_message;
    const c = concat(body);
    const part = text(body);
    if (!c || c[1] < 2) return this.accepted(s, pdu, phone, [id], part);
    const key = `${phone}/${c[0]}/${c[1]}`;
    const e = this.parts.get(key) ?? { ids: new Array<string>(c[1]).fill(''), texts: new Array<string>(c[1]).fill(''), got: 0 };
    if (c[2] < 1 || c[2] > c[1]) return;
    if (!e.ids[c[2] - 1]) e.got++;
    e.ids[c[2] - 1] = id;
    e.texts[c[2] - 1] = part;
    this.parts.set(key, e);
    if (e.got < c[1]) return;
    this.parts.delete(key);
    this.accepted(s, pdu, phone, e.ids, e.texts.join(''));
  }

  private accepted(s: smpp.Session, pdu: smpp.PDU, phone: string, ids: string[], full: string): void {
    const at = new Date();
    this.ctx.store.add({
      api: 'smpp', bizId: ids[0]!, requestId: ids.join(','), phone, signName: /^【([^】]+)】/.exec(full)?.[1] ?? '', templateCode: '', params: {},
      text: full, outId: null, acceptedAt: at.toISOString(), state: 'accepted', reportedAt: null, reportPushed: false, fee: ids.length, source: pdu.source_addr ?? '',
    });
    if (!pdu.registered_delivery) return;
    this.ctx.later(this.ctx.reportDelayMs, () => {
      const msg = this.ctx.store.get(ids[0]!);
      const ok = this.ctx.delivered();
      if (msg) {
        msg.state = ok ? 'delivered' : 'undelivered';
        msg.reportedAt = new Date().toISOString();
      }
      const stat = ok ? 'DELIVRD' : 'UNDELIV';
      let left = ids.length;
      const done = (sent: boolean): void => {
        if (!sent) return;
        this.stats.receiptsSent++;
        if (--left === 0 && msg) msg.reportPushed = true;
      };
      for (const id of ids) {
        void this.deliver(new smpp.PDU('deliver_sm', {
          source_addr_ton: 1, source_addr_npi: 1, source_addr: `86${phone}`, dest_addr_ton: 0, dest_addr_npi: 0, destination_addr: pdu.source_addr ?? '',
          esm_class: 0x04, data_coding: 0, receipted_message_id: id, message_state: ok ? 2 : 5,
          short_message: `id:${id} sub:001 dlvrd:${ok ? '001' : '000'} submit date:${receiptTime(at)} done date:${receiptTime(new Date())} stat:${stat} err:${ok ? '000' : '001'} text:`,
        }), s, done).then((r) => r !== 'queued' && done(r));
      }
    });
  }

  /** Sends to `prefer` when it is still bound to receive, else any receiver. A receipt is queued when none is bound
   * (or receipts are held) and `done` is called once it is delivered after a bind. */
  private async deliver(p: smpp.PDU, prefer: smpp.Session | null, done?: (ok: boolean) => void): Promise<boolean | 'queued'> {
    for (let attempt = 0; attempt < 25; attempt++) {
      const rx = [...this.bound].filter(([, b]) => RX_BINDS.has(b)).map(([x]) => x);
      const s = prefer && rx.includes(prefer) ? prefer : rx[0];
      if (!s || (this.holding && p.esm_class === 0x04)) {
        if (p.esm_class !== 0x04 || !done) return false;
        this.waiting.push({ pdu: p, done });
        return 'queued';
      }
      p.sequence_number = 0;
      const status = await new Promise<number>((resolve) => {
        const t = setTimeout(() => resolve(-1), 5000);
        if (!s.send(p, (r) => {
          clearTimeout(t);
          resolve(r.command_status);
        })) resolve(-1);
      });
      if (status === smpp.ESME_ROK) return true;
      await new Promise((r) => setTimeout(r, 200));
    }
    return false;
  }
}
