/**
 * One SMPP transceiver link to the gateway: connect, bind_transceiver, enquire_link keep-alive (an unanswered one
 * drops the link), reconnect with back-off (1 s doubling to SMS_SMPP_RECONNECT_MAX_MS), and a window of submit_sm in
 * flight. submit() tells apart what the outbox must tell apart:
 *   resp      the gateway answered (command_status decides)
 *   unbound   nothing was written: no bound link within the time, or the window stayed full (→ retry)
 *   timeout / closed   written, no answer (the gateway may have taken it → unknown, never resent on its own)
 * deliver_sm (receipts and donor replies), enquire_link and unbind from the gateway are answered here or handed to
 * `onDeliver` with a `respond` callback (answer only after the domain has the message, so the gateway resends).
 */
import smpp from 'smpp';
import type { Logger } from '../logger.js';
import type { SmppConfig } from './smpp-config.js';

export type SubmitResult = { kind: 'resp'; pdu: smpp.PDU } | { kind: 'unbound'; reason: string } | { kind: 'timeout' } | { kind: 'closed' };

/** ESME_RTHROTTLED for 0x58, else hex. */
export function smppStatusName(status: number): string {
  return Object.entries(smpp.errors).find(([, v]) => v === status)?.[0] ?? `0x${status.toString(16).padStart(8, '0')}`;
}

const BIND_HINTS: Readonly<Record<string, string>> = {
  ESME_RINVPASWD: '密码错误 / wrong password (SMS_SMPP_PASSWORD)',
  ESME_RINVSYSID: '账号不存在 / unknown system_id (SMS_SMPP_SYSTEM_ID)',
  ESME_RBINDFAIL: '网关拒绝绑定 / the gateway refused the bind',
};

export interface SmppLinkOptions {
  cfg: SmppConfig;
  timeoutMs: number;
  logger: Logger;
  onDeliver(pdu: smpp.PDU, respond: (status: number) => void): void;
}

export class SmppLink {
  state: 'connecting' | 'bound' | 'down' | 'stopped' = 'down';
  /** Why the link is not bound (shown as the outbox's retry reason). */
  lastError: string | null = null;
  readonly stats = { binds: 0, bindRefusals: 0, drops: 0 };
  private session: smpp.Session | null = null;
  private backoffMs = 1000;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private enquireTimer: NodeJS.Timeout | null = null;
  private inflight = 0;
  private readonly windowWaiters: (() => void)[] = [];
  private readonly boundWaiters = new Set<() => void>();
  private readonly pending = new Set<(r: SubmitResult) => void>();

  constructor(private readonly o: SmppLinkOptions) {}

  start(): void {
    if (this.state !== 'down' || this.session) return;
    this.connect();
  }

  /** Resolves true once bound, false after `ms`. */
  waitBound(ms: number): Promise<boolean> {
    if (this.state === 'bound') return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (ok: boolean): void => {
        clearTimeout(t);
        this.boundWaiters.delete(wake);
        resolve(ok);
      };
      const wake = (): void => done(this.state === 'bound');
      const t = setTimeout(() => done(false), ms);
      this.boundWaiters.add(wake);
    });
  }

  async submit(params: Record<string, unknown>, timeoutMs: number): Promise<SubmitResult> {
    const deadline = Date.now() + timeoutMs;
    if (!(await this.waitBound(timeoutMs))) return { kind: 'unbound', reason: `SMPP 未绑定 / not bound to the gateway${this.lastError ? `: ${this.lastError}` : ''}` };
    if (!(await this.acquire(deadline))) return { kind: 'unbound', reason: `SMPP 窗口已满 / the submit window (${this.o.cfg.window}) stayed full` };
    try {
      const s = this.session;
      if (!s || this.state !== 'bound') return { kind: 'unbound', reason: `SMPP 连接已断开 / the link dropped${this.lastError ? `: ${this.lastError}` : ''}` };
      return await new Promise<SubmitResult>((resolve) => {
        let settled = false;
        const finish = (r: SubmitResult): void => {
          if (settled) return;
          settled = true;
          clearTimeout(t);
          this.pending.delete(finish);
          resolve(r);
        };
        const t = setTimeout(() => finish({ kind: 'timeout' }), Math.max(1, deadline - Date.now()));
        this.pending.add(finish);
        if (!s.send(new smpp.PDU('submit_sm', params), (resp) => finish({ kind: 'resp', pdu: resp }))) finish({ kind: 'unbound', reason: 'SMPP 连接不可写 / the link is not writable' });
      });
    } finally {
      this.release();
    }
  }

  async stop(): Promise<void> {
    this.state = 'stopped';
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.stopEnquire();
    const s = this.session;
    if (!s) return;
    await new Promise<void>((resolve) => {
      const t = setTimeout(() => s.destroy(), 1000);
      s.once('close', () => {
        clearTimeout(t);
        resolve();
      });
      if (!s.send(new smpp.PDU('unbind', {}), () => s.close())) s.destroy();
    });
  }

  private connect(): void {
    const { cfg, logger } = this.o;
    this.state = 'connecting';
    const s = smpp.connect({ host: cfg.host, port: cfg.port });
    this.session = s;
    const bindTimer = setTimeout(() => {
      this.lastError = `绑定无应答 / no bind_resp within ${this.o.timeoutMs} ms`;
      s.destroy();
    }, this.o.timeoutMs);
    s.on('connect', () => {
      s.send(new smpp.PDU('bind_transceiver', { system_id: cfg.systemId, password: cfg.password, system_type: cfg.systemType, interface_version: 0x34 }), (resp) => {
        clearTimeout(bindTimer);
        if (resp.command_status === 0) {
          this.state = 'bound';
          this.lastError = null;
          this.backoffMs = 1000;
          this.stats.binds++;
          logger.info({ host: cfg.host, port: cfg.port, systemId: cfg.systemId }, 'SMPP bound (transceiver)');
          this.startEnquire(s);
          for (const w of [...this.boundWaiters]) w();
          return;
        }
        const name = smppStatusName(resp.command_status);
        this.stats.bindRefusals++;
        this.lastError = `绑定被拒绝 / bind refused: ${name}${BIND_HINTS[name] ? ` — ${BIND_HINTS[name]}` : ''}`;
        logger.error({ host: cfg.host, port: cfg.port, systemId: cfg.systemId, status: name }, `SMPP gateway refused the bind: ${this.lastError} (retrying with back-off)`);
        s.destroy();
      });
    });
    s.on('error', (e: Error & { code?: string }) => {
      this.lastError = this.state === 'bound' ? `SMPP 连接出错 / link error (${e.code ?? e.message})` : `无法连接短信网关 / cannot reach the gateway ${cfg.host}:${cfg.port} (${e.code ?? e.message})`;
      logger.warn({ err: e.code ?? e.message, host: cfg.host, port: cfg.port }, 'SMPP link error');
    });
    s.on('close', () => {
      clearTimeout(bindTimer);
      this.dropped(s);
    });
    s.on('deliver_sm', (pdu: smpp.PDU) => {
      let answered = false;
      this.o.onDeliver(pdu, (status) => {
        if (answered) return;
        answered = true;
        s.send(pdu.response({ command_status: status }));
      });
    });
    s.on('enquire_link', (pdu: smpp.PDU) => s.send(pdu.response()));
    s.on('unbind', (pdu: smpp.PDU) => {
      this.lastError = 'the gateway unbound';
      s.send(pdu.response(), () => s.close());
    });
  }

  private dropped(s: smpp.Session): void {
    if (s !== this.session) return;
    const wasBound = this.state === 'bound';
    this.session = null;
    this.stopEnquire();
    for (const f of [...this.pending]) f({ kind: 'closed' });
    if (this.state === 'stopped') return;
    this.state = 'down';
    if (wasBound) {
      this.stats.drops++;
      this.lastError ??= 'the link dropped';
      this.o.logger.warn({ reason: this.lastError }, 'SMPP link dropped: reconnecting');
    }
    const wait = wasBound ? 0 : this.backoffMs;
    if (!wasBound) this.backoffMs = Math.min(this.backoffMs * 2, this.o.cfg.reconnectMaxMs);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      if (this.state === 'down') this.connect();
    }, wait);
    this.reconnectTimer.unref();
  }

  private startEnquire(s: smpp.Session): void {
    this.stopEnquire();
    this.enquireTimer = setInterval(() => {
      const dead = setTimeout(() => {
        this.lastError = `enquire_link 无应答 / unanswered within ${this.o.timeoutMs} ms`;
        s.destroy();
      }, this.o.timeoutMs);
      if (!s.send(new smpp.PDU('enquire_link', {}), () => clearTimeout(dead))) clearTimeout(dead);
    }, this.o.cfg.enquireLinkMs);
    this.enquireTimer.unref();
  }

  private stopEnquire(): void {
    if (this.enquireTimer) clearInterval(this.enquireTimer);
    this.enquireTimer = null;
  }

  private async acquire(deadline: number): Promise<boolean> {
    while (this.inflight >= this.o.cfg.window) {
      const left = deadline - Date.now();
      if (left <= 0) return false;
      await new Promise<void>((resolve) => {
        const waiters = this.windowWaiters;
        const t = setTimeout(() => {
          waiters.splice(waiters.indexOf(done), 1);
          resolve();
        }, left);
        function done(): void {
          clearTimeout(t);
          resolve();
        }
        waiters.push(done);
      });
    }
    this.inflight++;
    return true;
  }

  private release(): void {
    this.inflight--;
    this.windowWaiters.shift()?.();
  }
}
