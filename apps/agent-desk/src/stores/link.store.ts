/** Health of the desk's links: the realtime socket, the PBX link behind the bridge, and notices from the server. */
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { PbxLinkStatus } from '@donorline/domain';

export type SocketStatus = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'offline';

export interface DeskNotice {
  id: number;
  level: 'info' | 'warning' | 'error';
  code: string;
  message: string;
  at: number;
}

export const useLinkStore = defineStore('link', () => {
  const socket = ref<SocketStatus>('idle');
  const reconnectAttempts = ref(0);
  const lastConnectedAt = ref<number | null>(null);
  const lastError = ref<string | null>(null);
  const pbx = shallowRef<PbxLinkStatus | null>(null);
  /** Another desk took this account over; this page stopped receiving calls. */
  const replaced = shallowRef<{ at: string; by: string } | null>(null);
  const notices = ref<DeskNotice[]>([]);
  let nextNoticeId = 1;

  /**
   * One truth for the link, used by the indicator, the banner and (on the server) the seat state: calls reach the desk
   * over AMI, so the PBX counts as down when AMI is; ARI only carries the IVR (its own, milder warning).
   */
  const pbxUp = computed(() => pbx.value === null || pbx.value.ami === 'up');
  const pbxConnecting = computed(() => pbx.value !== null && pbx.value.ami === 'connecting');
  const ivrUp = computed(() => pbx.value === null || pbx.value.ari !== 'down');
  const healthy = computed(() => socket.value === 'connected' && pbxUp.value && ivrUp.value);
  /** What the indicator says, the worst problem first. */
  const problem = computed<'socket' | 'pbx' | 'ivr' | null>(() => {
    if (socket.value !== 'connected') return 'socket';
    if (!pbxUp.value) return 'pbx';
    if (!ivrUp.value) return 'ivr';
    return null;
  });
  const level = computed<'ok' | 'warn' | 'down'>(() => {
    if (socket.value === 'connected') return !pbxUp.value ? 'down' : ivrUp.value ? 'ok' : 'warn';
    if (socket.value === 'reconnecting' || socket.value === 'connecting') return 'warn';
    return 'down';
  });

  function setSocket(s: SocketStatus, error?: string): void {
    socket.value = s;
    if (s === 'connected') {
      lastConnectedAt.value = Date.now();
      reconnectAttempts.value = 0;
      lastError.value = null;
      replaced.value = null;
    }
    if (error !== undefined) lastError.value = error;
  }

  function reconnecting(attempt: number): void {
    socket.value = 'reconnecting';
    reconnectAttempts.value = attempt;
  }

  function setPbx(s: PbxLinkStatus): void {
    pbx.value = s;
  }

  function setReplaced(info: { at: string; by: string } | null): void {
    replaced.value = info;
  }

  function pushNotice(n: Omit<DeskNotice, 'id' | 'at'>): DeskNotice {
    const notice = { ...n, id: nextNoticeId++, at: Date.now() };
    notices.value = [notice, ...notices.value].slice(0, 20);
    return notice;
  }

  function dismissNotice(id: number): void {
    notices.value = notices.value.filter((n) => n.id !== id);
  }

  function reset(): void {
    socket.value = 'idle';
    reconnectAttempts.value = 0;
    pbx.value = null;
    replaced.value = null;
    notices.value = [];
    lastError.value = null;
  }

  return { socket, reconnectAttempts, lastConnectedAt, lastError, pbx, replaced, notices, pbxUp, pbxConnecting, ivrUp, healthy, problem, level, setSocket, reconnecting, setPbx, setReplaced, pushNotice, dismissNotice, reset };
});
