/**
 * Standard phrases and SOP scripts (规范用语), authored by administrators: every call type's script is versioned —
 * saving adds a version that becomes active at once (agents read it through GET /api/phrases), older versions stay
 * in the history and can be made active again. Placeholders are checked against the domain's vocabulary; every
 * change is audited with the lines before and after.
 */
import { Type } from '@fastify/type-provider-typebox';
import type { PhraseScriptSummary, PhraseScriptVersionDto } from '@donorline/domain';
import { userOf } from '../../auth/auth.hook.js';
import { ADMIN_ONLY } from '../../auth/roles.js';
import type { Api, HttpDeps } from '../http-deps.js';
import { errors } from '../schemas/common.schemas.js';
import { CallTypeParams, PhraseScriptSaveS, PhraseScriptSummaryS, PhraseScriptVersionS } from '../schemas/phrase.schemas.js';

const tags = ['admin'];

export function adminPhraseRoutes(app: Api, deps: HttpDeps): void {
  const { phrases } = deps.services;

  app.get('/api/admin/phrases', {
    config: { roles: ADMIN_ONLY },
    schema: {
      tags, summary: '规范用语脚本一览（管理员）/ phrase scripts per call type (admin)',
      description: 'Every call type a script can be written for, with its active version (null: none yet).',
      response: { 200: Type.Array(PhraseScriptSummaryS), ...errors(401, 403) },
    },
  }, async (): Promise<PhraseScriptSummary[]> => phrases.summaries());

  app.get('/api/admin/phrases/:callType', {
    config: { roles: ADMIN_ONLY },
    schema: {
      tags, summary: '某类通话的话术版本历史（管理员）/ the versions of one script, newest first (admin)', params: CallTypeParams,
      response: { 200: Type.Array(PhraseScriptVersionS), ...errors(400, 401, 403) },
    },
  }, async (req): Promise<PhraseScriptVersionDto[]> => phrases.history(req.params.callType));

  app.post('/api/admin/phrases/:callType', {
    config: { roles: ADMIN_ONLY },
    schema: {
      tags, summary: '保存新版本（管理员）/ save a new version and make it active (admin)',
      description: '400 VALIDATION_FAILED with `details.issues` (line, field, code, message in zh/en) when a phrase is empty, too long or names a placeholder '
        + 'outside the vocabulary (ambiguous names such as {日期} come with the names to use instead); 409 when nothing changed. Audited (phrases.publish, old → new lines).',
      params: CallTypeParams, body: PhraseScriptSaveS,
      response: { 200: PhraseScriptVersionS, ...errors(400, 401, 403, 409) },
    },
  }, async (req): Promise<PhraseScriptVersionDto> => phrases.publish(req.params.callType, req.body, userOf(req).userId));

  app.post('/api/admin/phrases/:callType/versions/:version/activate', {
    config: { roles: ADMIN_ONLY },
    schema: {
      tags, summary: '启用某个版本（管理员）/ make a version the active one again (admin)',
      params: Type.Object({ callType: CallTypeParams.properties.callType, version: Type.Integer({ minimum: 1, maximum: 1_000_000 }) }),
      response: { 200: PhraseScriptVersionS, ...errors(400, 401, 403, 404) },
    },
  }, async (req): Promise<PhraseScriptVersionDto> => phrases.activate(req.params.callType, req.params.version, userOf(req).userId));
}
