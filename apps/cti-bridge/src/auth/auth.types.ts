import '@fastify/jwt';
import type { Role, SessionEndReason } from '@donorline/domain';

/** Who is calling, as proven by a valid token. HTTP handlers find it on `request.user`; Socket.IO on `socket.data`. */
export interface AuthUser {
  userId: number;
  username: string;
  role: Role;
  /** The sign-in session (auth_session id) the token belongs to. */
  sid: string;
  /** Token expiry, epoch seconds. */
  exp: number;
}

/** The desk's session token (JWT, aud donorline-desk). `sub` is the user id (a string, as RFC 7519 wants). */
export interface TokenClaims {
  sub: string;
  username: string;
  role: Role;
  sid: string;
  iss?: string;
  aud?: string;
  iat?: number;
  exp?: number;
}

/** A media URL's token (aud donorline-media): one recording, one session, minutes. */
export interface MediaClaims {
  sub: string;
  sid: string;
  rec: number;
  iss?: string;
  aud?: string;
  iat?: number;
  exp?: number;
}

/**
 * Something about a person's access changed. The realtime side closes the sockets of ended sessions; the seats side
 * frees the seat (`free`), or re-reads the account and frees the seat only if it is no longer allowed (`recheck`:
 * an extension taken away, queues changed, a new name or 工号 to show).
 */
export interface AccessChange {
  userId: number;
  /** Only this session (a logout); absent: every session of the person. */
  sid?: string;
  /** Why sessions ended; `updated` when none did. */
  reason: SessionEndReason | 'updated';
  endSession: boolean;
  seat: 'free' | 'recheck' | 'keep';
}

declare module '@fastify/jwt' {
  interface FastifyJWT {
    payload: TokenClaims;
    user: AuthUser;
  }
}
