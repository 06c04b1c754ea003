/**
 * Training mode (the simulated PBX): the same softphone panel, no SIP. The "phone" is the seat's simulated phone; the
 * panel's keys become the desk's call commands (answer / hold / resume / mute / DTMF), which the bridge turns into the
 * simulator's phone keys, MUTEAUDIO and PlayDTMF — and the ring follows the desk's pops.
 */
import type { CallPhase, PhoneEngine, PhoneEvents } from './engine.js';

export interface TrainingDeps {
  /** The active call's commands (the desk's call store / socket commands). */
  answer(): Promise<void>;
  hangup(): Promise<void>;
  hold(on: boolean): Promise<void>;
  mute(on: boolean): Promise<boolean>;
  dtmf(digits: string): Promise<void>;
}

export class TrainingEngine implements PhoneEngine {
  readonly kind = 'training' as const;
  private phase: CallPhase = 'idle';

  constructor(
    private readonly d: TrainingDeps,
    private readonly on: PhoneEvents,
  ) {}

  async start(): Promise<void> {
    this.on.state('ready');
  }

  stop(): void {
    this.on.state('off');
  }

  /** The desk's view of the active call drives the panel (the pop rings it, call:updated moves it on). */
  follow(phase: CallPhase, caller?: string): void {
    if (phase === this.phase) return;
    this.phase = phase;
    if (phase === 'idle') this.on.muted(false);
    this.on.call(phase, caller ? { caller } : undefined);
  }

  answer(): Promise<void> {
    return this.d.answer();
  }

  hangup(): Promise<void> {
    return this.d.hangup();
  }

  hold(on: boolean): Promise<void> {
    return this.d.hold(on);
  }

  async mute(on: boolean): Promise<void> {
    this.on.muted(await this.d.mute(on));
  }

  dtmf(digits: string): Promise<void> {
    return this.d.dtmf(digits);
  }

  async setDevices(): Promise<void> {
    // the simulated phone has no devices
  }
}
