/**
 * Live monitoring's configuration from env (read once by config.ts):
 *  MONITOR_ANNOUNCE      whether the monitored agent's desk is told (a notice):
 *                        off    never — silent monitoring stays silent, whisper and barge are heard anyway;
 *                        speak  when the supervisor speaks to the agent (whisper, barge) — the default: the agent knows
 *                               whose voice it is and that the donor may hear it (barge);
 *                        all    from the start, listening included (centres that promise their agents to be told).
 *  MONITOR_RING_SECONDS  how long the supervisor's phone rings for the spy leg before the attempt fails (default 30).
 */
export type MonitorAnnounce = 'off' | 'speak' | 'all';

export interface MonitorConfig {
  announce: MonitorAnnounce;
  ringSeconds: number;
}

export function monitorConfig(env: Readonly<Record<string, string | undefined>>, fail: (msg: string) => Error): MonitorConfig {
  const announce = (env.MONITOR_ANNOUNCE ?? 'speak').trim().toLowerCase();
  if (announce !== 'off' && announce !== 'speak' && announce !== 'all') throw fail(`MONITOR_ANNOUNCE: "${env.MONITOR_ANNOUNCE}" is not off, speak or all`);
  const raw = env.MONITOR_RING_SECONDS?.trim() || '30';
  const ringSeconds = Number(raw);
  if (!/^\d+$/.test(raw) || ringSeconds < 5 || ringSeconds > 120) throw fail(`MONITOR_RING_SECONDS: "${raw}" is not a whole number of seconds between 5 and 120`);
  return { announce, ringSeconds };
}
