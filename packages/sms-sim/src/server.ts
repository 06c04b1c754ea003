/**
 * startSmsSim(options): the simulated SMS gateway on one HTTP port.
 *   POST|GET /            the dysmsapi RPC endpoint (Action=SendSms), signature checked with the AccessKey secret
 *   POST /                with a TC3-HMAC-SHA256 Authorization: Tencent Cloud SMS API 3.0 (SendSms, PullSmsSendStatus,
 *                         PullSmsReplyStatus; tencent.ts) when the `tencent` option is given
 *   SMPP on its own port (smpp-server.ts) when the `smpp` option is given: bind, submit_sm, receipts and replies as
 *                         deliver_sm
 *   GET  /ui              a page listing messages, with a box to reply as the donor
 *   GET  /control/messages?phone=&limit=   GET /control/replies   GET /control/stats
 *   POST /control/reply {phone, content}   (uplink SmsUp pushed to the platform's inbound URL)
 *   PUT  /control/faults {http5xxRate, errorRate, timeoutRate, timeoutMs, undeliveredRate}
 *   PUT  /control/callbacks {reportUrl, inboundUrl}   DELETE /control/messages
 * The control endpoints have no authentication: the simulator binds to 127.0.0.1 by default and is a training and
 * test tool, never a production component.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkFaults, drawFault, NO_FAULTS, seededRandom, type FaultConfig } from './faults.js';
import { simPage } from './page.js';
import { cnTime, pushWithRetry, ReportBatcher, type UpItem } from './pushes.js';
import { newBizId, parseSendSms, renderTemplate, rpcError, RpcGate, type RpcAnswer } from './rpc.js';
import { SmppFrontDoor, type SmppSimOptions } from './smpp-server.js';
import { MessageStore, type SimReply } from './store.js';
import { TencentApi, tcError, type TencentSimOptions } from './tencent.js';

export interface SmsSimOptions {
  host?: string;
  port?: number;
  accessKeyId: string;
  accessKeySecret: string;
  /** Known templates (code → text with ${var}): shown filled in, missing variables refused. Unknown codes are accepted. */
  templates?: Readonly<Record<string, string>>;
  /** Where delivery reports (SmsReport) and replies (SmsUp) are pushed; null = kept only. */
  reportUrl?: string | null;
  inboundUrl?: string | null;
  /** Delay between acceptance and the delivery report (default 300 ms). */
  reportDelayMs?: number;
  faults?: Partial<FaultConfig>;
  seed?: number;
  /** Longest template variable value, in characters (Aliyun: 35 for notices). */
  maxParamLength?: number;
  maxKept?: number;
  /** Also speak Tencent Cloud SMS API 3.0 with this account (reports and replies wait to be pulled). */
  tencent?: TencentSimOptions;
  /** Also speak SMPP on this port with this account (receipts and replies as deliver_sm). */
  smpp?: SmppSimOptions;
  log?: (line: string) => void;
}

export interface SmsSim {
  url: string;
  port: number;
  store: MessageStore;
  /** The Tencent API (its pull queues), when configured. */
  tencent: TencentApi | null;
  /** The SMPP front door and its port, when configured. */
  smpp: SmppFrontDoor | null;
  smppPort: number | null;
  faults(): FaultConfig;
  setFaults(f: Partial<FaultConfig>): FaultConfig;
  setCallbacks(c: { reportUrl?: string | null; inboundUrl?: string | null }): void;
  /** Replies as the donor: pushes an SmsUp item to the inbound URL, or queues it for PullSmsReplyStatus when the
   * last message to that number went out through the Tencent API (or there is no inbound URL), or sends it as an MO
   * deliver_sm when it went out over SMPP (or an SMPP client is bound and there is no inbound URL). */
  reply(phone: string, content: string): Promise<SimReply>;
  stats(): Record<string, unknown>;
  stop(): Promise<void>;
}

async function readBody(req: IncomingMessage, limit = 256 * 1024): Promise<string> {
  return (await readRaw(req, limit)).toString('utf8');
}

async function readRaw(req: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > limit) throw new Error('body too large');
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks);
}

function send(res: ServerResponse, status: number, body: unknown, type = 'application/json; charset=utf-8'): void {
  res.writeHead(status, { 'content-type': type });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

export async function startSmsSim(o: SmsSimOptions): Promise<SmsSim> {
  const log = o.log ?? (() => undefined);
  const store = new MessageStore(o.maxKept ?? 100_000);
  const gate = new RpcGate(o);
  const rand = seededRandom(o.seed ?? 12);
  let faults = checkFaults(o.faults ?? NO_FAULTS);
  let reportUrl = o.reportUrl ?? null;
  let inboundUrl = o.inboundUrl ?? null;
  const templates = o.templates ?? {};
  let upSeq = 0;
  let stopped = false;
  const timers = new Set<NodeJS.Timeout>();
  const reports = new ReportBatcher(() => reportUrl, 50, log, (items, ok) => {
    for (const it of items) {
      const m = store.get(it.biz_id);
      if (m) m.reportPushed = ok;
    }
  });

  const tencent = o.tencent ? new TencentApi(o.tencent, {
    store, fault: () => drawFault(faults, rand()), delivered: () => rand() >= faults.undeliveredRate, reportDelayMs: o.reportDelayMs ?? 300, later,
  }) : null;

  const smpp = o.smpp ? new SmppFrontDoor(o.smpp, {
    host: o.host ?? '127.0.0.1', store, fault: () => drawFault(faults, rand()), delivered: () => rand() >= faults.undeliveredRate, reportDelayMs: o.reportDelayMs ?? 300, later, log,
  }) : null;

  function later(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
  }

  function sendSms(p: Record<string, string>): RpcAnswer {
    const parsed = parseSendSms(p, { maxParamLength: o.maxParamLength ?? 35, templates });
    if ('status' in parsed) {
      store.rejected++;
      return parsed;
    }
    const bizId = newBizId();
    const requestId = crypto.randomUUID().toUpperCase();
    const at = new Date();
    for (const phone of parsed.phones) {
      store.add({
        api: 'aliyun', bizId: parsed.phones.length > 1 ? `${bizId}-${phone}` : bizId, requestId, phone, signName: parsed.signName, templateCode: parsed.templateCode, params: parsed.params,
        text: renderTemplate(templates[parsed.templateCode], parsed.signName, parsed.params), outId: parsed.outId, acceptedAt: at.toISOString(),
        state: 'accepted', reportedAt: null, reportPushed: false,
      });
    }
    later(o.reportDelayMs ?? 300, () => {
      for (const phone of parsed.phones) {
        const m = store.get(parsed.phones.length > 1 ? `${bizId}-${phone}` : bizId);
        if (!m) continue;
        const ok = rand() >= faults.undeliveredRate;
        m.state = ok ? 'delivered' : 'undelivered';
        m.reportedAt = new Date().toISOString();
        reports.add({
          phone_number: phone, send_time: cnTime(at), report_time: cnTime(), success: ok, err_code: ok ? 'DELIVERED' : 'MK:0001', err_msg: ok ? '用户接收成功' : '用户关机或停机',
          sms_size: '1', biz_id: m.bizId, out_id: parsed.outId ?? '',
        });
      }
    });
    return { status: 200, body: { RequestId: requestId, BizId: bizId, Code: 'OK', Message: 'OK' } };
  }

  async function rpc(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const params: Record<string, string> = Object.fromEntries(url.searchParams);
    if (req.method === 'POST') Object.assign(params, Object.fromEntries(new URLSearchParams(await readBody(req))));
    const denied = gate.check(req.method ?? 'GET', params);
    if (denied) {
      store.rejected++;
      log(`refused ${params.Action ?? '?'}: ${String(denied.body.Code)}`);
      return send(res, denied.status, denied.body);
    }
    if (params.Action !== 'SendSms') return send(res, 404, rpcError(404, 'InvalidAction.NotFound', `Specified api ${params.Action} is not found.`).body);
    const fault = drawFault(faults, rand());
    if (fault !== 'none') store.faulted++;
    if (fault === '5xx') return send(res, 503, rpcError(503, 'ServiceUnavailable', 'The request has failed due to a temporary failure of the server.').body);
    if (fault === 'error') return send(res, 200, rpcError(200, 'isp.SYSTEM_ERROR', '系统错误').body);
    if (fault === 'timeout') {
      later(faults.timeoutMs, () => req.socket.destroy());
      return;
    }
    const a = sendSms(params);
    send(res, a.status, a.body);
  }

  async function reply(phone: string, content: string): Promise<SimReply> {
    if (!/^1\d{10}$/.test(phone)) throw new Error('phone must be an 11-digit mainland mobile number');
    if (!content.trim() || content.length > 500) throw new Error('content must be 1–500 characters');
    const seq = ++upSeq;
    const last = store.list(phone, 1)[0];
    const viaSmpp = smpp !== null && (last ? last.api === 'smpp' : !inboundUrl && smpp.hasReceiver());
    const viaPull = !viaSmpp && tencent !== null && (last ? last.api === 'tencent' : !inboundUrl);
    const r: SimReply = { seq, phone, content, at: new Date().toISOString(), pushed: false, via: viaSmpp ? 'smpp' : viaPull ? 'pull' : 'push', error: null };
    store.addReply(r);
    if (viaSmpp) {
      if (await smpp.reply(phone, content, last?.source || '1069012345')) r.pushed = true;
      else r.error = 'no SMPP client bound, or it did not accept the deliver_sm';
      return r;
    }
    if (viaPull) {
      tencent.queueReply(phone, content, last?.signName ?? '');
      return r;
    }
    const item: UpItem = { phone_number: phone, send_time: cnTime(), content, sign_name: last?.signName ?? '', dest_code: '', sequence_id: Date.now() * 1000 + seq };
    if (!inboundUrl) r.error = 'no inbound URL configured';
    else if (await pushWithRetry(inboundUrl, [item], log, 3, () => stopped)) r.pushed = true;
    else r.error = 'the platform did not accept the push';
    return r;
  }

  async function control(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const path = url.pathname;
    const body = async (): Promise<Record<string, unknown>> => {
      const t = await readBody(req);
      return t ? (JSON.parse(t) as Record<string, unknown>) : {};
    };
    if (req.method === 'GET' && path === '/control/messages') {
      return send(res, 200, { messages: store.list(url.searchParams.get('phone') ?? undefined, Math.min(Number(url.searchParams.get('limit') ?? 200) || 200, 5000)) });
    }
    if (req.method === 'GET' && path === '/control/replies') return send(res, 200, { replies: store.replies.slice(-200).reverse() });
    if (req.method === 'GET' && path === '/control/stats') return send(res, 200, stats());
    if (req.method === 'DELETE' && path === '/control/messages') {
      store.clear();
      return send(res, 200, { ok: true });
    }
    if (req.method === 'POST' && path === '/control/reply') {
      const b = await body();
      return send(res, 200, { reply: await reply(String(b.phone ?? ''), String(b.content ?? '')) });
    }
    if (req.method === 'PUT' && path === '/control/faults') return send(res, 200, { faults: setFaults((await body()) as Partial<FaultConfig>) });
    if (req.method === 'PUT' && path === '/control/callbacks') {
      const b = await body();
      setCallbacks({ reportUrl: b.reportUrl as string | null | undefined, inboundUrl: b.inboundUrl as string | null | undefined });
      return send(res, 200, { reportUrl, inboundUrl });
    }
    send(res, 404, { error: 'not found' });
  }

  function setFaults(f: Partial<FaultConfig>): FaultConfig {
    faults = checkFaults({ ...faults, ...f });
    return faults;
  }
  function setCallbacks(c: { reportUrl?: string | null; inboundUrl?: string | null }): void {
    if (c.reportUrl !== undefined) reportUrl = c.reportUrl;
    if (c.inboundUrl !== undefined) inboundUrl = c.inboundUrl;
  }
  function stats(): Record<string, unknown> {
    return {
      accepted: store.accepted, rejected: store.rejected, faulted: store.faulted, duplicates: store.duplicates, distinctOutIds: store.distinctOutIds(),
      reportsPushed: reports.pushed, reportsLost: reports.lost, replies: store.replies.length,
      ...(smpp ? { smpp: { ...smpp.stats, receiptsWaiting: smpp.waitingDeliveries, bound: smpp.hasReceiver() } } : {}),
      ...(tencent ? { tencent: { reportsWaiting: tencent.statusQueue.length, reportsPulled: tencent.pulledReports, repliesWaiting: tencent.replyQueue.length, repliesPulled: tencent.pulledReplies } } : {}), faults, reportUrl: reportUrl ? reportUrl.replace(/\?.*$/, '') : null,
    };
  }

  async function tc3(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readRaw(req, 256 * 1024);
    if (!tencent) return send(res, 200, tcError('AuthFailure.SecretIdNotFound', 'The SecretId is not found (no Tencent account on this simulator).').body);
    const a = tencent.handle({ method: req.method ?? 'POST', url: req.url ?? '/', headers: req.headers, body });
    if (!a) {
      later(faults.timeoutMs, () => req.socket.destroy());
      return;
    }
    const err = (a.body as { Response?: { Error?: { Code: string } } }).Response?.Error;
    if (err || a.status !== 200) {
      store.rejected++;
      log(`refused ${String(req.headers['x-tc-action'] ?? '?')}: ${err?.Code ?? a.status}`);
    }
    send(res, a.status, a.body, typeof a.body === 'string' ? 'text/html' : undefined);
  }

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://sim');
    const isTc3 = url.pathname === '/' && req.method === 'POST' && /^TC3-/.test(String(req.headers.authorization ?? ''));
    const run = isTc3 ? tc3(req, res) : url.pathname === '/' ? rpc(req, res, url)
      : url.pathname === '/ui' && req.method === 'GET' ? Promise.resolve(send(res, 200, simPage(), 'text/html; charset=utf-8'))
        : url.pathname.startsWith('/control/') ? control(req, res, url)
          : Promise.resolve(send(res, 404, { error: 'not found' }));
    run.catch((e: Error) => {
      log(`bad request ${req.method} ${url.pathname}: ${e.message}`);
      if (!res.headersSent) send(res, 400, { error: e.message });
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 0, o.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${o.host ?? '127.0.0.1'}:${port}`;
  const smppPort = smpp ? await smpp.start() : null;
  log(`simulated SMS gateway on ${url} (page ${url}/ui)${smppPort ? `, SMPP on ${o.host ?? '127.0.0.1'}:${smppPort}` : ''}`);
  return {
    url, port, store, tencent, smpp, smppPort, faults: () => faults, setFaults, setCallbacks, reply, stats,
    async stop() {
      stopped = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      await reports.stop();
      await smpp?.stop();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
