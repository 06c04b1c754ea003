export { createAuth, JWT_ALGORITHM, JWT_ISSUER, type Auth } from './auth.js';
export type { AuthUser, TokenClaims } from './auth.types.js';
export { LoginThrottle, type LoginThrottleOptions, type ThrottleVerdict } from './login-throttle.js';
export { ADMIN_ONLY, OVERSIGHT, UNMASK_ROLES, hasRole, isOversight, requireRole } from './roles.js';
export { registerAuthRoutes } from './auth.routes.js';
