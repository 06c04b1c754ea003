/**
 * startIvr(config, deps): connects to ARI, registers the Stasis application and runs the flows. Used by main.ts
 * (standalone) and by the platform launcher (in-process next to the bridge). It never listens on anything itself.
 */
import { AriConnection } from './ari/ari-connection.js';
import { AriAuthError, AriUnavailableError } from './ari/ari-errors.js';
import type { IvrBackend } from './backend/ivr-backend.js';
import type { IvrConfig } from './config.js';
import { ServiceHoursSource } from './calendar/service-hours-source.js';
import { ADOPTED_FLOW, createFlows } from './flows/index.js';
import type { CallOutcome } from './runtime/call-runner.js';
import type { GatherDefaults } from './runtime/channel-flow-context.js';
import { consoleLogger, errorInfo, type Logger } from './runtime/logger.js';
import { StasisDispatcher } from './runtime/stasis-dispatcher.js';

export interface IvrDeps {
  backend: IvrBackend;
  log?: Logger;
  clock?: () => Date;
  /** Keep retrying while ARI is unreachable (a PBX or simulator that starts later). Wrong credentials still fail at once. */
  waitForAri?: boolean;
  gather?: Partial<GatherDefaults>;
  onRequest?: (op: string, ms: number, ok: boolean) => void;
  onCallEnd?: (callId: string, outcome: CallOutcome) => void;
}

export interface IvrHandle {
  readonly connection: AriConnection;
  readonly dispatcher: StasisDispatcher;
  /** The agent hours in force (the database's service calendar, env fields on top). */
  readonly hours: ServiceHoursSource;
  /** Stops taking calls and closes the ARI connection; running calls stay in Stasis for the next start to adopt. */
  stop(opts?: { drain?: boolean }): Promise<void>;
}

async function connectWithRetry(config: IvrConfig, deps: IvrDeps, log: Logger): Promise<AriConnection> {
  let delay = 500;
  for (;;) {
    try {
      return await AriConnection.connect({
        url: config.ari.url,
        app: config.ari.app,
        connectTimeoutMs: config.ari.connectTimeoutMs,
        requestTimeoutMs: config.ari.requestTimeoutMs,
        log,
        onRequest: deps.onRequest,
      });
    } catch (e) {
      if (e instanceof AriAuthError || !deps.waitForAri || !(e instanceof AriUnavailableError || (e as Error).name === 'AriTimeoutError')) throw e;
      log.warn(errorInfo(e), `ARI not reachable; retrying in ${delay} ms`);
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, 10_000);
    }
  }
}

export async function startIvr(config: IvrConfig, deps: IvrDeps): Promise<IvrHandle> {
  const log = deps.log ?? consoleLogger;
  const connection = await connectWithRetry(config, deps, log);
  // agent hours from the database's service calendar (env fields override), re-read in the background
  const hours = new ServiceHoursSource(config.hours, deps.backend, config.hoursFromEnv ?? { hours: false, weekdays: false, holidays: false }, log);
  await hours.refresh();
  hours.start(config.calendarRefreshMs ?? 60_000);
  const flows = createFlows({
    backend: deps.backend,
    get hours() {
      return hours.current;
    },
    routing: config.routing,
    survey: config.survey,
    bookingWindowDays: config.bookingWindowDays,
    log,
  });
  const dispatcher = new StasisDispatcher(connection, {
    ...flows,
    app: config.ari.app,
    adoptFlow: ADOPTED_FLOW,
    log,
    context: { clock: deps.clock, gather: deps.gather },
    onCallEnd: deps.onCallEnd,
  });
  // calls parked in our application by an earlier run (or while we were away) get an apology and an agent
  await dispatcher.readopt();
  log.info({ app: config.ari.app, ari: connection.endpoint.base, hours: hours.source }, 'IVR ready');
  return {
    connection,
    dispatcher,
    hours,
    async stop(opts = {}) {
      hours.stop();
      if (opts.drain) await dispatcher.drain();
      dispatcher.detach();
      connection.close();
    },
  };
}
