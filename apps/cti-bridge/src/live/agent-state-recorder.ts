import type { AgentStatusDto } from '@donorline/domain';

export interface AgentStateRecorderDeps {
  /** The seats' shown states now. */
  statuses(): AgentStatusDto[];
  /** The call a seat is wrapping up (null: none). */
  wrapUpCallOf(userId: number): string | null;
  write(c: { userId: number; ext: string; state: string; reason: string | null; callId: string | null; at: Date }): Promise<void>;
  now?: () => number;
  onError?: (err: unknown) => void;
}

interface Last {
  key: string;
  ext: string;
  since: number;
}

/**
 * Watches the seats' shown states (ready, ringing, on a call, wrap-up, paused with a reason) and writes each change to
 * the agent state log, in order per agent. It also knows since when each agent is in their current shown state —
 * the seat's own `since` moves only with ready/pause/wrap-up, not with ringing or a call — for the wallboard.
 */
export class AgentStateRecorder {
  private readonly last = new Map<number, Last>();
  private chain: Promise<void> = Promise.resolve();
  private readonly now: () => number;

  constructor(private readonly d: AgentStateRecorderDeps) {
    this.now = d.now ?? Date.now;
  }

  /** Something about the seats may have changed: log whatever did. */
  observe(): void {
    const at = this.now();
    const seen = new Set<number>();
    for (const s of this.d.statuses()) {
      const id = s.agent.id;
      seen.add(id);
      const callId = s.state === 'wrap-up' ? this.d.wrapUpCallOf(id) : null;
      const key = `${s.state}|${s.pauseReason ?? ''}|${callId ?? ''}`;
      const prev = this.last.get(id);
      if (prev?.key === key) continue;
      this.last.set(id, { key, ext: s.agent.extension ?? '', since: prev ? at : Date.parse(s.since) || at });
      this.enqueue({ userId: id, ext: s.agent.extension ?? '', state: s.state, reason: s.pauseReason ?? null, callId, at: new Date(at) });
    }
    for (const [id, prev] of this.last) {
      if (seen.has(id)) continue;
      this.last.delete(id);
      this.enqueue({ userId: id, ext: prev.ext, state: 'logged-out', reason: null, callId: null, at: new Date(at) });
    }
  }

  /** Since when the agent is in the state the wallboard shows (ISO), or null when not watched. */
  sinceOf(userId: number): string | null {
    const l = this.last.get(userId);
    return l ? new Date(l.since).toISOString() : null;
  }

  /** The seats' statuses with `since` = the start of the shown state. */
  statuses(): AgentStatusDto[] {
    return this.d.statuses().map((s) => ({ ...s, since: this.sinceOf(s.agent.id) ?? s.since }));
  }

  /** Resolves once every change seen so far is written (tests, shutdown). */
  flush(): Promise<void> {
    return this.chain;
  }

  private enqueue(c: Parameters<AgentStateRecorderDeps['write']>[0]): void {
    this.chain = this.chain.then(() => this.d.write(c)).catch((err) => this.d.onError?.(err));
  }
}
