import { localDateOf, type QueueStats } from '@donorline/domain';
import type { AgentService } from '../agents/agent-service.js';
import { effectiveState } from '../agents/agent-seat.js';
import type { CallChange } from '../calls/call-state.js';
import type { CallRegistry } from '../calls/call-registry.js';
import type { LiveCall } from '../calls/live-call.js';
import type { TodayFigures } from './today-figures.js';

/** Answered/abandoned counts per queue for the current local day (Asia/Shanghai), kept live from call ends. */
export class QueueStatsTracker {
  private day = localDateOf(new Date());
  private readonly answered = new Map<string, number>();
  private readonly abandoned = new Map<string, number>();

  constructor(
    private readonly queues: readonly string[],
    private readonly registry: CallRegistry,
    private readonly agents: AgentService,
    /** Today's figures from the database (the reports' definitions); without it only the live counts are shown. */
    private readonly today: TodayFigures | null = null,
  ) {}

  /** Start from what the database already has for today. */
  seed(counts: Array<{ queue: string; answered: number; abandoned: number }>): void {
    for (const c of counts) {
      this.answered.set(c.queue, c.answered);
      this.abandoned.set(c.queue, c.abandoned);
    }
  }

  private rollDay(): void {
    const today = localDateOf(new Date());
    if (today === this.day) return;
    this.day = today;
    this.answered.clear();
    this.abandoned.clear();
  }

  readonly onChange = (call: LiveCall, change: CallChange): void => {
    if (change.kind !== 'ended' || !call.queue) return;
    this.rollDay();
    const map = call.answeredAt !== null ? this.answered : call.queuedAt !== null ? this.abandoned : null;
    if (map) map.set(call.queue, (map.get(call.queue) ?? 0) + 1);
    // the call journal writes the record first; a read a moment later includes this call
    if (this.today) setTimeout(() => void this.today?.refresh(), 1500).unref?.();
  };

  stats(): QueueStats[] {
    this.rollDay();
    const now = Date.now();
    const out = new Map<string, QueueStats>();
    for (const q of this.queues) {
      const f = this.today?.of(q) ?? null;
      // the database's figures once read (so the wallboard agrees with the reports); live counts until then
      out.set(q, {
        queue: q, waiting: 0, longestWaitSeconds: 0, agentsReady: 0, agentsBusy: 0, agentsPaused: 0,
        answeredToday: f ? f.answered : (this.answered.get(q) ?? 0),
        abandonedToday: f ? f.abandoned : (this.abandoned.get(q) ?? 0),
        offeredToday: f?.offered ?? 0, serviceLevel: f?.serviceLevel ?? null, abandonRate: f?.abandonRate ?? null, asaSeconds: f?.asaSeconds ?? null, ahtSeconds: f?.ahtSeconds ?? null,
      });
    }
    for (const c of this.registry.all()) {
      if (!c.queue || c.agentExt || c.queuedAt === null || (c.state !== 'queued' && c.state !== 'ringing')) continue;
      const s = out.get(c.queue);
      if (!s) continue;
      s.waiting++;
      s.longestWaitSeconds = Math.max(s.longestWaitSeconds, Math.round((now - c.queuedAt) / 1000));
    }
    for (const st of this.agents.statuses()) {
      const seat = this.agents.seatOf(st.agent.id);
      if (!seat) continue;
      const state = effectiveState(seat, this.agents.currentCall(seat));
      for (const q of seat.queues) {
        const s = out.get(q);
        if (!s) continue;
        if (state === 'ready') s.agentsReady++;
        else if (state === 'paused' || state === 'wrap-up') s.agentsPaused++;
        else s.agentsBusy++;
      }
    }
    return [...out.values()];
  }
}
