/**
 * The desk's phone panel: which engine (WebRTC softphone on a softphone seat, training with the simulator, none for a
 * hard phone), its state, the call on it, mute, and the microphone/speaker choice. The desk's call controls ask
 * `owns()` first: answer and hold of a softphone call happen in the browser, not through the PBX.
 */
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import { shouldAutoAnswerSpyLeg, type SoftphoneConfig } from '@donorline/domain';
import { api } from '../api/index.js';
import { command } from '../realtime/commands.js';
import { useCallStore } from '../stores/call.store.js';
import { useMonitorStore } from '../stores/monitor.store.js';
import type { CallPhase, PhoneEngine, PhoneEvents, PhoneState } from './engine.js';
import { Ringer } from './ringer.js';
import { TrainingEngine } from './training-engine.js';

export interface AudioDevice {
  deviceId: string;
  label: string;
}

export const useSoftphoneStore = defineStore('softphone', () => {
  const config = shallowRef<SoftphoneConfig | null>(null);
  const state = ref<PhoneState>('off');
  const detail = ref<string | null>(null);
  const phase = ref<CallPhase>('idle');
  const caller = ref<string>('');
  const muted = ref(false);
  const mics = ref<AudioDevice[]>([]);
  const speakers = ref<AudioDevice[]>([]);
  const mic = ref('');
  const speaker = ref('');
  let engine: PhoneEngine | null = null;
  /** Bumped by every enable() and stop(): an enable() that was overtaken while loading JsSIP gives up. */
  let epoch = 0;
  const ringer = new Ringer();

  const mode = computed(() => config.value?.mode ?? 'none');
  const webrtc = computed(() => engine?.kind === 'webrtc' && state.value !== 'off');

  const events: PhoneEvents = {
    state: (s, d) => {
      state.value = s;
      detail.value = d ?? null;
    },
    call: (p, info) => {
      phase.value = p;
      if (info?.caller !== undefined) caller.value = info.caller;
      // the supervisor's own spy leg (监听 from the wallboard): answered here, as the simulated phone is in training
      if (p === 'ringing' && engine?.kind === 'webrtc' && shouldAutoAnswerSpyLeg(caller.value, useMonitorStore().waiting)) {
        void engine.answer().catch(() => undefined);
        return;
      }
      if (p === 'ringing') ringer.start('来电 / Incoming call', caller.value || '献血服务热线');
      else ringer.stop();
      if (p === 'idle') caller.value = '';
    },
    muted: (on) => {
      muted.value = on;
    },
  };

  async function listDevices(): Promise<void> {
    if (!navigator.mediaDevices?.enumerateDevices) return;
    const all = await navigator.mediaDevices.enumerateDevices();
    mics.value = all.filter((d) => d.kind === 'audioinput').map((d, i) => ({ deviceId: d.deviceId, label: d.label || `Microphone ${i + 1}` }));
    speakers.value = all.filter((d) => d.kind === 'audiooutput').map((d, i) => ({ deviceId: d.deviceId, label: d.label || `Speaker ${i + 1}` }));
  }

  /** After taking a seat: what phone this seat has. A WebRTC phone starts on `enable()` (a click: mic, notifications). */
  async function load(): Promise<void> {
    stop();
    config.value = await api.request('GET /api/softphone', {});
    // training, or a hard phone: the panel's keys are the desk's call commands (mute and DTMF through the PBX)
    if (config.value.mode === 'training' || config.value.mode === 'none') {
      const calls = useCallStore();
      engine = new TrainingEngine({
        answer: () => calls.answer(),
        hangup: () => calls.hangup(),
        hold: (on) => (on ? calls.hold() : calls.resume()),
        mute: async (on) => {
          const e = calls.active;
          if (!e) return false;
          return (await command('call:mute', { callId: e.callId, on })).muted;
        },
        dtmf: async (digits) => {
          const e = calls.active;
          if (e) await command('call:dtmf', { callId: e.callId, digits });
        },
      }, events);
      await engine.start();
    }
  }

  async function enable(): Promise<void> {
    const c = config.value;
    if (!c || c.mode !== 'webrtc') return;
    const mine = ++epoch;
    engine?.stop();
    await Ringer.askNotifications();
    // JsSIP is ~60 KB gzipped: fetched only by agents whose browser is their phone, not in every desk's first load.
    const { SipEngine } = await import('./sip-engine.js');
    if (mine !== epoch) return;
    engine = new SipEngine(c, events);
    await engine.start();
    await listDevices().catch(() => undefined);
  }

  /** The training engine follows the desk's active call (pop → ringing, call:updated → talking/held/idle). */
  function follow(p: CallPhase, who?: string): void {
    if (engine instanceof TrainingEngine) engine.follow(p, who);
  }

  /** Whether the call controls should act through this phone (a WebRTC call rings or is up here). */
  function owns(): boolean {
    return webrtc.value && phase.value !== 'idle';
  }

  const run = async (f: (e: PhoneEngine) => Promise<void>): Promise<void> => {
    if (engine) await f(engine);
  };

  async function chooseMic(id: string): Promise<void> {
    mic.value = id;
    await run((e) => e.setDevices({ mic: id }));
  }
  async function chooseSpeaker(id: string): Promise<void> {
    speaker.value = id;
    await run((e) => e.setDevices({ speaker: id }));
  }

  function stop(): void {
    epoch++;
    ringer.stop();
    engine?.stop();
    engine = null;
    state.value = 'off';
    phase.value = 'idle';
    muted.value = false;
  }

  function reset(): void {
    stop();
    config.value = null;
  }

  return {
    config, state, detail, phase, caller, muted, mics, speakers, mic, speaker, mode, webrtc,
    load, enable, follow, owns, chooseMic, chooseSpeaker, stop, reset, listDevices,
    answer: () => run((e) => e.answer()),
    hangup: () => run((e) => e.hangup()),
    hold: (on: boolean) => run((e) => e.hold(on)),
    mute: (on: boolean) => run((e) => e.mute(on)),
    dtmf: (digits: string) => run((e) => e.dtmf(digits)),
  };
});
