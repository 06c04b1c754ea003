import type { SimLogger } from './core/logger.js';
import type { DonorBehaviour } from './model/devices.js';
import type { ProfileName } from './model/profiles.js';

export interface SimulatorOptions {
  /** `donorline` (default) or `lab`. */
  profile?: ProfileName;
  /** AMI TCP port; 0 = ephemeral. Default 15038. */
  amiPort?: number;
  /** ARI/HTTP port (ARI, api-docs, events WebSocket, control API); 0 = ephemeral. Default 18088. */
  ariPort?: number;
  /** Bind address. Default 127.0.0.1. */
  host?: string;
  /** AMI and ARI user. Default `donorline` (`cti` in the lab profile). */
  username?: string;
  secret?: string;
  /**
   * Asterisk's cdr-custom log folder (/var/log/asterisk/cdr-custom): when set, every CDR is also appended to the
   * files the profile's cdr_custom.conf maps, in that file's format (model/cdr-custom.ts). Unset: no CDR files.
   */
  cdrDir?: string;
  /** Where MixMonitor (relative names) and ARI stored recordings (`ari/`) are written. */
  recordingsDir?: string;
  /** Sounds for `sound:` media, with language subfolders. Default `<repo>/asterisk/sounds`. */
  soundsDir?: string;
  /** Directory of the profile's Asterisk .conf files (extensions, queues, features, musiconhold). */
  configDir?: string;
  /** Multiplies every simulated duration (ring timeouts, waits, talk times). Default 1. */
  timeScale?: number;
  /** Default auto-answer delay of simulated agent phones (ms); null = ring until told. Default null. */
  autoAnswerMs?: number | null;
  /**
   * After `core restart` the phones are UNAVAILABLE until Asterisk qualifies them again; each one comes back at a
   * random moment within this many (simulated) ms — qualify_frequency in pjsip.conf. Default 30000.
   */
  requalifyMs?: number;
  /** Where the re-qualify moments come from (uniform in [0, 1)); tests pin it. Default Math.random. */
  requalifyRandom?: () => number;
  /** How simulated donors answer click-to-dial calls. */
  donors?: Partial<DonorBehaviour>;
  /** Synthesised Mandarin speech in recordings when espeak-ng is installed (default true). */
  speech?: boolean;
  /**
   * The AMI user's permission classes. `'manager.conf'` (default): the `read`/`write` lines of the user's section in
   * the profile's manager.conf — the donorline profile's `asterisk/manager.conf` has no system/command/config, so
   * e.g. the MixMonitor action answers `Permission denied` as on the production Asterisk; without such a file or
   * section (the lab profile) every class. `'all'`: permissive. Or explicit class lists (`{ write: 'call,agent' }`).
   */
  amiPrivileges?: 'manager.conf' | 'all' | { read?: string; write?: string };
  /**
   * The order of the two legs' Hangup events on AMI (see ami/hangup-order.ts): natural (default), caller-first,
   * agent-first, reversed or random (per call, from `hangupSeed`) — a real Asterisk varies it.
   */
  hangupOrder?: 'natural' | 'caller-first' | 'agent-first' | 'reversed' | 'random';
  /** Atxfer answers Success and no consultation starts, as on a real Asterisk missing the pbx-transfer prompt. */
  atxferSilentFail?: boolean;
  /** Seed of the `random` hangup order (default 1). */
  hangupSeed?: number;
  /** ARI asterisk_id (the lab's was 02:fc:00:00:00:01). */
  asteriskId?: string;
  logger?: SimLogger;
}
