/**
 * Builds the MonitorService from the bridge's parts (kept out of app.ts so that file only gains a call): the AMI
 * link, the live calls, the seats, the audit trail, the desk's sockets — and who answers the supervisor's phone:
 * the simulated phone's key in training, a SIP NOTIFY `talk` on hard phones with remote control otherwise.
 */
import type { AgentService } from '../agents/agent-service.js';
import type { CallRegistry } from '../calls/call-registry.js';
import type { Logger } from '../logger.js';
import type { PbxLink } from '../pbx/pbx-link.js';
import type { SimControl } from '../pbx/sim-control.js';
import { PbxPhoneKeys } from '../phone-control/phone-keys.js';
import type { Realtime } from '../realtime/socket-server.js';
import type { MonitorConfig } from './monitor-config.js';
import { MonitorService } from './monitor-service.js';

export interface MonitorWiring {
  pbx: PbxLink;
  registry: CallRegistry;
  seats: AgentService;
  sim: SimControl | null;
  audit: { write(e: { actorId: number; action: string; subjectType: string; subjectId: string; detail: Record<string, unknown>; ip?: string | null }): Promise<number> };
  config: MonitorConfig;
  realtime: () => Realtime | null;
  logger: Logger;
}

export function createMonitor(w: MonitorWiring): MonitorService {
  let monitor: MonitorService | null = null;
  const keys = w.sim ?? new PbxPhoneKeys({
    ami: w.pbx.ami,
    effect: (ext) => monitor?.answered(ext) ?? false,
    notice: (ext, code, message) => {
      const userId = w.seats.userAtExtension(ext);
      if (userId !== null) w.realtime()?.notice(userId, { level: 'warning', code, message });
    },
  });
  monitor = new MonitorService({
    ami: w.pbx.ami,
    calls: w.registry,
    channelsOf: (callId) => w.pbx.translator.channelsOf(callId),
    seats: {
      seatOf: (id) => w.seats.seatOf(id),
      userAtExtension: (ext) => w.seats.userAtExtension(ext),
      nameOf: (id) => w.seats.seatOf(id)?.user.displayName ?? null,
    },
    answerPhone: (ext) => keys.answer(ext),
    audit: (e) => w.audit.write(e),
    push: (userId, s) => w.realtime()?.pushMonitor(userId, s),
    notice: (userId, n) => w.realtime()?.notice(userId, n),
    config: w.config,
    logger: w.logger,
  });
  const m = monitor;
  w.registry.onChange((call, change) => {
    if (change.kind === 'ended') m.callEnded(call.callId);
  });
  return m;
}
