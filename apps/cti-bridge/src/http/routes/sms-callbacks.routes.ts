/**
 * What the SMS gateway pushes to us, in Alibaba Cloud's batch-push shapes (the simulated gateway pushes the same):
 *   POST /api/sms/reports   SmsReport items → delivery status per message (matched by BizId, or by our OutId)
 *   POST /api/sms/inbound   SmsUp items     → replies matched to donor and conversation (survey, TD, tasks)
 * Not a desk route: the gateway authenticates with the shared SMS_CALLBACK_TOKEN (?token= on the URL configured at the
 * provider, or the X-SMS-Token header), compared in constant time. A wrong token is 401 and logged; a malformed body is
 * 400; one bad item is logged and skipped, never a crash. The answer is Aliyun's {"code":0,"msg":"成功"}.
 */
import { timingSafeEqual } from 'node:crypto';
import { Type } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { DomainError, toE164 } from '@donorline/domain';
import type { Api, HttpDeps } from '../http-deps.js';
import { errors } from '../schemas/common.schemas.js';

const Ok = Type.Object({ code: Type.Integer(), msg: Type.String() });
const OK = { code: 0, msg: '成功' };
const ReportS = Type.Object({
  biz_id: Type.String({ minLength: 1, maxLength: 64 }), success: Type.Boolean(), err_code: Type.Optional(Type.String({ maxLength: 64 })),
  report_time: Type.Optional(Type.String({ maxLength: 32 })), out_id: Type.Optional(Type.String({ maxLength: 64 })), phone_number: Type.Optional(Type.String({ maxLength: 20 })),
}, { additionalProperties: true });
const UpS = Type.Object({
  phone_number: Type.String({ minLength: 5, maxLength: 20 }), content: Type.String({ minLength: 1, maxLength: 1000 }),
  sequence_id: Type.Union([Type.Integer(), Type.String({ minLength: 1, maxLength: 64 })]), send_time: Type.Optional(Type.String({ maxLength: 32 })),
}, { additionalProperties: true });

/** Aliyun's "2026-12-07 16:30:00" (Beijing time) → Date; anything unreadable → now. */
export function cnTimeToDate(s: string | undefined): Date {
  const m = s ? /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})$/.exec(s) : null;
  const d = m ? new Date(`${m[1]}T${m[2]}+08:00`) : new Date(NaN);
  return Number.isNaN(d.getTime()) ? new Date() : d;
}

export function smsCallbackRoutes(app: Api, deps: HttpDeps): void {
  const { token: want, provider } = { token: deps.config.sms.callbackToken, provider: deps.config.sms.provider };
  const { store, inbound } = deps.services.messaging;

  function checkToken(req: FastifyRequest): void {
    const q = (req.query as { token?: unknown } | undefined)?.token;
    const h = req.headers['x-sms-token'];
    const given = Buffer.from(typeof h === 'string' ? h : typeof q === 'string' ? q : '');
    const expected = Buffer.from(want);
    if (!want || given.length !== expected.length || !timingSafeEqual(given, expected)) {
      req.log.warn({ ip: req.ip, path: req.routeOptions.url }, 'SMS callback with a wrong or missing token');
      throw new DomainError('UNAUTHENTICATED', '短信回调令牌无效 / invalid SMS callback token');
    }
  }

  app.post('/api/sms/reports', {
    config: { public: true },
    preValidation: async (req) => checkToken(req),
    schema: {
      tags: ['sms'], summary: '短信状态报告 / delivery reports from the gateway (SmsReport)', querystring: Type.Object({ token: Type.Optional(Type.String({ maxLength: 200 })) }),
      body: Type.Array(ReportS, { minItems: 1, maxItems: 1000 }), response: { 200: Ok, ...errors(400, 401) },
    },
  }, async (req) => {
    const reports = req.body.map((r) => ({
      providerId: r.biz_id, outId: r.out_id && /^\d{1,12}$/.test(r.out_id) ? Number(r.out_id) : null, delivered: r.success, code: r.err_code ?? (r.success ? 'DELIVERED' : 'UNKNOWN'), at: cnTimeToDate(r.report_time),
    }));
    const res = await store.applyReports(reports);
    if (res.unmatched) req.log.info({ unmatched: res.unmatched, of: reports.length }, 'delivery reports for messages we do not know');
    return OK;
  });

  app.post('/api/sms/inbound', {
    config: { public: true },
    preValidation: async (req) => checkToken(req),
    schema: {
      tags: ['sms'], summary: '上行短信 / replies from donors (SmsUp)', querystring: Type.Object({ token: Type.Optional(Type.String({ maxLength: 200 })) }),
      body: Type.Array(UpS, { minItems: 1, maxItems: 1000 }), response: { 200: Ok, ...errors(400, 401) },
    },
  }, async (req) => {
    for (const u of req.body) {
      const from = toE164(u.phone_number, { defaultAreaCode: deps.config.phone.defaultAreaCode });
      if (!from) {
        req.log.warn({ phone: `${u.phone_number.slice(0, 3)}****` }, 'SMS reply from a number we cannot read: skipped');
        continue;
      }
      try {
        const r = await inbound.receive({ from, content: u.content, provider, seq: String(u.sequence_id), at: cnTimeToDate(u.send_time) });
        req.log.info({ inbound: r.id, intent: r.intent, duplicate: r.duplicate, ticket: r.ticketId, matched: r.donorId !== null }, 'SMS reply');
      } catch (err) {
        req.log.error({ err }, 'could not take an SMS reply (the gateway will push it again)');
        throw err;
      }
    }
    return OK;
  });
}
