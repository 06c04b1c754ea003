/**
 * SMPP (v3.4/v5, bind_transceiver) settings from env (read by sms-config.ts), for SMS_PROVIDER=smpp — a carrier's or
 * aggregator's SMPP gateway — and for the simulated gateway with SMS_SIM_PROTOCOL=smpp (demo values):
 *  SMS_SMPP_HOST / SMS_SMPP_PORT   the gateway (port 2775 by default; the simulator: SMS_SIM_SMPP_PORT, 18775)
 *  SMS_SMPP_SYSTEM_ID / SMS_SMPP_PASSWORD   the bind account (required; SMPP limits: 15 and 8 characters)
 *  SMS_SMPP_SYSTEM_TYPE            the bind's system_type, when the gateway asks for one (empty)
 *  SMS_SMPP_SOURCE_ADDR            the sender: the center's long number or 106 code (required; digits)
 *  SMS_SMPP_ENQUIRE_MS (30000)     enquire_link keep-alive period (an unanswered one drops the link and reconnects)
 *  SMS_SMPP_WINDOW (10)            submit_sm in flight at most (the gateway's window)
 *  SMS_SMPP_RECONNECT_MAX_MS (60000)  the longest wait between reconnects (back-off from 1 s, doubling)
 * The bind mode is always transceiver: receipts and donor replies come back as deliver_sm on the same outbound link.
 */
export interface SmppConfig {
  host: string;
  port: number;
  systemId: string;
  password: string;
  systemType: string;
  sourceAddr: string;
  enquireLinkMs: number;
  window: number;
  reconnectMaxMs: number;
}

/** The simulator's demo SMPP account. */
export const SIM_SMPP = Object.freeze({ systemId: 'donorline', password: 'smppdemo', sourceAddr: '1069012345' });

type Env = Readonly<Record<string, string | undefined>>;
type Num = (env: Env, key: string, dflt: number, min: number, max: number, fail: (m: string) => Error) => number;

/** sim: the simulator's account and port where env gives none; real: host and account required, each refusal naming its variable. */
export function smppConfig(env: Env, sim: boolean, num: Num, fail: (m: string) => Error): SmppConfig {
  const missing = ['SMS_SMPP_HOST', 'SMS_SMPP_SYSTEM_ID', 'SMS_SMPP_PASSWORD', 'SMS_SMPP_SOURCE_ADDR'].filter((k) => !sim && !env[k]);
  if (missing.length) throw fail(`${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} required with SMS_PROVIDER=smpp (SMPP 网关需要地址、账号、密码和发送号码)`);
  const systemId = env.SMS_SMPP_SYSTEM_ID || SIM_SMPP.systemId;
  const password = env.SMS_SMPP_PASSWORD || SIM_SMPP.password;
  const systemType = env.SMS_SMPP_SYSTEM_TYPE ?? '';
  const sourceAddr = env.SMS_SMPP_SOURCE_ADDR || SIM_SMPP.sourceAddr;
  if (systemId.length > 15) throw fail(`SMS_SMPP_SYSTEM_ID must have at most 15 characters (SMPP system_id), got ${systemId.length}`);
  if (password.length > 8) throw fail(`SMS_SMPP_PASSWORD must have at most 8 characters (SMPP password), got ${password.length}`);
  if (systemType.length > 12) throw fail(`SMS_SMPP_SYSTEM_TYPE must have at most 12 characters, got ${systemType.length}`);
  if (!/^\d{3,20}$/.test(sourceAddr)) throw fail(`SMS_SMPP_SOURCE_ADDR must be the center's number or 106 code (3–20 digits), got "${sourceAddr}"`);
  const host = env.SMS_SMPP_HOST || '127.0.0.1';
  if (!/^[A-Za-z0-9.:[\]-]{1,253}$/.test(host)) throw fail(`SMS_SMPP_HOST must be a host name or address, got "${host}"`);
  return {
    host, systemId, password, systemType, sourceAddr,
    port: sim ? num(env, 'SMS_SIM_SMPP_PORT', 18775, 0, 65535, fail) : num(env, 'SMS_SMPP_PORT', 2775, 1, 65535, fail),
    enquireLinkMs: num(env, 'SMS_SMPP_ENQUIRE_MS', 30_000, 100, 600_000, fail),
    window: num(env, 'SMS_SMPP_WINDOW', 10, 1, 1000, fail),
    reconnectMaxMs: num(env, 'SMS_SMPP_RECONNECT_MAX_MS', 60_000, 100, 3_600_000, fail),
  };
}
