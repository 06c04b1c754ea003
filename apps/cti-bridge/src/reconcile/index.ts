/**
 * The bridge's reconcile room: wires the PBX call log reconciler (reconciler.ts) to the bridge — run after every
 * resync (a start is the first resync) and every RECONCILE_INTERVAL_SECONDS while the AMI link is up.
 */
import { existsSync } from 'node:fs';
import { PbxReconcileService, type DomainServices } from '@donorline/domain/node';
import type { BridgeConfig } from '../config.js';
import { PbxReconciler, type ReconcileRun, type ReconcilerLog } from './reconciler.js';

export { PbxReconciler, type LogCheck, type ReconcileFigures, type ReconcileRun } from './reconciler.js';

export interface ReconcileRoom {
  /** Null when CDR_LOG_FILE=off. */
  reconciler: PbxReconciler | null;
  /** One pass now (after a resync, on demand); never throws (a failed pass is logged and retried by the next). */
  run(reason: string): Promise<ReconcileRun | null>;
  stop(): void;
}

export function createReconcile(o: {
  config: Readonly<BridgeConfig>;
  services: DomainServices;
  isLive(linkedid: string): boolean;
  flush(): Promise<void>;
  linked(): boolean;
  /** With several bridges only the AMI owner reconciles (the others' records come through it). */
  owner?(): boolean;
  log: ReconcilerLog;
  observe?(run: ReconcileRun): void;
}): ReconcileRoom {
  const file = o.config.pbx.cdrLogFile;
  if (!file) return { reconciler: null, run: async () => null, stop: () => undefined };
  const reconciler = new PbxReconciler({
    file, store: new PbxReconcileService(o.services.ds, o.services.calls), isLive: o.isLive, flush: o.flush, log: o.log, observe: o.observe,
    toleranceMs: o.config.pbx.reconcileToleranceSeconds * 1000,
    recordingDirs: { recordingsDir: o.config.pbx.recordingsDir, pbxRecordingsDir: o.config.pbx.pbxRecordingsDir },
  });
  let warnedMissing = false;
  const run = async (reason: string): Promise<ReconcileRun | null> => {
    if (o.owner && !o.owner()) return null;
    if (!existsSync(file)) {
      if (!warnedMissing) o.log.warn({ file }, 'no PBX call log to reconcile with (asterisk/cdr_custom.conf; CDR_LOG_FILE)');
      warnedMissing = true;
    }
    try {
      return await reconciler.run(reason);
    } catch (err) {
      o.log.warn({ err }, 'reconciling with the PBX call log failed (retried at the next pass)');
      return null;
    }
  };
  const every = o.config.pbx.reconcileIntervalSeconds;
  const timer = every > 0 ? setInterval(() => void (o.linked() ? run('interval') : null), every * 1000) : null;
  timer?.unref();
  return { reconciler, run, stop: () => (timer ? clearInterval(timer) : undefined) };
}
