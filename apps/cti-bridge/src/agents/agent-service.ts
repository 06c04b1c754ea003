import { DomainError, LIST_CODE_PATTERN, PAUSE_REASONS, type AgentSession, type AgentStatusDto, type PauseReason, type UserDto } from '@donorline/domain';
import { SEAT_FORCE_ROLES, seatRefusal, seatTaken, seatUser, type SeatAccount } from './seat-access.js';
import type { CallChange } from '../calls/call-state.js';
import type { LiveCall } from '../calls/live-call.js';
import { silentLogger, type Logger } from '../logger.js';
import type { AgentEvent } from '../pbx/pbx-events.js';
import { stateFor } from '../pop/pop-builder.js';
import { REJECT_REASON, sessionDto, statusDto, WRAP_UP_REASON, type Seat, type SeatCall } from './agent-seat.js';

/** The queue operations a seat needs (PbxLink). */
export interface SeatPbx {
  queueAdd(ext: string, queue: string, memberName: string, paused?: { reason: string } | null): Promise<'added' | 'already'>;
  queueRemove(ext: string, queue: string): Promise<'removed' | 'absent'>;
  queuePause(ext: string, paused: boolean, reason: string, queue?: string): Promise<void>;
}

export interface AgentServiceDeps {
  pbx: SeatPbx;
  users: { findByUsername(username: string): Promise<(UserDto & { active: boolean }) | null> };
  /** The account as the seat rules need it, read fresh at every seat login and re-check (seat-access.ts). */
  account(userId: number): Promise<SeatAccount | null>;
  /** Whether the call has a saved disposition (the durable record). */
  hasDisposition(callId: string): Promise<boolean>;
  /** Whether an agent may pause with this reason now (the pause-reason list is data). Default: the built-in codes. */
  isPauseReason?(code: string): Promise<boolean>;
  /** The agent's live calls (registry) and popIds (pop service). */
  callsOf(ext: string): LiveCall[];
  popIdOf(callId: string, ext: string): string | null;
  /** startPaused: a fresh seat starts paused (not-ready, 未就绪) until the agent chooses to become ready. */
  config: {
    queues: readonly string[]; wrapUpSeconds: number; wrapUpRequired: boolean; pbxMode: 'sim' | 'asterisk'; startPaused?: boolean;
    /** After rejecting a ringing call the seat pauses this long (0 = never), so the queue offers it to others first. */
    rejectPauseSeconds?: number;
  };
  /** Something the seat's holder should read (their seat was freed by someone else). */
  tell?(userId: number, code: string, message: string): void;
  /** Whether the PBX link is up: while it is down no seat is shown ready (state 'unavailable'). Default: up. */
  pbxUp?(): boolean;
  /** Several bridges (ha/): whether this bridge may restore the member at `ext` as its own seat. Default: yes. */
  mayAdopt?(ext: string): boolean;
  /** A seat's session changed: push `session:state` to the user. */
  notify(userId: number): void;
  /** A seat appeared (login or restore): its phone may already be on calls. */
  onSeated?(ext: string): void;
  logger?: Logger;
  now?: () => number;
}

const EXTENSION = /^\d{2,8}$/;
const CODE = new RegExp(LIST_CODE_PATTERN);
/** A reason Asterisk reports (set by us, or by hand in the CLI): a list code as it is, anything else 'other'. */
const pauseReasonOf = (r: string): PauseReason => (CODE.test(r) ? r : 'other');
const NOT_READY: PauseReason = 'not-ready';

/**
 * Agents' seats: login to a seat with an extension (QueueAdd PJSIP/<ext> to the configured queues, member name =
 * username so a restarted bridge can tell whose seat it is), ready/paused with a reason (QueuePause), automatic
 * wrap-up after every answered call (paused with reason wrap-up for WRAP_UP_SECONDS, then unpaused — or, when a
 * disposition is required, once it is saved), logout. After every resync the seats and Asterisk's queue members
 * are reconciled: members without a seat become seats again (bridge restart), seats missing in Asterisk are added
 * back (Asterisk restart).
 */
export class AgentService {
  private readonly seats = new Map<number, Seat>();
  private readonly byExt = new Map<string, number>();
  private readonly log: Logger;
  private readonly now: () => number;

  constructor(private readonly d: AgentServiceDeps) {
    this.log = d.logger ?? silentLogger;
    this.now = d.now ?? Date.now;
  }

  userAtExtension(ext: string): number | null {
    return this.byExt.get(ext) ?? null;
  }

  seatOf(userId: number): Seat | null {
    return this.seats.get(userId) ?? null;
  }

  get seated(): number {
    return this.seats.size;
  }

  currentCall(seat: Seat): SeatCall | null {
    let best: SeatCall | null = null;
    for (const c of this.d.callsOf(seat.ext)) {
      const state = stateFor(c, seat.ext);
      if (state === 'ended') continue;
      const sc = { callId: c.callId, popId: this.d.popIdOf(c.callId, seat.ext), state };
      // a call in conversation outranks one that only rings
      if (!best || (best.state === 'ringing' && state !== 'ringing')) best = sc;
    }
    return best;
  }

  private pbxUp(): boolean {
    return this.d.pbxUp?.() ?? true;
  }

  session(user: UserDto): AgentSession {
    const seat = this.seats.get(user.id) ?? null;
    return sessionDto(user, seat, seat ? this.currentCall(seat) : null, { ...this.d.config, pbxUp: this.pbxUp() });
  }

  statuses(): AgentStatusDto[] {
    return [...this.seats.values()].map((s) => statusDto(s, this.currentCall(s), this.pbxUp()));
  }

  /** The call a seat is wrapping up (the agent state log ties the wrap-up's seconds to it); null: not in wrap-up. */
  wrapUpCallOf(userId: number): string | null {
    const seat = this.seats.get(userId);
    return seat?.base === 'wrap-up' && seat.wrapUp?.callId ? seat.wrapUp.callId : null;
  }

  /** The PBX link went down or came back: every seat's shown state changes with it. */
  linkChanged(): void {
    for (const s of this.seats.values()) this.d.notify(s.user.id);
  }

  // --- commands --------------------------------------------------------------------------------------------------

  private run<T>(seat: Seat, fn: () => Promise<T>): Promise<T> {
    const p = seat.chain.then(async () => {
      seat.busy++;
      try {
        return await fn();
      } finally {
        seat.busy--;
      }
    });
    seat.chain = p.catch(() => undefined);
    return p;
  }

  private need(userId: number): Seat {
    const s = this.seats.get(userId);
    if (!s) throw new DomainError('NOT_LOGGED_IN', '请先登录座席 / log in to a seat first');
    return s;
  }

  /**
   * Takes a seat: the account must be allowed to sit at `ext` (seat-access.ts); a seat someone else holds is refused
   * with who holds it — unless `force` by a supervisor, which frees it first. The seat joins the account's queues
   * (or QUEUES) and starts paused (not-ready) when configured.
   */
  async login(user: UserDto, extension: string, opts: { force?: boolean } = {}): Promise<AgentSession> {
    const { ext, account } = await this.admit(user.id, extension, opts);
    user = seatUser(user, account);
    const holder = this.byExt.get(ext);
    if (holder !== undefined && holder !== user.id) await this.release(ext, { displayName: user.displayName });
    const current = this.seats.get(user.id);
    if (current && current.ext === ext) {
      current.user = user;
      return this.session(user);
    }
    if (current) await this.logout(user.id);
    const startPaused = this.d.config.startPaused === true;
    const seat: Seat = {
      user, ext, base: startPaused ? 'paused' : 'ready', pauseReason: startPaused ? NOT_READY : null, since: this.now(), queues: [], wanted: account!.queues ?? [...this.d.config.queues],
      wrapUp: null, autoPause: null, chain: Promise.resolve(), busy: 0,
    };
    this.seats.set(user.id, seat);
    this.byExt.set(ext, user.id);
    try {
      await this.run(seat, async () => {
        for (const q of seat.wanted) {
          const r = await this.d.pbx.queueAdd(ext, q, user.username, startPaused ? { reason: NOT_READY } : null);
          seat.queues.push(q);
          // a member left over in Asterisk may be in any state: a fresh login is ready, or not-ready when configured
          if (r === 'already') await this.d.pbx.queuePause(ext, startPaused, startPaused ? NOT_READY : '', q);
        }
      });
    } catch (e) {
      this.seats.delete(user.id);
      this.byExt.delete(ext);
      for (const q of seat.queues) await this.d.pbx.queueRemove(ext, q).catch(() => undefined);
      throw e;
    }
    this.log.info({ userId: user.id, ext, startPaused }, 'agent logged in to a seat');
    this.d.onSeated?.(ext);
    this.d.notify(user.id);
    return this.session(user);
  }

  /**
   * Whether this account may take the seat at `extension` now (no side effects): the canonical extension and the
   * fresh account, or the refusal — FORBIDDEN (role, extension not assigned), CONFLICT (someone else holds it, with
   * who and whether the asker may free it; `force` by a supervisor passes).
   */
  async admit(userId: number, extension: string, opts: { force?: boolean } = {}): Promise<{ ext: string; account: SeatAccount }> {
    const ext = String(extension ?? '').normalize('NFKC').trim();
    if (!EXTENSION.test(ext)) throw new DomainError('VALIDATION_FAILED', '分机号应为2到8位数字 / the extension must be 2–8 digits');
    const account = await this.d.account(userId);
    const refusal = seatRefusal(account, ext);
    if (refusal) throw refusal;
    const holder = this.byExt.get(ext);
    if (holder !== undefined && holder !== userId) {
      const held = this.seats.get(holder)!;
      const canForce = SEAT_FORCE_ROLES.includes(account!.role);
      if (!opts.force || !canForce) {
        throw seatTaken({ extension: ext, displayName: held.user.displayName, employeeNo: held.user.employeeNo ?? null, since: new Date(held.since).toISOString() }, canForce);
      }
    }
    return { ext, account: account! };
  }

  /**
   * Frees a seat whoever holds it, even during a call (QueueRemove: no new calls come; the call in progress goes on
   * on the phone). For a supervisor freeing a colleague's seat, a disabled or demoted account, the holder's own
   * forced sign-out. Returns whose seat it was.
   */
  async release(extOrUser: string | { userId: number }, by: { displayName: string } | null = null): Promise<{ released: boolean; userId: number | null }> {
    const userId = typeof extOrUser === 'string' ? this.byExt.get(extOrUser) : extOrUser.userId;
    const seat = userId === undefined ? undefined : this.seats.get(userId);
    if (!seat || userId === undefined) return { released: false, userId: userId ?? null };
    await this.run(seat, async () => {
      for (const q of [...seat.queues]) {
        await this.d.pbx.queueRemove(seat.ext, q).catch((e) => this.log.warn({ err: e, ext: seat.ext, q }, 'QueueRemove failed while freeing a seat'));
        seat.queues = seat.queues.filter((x) => x !== q);
      }
    });
    this.clearWrapUp(seat);
    this.seats.delete(userId);
    if (this.byExt.get(seat.ext) === userId) this.byExt.delete(seat.ext);
    this.log.info({ userId, ext: seat.ext, by: by?.displayName ?? null }, 'seat freed');
    if (by) this.d.tell?.(userId, 'SEAT_RELEASED', `您在分机 ${seat.ext} 的座席已被 ${by.displayName} 释放 / your seat at ${seat.ext} was freed by ${by.displayName}`);
    this.d.notify(userId);
    return { released: true, userId };
  }

  /** The account changed: free its seat when it may no longer sit there, else refresh what the seat shows. */
  async recheck(userId: number): Promise<void> {
    const seat = this.seats.get(userId);
    if (!seat) return;
    const account = await this.d.account(userId);
    if (seatRefusal(account, seat.ext) || account!.role !== seat.user.role) {
      await this.release({ userId });
      return;
    }
    seat.user = seatUser(seat.user, account!);
    seat.wanted = account!.queues ?? [...this.d.config.queues];
    this.d.notify(userId);
  }

  /** Who sits at a seat now (for the periodic account re-check). */
  seatedUsers(): { userId: number; role: UserDto['role'] }[] {
    return [...this.seats.values()].map((s) => ({ userId: s.user.id, role: s.user.role }));
  }

  /** Leaves the seat. During a call refused — unless `force` (then the seat is freed and the call goes on). */
  async logout(userId: number, opts: { force?: boolean } = {}): Promise<void> {
    const seat = this.seats.get(userId);
    if (!seat) return;
    const call = this.currentCall(seat);
    if (call && opts.force) {
      await this.release({ userId });
      return;
    }
    if (call) throw new DomainError('CONFLICT', '通话中不能退出座席 / finish the call before logging out', { callId: call.callId, reason: 'on-call' });
    await this.run(seat, async () => {
      for (const q of [...seat.queues]) {
        await this.d.pbx.queueRemove(seat.ext, q);
        seat.queues = seat.queues.filter((x) => x !== q);
      }
    });
    this.clearWrapUp(seat);
    this.clearAutoPause(seat);
    this.seats.delete(userId);
    if (this.byExt.get(seat.ext) === userId) this.byExt.delete(seat.ext);
    this.log.info({ userId, ext: seat.ext }, 'agent logged out');
    this.d.notify(userId);
  }

  async ready(userId: number): Promise<AgentSession> {
    const seat = this.need(userId);
    if (seat.base === 'wrap-up' && seat.wrapUp && this.d.config.wrapUpRequired && !seat.wrapUp.saved) {
      if (!(await this.d.hasDisposition(seat.wrapUp.callId))) throw new DomainError('WRAP_UP_REQUIRED', '请先填写通话小结 / save the call disposition first', { callId: seat.wrapUp.callId });
      seat.wrapUp.saved = true;
    }
    await this.run(seat, () => this.d.pbx.queuePause(seat.ext, false, ''));
    this.clearWrapUp(seat);
    this.clearAutoPause(seat);
    this.setBase(seat, 'ready', null);
    return this.session(seat.user);
  }

  async pause(userId: number, reason: PauseReason): Promise<AgentSession> {
    const seat = this.need(userId);
    const known = this.d.isPauseReason ? await this.d.isPauseReason(reason) : (PAUSE_REASONS as readonly string[]).includes(reason);
    if (!known) throw new DomainError('VALIDATION_FAILED', `未知或已停用的小休原因 / unknown or disabled pause reason: ${String(reason)}`);
    if (seat.base === 'wrap-up' && seat.wrapUp && this.d.config.wrapUpRequired && !seat.wrapUp.saved && !(await this.d.hasDisposition(seat.wrapUp.callId))) {
      throw new DomainError('WRAP_UP_REQUIRED', '请先填写通话小结 / save the call disposition first', { callId: seat.wrapUp.callId });
    }
    await this.run(seat, () => this.d.pbx.queuePause(seat.ext, true, reason));
    this.clearWrapUp(seat);
    this.clearAutoPause(seat);
    this.setBase(seat, 'paused', reason);
    return this.session(seat.user);
  }

  /** End wrap-up early (the desk's "done" after saving the disposition). */
  async wrapUpDone(userId: number): Promise<AgentSession> {
    const seat = this.need(userId);
    if (seat.base !== 'wrap-up' || !seat.wrapUp) return this.session(seat.user);
    return this.finishWrapUp(seat, true);
  }

  /**
   * The HTTP API saved a disposition: a required wrap-up may now end at its time. Saved in overtime (the time is
   * already over) the seat stays in wrap-up: saving is not taking calls — the agent says 就绪 (or 保存并就绪).
   */
  async dispositionSaved(userId: number, callId: string): Promise<void> {
    const seat = this.seats.get(userId);
    if (!seat?.wrapUp || seat.wrapUp.callId !== callId) return;
    seat.wrapUp.saved = true;
    this.d.notify(userId);
  }

  // --- wrap-up -----------------------------------------------------------------------------------------------------

  private startWrapUp(seat: Seat, callId: string): void {
    const secs = this.d.config.wrapUpSeconds;
    const required = this.d.config.wrapUpRequired;
    const resumePaused = seat.base === 'paused' ? seat.pauseReason : null;
    if (secs === 0 && !required) return;
    this.clearWrapUp(seat);
    this.clearAutoPause(seat);
    const endsAt = this.now() + secs * 1000;
    seat.wrapUp = { callId, endsAt, saved: false, resumePaused, timer: undefined };
    this.setBase(seat, 'wrap-up', null);
    this.run(seat, () => this.d.pbx.queuePause(seat.ext, true, WRAP_UP_REASON)).catch((e) => this.log.warn({ err: e, ext: seat.ext }, 'wrap-up pause failed'));
    const w = seat.wrapUp;
    w.timer = setTimeout(() => {
      if (seat.wrapUp !== w) return;
      if (required && !w.saved) {
        // time is up but the disposition is missing: stay in wrap-up until it is saved
        this.d.notify(seat.user.id);
        return;
      }
      void this.finishWrapUp(seat, false).catch((e) => this.log.warn({ err: e, ext: seat.ext }, 'could not end wrap-up'));
    }, Math.max(0, secs * 1000));
  }

  private async finishWrapUp(seat: Seat, early: boolean): Promise<AgentSession> {
    const w = seat.wrapUp;
    if (!w) return this.session(seat.user);
    if (this.d.config.wrapUpRequired && !w.saved) {
      if (!(await this.d.hasDisposition(w.callId))) {
        if (early) throw new DomainError('WRAP_UP_REQUIRED', '请先填写通话小结 / save the call disposition first', { callId: w.callId });
        return this.session(seat.user);
      }
      w.saved = true;
    }
    const back = w.resumePaused;
    await this.run(seat, () => (back ? this.d.pbx.queuePause(seat.ext, true, back) : this.d.pbx.queuePause(seat.ext, false, '')));
    if (seat.wrapUp !== w) return this.session(seat.user);
    this.clearWrapUp(seat);
    this.setBase(seat, back ? 'paused' : 'ready', back);
    return this.session(seat.user);
  }

  // --- the pause after a reject (拒接) ----------------------------------------------------------------------------

  /**
   * The agent rejected a ringing call: a ready seat pauses for `rejectPauseSeconds` (QueuePause, reason 'rejected'),
   * so the queue offers the caller to colleagues — or keeps them waiting — instead of ringing this agent again at
   * once; then it is ready again by itself. A pause works the same on a real Asterisk 22 (QueuePause with a reason);
   * a penalty (QueuePenalty) would apply to every call, not just this one, and rings the agent anyway when nobody
   * else is free.
   */
  async afterReject(ext: string): Promise<void> {
    const userId = this.byExt.get(ext);
    const seat = userId === undefined ? undefined : this.seats.get(userId);
    const secs = this.d.config.rejectPauseSeconds ?? 0;
    if (!seat || secs <= 0 || seat.base !== 'ready') return;
    await this.run(seat, () => this.d.pbx.queuePause(seat.ext, true, REJECT_REASON));
    if (seat.base !== 'ready') return;
    this.startAutoPause(seat, secs * 1000);
  }

  private startAutoPause(seat: Seat, ms: number): void {
    this.clearAutoPause(seat);
    const ap: NonNullable<Seat['autoPause']> = { reason: 'rejected', until: this.now() + ms, timer: undefined };
    seat.autoPause = ap;
    this.setBase(seat, 'paused', null);
    ap.timer = setTimeout(() => {
      if (seat.autoPause !== ap || seat.base !== 'paused') return;
      void this.run(seat, () => this.d.pbx.queuePause(seat.ext, false, ''))
        .then(() => {
          if (seat.autoPause !== ap) return;
          seat.autoPause = null;
          this.setBase(seat, 'ready', null);
        })
        .catch((e) => this.log.warn({ err: e, ext: seat.ext }, 'could not end the pause after a reject'));
    }, ms);
  }

  private clearAutoPause(seat: Seat): void {
    if (seat.autoPause?.timer) clearTimeout(seat.autoPause.timer);
    seat.autoPause = null;
  }

  private clearWrapUp(seat: Seat): void {
    if (seat.wrapUp?.timer) clearTimeout(seat.wrapUp.timer);
    seat.wrapUp = null;
  }

  private setBase(seat: Seat, base: Seat['base'], reason: PauseReason | null): void {
    seat.base = base;
    seat.pauseReason = base === 'paused' ? reason : null;
    seat.since = this.now();
    this.d.notify(seat.user.id);
  }

  // --- calls and Asterisk -------------------------------------------------------------------------------------------

  /** Registry listener: ringing / on-call come from the calls; an answered call's end starts the wrap-up. */
  readonly onCallChange = (call: LiveCall, change: CallChange): void => {
    const exts: string[] = [];
    switch (change.kind) {
      case 'ringing':
      case 'ring-ended':
      case 'answered':
      case 'agent-left':
        if (change.ext) exts.push(change.ext);
        break;
      case 'held':
      case 'transferred':
      case 'resumed':
      case 'ended':
        exts.push(...call.legs.keys());
        break;
      default:
        return;
    }
    for (const ext of exts) {
      const userId = this.byExt.get(ext);
      const seat = userId === undefined ? undefined : this.seats.get(userId);
      if (!seat) continue;
      const leg = call.legs.get(ext);
      const left = change.kind === 'agent-left' || change.kind === 'ended' || (change.kind === 'transferred' && change.ext === ext);
      if (left && leg?.answeredAt != null && !this.currentCall(seat)) this.startWrapUp(seat, call.callId);
      else this.d.notify(seat.user.id);
    }
  };

  /** A queue member changed in Asterisk (someone else paused the agent, the member was removed). */
  onMember(ev: AgentEvent): void {
    const userId = this.byExt.get(ev.agentExt);
    const seat = userId === undefined ? undefined : this.seats.get(userId);
    if (!seat || seat.busy > 0) return;
    if (ev.type === 'agent.member-removed') {
      seat.queues = seat.queues.filter((q) => q !== ev.queue);
      this.d.notify(seat.user.id);
      return;
    }
    if (!seat.queues.includes(ev.queue)) seat.queues.push(ev.queue);
    if (ev.paused && seat.base === 'ready') {
      if (ev.reason === WRAP_UP_REASON || ev.reason === REJECT_REASON) return;
      const reason = pauseReasonOf(ev.reason);
      this.setBase(seat, 'paused', reason);
    } else if (!ev.paused && seat.base === 'paused') {
      this.setBase(seat, 'ready', null);
    }
  }

  /**
   * After a resync: seats and Asterisk's members agree again. Members of this bridge's queues without a seat (the
   * bridge restarted) become seats, in the state Asterisk has them; seats Asterisk lost (it restarted) are added back.
   */
  async reconcile(members: ReadonlyArray<Extract<AgentEvent, { type: 'agent.member' }>>): Promise<void> {
    const ours = members.filter((m) => this.d.config.queues.includes(m.queue));
    const byExt = new Map<string, typeof ours>();
    for (const m of ours) {
      const list = byExt.get(m.agentExt) ?? [];
      list.push(m);
      byExt.set(m.agentExt, list);
    }
    for (const [ext, ms] of byExt) {
      if (this.byExt.has(ext)) continue;
      if (this.d.mayAdopt && !this.d.mayAdopt(ext)) continue;
      const user = await this.d.users.findByUsername(ms[0]!.memberName).catch(() => null);
      if (!user) continue;
      const account = await this.d.account(user.id).catch(() => null);
      if (seatRefusal(account, ext)) {
        // a member left behind by an account that may no longer sit there: calls must not ring a phone nobody answers for
        for (const m of ms) await this.d.pbx.queueRemove(ext, m.queue).catch(() => undefined);
        this.log.info({ userId: user.id, ext }, 'queue member of an account that may not sit there removed');
        continue;
      }
      if (this.seats.has(user.id) || this.byExt.has(ext)) continue;
      const paused = ms.find((m) => m.paused);
      const seat: Seat = {
        user: { id: user.id, username: user.username, displayName: user.displayName, role: user.role, extension: user.extension, employeeNo: user.employeeNo ?? null, extensions: user.extensions ?? [] },
        ext, base: 'ready', pauseReason: null, since: this.now(), queues: ms.map((m) => m.queue), wanted: ms.map((m) => m.queue), wrapUp: null, autoPause: null, chain: Promise.resolve(), busy: 0,
      };
      this.seats.set(user.id, seat);
      this.byExt.set(ext, user.id);
      if (paused?.reason === WRAP_UP_REASON) {
        // the wrap-up timer did not survive the restart: a fresh one (nothing to ask for: the call is not known)
        seat.base = 'wrap-up';
        seat.wrapUp = { callId: '', endsAt: this.now() + this.d.config.wrapUpSeconds * 1000, saved: true, resumePaused: null, timer: undefined };
        const w = seat.wrapUp;
        w.timer = setTimeout(() => seat.wrapUp === w && void this.finishWrapUp(seat, false).catch(() => undefined), this.d.config.wrapUpSeconds * 1000);
      } else if (paused?.reason === REJECT_REASON) {
        // the pause after a reject did not survive the restart either: a fresh, short one
        this.startAutoPause(seat, (this.d.config.rejectPauseSeconds ?? 0) * 1000);
      } else if (paused) {
        seat.base = 'paused';
        seat.pauseReason = pauseReasonOf(paused.reason);
      }
      this.log.info({ userId: user.id, ext, state: seat.base }, 'seat restored from Asterisk queue members');
      this.d.onSeated?.(ext);
      this.d.notify(user.id);
    }
    for (const seat of this.seats.values()) {
      const present = new Set(byExt.get(seat.ext)?.map((m) => m.queue) ?? []);
      const missing = seat.wanted.filter((q) => !present.has(q));
      if (!missing.length) continue;
      const pause = seat.base === 'paused' ? seat.pauseReason : seat.base === 'wrap-up' ? WRAP_UP_REASON : null;
      await this.run(seat, async () => {
        for (const q of missing) await this.d.pbx.queueAdd(seat.ext, q, seat.user.username, pause ? { reason: pause } : null);
      }).then(
        () => {
          for (const q of missing) if (!seat.queues.includes(q)) seat.queues.push(q);
          this.log.info({ ext: seat.ext, queues: missing }, 'seat added back to the queues');
        },
        (e) => this.log.warn({ err: e, ext: seat.ext }, 'could not add the seat back to its queues'),
      );
    }
  }

  /** Stop timers (shutdown). Seats stay in Asterisk: a restarted bridge restores them. */
  close(): void {
    for (const s of this.seats.values()) {
      this.clearWrapUp(s);
      this.clearAutoPause(s);
    }
  }
}
