/**
 * Recordings: search (agents: their own calls only), metadata, a short-lived media URL for one recording, and the
 * audio stream with HTTP Range (206) for <audio> and wavesurfer, authenticated by the Bearer header or the media URL's
 * `?t=` (never the session token in a URL). Every playback is audited before a byte is sent.
 */
import { Type } from '@fastify/type-provider-typebox';
import { DomainError, type HttpApi } from '@donorline/domain';
import { userOf } from '../../auth/auth.hook.js';
import { isOversight } from '../../auth/roles.js';
import type { Api, HttpDeps } from '../http-deps.js';
import { PlaybackAuditor } from '../playback-audit.js';
import { resolveRecordingFile, verifyRecordingFile } from '../recording-files.js';
import { CallFilterS } from '../schemas/call-filter.schemas.js';
import { errors, IdParams, PageOf } from '../schemas/common.schemas.js';
import { RecordingDtoS } from '../schemas/dto.schemas.js';

type R<K extends keyof HttpApi> = Promise<HttpApi[K]['reply']>;
const tags = ['recordings'];

export function recordingRoutes(app: Api, deps: HttpDeps): void {
  const { recordings } = deps.services;
  const auditor = new PlaybackAuditor(deps.services.audit);
  const viewer = (u: { userId: number; role: HttpApi['GET /api/me']['reply']['role'] }) => ({ id: u.userId, role: u.role });

  app.get('/api/recordings', {
    schema: {
      tags,
      summary: '录音检索 / search recordings',
      description: 'Filters of GET /api/calls (date, agent, donor, full phone number, queue, disposition, duration). Agents only ever get their own calls\' recordings; supervisor, quality and admin see all.',
      querystring: CallFilterS,
      response: { 200: PageOf(RecordingDtoS), ...errors(400, 401, 403) },
    },
  }, async (req): R<'GET /api/recordings'> => {
    const user = userOf(req);
    if (!isOversight(user) && req.query.agentId !== undefined && req.query.agentId !== user.userId) {
      throw new DomainError('FORBIDDEN', '只能查看自己通话的录音 / agents see their own recordings only');
    }
    return recordings.list(req.query, viewer(user)); // scoped to the agent's own calls by the service as well
  });

  app.get('/api/recordings/:id', {
    schema: { tags, summary: '录音信息 / recording metadata', params: IdParams, response: { 200: RecordingDtoS, ...errors(401, 403, 404) } },
  }, async (req): R<'GET /api/recordings/:id'> => {
    const { filePath: _hidden, ...dto } = await recordings.get(req.params.id, viewer(userOf(req)));
    return dto;
  });

  app.post('/api/recordings/:id/media-url', {
    schema: {
      tags,
      summary: '录音播放链接 / a short-lived URL for the audio',
      description: `For <audio src> and wavesurfer, which cannot send headers: a URL carrying a media token (\`?t=\`) that opens this one recording only, for MEDIA_URL_TTL_SECONDS (${deps.config.auth.mediaUrlTtlSeconds} s; at least twice the recording's length, at most 1 h) and only while the session that asked for it is open. Same access rule as the metadata (agents: their own calls).`,
      params: IdParams,
      response: { 200: Type.Object({ url: Type.String(), expiresAt: Type.String({ format: 'date-time' }) }), ...errors(401, 403, 404) },
    },
  }, async (req): R<'POST /api/recordings/:id/media-url'> => {
    const user = userOf(req);
    const rec = await recordings.get(req.params.id, viewer(user)); // 403 for another agent's recording
    const m = deps.auth.mediaToken(user, rec.id, rec.durationSeconds);
    return { url: `/api/recordings/${rec.id}/audio?t=${encodeURIComponent(m.token)}`, expiresAt: m.expiresAt.toISOString() };
  });

  app.get('/api/recordings/:id/audio', {
    config: { media: true },
    schema: {
      tags,
      summary: '录音回放（审计）/ stream the audio (audited)',
      description: 'audio/wav with HTTP Range (206 Partial Content, Accept-Ranges: bytes) so players can seek. Authenticated by the Bearer header, or by `?t=` from POST /api/recordings/{id}/media-url for <audio src>. Each playback writes a `recording.play` audit row (who, when, which, ip) before any audio is sent.',
      params: IdParams,
      querystring: Type.Object({ t: Type.Optional(Type.String({ maxLength: 4096 })) }),
      produces: ['audio/wav'],
      response: { 200: Type.Unsafe<ArrayBuffer>({ type: 'string', format: 'binary', description: 'audio bytes' }), 206: Type.Unsafe<ArrayBuffer>({ type: 'string', format: 'binary', description: 'the requested range' }), ...errors(401, 403, 404) },
    },
  }, async (req, reply) => {
    const user = userOf(req);
    const rec = await recordings.get(req.params.id, viewer(user)); // 403 for another agent's recording
    const named = resolveRecordingFile(rec.filePath, deps.config.pbx);
    const file = named && (await verifyRecordingFile(named)); // no symlink, no hard link, a regular file inside the dir
    if (!file) {
      req.log.warn({ recordingId: rec.id }, 'recording file missing, not a plain file, or outside the recordings directory');
      throw new DomainError('NOT_FOUND', '录音文件不存在 / the recording file is missing');
    }
    if (req.method === 'GET') {
      await auditor.onRequest({ userId: user.userId, recordingId: rec.id, callId: rec.callId, range: req.headers.range, ip: req.ip });
    }
    void reply.header('cache-control', 'private, no-store');
    return reply.sendFile(file.rel, file.root, { acceptRanges: true, cacheControl: false, dotfiles: 'deny' });
  });
}
