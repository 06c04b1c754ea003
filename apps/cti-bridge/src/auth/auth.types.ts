import '@fastify/jwt';
import type { Role } from '@donorline/domain';

/** Who is calling, as proven by a valid token. HTTP handlers find it on `request.user`; Socket.IO on `socket.data`. */
export interface AuthUser {
  userId: number;
  username: string;
  role: Role;
}

/** The JWT payload. `sub` is the user id (a string, as RFC 7519 wants). */
export interface TokenClaims {
  sub: string;
  username: string;
  role: Role;
  iat?: number;
  exp?: number;
}

declare module '@fastify/jwt' {
  interface FastifyJWT {
    payload: TokenClaims;
    user: AuthUser;
  }
}
