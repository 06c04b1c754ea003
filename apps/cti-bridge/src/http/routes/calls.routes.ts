/** Call records: list/filter, detail, and the agent's disposition (wrap-up). */
import { DomainError, localDateOf, type CallDto, type DispositionBuffered, type DispositionSubmit, type HttpApi } from '@donorline/domain';
import type { AuthUser } from '../../auth/auth.types.js';
import { userOf } from '../../auth/auth.hook.js';
import { isOversight } from '../../auth/roles.js';
import { assertCallAccess, assertOwnCall } from '../call-access.js';
import type { Api, HttpDeps } from '../http-deps.js';
import { CallFilterS } from '../schemas/call-filter.schemas.js';
import { CallIdS, DateOrInstant, errors, IdParams, PageOf } from '../schemas/common.schemas.js';
import { CallDtoS, DispositionSubmitS, ShiftCallS } from '../schemas/dto.schemas.js';
import { Type } from '@fastify/type-provider-typebox';

const DispositionBufferedS = Type.Object({ buffered: Type.Literal(true), key: Type.String(), callId: Type.String(), donor: Type.Null() });

type R<K extends keyof HttpApi> = Promise<HttpApi[K]['reply']>;
const tags = ['calls'];

export function callRoutes(app: Api, deps: HttpDeps): void {
  const { calls } = deps.services;

  app.get('/api/calls', {
    schema: {
      tags,
      summary: '通话记录 / call records',
      description: 'Newest first. Agents get their own calls only (asking for another agent is 403); supervisors, quality and admins see all.',
      querystring: CallFilterS,
      response: { 200: PageOf(CallDtoS), ...errors(400, 401, 403) },
    },
  }, async (req): R<'GET /api/calls'> => {
    const user = userOf(req);
    if (isOversight(user)) return calls.list(req.query);
    if (req.query.agentId !== undefined && req.query.agentId !== user.userId) throw new DomainError('FORBIDDEN', '只能查看自己的通话 / agents see their own calls only');
    return calls.list({ ...req.query, agentId: user.userId });
  });

  app.get('/api/me/calls', {
    schema: {
      tags,
      summary: '本班通话 / my calls of today',
      description: 'The signed-in user\'s calls since `from` (default: the start of today, Asia/Shanghai), newest first: the calls they answered or placed (any part of it: also a call they then transferred), '
        + 'and the calls that rang them which nobody answered (`missed`, with `canCallBack` for the desk\'s 回拨 — socket call:dial { callbackOf }). '
        + 'Calls a colleague answered are not listed. Numbers masked.',
      querystring: Type.Object({ from: Type.Optional(DateOrInstant) }),
      response: { 200: Type.Array(ShiftCallS), ...errors(400, 401) },
    },
  }, async (req): R<'GET /api/me/calls'> => {
    const raw = req.query.from;
    const from = raw ? new Date(/^\d{4}-\d{2}-\d{2}$/.test(raw) ? `${raw}T00:00:00+08:00` : raw) : new Date(`${localDateOf(new Date())}T00:00:00+08:00`);
    if (Number.isNaN(from.getTime())) throw new DomainError('VALIDATION_FAILED', `from 不是日期 / from is not a date: ${raw}`);
    return deps.services.rings.shiftCalls(userOf(req).userId, from);
  });

  app.get('/api/calls/:id', {
    schema: { tags, summary: '通话详情 / one call record', params: IdParams, response: { 200: CallDtoS, ...errors(401, 403, 404) } },
  }, async (req): R<'GET /api/calls/:id'> => {
    const call = await calls.get(req.params.id);
    assertOwnCall(userOf(req), call, deps);
    return call;
  });

  app.post('/api/calls/:callId/disposition', {
    schema: {
      tags,
      summary: '话后处理 / save the disposition',
      description: 'In one transaction: disposition and notes on the call record, the contact record (one per call; a re-submit updates it) and an optional follow-up ticket. Then a required wrap-up may end. Agents: their own calls only.',
      params: Type.Object({ callId: CallIdS }),
      body: DispositionSubmitS,
      response: { 200: CallDtoS, 202: DispositionBufferedS, ...errors(400, 401, 403, 404) },
    },
  }, async (req, reply): R<'POST /api/calls/:callId/disposition'> => {
    const user = userOf(req);
    const { callId } = req.params;
    // the database is away: journalled on this bridge, written once it is back (the checks below run then)
    const early = await deps.outage?.bufferWrapUp(user, callId, req.body);
    if (early) return afterBuffered(early);
    try {
      return await saveDisposition(user, callId, req.body);
    } catch (err) {
      if (!deps.outage) throw err;
      return afterBuffered(await deps.outage.bufferOnFailure(err, user, callId, req.body));
    }

    async function afterBuffered(b: DispositionBuffered): Promise<DispositionBuffered> {
      await Promise.resolve().then(() => deps.live.dispositionSaved({ userId: user.userId, callId })).catch(() => undefined);
      void reply.code(202);
      return b;
    }
  });

  async function saveDisposition(user: Pick<AuthUser, 'userId' | 'role'>, callId: string, body: DispositionSubmit): Promise<CallDto> {
    // bad input first (as the schema did when the list was a constant): a code no list entry has ever had is a 400
    const lists = await deps.services.lists.active();
    if (![...lists.dispositions, ...lists.disabled].some((d) => d.list === 'disposition' && d.code === body.disposition)) {
      throw new DomainError('VALIDATION_FAILED', `未知的来电类型 ${body.disposition} / unknown disposition ${body.disposition}`);
    }
    await assertCallAccess(deps, user as AuthUser, callId);
    const saved = await calls.setDisposition(callId, body, user.userId);
    try {
      await deps.live.dispositionSaved({ userId: user.userId, callId });
    } catch {
      // the disposition is stored; the seat state catches up with the wrap-up timer
    }
    return saved;
  }
  deps.outage?.setSaver((user, callId, body) => saveDisposition(user, callId, body));
}
