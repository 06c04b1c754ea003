/**
 * Answers to IVR voice messages (留言回复, issue 12):
 *   GET  /api/voice-messages                      the list by state (agents: their own tasks and the pool)
 *   GET  /api/voice-messages/:id                  one
 *   GET  /api/voice-messages/:id/audio?part=      the donor's message or the reply (audio/wav, Bearer only; audited)
 *   POST /api/voice-messages/:id/reply/recording  body audio/wav recorded in the desk → 8 kHz mono WAV for the PBX
 *   POST /api/voice-messages/:id/reply/text       {text} spoken by espeak-ng (Mandarin) → 8 kHz mono WAV
 * Answering is role-checked on the server (canReplyVoiceMessage), rate-limited per user (sox/espeak-ng run per
 * reply), audited (voice-message.reply with the method; voice-message.play per playback). The stored reply path is
 * the PBX's name for the file, which the IVR's "听取回复" plays; the donor gets the voice-reply SMS.
 * Calling the donor back is the work queue's call-back (POST /api/work/:id/call, a service call).
 */
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import path from 'node:path';
import { canListVoiceMessages, canReplyVoiceMessage, DomainError, replyText, VOICE_MESSAGE_STATES, VOICE_REPLY_LIMITS, type HttpApi, type VoiceReplyMethod } from '@donorline/domain';
import { listVoiceMessages, voiceMessageFiles } from '@donorline/domain/node';
import type { FastifyRequest } from 'fastify';
import { actorOf } from '../auth/auth.hook.js';
import type { Api, HttpDeps } from '../http/http-deps.js';
import { resolveRecordingFile, verifyRecordingFile } from '../http/recording-files.js';
import { errors, IdParams, Instant, Nullable, PageOf, PageQuery } from '../http/schemas/common.schemas.js';
import { convertRecording, synthesiseText, type ReplyAudio } from './reply-audio.js';

type R<K extends keyof HttpApi> = Promise<HttpApi[K]['reply']>;
const tags = ['voice-messages'];
const WAV_TYPES = ['audio/wav', 'audio/x-wav', 'audio/wave', 'audio/vnd.wave'];

const Person = Type.Object({ id: Type.Integer(), displayName: Type.String() });
const ItemS = Type.Object({
  id: Type.Integer(), ticketId: Nullable(Type.Integer()), ticketStatus: Nullable(Type.String()), owner: Nullable(Person),
  donor: Nullable(Type.Object({ id: Type.Integer(), name: Type.String() })), callerMasked: Type.String({ description: 'masked (138****8000)' }),
  durationSeconds: Type.Integer(), createdAt: Instant, replyAt: Nullable(Instant), replyBy: Nullable(Person), replyHeardAt: Nullable(Instant),
});

/** A sliding one-minute window per user: conversions cost CPU, so a script cannot queue hundreds. */
function perMinute(limit: number): (userId: number) => void {
  const seen = new Map<number, number[]>();
  return (userId) => {
    const now = Date.now();
    const recent = (seen.get(userId) ?? []).filter((t) => now - t < 60_000);
    if (recent.length >= limit) {
      const s = Math.max(1, Math.ceil((60_000 - (now - recent[0]!)) / 1000));
      throw new DomainError('RATE_LIMITED', `回复过于频繁（每分钟最多${limit}条），请${s}秒后再试 / too many replies (at most ${limit} a minute): try again in ${s} s`, { retryAfterSeconds: s, limit });
    }
    recent.push(now);
    seen.set(userId, recent);
  };
}

export function voiceReplyRoutes(api: Api, deps: HttpDeps): void {
  const cfg = deps.config.voiceReplies;
  const { ds, voiceMessages, audit } = deps.services;
  const limit = perMinute(cfg.perMinute);

  function viewer(req: FastifyRequest): { id: number; role: ReturnType<typeof actorOf>['role'] } {
    const a = actorOf(req);
    if (!canListVoiceMessages(a.role)) throw new DomainError('FORBIDDEN', '无权查看语音留言 / not allowed to see voice messages');
    return a;
  }

  /** The message, if this user may see it (an agent: their own task or the pool). */
  async function visible(req: FastifyRequest, id: number) {
    const a = viewer(req);
    const f = await voiceMessageFiles(ds, id);
    if (a.role === 'agent' && f.ownerId !== null && f.ownerId !== a.id) throw new DomainError('FORBIDDEN', '该留言由其他同事处理 / this message is another colleague\'s task');
    return { actor: a, f };
  }

  async function answer(req: FastifyRequest, id: number, method: VoiceReplyMethod, make: () => Promise<ReplyAudio>) {
    const { actor, f } = await visible(req, id);
    if (!canReplyVoiceMessage(actor, f.ownerId)) throw new DomainError('FORBIDDEN', '只有负责人或主管可以回复留言 / only the task\'s owner or a supervisor may answer', { rule: 'voice-message.reply' });
    limit(actor.id);
    const audio = await make();
    await voiceMessages.reply(id, path.posix.join(cfg.pbxRepliesDir, audio.name), actor.id, { method, seconds: Math.round(audio.durationSeconds * 10) / 10 });
    req.log.info({ voiceMessageId: id, method, seconds: audio.durationSeconds }, 'voice message answered');
    return (await voiceMessageFiles(ds, id)).item;
  }

  api.get('/api/voice-messages', {
    schema: {
      tags, summary: '语音留言 / voice messages',
      description: 'state unanswered (default, longest waiting first) | answered (not yet heard by the donor) | heard | all. Agents see their own tasks\' messages and the pool\'s.',
      querystring: Type.Object({ state: Type.Optional(Type.Enum(VOICE_MESSAGE_STATES)), ...PageQuery }),
      response: { 200: PageOf(ItemS), ...errors(400, 401, 403) },
    },
  }, async (req): R<'GET /api/voice-messages'> => {
    const a = viewer(req);
    return listVoiceMessages(ds, req.query, a.role === 'agent' ? a.id : null);
  });

  api.get('/api/voice-messages/:id', {
    schema: { tags, summary: '一条留言 / one voice message', params: IdParams, response: { 200: ItemS, ...errors(401, 403, 404) } },
  }, async (req): R<'GET /api/voice-messages/:id'> => (await visible(req, req.params.id)).f.item);

  api.get('/api/voice-messages/:id/audio', {
    schema: {
      tags, summary: '收听留言或回复（审计）/ the message or the reply as audio (audited)',
      description: 'audio/wav; the Bearer header only (the desk fetches it and plays it locally). Each request writes a voice-message.play audit row before a byte is sent.',
      params: IdParams, querystring: Type.Object({ part: Type.Enum(['message', 'reply'] as const) }),
      produces: ['audio/wav'],
      response: { 200: Type.Unsafe<ArrayBuffer>({ type: 'string', format: 'binary' }), ...errors(400, 401, 403, 404) },
    },
  }, async (req, reply) => {
    const { actor, f } = await visible(req, req.params.id);
    const part = req.query.part;
    const stored = part === 'message' ? f.recordingPath : f.replyPath;
    const dirs = part === 'message' ? { recordingsDir: cfg.messagesDir, pbxRecordingsDir: cfg.pbxMessagesDir } : { recordingsDir: cfg.repliesDir, pbxRecordingsDir: cfg.pbxRepliesDir };
    const named = stored ? resolveRecordingFile(stored, dirs) : null;
    const file = named && (await verifyRecordingFile(named));
    if (!file) {
      req.log.warn({ voiceMessageId: f.item.id, part }, 'voice message audio missing or outside its directory');
      throw new DomainError('NOT_FOUND', part === 'message' ? '留言录音文件不存在 / the message\'s audio is missing' : '没有回复录音 / there is no reply audio');
    }
    await audit.write({ actorId: actor.id, action: 'voice-message.play', subjectType: 'voice-message', subjectId: f.item.id, detail: { part }, ip: req.ip });
    void reply.header('cache-control', 'private, no-store');
    return reply.type('audio/wav').sendFile(file.rel, file.root, { acceptRanges: false, cacheControl: false, dotfiles: 'deny' });
  });

  api.post('/api/voice-messages/:id/reply/text', {
    schema: {
      tags, summary: '文字转语音回复 / answer with a typed text (spoken in Mandarin)',
      params: IdParams, body: Type.Object({ text: Type.String({ minLength: 1, maxLength: VOICE_REPLY_LIMITS.maxTextChars * 2 }) }),
      response: { 200: ItemS, ...errors(400, 401, 403, 404, 429) },
    },
  }, async (req): R<'POST /api/voice-messages/:id/reply/text'> => {
    const t = replyText(req.body.text);
    if (!t.ok) throw new DomainError('VALIDATION_FAILED', t.reason);
    return answer(req, req.params.id, 'text', () => synthesiseText(t.text, cfg.ttsVoice, cfg.repliesDir, req.params.id));
  });

  // the recording upload: raw audio/wav, its own body limit, in a scope of its own so no other route takes audio
  void api.register(async (plain) => {
    const scope = plain.withTypeProvider<TypeBoxTypeProvider>();
    scope.addContentTypeParser(WAV_TYPES, { parseAs: 'buffer', bodyLimit: VOICE_REPLY_LIMITS.maxUploadBytes }, (_req, body, done) => done(null, body));
    scope.post('/api/voice-messages/:id/reply/recording', {
      bodyLimit: VOICE_REPLY_LIMITS.maxUploadBytes,
      schema: {
        tags, summary: '录音回复 / answer with a recording',
        description: `Body: audio/wav (16-bit PCM or float, any rate, at most ${VOICE_REPLY_LIMITS.maxUploadBytes} bytes, ${VOICE_REPLY_LIMITS.minSeconds}–${VOICE_REPLY_LIMITS.maxSeconds} s). Converted with sox to 8 kHz 16-bit mono, the format the IVR plays.`,
        consumes: WAV_TYPES, params: IdParams,
        response: { 200: ItemS, ...errors(400, 401, 403, 404, 429) },
      },
    }, async (req): R<'POST /api/voice-messages/:id/reply/recording'> => {
      const body = req.body;
      if (!Buffer.isBuffer(body)) throw new DomainError('VALIDATION_FAILED', '请以 audio/wav 上传录音 / upload the recording as audio/wav');
      return answer(req, req.params.id, 'recording', () => convertRecording(body, cfg.repliesDir, req.params.id));
    });
  });
}
