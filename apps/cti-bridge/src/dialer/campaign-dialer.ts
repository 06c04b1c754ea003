import {
  campaignOpenAt, DomainError, outcomeOfHangup,
  type CampaignCallEvent, type CampaignTargetView, type DialCampaignDto, type DialOutcome, type Role,
} from '@donorline/domain';
import type { CampaignDialerService } from '@donorline/domain/node';
import type { Seat, SeatCall } from '../agents/agent-seat.js';
import type { CallChange } from '../calls/call-state.js';
import type { DialOptions } from '../calls/call-control.js';
import type { LiveCall } from '../calls/live-call.js';
import { silentLogger, type Logger } from '../logger.js';
import type { DonorLegs } from './donor-legs.js';

/** The dialplan context campaign calls run in (asterisk/extensions.conf [dl-campaign]). */
export const CAMPAIGN_CONTEXT = 'dl-campaign';

export interface CampaignDialerDeps {
  store: CampaignDialerService;
  seats: { seatOf(userId: number): Seat | null; currentCall(seat: Seat): SeatCall | null };
  /** CallControl.dial: the contact policy decides right before the Originate (CONTACT_BLOCKED otherwise). */
  dial(user: { id: number; role: Role }, ext: string, donorId: number, opts: DialOptions): Promise<{ callId: string }>;
  legs: DonorLegs;
  push(userId: number, e: CampaignCallEvent): void;
  notice(userId: number, code: string, message: string): void;
  logger?: Logger;
  /** How often waiting agents are looked at again besides every seat change (ms, default 1000). */
  tickMs?: number;
  /** How long after a call ends the donor leg's last events are waited for (ms, default 0: the next turn). */
  settleMs?: number;
  now?: () => number;
}

interface Member {
  userId: number;
  campaignId: number;
  mode: 'preview' | 'progressive';
  /** A dial is being placed or its call is live: never a second one for this agent. */
  busy: boolean;
  /** Told that the list is empty / closed (once, until something changes). */
  told: string | null;
}

interface Placed {
  targetId: number;
  userId: number;
  view: CampaignTargetView;
}

/** Figures for /metrics and the bench. */
export interface DialerStats {
  placed: number;
  blocked: number;
  settled: number;
  released: number;
  reached: number;
  abandoned: number;
}

/**
 * The campaign dialer (preview and progressive, never predictive). An agent joins a running campaign they are
 * assigned to. Progressive: whenever that agent's seat is ready with no call, the next due target is claimed
 * atomically in the database and dialed for that agent — one call per ready agent. The agent's phone is called first
 * and the donor only once the agent answered (AMI Originate PJSIP/<ext> into [dl-campaign]), so a donor who answers
 * is always connected to the agent who is on the line for them: no donor is ever left answering into silence. The
 * pop (donor, campaign, script) reaches the agent as the phone rings. Preview: the agent gets the claimed donor with
 * the script and dials it (or skips it). The contact policy decides right before every dial; a refused donor is
 * recorded as blocked with its reasons. When the call ends, its outcome (from the donor leg's DialStatus and hangup
 * cause) is written as one contact attempt and the target follows the retry schedule.
 */
export class CampaignDialer {
  private readonly members = new Map<number, Member>();
  private readonly placed = new Map<string, Placed>();
  private readonly campaigns = new Map<number, { at: number; c: DialCampaignDto }>();
  private readonly log: Logger;
  private readonly now: () => number;
  private timer: NodeJS.Timeout | null = null;
  private kicking = false;
  readonly stats: DialerStats = { placed: 0, blocked: 0, settled: 0, released: 0, reached: 0, abandoned: 0 };

  constructor(private readonly d: CampaignDialerDeps) {
    this.log = d.logger ?? silentLogger;
    this.now = d.now ?? Date.now;
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.kick(), this.d.tickMs ?? 1000);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Who is dialing in which campaign (the desk's panel). */
  memberOf(userId: number): { campaignId: number; mode: 'preview' | 'progressive'; busy: boolean } | null {
    const m = this.members.get(userId);
    return m ? { campaignId: m.campaignId, mode: m.mode, busy: m.busy } : null;
  }

  get size(): { members: number; calls: number } {
    return { members: this.members.size, calls: this.placed.size };
  }

  private async campaign(id: number, fresh = false): Promise<DialCampaignDto> {
    const hit = this.campaigns.get(id);
    if (!fresh && hit && this.now() - hit.at < 2000) return hit.c;
    const c = await this.d.store.get(id);
    this.campaigns.set(id, { at: this.now(), c });
    return c;
  }

  /** The agent joins a running campaign they are assigned to (a seat is needed). Preview: returns the first donor. */
  async join(user: { id: number; role: Role }, campaignId: number): Promise<{ mode: 'preview' | 'progressive'; target: CampaignTargetView | null }> {
    const c = await this.campaign(campaignId, true);
    if (!(await this.d.store.isAgentOf(campaignId, user.id))) throw new DomainError('FORBIDDEN', '您不是该活动的指派坐席 / you are not assigned to this campaign');
    if (c.status !== 'running') throw new DomainError('CONFLICT', '活动未在进行中 / the campaign is not running');
    if (c.channel !== 'call') throw new DomainError('CONFLICT', '短信活动无需拨号 / an SMS campaign has no dialing');
    if (!this.d.seats.seatOf(user.id)) throw new DomainError('CONFLICT', '请先登录坐席（分机） / take a seat (extension) first');
    const before = this.members.get(user.id);
    if (before && before.campaignId !== campaignId) await this.leave(user.id);
    const m: Member = before?.campaignId === campaignId ? before : { userId: user.id, campaignId, mode: c.mode, busy: false, told: null };
    this.members.set(user.id, m);
    this.log.info({ userId: user.id, campaignId, mode: c.mode }, 'agent joined a campaign');
    if (c.mode === 'progressive') {
      this.kick();
      return { mode: c.mode, target: null };
    }
    return { mode: c.mode, target: await this.previewNext(user.id) };
  }

  async leave(userId: number): Promise<void> {
    const m = this.members.get(userId);
    if (!m) return;
    this.members.delete(userId);
    const held = await this.d.store.heldBy(m.campaignId, userId);
    // a preview donor held but not dialed goes back to the list (a dial in progress keeps its claim until it ends)
    if (held !== null && ![...this.placed.values()].some((p) => p.targetId === held)) await this.d.store.release(held, userId);
  }

  /** Preview: the donor the agent holds, or the next one claimed for them. */
  async previewNext(userId: number): Promise<CampaignTargetView | null> {
    const m = this.members.get(userId);
    if (!m || m.mode !== 'preview') throw new DomainError('CONFLICT', '请先加入预览式活动 / join a preview campaign first');
    const held = await this.d.store.heldBy(m.campaignId, userId);
    if (held !== null) return this.d.store.view(held);
    const c = await this.campaign(m.campaignId);
    const open = campaignOpenAt(c, this.now());
    if (!open.open) throw closedError(open.why);
    const t = await this.d.store.claimNext(m.campaignId, userId);
    return t ? this.d.store.view(t.targetId) : null;
  }

  /** Preview: the agent skips the donor shown (no attempt) and gets the next. */
  async skip(userId: number, targetId: number): Promise<CampaignTargetView | null> {
    if (!(await this.d.store.release(targetId, userId))) throw new DomainError('CONFLICT', '该献血者不在您手上 / you do not hold this donor');
    return this.previewNext(userId);
  }

  /** Preview: the agent dials the donor they hold (through the same contact policy). */
  async dialPreview(user: { id: number; role: Role }, targetId: number): Promise<{ callId: string }> {
    const m = this.members.get(user.id);
    if (!m || m.mode !== 'preview') throw new DomainError('CONFLICT', '请先加入预览式活动 / join a preview campaign first');
    if ((await this.d.store.heldBy(m.campaignId, user.id)) !== targetId) throw new DomainError('CONFLICT', '该献血者不在您手上 / you do not hold this donor');
    if (m.busy) throw new DomainError('CONFLICT', '正在拨号中 / a dial is already in progress');
    const seat = this.d.seats.seatOf(user.id);
    if (!seat) throw new DomainError('CONFLICT', '请先登录坐席（分机） / take a seat (extension) first');
    const c = await this.campaign(m.campaignId);
    const open = campaignOpenAt(c, this.now());
    if (!open.open) throw closedError(open.why);
    m.busy = true;
    try {
      const view = await this.d.store.view(targetId);
      const r = await this.place(m, seat, { targetId, campaignId: m.campaignId, donorId: view.donorId, attempts: view.attempts }, view);
      if (r.kind !== 'placed') throw r.error;
      return { callId: r.callId };
    } catch (e) {
      m.busy = false;
      throw e;
    }
  }

  /** Looks at every waiting progressive agent (a seat changed, a call ended, the tick). */
  kick(): void {
    if (this.kicking) return;
    this.kicking = true;
    queueMicrotask(() => {
      this.kicking = false;
      for (const m of this.members.values()) {
        if (m.mode !== 'progressive' || m.busy) continue;
        const seat = this.d.seats.seatOf(m.userId);
        if (!seat) {
          this.members.delete(m.userId);
          continue;
        }
        if (seat.base !== 'ready' || this.d.seats.currentCall(seat)) continue;
        m.busy = true;
        void this.dialNext(m, seat).catch((e: unknown) => {
          m.busy = false;
          this.log.warn({ err: e, userId: m.userId }, 'campaign dial failed');
        });
      }
    });
  }

  private async dialNext(m: Member, seat: Seat): Promise<void> {
    const c = await this.campaign(m.campaignId);
    const open = campaignOpenAt(c, this.now());
    if (!open.open) {
      m.busy = false;
      if (open.why === 'not-running' || open.why === 'ended') {
        this.members.delete(m.userId);
        this.d.notice(m.userId, 'CAMPAIGN_CLOSED', closedError(open.why).message);
      } else this.tell(m, open.why ?? 'closed', closedError(open.why).message);
      return;
    }
    for (let i = 0; i < 25; i++) {
      if (this.members.get(m.userId) !== m) break;
      const t = await this.d.store.claimNext(m.campaignId, m.userId);
      if (!t) {
        this.tell(m, 'empty', '本活动暂无可拨打的献血者（其余在重拨等待中或已完成） / no donor is due in this campaign now (the rest wait for a retry or are done)');
        break;
      }
      // the seat may have changed while the claim ran: give the donor back untouched
      if (seat.base !== 'ready' || this.d.seats.currentCall(seat) || this.members.get(m.userId) !== m) {
        await this.d.store.release(t.targetId, m.userId);
        break;
      }
      const view = await this.d.store.view(t.targetId);
      const r = await this.place(m, seat, t, view);
      if (r.kind === 'placed') return; // busy until the call ends
      if (r.kind === 'failed') {
        this.d.notice(m.userId, 'CAMPAIGN_DIAL_FAILED', r.error.message);
        break;
      }
    }
    m.busy = false;
  }

  /** Dials one claimed target for the agent; the contact policy (in dial) may refuse it. */
  private async place(m: Member, seat: Seat, t: { targetId: number; campaignId: number; donorId: number; attempts: number }, view: CampaignTargetView):
  Promise<{ kind: 'placed'; callId: string } | { kind: 'blocked' | 'failed'; error: DomainError }> {
    try {
      const { callId } = await this.d.dial({ id: m.userId, role: seat.user.role }, seat.ext, t.donorId, {
        context: CAMPAIGN_CONTEXT, vars: { DL_CAMPAIGN: String(t.campaignId), DL_TARGET: String(t.targetId) }, track: false,
      });
      this.placed.set(callId, { targetId: t.targetId, userId: m.userId, view });
      this.d.legs.watch(callId);
      this.stats.placed++;
      m.told = null;
      await this.d.store.dialed(t.targetId, callId);
      this.d.push(m.userId, { ...view, status: 'dialing', callId, state: 'dialing', outcome: null, message: null });
      return { kind: 'placed', callId };
    } catch (e) {
      const err = e instanceof DomainError ? e : new DomainError('INTERNAL', e instanceof Error ? e.message : String(e));
      if (err.code === 'CONTACT_BLOCKED') {
        const reasons = Array.isArray(err.details?.reasons) ? (err.details.reasons as string[]) : ['policy'];
        await this.d.store.block(t.targetId, reasons);
        this.stats.blocked++;
        this.d.push(m.userId, { ...view, status: 'blocked', callId: null, state: 'blocked', outcome: null, message: err.message });
        return { kind: 'blocked', error: err };
      }
      await this.d.store.release(t.targetId, m.userId);
      this.stats.released++;
      return { kind: 'failed', error: err };
    }
  }

  private tell(m: Member, key: string, message: string): void {
    if (m.told === key) return;
    m.told = key;
    this.d.notice(m.userId, key === 'empty' ? 'CAMPAIGN_EMPTY' : 'CAMPAIGN_CLOSED', message);
  }

  /** Registry listener: a campaign call ended → its outcome once the donor leg's last events are in. */
  readonly onCallChange = (call: LiveCall, change: CallChange): void => {
    if (change.kind !== 'ended' || !this.placed.has(call.callId)) return;
    // the donor leg's DialEnd and Hangup come before the agent's own Hangup that ends the call; the turn after this
    // one lets the AMI listener of the same event run first
    setTimeout(() => void this.settle(call.callId).catch((e: unknown) => this.log.warn({ err: e, callId: call.callId }, 'could not record the campaign attempt')), this.d.settleMs ?? 0);
  };

  private async settle(callId: string): Promise<void> {
    const p = this.placed.get(callId);
    if (!p) return;
    this.placed.delete(callId);
    const leg = this.d.legs.take(callId);
    const m = this.members.get(p.userId);
    if (m) m.busy = false;
    if (!leg?.dialed) {
      // the agent's phone never answered, or the trunk refused at once (leg.trunk): the donor was not called — no attempt
      await this.d.store.release(p.targetId);
      this.stats.released++;
      if (m && m.mode === 'progressive') {
        this.members.delete(p.userId);
        if (leg?.trunk) this.d.notice(p.userId, 'CAMPAIGN_TRUNK_DOWN', '外呼线路不可用（运营商中继无法接通），已退出自动外呼；请联系管理员 / the outbound trunk is unavailable: you left the campaign dialing — tell an administrator');
        else this.d.notice(p.userId, 'CAMPAIGN_AGENT_MISSED', '话机未接听，已退出自动外呼；准备好后请重新加入 / your phone did not answer: you left the campaign dialing — join again when ready');
      }
      this.d.push(p.userId, { ...p.view, status: 'pending', callId, state: 'ended', outcome: null, message: null });
      this.kick();
      return;
    }
    const cause = leg.status === 'BUSY' ? '17' : leg.cause;
    const outcome: DialOutcome = outcomeOfHangup(leg.status === 'ANSWER', cause);
    // the agent is free at once: the next claim runs while this attempt is written (another target, another row)
    this.kick();
    const r = await this.d.store.finish(p.targetId, outcome, callId, p.userId);
    this.stats.settled++;
    if (outcome === 'reached') this.stats.reached++;
    this.d.push(p.userId, { ...p.view, status: r?.status ?? p.view.status, attempts: r?.attempts ?? p.view.attempts, callId, state: 'ended', outcome, message: null });
  }
}

function closedError(why: string | null): DomainError {
  const words: Record<string, string> = {
    'not-running': '活动未在进行中 / the campaign is not running',
    'before-start': '活动尚未开始 / the campaign has not started yet',
    ended: '活动已结束 / the campaign has ended',
    'outside-hours': '不在活动的呼叫时段内 / outside the campaign\'s calling hours',
  };
  return new DomainError('CONFLICT', words[why ?? ''] ?? words['not-running']!);
}
