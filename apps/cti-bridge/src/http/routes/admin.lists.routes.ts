/**
 * Administration → lists (pause reasons, dispositions) and center settings. Agents read the active lists and the
 * center's name/hotline; admins change them. The domain validates and audits old → new in one transaction.
 */
import { Type } from '@fastify/type-provider-typebox';
import type { HttpApi } from '@donorline/domain';
import { userOf } from '../../auth/auth.hook.js';
import { ADMIN_ONLY } from '../../auth/roles.js';
import type { Api, HttpDeps } from '../http-deps.js';
import { errors } from '../schemas/common.schemas.js';
import {
  CenterSettingsS, CenterSettingsUpdateS, DeskListItemS, DeskListsS, ListItemCreateS, ListItemParams, ListItemUpdateS, ListOrderS, ListParams,
} from '../schemas/admin-lists.schemas.js';

type R<K extends keyof HttpApi> = Promise<HttpApi[K]['reply']>;
const tags = ['admin'];

export function adminListRoutes(app: Api, deps: HttpDeps): void {
  const { lists, center } = deps.services;

  app.get('/api/lists', {
    schema: {
      tags: ['live'], summary: '小休原因与来电类型 / pause reasons and dispositions (active, in order)',
      description: 'What the desk offers in the pause menu and the wrap-up form; `disabled` holds the rest so older records still read with their names.',
      response: { 200: DeskListsS, ...errors(401) },
    },
  }, async (): R<'GET /api/lists'> => lists.active());

  app.get('/api/admin/lists/:list', {
    config: { roles: ADMIN_ONLY },
    schema: { tags, summary: '列表全部条目（管理员）/ every entry of a list, disabled too (admin)', params: ListParams, response: { 200: Type.Array(DeskListItemS), ...errors(400, 401, 403) } },
  }, async (req): R<'GET /api/admin/lists/:list'> => lists.list(req.params.list));

  app.post('/api/admin/lists/:list', {
    config: { roles: ADMIN_ONLY },
    schema: {
      tags, summary: '新增条目（管理员）/ add an entry (admin)',
      description: 'Code: 2–20 lower-case letters, digits or -, unique in the list (pause reasons: not a system code such as wrap-up or rejected). Labels in Chinese and English (≤ 40). Added at the end, enabled. Audited as list.create.',
      params: ListParams, body: ListItemCreateS, response: { 200: DeskListItemS, ...errors(400, 401, 403) },
    },
  }, async (req): R<'POST /api/admin/lists/:list'> => lists.create(req.params.list, req.body, userOf(req).userId));

  app.patch('/api/admin/lists/:list/:code', {
    config: { roles: ADMIN_ONLY },
    schema: {
      tags, summary: '改名或停用/启用（管理员）/ rename, disable or enable an entry (admin)',
      description: 'Audited with old → new values (list.rename / list.disable / list.enable). A disabled entry leaves the menus at once; records keep their code.',
      params: ListItemParams, body: ListItemUpdateS, response: { 200: DeskListItemS, ...errors(400, 401, 403, 404, 409) },
    },
  }, async (req): R<'PATCH /api/admin/lists/:list/:code'> => lists.update(req.params.list, req.params.code, req.body, userOf(req).userId));

  app.put('/api/admin/lists/:list/order', {
    config: { roles: ADMIN_ONLY },
    schema: {
      tags, summary: '调整顺序（管理员）/ reorder a list (admin)', description: 'Every code of the list exactly once, in the new order. Audited as list.reorder.',
      params: ListParams, body: ListOrderS, response: { 200: Type.Array(DeskListItemS), ...errors(400, 401, 403) },
    },
  }, async (req): R<'PUT /api/admin/lists/:list/order'> => lists.reorder(req.params.list, req.body.codes, userOf(req).userId));

  app.delete('/api/admin/lists/:list/:code', {
    config: { roles: ADMIN_ONLY },
    schema: {
      tags, summary: '删除自定义条目（管理员）/ delete an added entry (admin)',
      description: '409 for built-in codes and for dispositions already on call records (disable them instead). Audited as list.delete.',
      params: ListItemParams, response: { 200: Type.Object({ deleted: Type.Boolean() }), ...errors(400, 401, 403, 404, 409) },
    },
  }, async (req): R<'DELETE /api/admin/lists/:list/:code'> => {
    await lists.remove(req.params.list, req.params.code, userOf(req).userId);
    return { deleted: true };
  });

  app.get('/api/center', {
    schema: { tags: ['live'], summary: '中心设置 / the center\'s name, hotline, SMS signature, recording notice', response: { 200: CenterSettingsS, ...errors(401) } },
  }, async (): R<'GET /api/center'> => center.get());

  app.put('/api/admin/center', {
    config: { roles: ADMIN_ONLY },
    schema: {
      tags, summary: '修改中心设置（管理员）/ change the center settings (admin)',
      description: 'Any of name, nameEn (1–60), hotline (3–20 digits), smsSignature (2–12 characters, without 【】), recordingNotice (the IVR reads it for every new call). Audited as center.update with old → new values.',
      body: CenterSettingsUpdateS, response: { 200: CenterSettingsS, ...errors(400, 401, 403) },
    },
  }, async (req): R<'PUT /api/admin/center'> => center.update(req.body, userOf(req).userId));
}
