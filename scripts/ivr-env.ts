/**
 * The IVR's environment as `npm start` (scripts/platform.ts) builds it from the bridge's configuration.
 *
 * - Simulator: the IVR uses the simulator's credentials and finds voice messages (ARI recordings) where the simulator
 *   writes them (`<recordings>/ari`).
 * - Real Asterisk: the bridge and the IVR are two ARI users (asterisk/ari.conf) — the bridge's `ARI_URL` is the
 *   read-only `donorline-bridge`, the IVR needs the read/write `donorline-ivr` in `IVR_ARI_URL`; voice messages are
 *   where Asterisk stores ARI recordings (`IVR_ARI_RECORDINGS_DIR`, default /var/spool/asterisk/recording — on one
 *   host that is the very folder; elsewhere a shared mount), never the simulator's folder.
 */
import path from 'node:path';
import type { BridgeConfig } from '../apps/cti-bridge/src/config.js';

export class IvrEnvError extends Error {
  override readonly name = 'IvrEnvError';
}

export const ASTERISK_ARI_RECORDINGS_DIR = '/var/spool/asterisk/recording';

export function ivrEnv(config: Readonly<BridgeConfig>, env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  let ariUrl: string;
  let recordingsDir: string;
  if (config.pbx.mode === 'sim') {
    const a = config.pbx.ari;
    const u = new URL(a.url);
    u.username = encodeURIComponent(a.username);
    u.password = encodeURIComponent(a.secret);
    ariUrl = u.toString().replace(/\/$/, '');
    recordingsDir = path.join(config.pbx.recordingsDir, 'ari');
  } else {
    const raw = env.IVR_ARI_URL?.trim();
    if (!raw) {
      throw new IvrEnvError('with a real Asterisk the IVR needs its own ARI user: set IVR_ARI_URL=http://donorline-ivr:<ARI_IVR_SECRET>@<host>:8088 (or IVR_ENABLED=false)');
    }
    let u: URL;
    try {
      u = new URL(raw);
    } catch {
      throw new IvrEnvError(`IVR_ARI_URL is not a URL: '${raw.replace(/\/\/[^@/]*@/, '//…@')}'`);
    }
    if (!/^https?:$/.test(u.protocol) || !u.username || !u.password) throw new IvrEnvError('IVR_ARI_URL must be http(s)://user:secret@host:8088');
    if (decodeURIComponent(u.username) === config.pbx.ari.username) {
      throw new IvrEnvError(`IVR_ARI_URL uses the bridge's ARI user '${config.pbx.ari.username}': the IVR needs the read/write user (donorline-ivr)`);
    }
    ariUrl = raw.replace(/\/$/, '');
    recordingsDir = env.IVR_ARI_RECORDINGS_DIR?.trim() || ASTERISK_ARI_RECORDINGS_DIR;
  }
  return {
    ...env,
    ARI_URL: ariUrl,
    IVR_APP: config.ivr.app,
    IVR_AREA_CODE: config.phone.defaultAreaCode,
    IVR_SURVEY: config.ivr.survey ? '1' : '0',
    IVR_ARI_RECORDINGS_DIR: recordingsDir,
  };
}
