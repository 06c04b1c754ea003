/**
 * The wallboard's and the reports' figures configuration from env (read once by config.ts):
 *  SL_THRESHOLD_SECONDS  service level = answered within this many seconds (default 20).
 *  SL_TARGET             the service-level target in percent (default 80); the wallboard colours against it.
 *  WALLBOARD_THRESHOLDS  colour/alert thresholds, `key=value` comma-separated over the defaults, e.g.
 *                        "longWaitWarnSeconds=45,waitingAlert=8,pauseAlertSeconds=1200" (keys of WallboardThresholds).
 */
import { DEFAULT_FIGURE_OPTIONS, DEFAULT_WALLBOARD_THRESHOLDS, type WallboardThresholds } from '@donorline/domain';

export interface ReportConfig {
  slThresholdSeconds: number;
  /** 0..1 */
  slTarget: number;
  thresholds: WallboardThresholds;
}

export function reportConfig(env: Readonly<Record<string, string | undefined>>, fail: (msg: string) => Error): ReportConfig {
  const sl = env.SL_THRESHOLD_SECONDS ? Number(env.SL_THRESHOLD_SECONDS) : DEFAULT_FIGURE_OPTIONS.slThresholdSeconds;
  if (!Number.isInteger(sl) || sl < 1 || sl > 600) throw fail('SL_THRESHOLD_SECONDS must be an integer in 1..600');
  const target = env.SL_TARGET ? Number(env.SL_TARGET) : DEFAULT_FIGURE_OPTIONS.slTarget * 100;
  if (!(target > 0 && target <= 100)) throw fail('SL_TARGET must be a percentage in (0, 100]');
  const thresholds: WallboardThresholds = { ...DEFAULT_WALLBOARD_THRESHOLDS };
  for (const part of (env.WALLBOARD_THRESHOLDS ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
    const [k, v] = part.split('=');
    const n = Number(v);
    if (!k || !(k in thresholds) || !(n >= 0 && Number.isFinite(n))) throw fail(`WALLBOARD_THRESHOLDS: "${part}" is not key=number (keys ${Object.keys(thresholds).join(', ')})`);
    thresholds[k as keyof WallboardThresholds] = n;
  }
  return Object.freeze({ slThresholdSeconds: sl, slTarget: target / 100, thresholds: Object.freeze(thresholds) });
}
