/**
 * The browser as the agent's phone: JsSIP over WSS to Asterisk (res_pjsip_transport_websocket), DTLS-SRTP and ICE
 * as `webrtc = yes` requires. Why JsSIP: maintained (3.13, 2025), typed, and hold (re-INVITE sendonly), mute,
 * RFC 4733 DTMF and REFER are built in — SIP.js's last release (0.21) is from 2022.
 */
import JsSIP from 'jssip';
import type { DTMF_TRANSPORT } from 'jssip/lib/Constants';
import type { RTCSession } from 'jssip/lib/RTCSession';
import type { PhoneEngine, PhoneEvents } from './engine.js';

export interface SipCredentials {
  wsUrl: string;
  uri: string;
  authorizationUser: string;
  password: string;
  iceServers: string[];
}

export class SipEngine implements PhoneEngine {
  readonly kind = 'webrtc' as const;
  private ua: JsSIP.UA | null = null;
  private session: RTCSession | null = null;
  private mic = '';
  private speaker = '';
  private readonly audio: HTMLAudioElement;

  constructor(
    private readonly creds: SipCredentials,
    private readonly on: PhoneEvents,
  ) {
    this.audio = new Audio();
    this.audio.autoplay = true;
  }

  async start(): Promise<void> {
    this.on.state('connecting');
    // the microphone first: an agent who cannot be heard must know before the first call rings
    try {
      const s = await navigator.mediaDevices.getUserMedia({ audio: true });
      for (const t of s.getTracks()) t.stop();
    } catch (e) {
      this.on.state('mic-denied', (e as Error).message);
      return;
    }
    const socket = new JsSIP.WebSocketInterface(this.creds.wsUrl);
    const ua = new JsSIP.UA({
      sockets: [socket], uri: this.creds.uri, authorization_user: this.creds.authorizationUser, password: this.creds.password,
      register: true, register_expires: 300, session_timers: false, user_agent: 'Donorline desk softphone',
      connection_recovery_min_interval: 2, connection_recovery_max_interval: 10,
    });
    this.ua = ua;
    ua.on('connected', () => this.on.state('connecting'));
    ua.on('disconnected', () => this.on.state('socket-down'));
    ua.on('registered', () => this.on.state('ready'));
    ua.on('unregistered', () => this.ua === ua && this.on.state('connecting'));
    ua.on('registrationFailed', (e: { cause?: string }) => this.on.state('registration-failed', e.cause));
    ua.on('newRTCSession', (e: { originator: string; session: RTCSession }) => this.incoming(e.originator, e.session));
    ua.start();
  }

  private incoming(originator: string, session: RTCSession): void {
    if (originator !== 'remote') return;
    if (this.session) {
      session.terminate({ status_code: 486, reason_phrase: 'Busy Here' });
      return;
    }
    this.session = session;
    const caller = session.remote_identity?.display_name || session.remote_identity?.uri?.user || '';
    session.on('peerconnection', (e: { peerconnection: RTCPeerConnection }) => {
      e.peerconnection.addEventListener('track', (t) => {
        this.audio.srcObject = t.streams[0] ?? new MediaStream([t.track]);
        if (this.speaker) void (this.audio as HTMLAudioElement & { setSinkId?(id: string): Promise<void> }).setSinkId?.(this.speaker);
      });
    });
    session.on('accepted', () => this.on.call('talking'));
    session.on('hold', () => this.on.call('held'));
    session.on('unhold', () => this.on.call('talking'));
    session.on('muted', () => this.on.muted(true));
    session.on('unmuted', () => this.on.muted(false));
    const end = (e?: { cause?: string }): void => {
      if (this.session !== session) return;
      this.session = null;
      this.audio.srcObject = null;
      this.on.muted(false);
      this.on.call('idle');
      if (e?.cause === JsSIP.C.causes.USER_DENIED_MEDIA_ACCESS) this.on.state('mic-denied', e.cause);
    };
    session.on('ended', end);
    session.on('failed', end);
    this.on.call('ringing', { caller });
  }

  async answer(): Promise<void> {
    const s = this.session;
    if (!s || s.isEstablished()) return;
    this.on.call('connecting');
    s.answer({
      mediaConstraints: { audio: this.mic ? { deviceId: { exact: this.mic } } : true, video: false },
      pcConfig: { iceServers: this.creds.iceServers.map((urls) => ({ urls })) },
      rtcOfferConstraints: { offerToReceiveAudio: true, offerToReceiveVideo: false },
    });
  }

  async hangup(): Promise<void> {
    this.session?.terminate();
  }

  async hold(on: boolean): Promise<void> {
    if (!this.session?.isEstablished()) return;
    if (on) this.session.hold();
    else this.session.unhold();
  }

  async mute(on: boolean): Promise<void> {
    if (!this.session) return;
    if (on) this.session.mute({ audio: true });
    else this.session.unmute({ audio: true });
  }

  async dtmf(digits: string): Promise<void> {
    if (!/^[0-9*#A-D]{1,32}$/.test(digits)) throw new Error('digits must be 0-9, * or #');
    const s = this.session;
    if (!s) return;
    try {
      s.sendDTMF(digits, { transportType: 'RFC2833' as DTMF_TRANSPORT, duration: 120, interToneGap: 80 });
    } catch {
      // the RTP sender cannot send DTMF right now (e.g. just after a hold was renegotiated): SIP INFO instead —
      // Asterisk takes INFO DTMF from any endpoint (res_pjsip_dtmf_info)
      s.sendDTMF(digits, { transportType: 'INFO' as DTMF_TRANSPORT, duration: 120, interToneGap: 80 });
    }
  }

  async setDevices(d: { mic?: string; speaker?: string }): Promise<void> {
    if (d.mic !== undefined) this.mic = d.mic;
    if (d.speaker !== undefined) {
      this.speaker = d.speaker;
      const el = this.audio as HTMLAudioElement & { setSinkId?(id: string): Promise<void> };
      if (el.setSinkId) await el.setSinkId(d.speaker).catch(() => undefined);
    }
  }

  stop(): void {
    this.session?.terminate();
    this.session = null;
    const ua = this.ua;
    this.ua = null;
    ua?.stop();
    this.on.state('off');
  }
}
