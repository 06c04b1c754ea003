/**
 * The one place where socket events become store updates. Components never touch the socket: they read stores and
 * call store actions (which send commands through commands.ts).
 */
import { nextTick, watch } from 'vue';
import type { Pinia } from 'pinia';
import { markPopReceived } from '../perf/pop-latency.js';
import { useAuthStore } from '../stores/auth.store.js';
import { useCallStore } from '../stores/call.store.js';
import { useDonorStore } from '../stores/donor.store.js';
import { useLinkStore } from '../stores/link.store.js';
import { useDeviceStore } from '../devices/device.store.js';
import { useQueueStore } from '../stores/queue.store.js';
import { useSessionStore } from '../stores/session.store.js';
import { useShiftStore } from '../stores/shift.store.js';
import { useWallboardStore } from '../stores/wallboard.store.js';
import { useWorkStore } from '../stores/work.store.js';
import { useMonitorStore } from '../stores/monitor.store.js';
import { useQaStore } from '../stores/qa.store.js';
import { syncClock } from '../utils/clock.js';
import { emitWithAck, setCommandSocket } from './commands.js';
import type { DeskSocket } from './socket.js';

export function bindSocket(socket: DeskSocket, pinia: Pinia): () => void {
  const auth = useAuthStore(pinia);
  const link = useLinkStore(pinia);
  const devices = useDeviceStore(pinia);
  const session = useSessionStore(pinia);
  const calls = useCallStore(pinia);
  const donors = useDonorStore(pinia);
  const queue = useQueueStore(pinia);
  const wallboard = useWallboardStore(pinia);
  const shift = useShiftStore(pinia);
  const work = useWorkStore(pinia);

  /** The first session:state after each (re)connect reconciles calls that ended while the desk was away. */
  let afterConnect = false;
  let serverKickTimer: ReturnType<typeof setTimeout> | null = null;

  socket.on('connect', () => {
    afterConnect = true;
    syncClock();
    setCommandSocket(socket);
    link.setSocket('connected');
  });

  socket.on('disconnect', (reason) => {
    if (reason === 'io client disconnect') {
      link.setSocket('offline');
      return;
    }
    if (reason === 'io server disconnect') {
      // The server closed this socket on purpose. After a takeover stay down; otherwise come back by ourselves.
      if (link.replaced) {
        link.setSocket('offline');
        return;
      }
      link.setSocket('reconnecting', reason);
      serverKickTimer = setTimeout(() => socket.connect(), 1000);
      return;
    }
    link.setSocket('reconnecting', reason);
  });

  socket.io.on('reconnect_attempt', (n) => link.reconnecting(n));

  socket.on('connect_error', (err) => {
    if (/UNAUTHENTICATED/.test(err.message)) {
      socket.disconnect();
      link.setSocket('offline', err.message);
      auth.expire();
      return;
    }
    link.setSocket(socket.active ? 'reconnecting' : 'offline', err.message);
  });

  socket.on('session:state', (s) => {
    session.apply(s);
    calls.syncFromSession(s, afterConnect);
    // this shift's calls come from the server: after a reload they are all still there
    if (afterConnect) void shift.load();
    afterConnect = false;
  });

  socket.on('session:ended', (info) => {
    // signed out elsewhere, revoked, disabled, changed or expired: back to the login page, which says why
    link.setSocket('offline', info.reason);
    auth.expire(info.reason);
  });

  socket.on('session:replaced', (info) => {
    link.setReplaced(info);
  });

  socket.on('pop:show', (pop, ack) => {
    markPopReceived(pop.popId);
    const { isNew, entry } = calls.receivePop(pop);
    if (isNew && entry) for (const d of entry.pop.donors) if (d.id === entry.selectedDonorId || entry.pop.donors.length <= 3) donors.prefetch(d.id);
    // Acknowledge once the DOM shows it (re-deliveries are acknowledged too: the card is on screen).
    void nextTick(() => {
      if (typeof ack === 'function') ack({ popId: pop.popId });
    });
  });

  socket.on('call:updated', (u) => {
    calls.applyUpdate(u);
    if (u.state === 'ended') shift.refreshSoon();
  });

  socket.on('queue:stats', (s) => queue.set(s));
  socket.on('pbx:link', (s) => link.setPbx(s));
  socket.on('device:status', (s) => devices.set(s));
  socket.on('wallboard:calls', (c) => wallboard.setCalls(c));
  socket.on('wallboard:agents', (a) => wallboard.setAgents(a));
  socket.on('monitor:state', (s) => useMonitorStore(pinia).apply(s));
  // 我的待办: the badge's counts on every (re)connect and change; escalations for the supervisors
  socket.on('connect', () => void work.loadCounts());
  socket.on('work:changed', () => work.changed());
  socket.on('work:escalated', (e) => work.onEscalated(e));
  // 质检: my evaluations waiting for my answer (the badge), on every (re)connect and when one is published
  const qa = useQaStore(pinia);
  socket.on('connect', () => void qa.loadAwaiting());
  socket.on('qa:published', (e) => qa.published(e));
  socket.on('notice', (n) => {
    link.pushNotice(n);
  });

  // BECS data arriving for the donor whose 360° is open (ids only): reload it (eligibility, honours)
  socket.on('donor:changed', (e) => donors.changed(e.donorId));
  const watchCurrent = (): void => {
    if (!socket.connected) return;
    const id = donors.currentId;
    emitWithAck(socket, 'donor:watch', { donorIds: id !== null ? [id] : [] }).catch(() => undefined);
  };
  socket.on('connect', watchCurrent);
  const stopWatch = watch(() => donors.currentId, watchCurrent);

  return () => {
    stopWatch();
    if (serverKickTimer) clearTimeout(serverKickTimer);
    socket.off();
    socket.io.off('reconnect_attempt');
    setCommandSocket(null);
  };
}
