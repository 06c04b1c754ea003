import type { SimulatorOptions } from '../simulator-types.js';
import { HANGUP_ORDERS, type HangupOrder } from '../ami/hangup-order.js';

/** Options for `npm run sim` from the environment (SIM_* variables). */
export function optionsFromEnv(env: NodeJS.ProcessEnv): SimulatorOptions {
  const o: SimulatorOptions = {};
  const profile = env.SIM_PROFILE ?? 'donorline';
  if (profile !== 'donorline' && profile !== 'lab') throw new Error(`SIM_PROFILE must be donorline or lab, got ${profile}`);
  o.profile = profile;
  const port = (name: string): number | undefined => {
    const v = env[name];
    if (v === undefined || v === '') return undefined;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`${name} must be a port number, got ${v}`);
    return n;
  };
  const ami = port('SIM_AMI_PORT');
  if (ami !== undefined) o.amiPort = ami;
  const ari = port('SIM_ARI_PORT');
  if (ari !== undefined) o.ariPort = ari;
  if (env.SIM_HOST) o.host = env.SIM_HOST;
  if (env.SIM_USERNAME) o.username = env.SIM_USERNAME;
  if (env.SIM_SECRET) o.secret = env.SIM_SECRET;
  if (env.SIM_RECORDINGS_DIR) o.recordingsDir = env.SIM_RECORDINGS_DIR;
  if (env.SIM_CDR_DIR) o.cdrDir = env.SIM_CDR_DIR;
  if (env.SIM_SOUNDS_DIR) o.soundsDir = env.SIM_SOUNDS_DIR;
  if (env.SIM_CONFIG_DIR) o.configDir = env.SIM_CONFIG_DIR;
  if (env.SIM_TIME_SCALE) {
    const t = Number(env.SIM_TIME_SCALE);
    if (!(t > 0)) throw new Error(`SIM_TIME_SCALE must be > 0, got ${env.SIM_TIME_SCALE}`);
    o.timeScale = t;
  }
  if (env.SIM_AUTO_ANSWER_MS) {
    const t = Number(env.SIM_AUTO_ANSWER_MS);
    if (!(t >= 0)) throw new Error('SIM_AUTO_ANSWER_MS must be >= 0');
    o.autoAnswerMs = t;
  }
  if (env.SIM_SPEECH === '0' || env.SIM_SPEECH === 'false') o.speech = false;
  const order = env.SIM_HANGUP_ORDER;
  if (order) {
    if (!(HANGUP_ORDERS as readonly string[]).includes(order)) throw new Error(`SIM_HANGUP_ORDER must be one of ${HANGUP_ORDERS.join(', ')}, got ${order}`);
    o.hangupOrder = order as HangupOrder;
  }
  if (env.SIM_HANGUP_SEED) {
    const seed = Number(env.SIM_HANGUP_SEED);
    if (!Number.isInteger(seed)) throw new Error(`SIM_HANGUP_SEED must be an integer, got ${env.SIM_HANGUP_SEED}`);
    o.hangupSeed = seed;
  }
  const priv = env.SIM_AMI_PRIVILEGES;
  if (priv) {
    if (priv !== 'all' && priv !== 'manager.conf') throw new Error(`SIM_AMI_PRIVILEGES must be all or manager.conf, got ${priv}`);
    o.amiPrivileges = priv;
  }
  return o;
}
