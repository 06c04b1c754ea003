import type { DataSource, EntityManager } from 'typeorm';
import {
  AGENT_OUTCOMES, nextTargetState, parseRetryMinutes, validateCampaignSpec,
  type AgentOutcome, type DialOutcome, type CampaignSpec, type DialCampaignStatus, type DialTargetStatus,
} from '../../dialer/campaign-rules.js';
import type { CampaignBoardDto, CampaignTargetView, DialCampaignDto } from '../../dialer/dialer.types.js';
import { maskName, maskPhone } from '../../donors/masking.js';
import { DomainError } from '../../errors.js';
import { exec, iso, placeholders, rows, sqlTime, toDate, withTx } from '../sql.js';
import { writeAudit } from '../services/audit.service.js';

/** At most this many donors in one campaign (a segment larger than this is refused, not cut silently). */
export const CAMPAIGN_TARGETS_MAX = 50_000;

export interface CampaignInput extends Partial<Record<keyof CampaignSpec, unknown>> {
  agentIds?: unknown;
  segmentId?: unknown;
  /** An explicit list (the planner's ranked list), in its order. */
  donorIds?: unknown;
}

export interface ClaimedTarget {
  targetId: number;
  campaignId: number;
  donorId: number;
  attempts: number;
}

const CAMPAIGN_COLS = 'id, name, status, mode, channel, script, starts_on, ends_on, hours_start, hours_end, max_attempts, retry_minutes, segment_id, created_at';

const NEXT_STATUS: Record<'start' | 'pause' | 'stop', { to: DialCampaignStatus; from: DialCampaignStatus[] }> = {
  start: { to: 'running', from: ['draft', 'paused'] },
  pause: { to: 'paused', from: ['running'] },
  stop: { to: 'stopped', from: ['draft', 'running', 'paused'] },
};

/**
 * Campaigns with a dialer (issue 13) on the database: campaigns, their agents and targets, the atomic claim of the
 * next target (a conditional UPDATE — two dialers or two clicks never dial one donor twice), each attempt's outcome
 * (one contact_attempt row per call placed, in the same transaction as the target's move along the retry schedule)
 * and the board. The contact policy is applied by the caller right before each dial (ContactPolicyService.enforce).
 */
export class CampaignDialerService {
  constructor(
    private readonly ds: DataSource,
    private readonly deps: { segmentDonorIds?: (segmentId: number, limit: number) => Promise<number[]>; clock?: () => Date } = {},
  ) {}

  private now(): Date {
    return this.deps.clock?.() ?? new Date();
  }

  /**
   * Creates a campaign and its targets in one transaction. An SMS campaign needs no agents; `extra` writes what the
   * channel adds (the SMS settings) inside the same transaction, so nothing is half-written when it refuses.
   */
  async create(input: CampaignInput, actorId: number, extra?: (m: EntityManager, campaignId: number) => Promise<void>): Promise<DialCampaignDto> {
    const spec = validateCampaignSpec(input);
    if (spec.channel === 'sms' && !extra) throw new DomainError('VALIDATION_FAILED', '短信活动请在“短信邀约”中新建 / SMS campaigns are created with their invitation (POST /api/sms-campaigns)');
    const agentIds = input.agentIds === undefined && spec.channel === 'sms' ? [] : idList(input.agentIds, '坐席', 'agentIds', 200);
    if (!agentIds.length && spec.channel === 'call') throw new DomainError('VALIDATION_FAILED', '请至少指派一名坐席 / assign at least one agent to the campaign');
    const segmentId = input.segmentId === undefined || input.segmentId === null ? null : Number(input.segmentId);
    if (segmentId !== null && (!Number.isInteger(segmentId) || segmentId <= 0)) throw new DomainError('VALIDATION_FAILED', 'segmentId 无效 / segmentId must be a positive integer');
    let donorIds = input.donorIds === undefined ? [] : idList(input.donorIds, '献血者', 'donorIds', CAMPAIGN_TARGETS_MAX);
    if (segmentId !== null) {
      if (!this.deps.segmentDonorIds) throw new DomainError('VALIDATION_FAILED', 'segments are not available');
      const ids = await this.deps.segmentDonorIds(segmentId, CAMPAIGN_TARGETS_MAX + 1);
      if (ids.length > CAMPAIGN_TARGETS_MAX) throw new DomainError('VALIDATION_FAILED', `分群超过 ${CAMPAIGN_TARGETS_MAX} 人，请缩小条件 / the segment has more than ${CAMPAIGN_TARGETS_MAX} donors: narrow it`);
      donorIds = [...new Set([...donorIds, ...ids])];
    }
    if (!donorIds.length) throw new DomainError('VALIDATION_FAILED', '活动没有目标献血者（请选择分群或名单） / the campaign has no donors: choose a segment or a list');
    const now = this.now();
    const id = await withTx(this.ds, async (m) => {
      const users = agentIds.length ? await rows(m, `SELECT id FROM app_user WHERE id IN (${placeholders(agentIds.length)}) AND active = 1`, agentIds) : [];
      if (users.length !== agentIds.length) throw new DomainError('VALIDATION_FAILED', '指派的坐席不存在或已停用 / an assigned agent does not exist or is disabled');
      const known = new Set<number>();
      for (let i = 0; i < donorIds.length; i += 1000) {
        const part = donorIds.slice(i, i + 1000);
        for (const r of await rows(m, `SELECT id FROM donor WHERE id IN (${placeholders(part.length)})`, part)) known.add(Number(r.id));
      }
      const missing = donorIds.find((d) => !known.has(d));
      if (missing !== undefined) throw new DomainError('VALIDATION_FAILED', `献血者 ${missing} 不存在 / donor ${missing} does not exist`);
      const r = await exec(m, `INSERT INTO campaign (name, purpose, segment, donation_type, status, description, starts_on, ends_on, created_by_id, created_at,
          mode, channel, script, hours_start, hours_end, max_attempts, retry_minutes, segment_id) VALUES (?, 'recruitment', NULL, NULL, 'draft', NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, [
        spec.name, spec.startsOn, spec.endsOn, actorId, sqlTime(now), spec.mode, spec.channel, spec.script, spec.hoursStart, spec.hoursEnd, spec.maxAttempts, spec.retryMinutes.join(','), segmentId,
      ]);
      const cid = r.insertId;
      for (const u of agentIds) await exec(m, 'INSERT INTO campaign_agent (campaign_id, user_id) VALUES (?, ?)', [cid, u]);
      for (let i = 0; i < donorIds.length; i += 500) {
        const part = donorIds.slice(i, i + 500);
        await exec(m, `INSERT INTO campaign_target (campaign_id, donor_id, status, attempts, position) VALUES ${part.map(() => "(?, ?, 'pending', 0, ?)").join(', ')}`,
          part.flatMap((d, j) => [cid, d, i + j]));
      }
      await extra?.(m, cid);
      await writeAudit(m, { actorId, action: 'campaign.create', subjectType: 'campaign', subjectId: cid, detail: { name: spec.name, mode: spec.mode, channel: spec.channel, segmentId, targets: donorIds.length, agents: agentIds }, at: now });
      return cid;
    });
    return this.get(id);
  }

  async get(id: number): Promise<DialCampaignDto> {
    const [r] = await rows(this.ds, `SELECT ${CAMPAIGN_COLS} FROM campaign WHERE id = ?`, [id]);
    if (!r) throw new DomainError('NOT_FOUND', `活动 ${id} 不存在 / campaign ${id} not found`);
    const agents = await rows(this.ds, 'SELECT user_id FROM campaign_agent WHERE campaign_id = ? ORDER BY user_id', [id]);
    return campaignDto(r, agents.map((a) => Number(a.user_id)));
  }

  async list(): Promise<DialCampaignDto[]> {
    const list = await rows(this.ds, `SELECT ${CAMPAIGN_COLS} FROM campaign ORDER BY id DESC LIMIT 200`);
    const agents = list.length ? await rows(this.ds, `SELECT campaign_id, user_id FROM campaign_agent WHERE campaign_id IN (${placeholders(list.length)})`, list.map((r) => r.id)) : [];
    return list.map((r) => campaignDto(r, agents.filter((a) => Number(a.campaign_id) === Number(r.id)).map((a) => Number(a.user_id))));
  }

  /** The running campaigns an agent is assigned to. */
  async runningFor(userId: number): Promise<DialCampaignDto[]> {
    const ids = await rows(this.ds, "SELECT c.id FROM campaign c JOIN campaign_agent a ON a.campaign_id = c.id WHERE a.user_id = ? AND c.status = 'running' ORDER BY c.id", [userId]);
    return Promise.all(ids.map((r) => this.get(Number(r.id))));
  }

  async isAgentOf(campaignId: number, userId: number): Promise<boolean> {
    return (await rows(this.ds, 'SELECT 1 AS x FROM campaign_agent WHERE campaign_id = ? AND user_id = ?', [campaignId, userId])).length > 0;
  }

  async transition(id: number, action: 'start' | 'pause' | 'stop', actorId: number): Promise<DialCampaignDto> {
    const t = NEXT_STATUS[action];
    const now = this.now();
    await withTx(this.ds, async (m) => {
      const [c] = await rows(m, 'SELECT status FROM campaign WHERE id = ?', [id]);
      if (!c) throw new DomainError('NOT_FOUND', `活动 ${id} 不存在 / campaign ${id} not found`);
      if (!t.from.includes(c.status as DialCampaignStatus)) throw new DomainError('CONFLICT', `活动当前为 ${String(c.status)}，不能${action === 'start' ? '开始' : action === 'pause' ? '暂停' : '结束'} / the campaign is ${String(c.status)}: cannot ${action}`);
      await exec(m, 'UPDATE campaign SET status = ? WHERE id = ?', [t.to, id]);
      await writeAudit(m, { actorId, action: `campaign.${action}`, subjectType: 'campaign', subjectId: id, detail: { from: c.status, to: t.to }, at: now });
    });
    return this.get(id);
  }

  /**
   * Claims the next eligible target of a campaign for an agent: pending and due (next_at passed), in list order. The
   * claim is `UPDATE … WHERE id = ? AND status = 'pending'`: of two dialers racing for one donor exactly one wins.
   */
  async claimNext(campaignId: number, userId: number): Promise<ClaimedTarget | null> {
    const now = this.now();
    for (let round = 0; round < 5; round++) {
      const cands = await rows(this.ds, `SELECT id, donor_id, attempts FROM campaign_target WHERE campaign_id = ? AND status = 'pending' AND (next_at IS NULL OR next_at <= ?)
        ORDER BY position, id LIMIT 8`, [campaignId, sqlTime(now)]);
      if (!cands.length) return null;
      // spread concurrent claimers over the candidates so they rarely collide
      const start = userId % cands.length;
      for (let i = 0; i < cands.length; i++) {
        const c = cands[(start + i) % cands.length]!;
        const r = await withTx(this.ds, (m) => exec(m, "UPDATE campaign_target SET status = 'dialing', claimed_by_id = ?, claimed_at = ? WHERE id = ? AND status = 'pending'", [userId, sqlTime(now), c.id]));
        if (r.affected === 1) return { targetId: Number(c.id), campaignId, donorId: Number(c.donor_id), attempts: Number(c.attempts) };
      }
    }
    return null;
  }

  /** Gives a claimed target back untouched (the agent's phone did not answer, the agent skipped it): no attempt made. */
  async release(targetId: number, userId: number | null = null): Promise<boolean> {
    const r = await withTx(this.ds, (m) => exec(m, `UPDATE campaign_target SET status = 'pending', claimed_by_id = NULL, claimed_at = NULL WHERE id = ? AND status = 'dialing'${userId === null ? '' : ' AND claimed_by_id = ?'}`,
      userId === null ? [targetId] : [targetId, userId]));
    return r.affected === 1;
  }

  /** The contact policy refused the donor right before the dial: the target is blocked with the reasons (no call, no attempt). */
  async block(targetId: number, reasons: readonly string[]): Promise<void> {
    await withTx(this.ds, (m) => exec(m, "UPDATE campaign_target SET status = 'blocked', block_reason = ?, claimed_by_id = NULL, claimed_at = NULL WHERE id = ? AND status = 'dialing'",
      [reasons.join(',').slice(0, 64) || 'policy', targetId]));
  }

  /** Ties the claimed target to the call placed for it. */
  async dialed(targetId: number, callId: string): Promise<void> {
    await withTx(this.ds, (m) => exec(m, "UPDATE campaign_target SET call_id = ? WHERE id = ? AND status = 'dialing'", [callId, targetId]));
  }

  /**
   * A call placed to the target's donor ended: one contact_attempt (recruitment, with the campaign) and the target
   * moves along the retry schedule — in one transaction, once (a second report of the same call changes nothing).
   */
  async finish(targetId: number, outcome: DialOutcome, callId: string | null, agentId: number | null): Promise<{ status: DialTargetStatus; attempts: number } | null> {
    const now = this.now();
    return withTx(this.ds, async (m) => {
      const [t] = await rows(m, `SELECT t.campaign_id, t.donor_id, t.attempts, c.max_attempts, c.retry_minutes FROM campaign_target t JOIN campaign c ON c.id = t.campaign_id
        WHERE t.id = ? AND t.status = 'dialing'`, [targetId]);
      if (!t) return null;
      const attempts = Number(t.attempts) + 1;
      const next = nextTargetState(outcome, attempts, { maxAttempts: Number(t.max_attempts), retryMinutes: parseRetryMinutes(String(t.retry_minutes)) }, now.getTime());
      const u = await exec(m, `UPDATE campaign_target SET status = ?, attempts = ?, next_at = ?, last_outcome = ?, call_id = ?, claimed_by_id = NULL, claimed_at = NULL
        WHERE id = ? AND status = 'dialing'`, [next.status, attempts, next.nextAt === null ? null : sqlTime(next.nextAt), outcome, callId, targetId]);
      if (u.affected !== 1) return null;
      await exec(m, "INSERT INTO contact_attempt (donor_id, campaign_id, channel, outcome, agent_id, call_id, at, purpose) VALUES (?, ?, 'voice', ?, ?, ?, ?, 'recruitment')",
        [t.donor_id, t.campaign_id, outcome, agentId, callId, sqlTime(now)]);
      return { status: next.status, attempts };
    });
  }

  /** The agent's result of a conversation (booked, declined, later, wrong number): refines the attempt and the target. */
  async setOutcome(targetId: number, outcome: unknown, user: { id: number; oversight: boolean }): Promise<{ status: DialTargetStatus }> {
    if (!(AGENT_OUTCOMES as readonly unknown[]).includes(outcome)) throw new DomainError('VALIDATION_FAILED', `结果只能是 ${AGENT_OUTCOMES.join('/')} / outcome must be one of ${AGENT_OUTCOMES.join(', ')}`);
    const o = outcome as AgentOutcome;
    return withTx(this.ds, async (m) => {
      const [t] = await rows(m, 'SELECT id, campaign_id, donor_id, status, call_id, attempts FROM campaign_target WHERE id = ?', [targetId]);
      if (!t) throw new DomainError('NOT_FOUND', `目标 ${targetId} 不存在 / target ${targetId} not found`);
      const [a] = await rows(m, 'SELECT id, agent_id, outcome FROM contact_attempt WHERE campaign_id = ? AND donor_id = ? ORDER BY id DESC LIMIT 1', [t.campaign_id, t.donor_id]);
      if (!a || !String(a.outcome).startsWith('reached') && o !== 'wrong-number') throw new DomainError('CONFLICT', '该献血者尚未接通，不能登记结果 / the donor was not reached: no result to record');
      if (!user.oversight && Number(a.agent_id) !== user.id) throw new DomainError('FORBIDDEN', '只能登记自己通话的结果 / only the agent of the call may record its result');
      const next = nextTargetState(o, Number(t.attempts), { maxAttempts: 1, retryMinutes: [] }, this.now().getTime());
      await exec(m, 'UPDATE contact_attempt SET outcome = ? WHERE id = ?', [o, a.id]);
      await exec(m, 'UPDATE campaign_target SET status = ?, last_outcome = ? WHERE id = ?', [next.status, o, targetId]);
      return { status: next.status };
    });
  }

  /** A claimed target as the agent sees it (masked), with the campaign and its script. */
  async view(targetId: number): Promise<CampaignTargetView> {
    const [r] = await rows(this.ds, `SELECT t.id, t.campaign_id, t.donor_id, t.attempts, t.status, c.name AS cname, c.mode, c.script, d.name, d.blood_abo, d.blood_rh,
        (SELECT p.e164 FROM donor_phone p WHERE p.donor_id = d.id ORDER BY p.is_primary DESC, p.id LIMIT 1) AS e164,
        (SELECT MAX(x.date) FROM donation x WHERE x.donor_id = d.id) AS last_donation
      FROM campaign_target t JOIN campaign c ON c.id = t.campaign_id JOIN donor d ON d.id = t.donor_id WHERE t.id = ?`, [targetId]);
    if (!r) throw new DomainError('NOT_FOUND', `目标 ${targetId} 不存在 / target ${targetId} not found`);
    return {
      targetId: Number(r.id), campaignId: Number(r.campaign_id), campaignName: String(r.cname), mode: r.mode as CampaignTargetView['mode'], script: (r.script as string | null) ?? null,
      donorId: Number(r.donor_id), nameMasked: maskName(String(r.name)), phoneMasked: r.e164 ? maskPhone(String(r.e164)) : null,
      blood: r.blood_abo ? `${String(r.blood_abo)}${r.blood_rh === '-' ? '−' : r.blood_rh === '+' ? '+' : ''}` : null,
      lastDonation: r.last_donation ? String(r.last_donation).slice(0, 10) : null, attempts: Number(r.attempts), status: r.status as DialTargetStatus,
    };
  }

  /** The target an agent holds right now in a campaign (preview: shown until dialed or skipped). */
  async heldBy(campaignId: number, userId: number): Promise<number | null> {
    const [r] = await rows(this.ds, "SELECT id FROM campaign_target WHERE campaign_id = ? AND claimed_by_id = ? AND status = 'dialing' ORDER BY id LIMIT 1", [campaignId, userId]);
    return r ? Number(r.id) : null;
  }

  /** Claims left by a bridge that stopped mid-dial (older than `olderThanMs`) go back to pending. */
  async releaseStale(olderThanMs: number): Promise<number> {
    const before = new Date(this.now().getTime() - olderThanMs);
    return (await withTx(this.ds, (m) => exec(m, "UPDATE campaign_target SET status = 'pending', claimed_by_id = NULL, claimed_at = NULL WHERE status = 'dialing' AND claimed_at < ?", [sqlTime(before)]))).affected;
  }

  async board(campaignId: number): Promise<CampaignBoardDto> {
    const [c] = await rows(this.ds, 'SELECT id, starts_on, created_at FROM campaign WHERE id = ?', [campaignId]);
    if (!c) throw new DomainError('NOT_FOUND', `活动 ${campaignId} 不存在 / campaign ${campaignId} not found`);
    const byStatus = await rows(this.ds, 'SELECT status, COUNT(*) AS n, SUM(CASE WHEN attempts > 0 THEN 1 ELSE 0 END) AS tried FROM campaign_target WHERE campaign_id = ? GROUP BY status', [campaignId]);
    const count = (s: string): number => Number(byStatus.find((r) => r.status === s)?.n ?? 0);
    const blocked = await rows(this.ds, "SELECT block_reason, COUNT(*) AS n FROM campaign_target WHERE campaign_id = ? AND status = 'blocked' GROUP BY block_reason", [campaignId]);
    const blockedByReason: Record<string, number> = {};
    for (const b of blocked) for (const reason of String(b.block_reason ?? 'policy').split(',')) blockedByReason[reason] = (blockedByReason[reason] ?? 0) + Number(b.n);
    const outcomes = await rows(this.ds, 'SELECT outcome, COUNT(*) AS n, COUNT(DISTINCT donor_id) AS donors FROM contact_attempt WHERE campaign_id = ? GROUP BY outcome', [campaignId]);
    const donorsWith = (pred: (o: string) => boolean): number => outcomes.filter((o) => pred(String(o.outcome))).reduce((s, o) => s + Number(o.donors), 0);
    const since = sqlTime(toDate(c.created_at) ?? new Date(0));
    const [shown] = await rows(this.ds, `SELECT COUNT(DISTINCT a.donor_id) AS n FROM appointment a JOIN campaign_target t ON t.donor_id = a.donor_id AND t.campaign_id = ?
      WHERE a.status = 'arrived' AND a.created_at >= ?`, [campaignId, since]);
    const [donated] = await rows(this.ds, `SELECT COUNT(DISTINCT x.donor_id) AS n FROM donation x JOIN campaign_target t ON t.donor_id = x.donor_id AND t.campaign_id = ?
      WHERE x.date >= ? AND x.outcome <> 'rejected'`, [campaignId, String(c.starts_on).slice(0, 10)]);
    return {
      campaignId,
      targets: byStatus.reduce((s, r) => s + Number(r.n), 0),
      pending: count('pending'),
      dialing: count('dialing'),
      attempted: byStatus.reduce((s, r) => s + Number(r.tried ?? 0), 0),
      attempts: outcomes.reduce((s, o) => s + Number(o.n), 0),
      reached: donorsWith((o) => o.startsWith('reached')),
      booked: donorsWith((o) => o === 'reached-booked'),
      showedUp: Number(shown?.n ?? 0),
      donated: Number(donated?.n ?? 0),
      exhausted: count('exhausted'),
      blocked: count('blocked'),
      blockedByReason,
      outcomes: Object.fromEntries(outcomes.map((o) => [String(o.outcome), Number(o.n)])),
    };
  }

  /** Targets of a campaign for the board's table (masked), newest activity first. */
  async targets(campaignId: number, limit = 100): Promise<Array<{ targetId: number; donorId: number; nameMasked: string; status: DialTargetStatus; attempts: number; lastOutcome: string | null; blockReason: string | null; nextAt: string | null }>> {
    const n = Math.max(1, Math.min(500, Math.trunc(limit) || 100));
    const list = await rows(this.ds, `SELECT t.id, t.donor_id, d.name, t.status, t.attempts, t.last_outcome, t.block_reason, t.next_at FROM campaign_target t JOIN donor d ON d.id = t.donor_id
      WHERE t.campaign_id = ? ORDER BY t.position, t.id LIMIT ?`, [campaignId, n]);
    return list.map((r) => ({
      targetId: Number(r.id), donorId: Number(r.donor_id), nameMasked: maskName(String(r.name)), status: r.status as DialTargetStatus, attempts: Number(r.attempts),
      lastOutcome: (r.last_outcome as string | null) ?? null, blockReason: (r.block_reason as string | null) ?? null, nextAt: iso(r.next_at),
    }));
  }
}

function idList(v: unknown, zh: string, field: string, max: number): number[] {
  if (!Array.isArray(v) || v.some((x) => !Number.isInteger(x) || (x as number) <= 0)) throw new DomainError('VALIDATION_FAILED', `${zh}列表无效 / ${field} must be a list of positive integers`);
  if (v.length > max) throw new DomainError('VALIDATION_FAILED', `${zh}最多 ${max} 个 / at most ${max} ${field}`);
  return [...new Set(v as number[])];
}

function campaignDto(r: Record<string, unknown>, agentIds: number[]): DialCampaignDto {
  return {
    id: Number(r.id), name: String(r.name), status: r.status as DialCampaignStatus, mode: (r.mode as DialCampaignDto['mode']) ?? 'preview', channel: (r.channel as DialCampaignDto['channel']) ?? 'call',
    script: (r.script as string | null) ?? null, startsOn: String(r.starts_on).slice(0, 10), endsOn: r.ends_on ? String(r.ends_on).slice(0, 10) : null,
    hoursStart: String(r.hours_start), hoursEnd: String(r.hours_end), maxAttempts: Number(r.max_attempts), retryMinutes: parseRetryMinutes(String(r.retry_minutes)),
    segmentId: r.segment_id === null || r.segment_id === undefined ? null : Number(r.segment_id), agentIds, createdAt: iso(r.created_at)!,
  };
}

