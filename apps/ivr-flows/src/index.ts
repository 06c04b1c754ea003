/** @donorline/ivr-flows: the donor self-service IVR, for the platform launcher (in-process) and main.ts. */
export { startIvr, type IvrDeps, type IvrHandle } from './ivr.js';
export { loadConfig, ConfigError, DEFAULT_ARI_URL, type IvrConfig } from './config.js';
export type { IvrBackend } from './backend/ivr-backend.js';
export { MemoryBackend } from './backend/memory-backend.js';
export { DomainBackend, type DomainBackendOptions } from './backend/domain-backend.js';
