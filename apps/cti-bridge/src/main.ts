/**
 * The bridge as a standalone process: config from the environment, build, connect to Asterisk (or to a simulator
 * started separately: `npm run sim`), listen, and stop cleanly on SIGINT/SIGTERM. The embedded platform with the
 * simulator, the IVR and the desk is `npm start` (scripts/platform.ts).
 */
import { buildBridge } from './app.js';
import { ConfigError, loadConfig, type BridgeConfig } from './config.js';

async function main(): Promise<void> {
  let config: Readonly<BridgeConfig>;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(`configuration error: ${e.message}`);
      process.exit(2);
    }
    throw e;
  }
  const bridge = await buildBridge(config);
  await bridge.start();
  await bridge.fastify.listen({ host: config.http.host, port: config.http.port });
  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    bridge.fastify.log.info({ signal }, 'stopping');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    await bridge.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((e: unknown) => {
  console.error('the bridge could not start:', e);
  process.exit(1);
});
