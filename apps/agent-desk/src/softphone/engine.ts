/**
 * The softphone's engines behind one interface: `SipEngine` (JsSIP: the browser IS the phone, over WSS to Asterisk)
 * and `TrainingEngine` (the simulated PBX: the same panel drives the simulated phone through the desk's call
 * commands). The panel and the store only speak this.
 */
export type PhoneState =
  | 'off' // not started (hard-phone seat, or not enabled yet)
  | 'connecting' // socket opening / registering
  | 'ready' // registered: calls can ring here
  | 'socket-down' // the WSS connection dropped: calls cannot reach this browser (JsSIP retries)
  | 'registration-failed' // Asterisk refused the registration
  | 'mic-denied' // the browser refused the microphone: calls cannot be answered
  | 'error';

export type CallPhase = 'idle' | 'ringing' | 'connecting' | 'talking' | 'held';

export interface PhoneEvents {
  state(s: PhoneState, detail?: string): void;
  call(phase: CallPhase, info?: { caller?: string }): void;
  muted(on: boolean): void;
}

export interface PhoneEngine {
  readonly kind: 'webrtc' | 'training';
  start(): Promise<void>;
  stop(): void;
  answer(): Promise<void>;
  hangup(): Promise<void>;
  hold(on: boolean): Promise<void>;
  mute(on: boolean): Promise<void>;
  dtmf(digits: string): Promise<void>;
  /** Microphone (deviceId, '' = default) for the next answer; speaker for the remote audio. */
  setDevices(d: { mic?: string; speaker?: string }): Promise<void>;
}
