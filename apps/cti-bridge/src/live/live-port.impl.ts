import type { AgentStatusDto, LiveCallDto, PbxQueueMember, QueueStats } from '@donorline/domain';
import type { AgentService } from '../agents/agent-service.js';
import type { CallRegistry } from '../calls/call-registry.js';
import type { LiveHealth, LivePort } from '../http/live-port.js';
import type { PbxLink } from '../pbx/pbx-link.js';
import type { PopService } from '../pop/pop-service.js';
import type { AgentStateRecorder } from './agent-state-recorder.js';
import type { QueueStatsTracker } from './queue-stats.js';
import type { ReportConfig } from './report-config.js';
import type { TodayFigures } from './today-figures.js';
import type { TrainingCalls } from './training-calls.js';

export interface LiveDeps {
  pbx: PbxLink;
  registry: CallRegistry;
  agents: AgentService;
  pops: PopService;
  queueStats: QueueStatsTracker;
  training: TrainingCalls | null;
  /** Time in the shown state per agent (optional: the seat's own `since` otherwise). */
  stateLog?: AgentStateRecorder;
  today?: TodayFigures;
  reportConfig?: ReportConfig;
}

/** The live calls as the wallboard shows them (masked numbers only). */
export function wallboardCalls(d: Pick<LiveDeps, 'registry' | 'pops'>): LiveCallDto[] {
  const now = Date.now();
  const out: LiveCallDto[] = [];
  for (const c of d.registry.all()) {
    out.push({
      callId: c.callId,
      state: c.state,
      callerMasked: c.callerMasked,
      donorName: d.pops.donorNameOf(c.callId),
      queue: c.queue,
      agentExtension: c.agentExt,
      startedAt: new Date(c.startedAt).toISOString(),
      waitSeconds: c.queuedAt !== null ? Math.round(((c.answeredAt ?? now) - c.queuedAt) / 1000) : 0,
    });
  }
  return out;
}

/** The HTTP layer's view of the live side (http/live-port.ts), over the registry, the seats and the PBX link. */
export function createLivePort(d: LiveDeps): LivePort {
  return {
    health(): LiveHealth {
      const s = d.pbx.status();
      return { ami: s.ami, ari: s.ari, liveCalls: d.registry.size };
    },
    queueStats(): QueueStats[] {
      return d.queueStats.stats();
    },
    async queueMembers(): Promise<PbxQueueMember[] | null> {
      try {
        return (await d.pbx.members()).map((m) => ({ queue: m.queue, extension: m.agentExt, memberName: m.memberName, paused: m.paused, reason: m.reason }));
      } catch {
        return null; // link down or slow: the admin page says so and shows the seats
      }
    },
    agentStatuses(): AgentStatusDto[] {
      return d.stateLog ? d.stateLog.statuses() : d.agents.statuses();
    },
    ...(d.reportConfig
      ? {
          wallboardInfo: () => ({
            slThresholdSeconds: d.reportConfig!.slThresholdSeconds, slTarget: d.reportConfig!.slTarget, thresholds: { ...d.reportConfig!.thresholds },
            overdueTasks: d.today?.overdueTasks() ?? 0,
          }),
        }
      : {}),
    isAgentOfCall(userId: number, callId: string): boolean {
      const call = d.registry.get(callId);
      if (!call) return false;
      if (d.pops.userIdsOf(callId).includes(userId)) return true;
      const seat = d.agents.seatOf(userId);
      return !!seat && call.legs.has(seat.ext);
    },
    seatExtension(userId: number): string | null {
      return d.agents.seatOf(userId)?.ext ?? null;
    },
    async dispositionSaved(e: { userId: number; callId: string }): Promise<void> {
      await d.agents.dispositionSaved(e.userId, e.callId);
    },
    callerLinked(callId: string): void {
      const call = d.registry.get(callId);
      if (call) d.pops.reidentify(call);
    },
    training: d.training
      ? { placeCall: (user, req) => d.training!.placeCall(user, req) }
      : null,
  };
}
