import type { EventEmitter } from 'node:events';
import type { Scheduler } from '../core/scheduler.js';
import type { Channel } from './channel.js';
import type { Engine } from './engine.js';
import type { DeviceService } from './devices.js';
import type { MediaService } from './media.js';
import type { QueueService } from './queue-service.js';
import type { StasisService } from './stasis.js';

/** A dialplan application: resolves 0 to continue with the next priority, -1 to end the dialplan. */
export type DialplanApp = (sim: SimServices, ch: Channel, data: string) => Promise<number>;

export interface SimOptionsResolved {
  profile: 'donorline' | 'lab';
  timeScale: number;
  recordingsDir: string;
  soundsDir: string;
  autoAnswerMs: number | null;
  /** The absolute directory MixMonitor names are reported under (MIXMONITOR_FILENAME). */
  monitorDir: string;
  speech: boolean;
  /**
   * As a real Asterisk without the stock `pbx-transfer` prompt: AMI Atxfer answers Success but the consultation
   * never starts (no new channel, the caller stays with the agent). Settable at run time (tests).
   */
  atxferSilentFail: boolean;
}

/** Everything dialplan applications, ARI and AMI handlers need, in one place. */
export interface SimServices {
  readonly engine: Engine;
  readonly scheduler: Scheduler;
  readonly apps: Map<string, DialplanApp>;
  readonly queues: QueueService;
  readonly stasis: StasisService;
  readonly devices: DeviceService;
  readonly media: MediaService;
  readonly observer: EventEmitter;
  readonly options: SimOptionsResolved;
  /** Start a dialplan thread on a channel (fire and forget). */
  runPbx(ch: Channel, context: string, exten: string, priority: number): void;
}
