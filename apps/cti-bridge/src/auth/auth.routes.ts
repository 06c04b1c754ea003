/** POST /api/auth/login and GET /api/me. */
import { Type } from '@fastify/type-provider-typebox';
import { DomainError, type HttpApi } from '@donorline/domain';
import { publicUser } from '@donorline/domain/node';
import type { Api, HttpDeps } from '../http/http-deps.js';
import { errors } from '../http/schemas/common.schemas.js';
import { UserDtoS } from '../http/schemas/dto.schemas.js';
import { userOf } from './auth.hook.js';

type R<K extends keyof HttpApi> = HttpApi[K] extends { reply: infer T } ? Promise<T> : never;

export function registerAuthRoutes(app: Api, deps: HttpDeps): void {
  app.post('/api/auth/login', {
    config: { public: true },
    schema: {
      tags: ['auth'],
      summary: '登录 / sign in',
      description: 'Returns a JWT (HS256; sub = user id, role, expiry TOKEN_TTL) for `Authorization: Bearer` and the Socket.IO `auth.token`. '
        + `After ${deps.config.auth.login.maxFailures} failures in ${deps.config.auth.login.windowSeconds} s a user name is locked for ${deps.config.auth.login.lockoutSeconds} s (429, Retry-After); failures are answered with a growing delay.`,
      security: [],
      body: Type.Object({ username: Type.String({ minLength: 1, maxLength: 64 }), password: Type.String({ minLength: 1, maxLength: 256 }) }),
      response: { 200: Type.Object({ token: Type.String(), user: UserDtoS }), ...errors(400, 401, 429) },
    },
  }, async (req): R<'POST /api/auth/login'> => {
    const user = await deps.auth.checkPassword(req.body.username, req.body.password, req.ip);
    return { token: app.jwt.sign(deps.auth.claimsOf(user)), user };
  });

  app.get('/api/me', {
    schema: { tags: ['auth'], summary: '当前用户 / the signed-in user', response: { 200: UserDtoS, ...errors(401) } },
  }, async (req): R<'GET /api/me'> => {
    const u = await deps.services.users.findById(userOf(req).userId);
    if (!u || !u.active) throw new DomainError('UNAUTHENTICATED', '账号已停用 / the account is disabled');
    return publicUser(u);
  });
}
