export { accessEntryKey, createAuth, JWT_ALGORITHM, JWT_AUDIENCE, JWT_ISSUER, MEDIA_AUDIENCE, sessionEndedError, ttlSeconds, type Auth, type LoginResult } from './auth.js';
export type { AccessChange, AuthUser, MediaClaims, TokenClaims } from './auth.types.js';
export { LoginThrottle, type LoginThrottleOptions, type ThrottleScope, type ThrottleVerdict } from './login-throttle.js';
export { ADMIN_ONLY, OVERSIGHT, UNMASK_ROLES, hasRole, isOversight, requireRole } from './roles.js';
export { registerAuthRoutes } from './auth.routes.js';
