/** Contact history and tickets (complaints, suggestions, callbacks …). */
import { Type } from '@fastify/type-provider-typebox';
import type { HttpApi } from '@donorline/domain';
import { actorOf, userOf } from '../../auth/auth.hook.js';
import type { Api, HttpDeps } from '../http-deps.js';
import { errors, Id, IdParams, PageOf, PageQuery } from '../schemas/common.schemas.js';
import { ContactBriefS, ContactCreateS, TicketBriefS, TicketCreateS, TicketDetailS, TicketKindS, TicketStatusS, TicketUpdateS } from '../schemas/dto.schemas.js';

type R<K extends keyof HttpApi> = Promise<HttpApi[K]['reply']>;

export function contactTicketRoutes(app: Api, deps: HttpDeps): void {
  const { contacts, tickets } = deps.services;

  app.get('/api/contacts', {
    schema: {
      tags: ['contacts'], summary: '联系记录 / a donor\'s contact history', querystring: Type.Object({ donorId: Id, ...PageQuery }),
      response: { 200: PageOf(ContactBriefS), ...errors(400, 401) },
    },
  }, async (req): R<'GET /api/contacts'> => contacts.list(req.query.donorId, req.query.page, req.query.pageSize));

  app.post('/api/contacts', {
    schema: { tags: ['contacts'], summary: '新增联系记录 / add a contact record', body: ContactCreateS, response: { 200: ContactBriefS, ...errors(400, 401, 404) } },
  }, async (req): R<'POST /api/contacts'> => contacts.create(req.body, userOf(req).userId));

  app.get('/api/tickets', {
    schema: {
      tags: ['tickets'], summary: '工单 / tickets',
      querystring: Type.Object({ status: Type.Optional(TicketStatusS), kind: Type.Optional(TicketKindS), ownerId: Type.Optional(Id), donorId: Type.Optional(Id), ...PageQuery }),
      response: { 200: PageOf(TicketBriefS), ...errors(400, 401) },
    },
  }, async (req): R<'GET /api/tickets'> => tickets.list(req.query));

  app.post('/api/tickets', {
    schema: {
      tags: ['tickets'], summary: '新建工单 / open a ticket', description: 'Agents open tickets for themselves or unassigned; for someone else (`ownerId`): supervisor/admin.',
      body: TicketCreateS, response: { 200: TicketBriefS, ...errors(400, 401, 403, 404) },
    },
  }, async (req): R<'POST /api/tickets'> => tickets.create(req.body, actorOf(req)));

  app.get('/api/tickets/:id', {
    schema: {
      tags: ['tickets'], summary: '工单详情 / one ticket with its body and notes', params: IdParams,
      response: { 200: TicketDetailS, ...errors(401, 404) },
    },
  }, async (req): R<'GET /api/tickets/:id'> => tickets.detail(req.params.id));

  app.patch('/api/tickets/:id', {
    schema: {
      tags: ['tickets'], summary: '更新工单 / update a ticket (status, owner, due date, a note)', params: IdParams, body: TicketUpdateS,
      description: 'Status (close, resolve, reopen) and due date: the owner (or the creator of an unowned ticket), a supervisor or an admin. Owner: supervisor/admin assign anyone, the owner hands over, anyone claims an unowned ticket for themselves. A note: anyone. 403 FORBIDDEN otherwise; the audit row has old → new.',
      response: { 200: TicketBriefS, ...errors(400, 401, 403, 404) },
    },
  }, async (req): R<'PATCH /api/tickets/:id'> => tickets.update(req.params.id, req.body, actorOf(req)));
}
