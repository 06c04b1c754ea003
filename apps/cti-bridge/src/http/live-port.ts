/**
 * LivePort: what the HTTP API needs from the live side of the bridge (the PBX link, the live-call registry, agent
 * sessions). The core engineer's composition (app.ts) implements it over ami/, calls/ and agents/; the HTTP layer
 * never sees Asterisk vocabulary. Small on purpose: read-only snapshots, one notification, one access fact, and the
 * training call. Methods may answer synchronously or with a promise.
 */
import type { AgentStatusDto, HttpApi, PbxQueueMember, QueueStats, WallboardInfoDto } from '@donorline/domain';

type MaybePromise<T> = T | Promise<T>;

export type LinkState = 'up' | 'down' | 'connecting';

export interface LiveHealth {
  ami: LinkState;
  ari: LinkState;
  /** Calls in the live registry right now. */
  liveCalls: number;
}

export type TrainingCallRequest = HttpApi['POST /api/training/calls']['body'];

export interface LivePort {
  /** PBX link state and live-call count for GET /api/health (must not throw; cheap). */
  health(): LiveHealth;
  /** Per queue: waiting callers, longest wait, agents ready/busy/paused, answered/abandoned today. */
  queueStats(): MaybePromise<QueueStats[]>;
  /** The PBX's queue members now (Asterisk QueueStatus); null when the PBX cannot be asked. Optional. */
  queueMembers?(): Promise<PbxQueueMember[] | null>;
  /** The wallboard's thresholds and the overdue task count (optional: absent = defaults, 0). */
  wallboardInfo?(): WallboardInfoDto;
  /** Every known agent's seat state (logged-out agents may be left out). */
  agentStatuses(): MaybePromise<AgentStatusDto[]>;
  /**
   * Whether `userId` is (or, for a call still in the registry, was) the agent of the live call `callId` (Linkedid).
   * The HTTP layer asks this before the durable call record names the agent (records are written behind the
   * events); for calls no longer live the record's agent decides.
   */
  isAgentOfCall(userId: number, callId: string): boolean;
  /** The extension the user is seated at now, or null (the softphone's credentials go to that seat's agent only). */
  seatExtension(userId: number): string | null;
  /**
   * `userId` saved the disposition of `callId`: a wrap-up that requires a disposition may now end (the core decides
   * whether the agent becomes ready at once or when the wrap-up timer runs out) and the desk gets `session:state`.
   */
  dispositionSaved(e: { userId: number; callId: string }): MaybePromise<void>;
  /**
   * The caller's number of a live call was just linked to a donor, or a donor was created from the call: the pops of
   * that call are identified again and re-sent with the same popId (the desk stops saying 未识别来电, also after a
   * reload). Optional: a live side without pops ignores it.
   */
  callerLinked?(callId: string): MaybePromise<void>;
  /**
   * Training mode — present only when the PBX is the simulator: places a simulated call to the agent's queue (as a
   * demo donor or any number, optionally through the IVR with the given key presses). null with a real Asterisk.
   */
  readonly training: { placeCall(user: { userId: number; username: string }, req: TrainingCallRequest): Promise<{ callId: string }> } | null;
}
