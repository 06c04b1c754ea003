import { consoleLogger } from './core/logger.js';
import { optionsFromEnv } from './config/env.js';
import { startSimulator } from './simulator.js';

/**
 * `npm run sim`: the simulated Asterisk alone. Environment: SIM_PROFILE (donorline|lab), SIM_AMI_PORT
 * (15038), SIM_ARI_PORT (18088), SIM_HOST, SIM_USERNAME, SIM_SECRET, SIM_RECORDINGS_DIR, SIM_CDR_DIR, SIM_SOUNDS_DIR,
 * SIM_CONFIG_DIR, SIM_TIME_SCALE, SIM_AUTO_ANSWER_MS, SIM_SPEECH=0, SIM_LOG_LEVEL.
 */
async function main(): Promise<void> {
  const level = (process.env.SIM_LOG_LEVEL ?? 'info') as 'debug' | 'info' | 'warn' | 'error';
  const opts = { ...optionsFromEnv(process.env), logger: consoleLogger(level) };
  const sim = await startSimulator(opts);
  console.log(
    JSON.stringify({
      profile: sim.profile.name,
      ami: `${sim.host}:${sim.amiPort}`,
      ari: sim.ariUrl,
      control: sim.controlUrl,
      username: sim.username,
    }),
  );
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    void sim.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
