import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { DomainServices } from '@donorline/domain/node';
import type { Auth } from '../auth/auth.js';
import type { BridgeConfig } from '../config.js';
import type { MetricsSource } from '../guard/metrics-exposure.js';
import type { LivePort } from './live-port.js';
import type { SeatPort } from './seat-port.js';
import type { Outage } from '../outage/index.js';

/** What registerHttp needs: the config, the domain services on the open database, auth, and the live side. */
export interface HttpDeps {
  config: Readonly<BridgeConfig>;
  services: DomainServices;
  auth: Auth;
  live: LivePort;
  /** Seats (the running bridge's agents); absent in an API-only app. */
  seats?: SeatPort;
  /** Shown by /api/health and the OpenAPI document (default: the bridge package's version). */
  version?: string;
  /** What /metrics serves (prom-client registry), once the bridge has built it (guard/metrics-exposure.ts). */
  metrics?: () => MetricsSource | null;
  /** Working through a database outage: wrap-ups journalled while it is away (outage/). */
  outage?: Outage;
}

/** The encapsulated API context: TypeBox schemas give typed params/query/body and typed replies. */
export type Api = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, TypeBoxTypeProvider>;
