/** POST /api/auth/login, POST /api/auth/logout and GET /api/me. */
import { Type } from '@fastify/type-provider-typebox';
import { DomainError, type HttpApi } from '@donorline/domain';
import { publicUser } from '@donorline/domain/node';
import type { Api, HttpDeps } from '../http/http-deps.js';
import { errors } from '../http/schemas/common.schemas.js';
import { UserDtoS } from '../http/schemas/dto.schemas.js';
import { userOf } from './auth.hook.js';

type R<K extends keyof HttpApi> = HttpApi[K] extends { reply: infer T } ? Promise<T> : never;

export function registerAuthRoutes(app: Api, deps: HttpDeps): void {
  const l = deps.config.auth.login;
  app.post('/api/auth/login', {
    config: { public: true },
    schema: {
      tags: ['auth'],
      summary: '登录 / sign in',
      description: 'Opens a server-side session and returns its JWT (HS256; iss donorline-bridge, aud donorline-desk, sub = user id, role, sid, exp = TOKEN_TTL) for `Authorization: Bearer` and the Socket.IO `auth.token`. '
        + 'The user name is canonicalised (NFKC, lower case; control characters refused with 400); the 工号 signs in too. '
        + `Throttling per account × client address (${l.maxFailures} failures in ${l.windowSeconds} s → ${l.lockoutSeconds} s, doubling on repeat up to ${l.lockoutMaxSeconds} s), per address (${l.maxFailuresPerIp}) and per account from addresses it never signed in from (${l.maxFailuresPerAccount}); 429 with Retry-After. Failures are answered with a growing delay.`,
      security: [],
      body: Type.Object({ username: Type.String({ minLength: 1, maxLength: 64 }), password: Type.String({ minLength: 1, maxLength: 256 }) }),
      response: { 200: Type.Object({ token: Type.String(), user: UserDtoS, expiresAt: Type.String({ format: 'date-time' }) }), ...errors(400, 401, 429) },
    },
  }, async (req): R<'POST /api/auth/login'> => {
    const ua = req.headers['user-agent'];
    return deps.auth.login(req.body.username, req.body.password, { ip: req.ip, userAgent: typeof ua === 'string' ? ua : null });
  });

  app.post('/api/auth/logout', {
    schema: {
      tags: ['auth'],
      summary: '退出登录 / sign out',
      description: 'Revokes this session: the token, every media URL minted with it, and its Socket.IO connections stop working at once. Seats are left with `agent:logout` first.',
      response: { 200: Type.Object({ ok: Type.Literal(true) }), ...errors(401) },
    },
  }, async (req): R<'POST /api/auth/logout'> => {
    await deps.auth.logout(userOf(req), req.ip);
    return { ok: true };
  });

  app.get('/api/me', {
    schema: { tags: ['auth'], summary: '当前用户 / the signed-in user', response: { 200: UserDtoS, ...errors(401) } },
  }, async (req): R<'GET /api/me'> => {
    const u = await deps.services.users.findById(userOf(req).userId);
    if (!u || !u.active) throw new DomainError('UNAUTHENTICATED', '账号已停用 / the account is disabled');
    return publicUser(u);
  });
}
