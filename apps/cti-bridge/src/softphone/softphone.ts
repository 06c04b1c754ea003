/**
 * The desk's WebRTC softphone: which seats are softphones, and the SIP credentials of a seat. A seat's password is
 * HMAC-SHA256(SOFTPHONE_SECRET, extension) as hex, first 24 digits — exactly what asterisk/docker-entrypoint.sh
 * writes into the generated pjsip.secrets.conf, so the bridge and Asterisk agree without sharing a file.
 */
import { createHmac } from 'node:crypto';
import type { SoftphoneConfig } from '@donorline/domain';
import type { BridgeConfig } from '../config.js';

export function softphonePassword(secret: string, ext: string): string {
  return createHmac('sha256', secret).update(ext).digest('hex').slice(0, 24);
}

export function isSoftphoneSeat(cfg: NonNullable<BridgeConfig['softphone']>, ext: string): boolean {
  return /^\d{4}$/.test(ext) && Number(ext) >= cfg.first && Number(ext) <= cfg.last;
}

/** What the desk of a user seated at `ext` gets: its softphone, training (the simulator), or none. */
export function softphoneFor(config: Readonly<BridgeConfig>, ext: string | null): SoftphoneConfig {
  if (config.pbx.mode === 'sim') return { mode: 'training', extension: ext };
  const sp = config.softphone;
  if (!sp || !ext || !isSoftphoneSeat(sp, ext)) return { mode: 'none', extension: ext, seats: sp ? `${sp.first}-${sp.last}` : null };
  return {
    mode: 'webrtc',
    extension: ext,
    wsUrl: sp.wsUrl,
    uri: `sip:${ext}@${sp.domain}`,
    authorizationUser: ext,
    password: softphonePassword(sp.secret, ext),
    iceServers: sp.iceServers,
  };
}
