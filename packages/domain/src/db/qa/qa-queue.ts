/**
 * The QA queue (待质检): the sampling job turns call facts into rows (qa/sampling.ts decides which), evaluators claim
 * one for a while (the claim expires, so a call left half-scored goes back to the others), and the unique index on
 * the segment keeps a call from being queued twice by two bridges or two runs.
 */
import type { DataSource } from 'typeorm';
import type { Actor } from '../../access/actor.js';
import { DomainError } from '../../errors.js';
import { canEvaluate, requireEvaluator } from '../../qa/qa-policy.js';
import { qaWeekOf, selectForQa, type QaCallFacts, type QaSamplingRules } from '../../qa/sampling.js';
import { QA_QUEUE_STATUSES, type QaSendCallResult, type QaQueueItemDto, type QaQueueStatus, type QaSampleReason } from '../../qa/qa.types.js';
import { exclusive, exec, iso, num, rows, sqlTime, withTx } from '../sql.js';
import { writeAudit } from '../services/audit.service.js';

export const DEFAULT_CLAIM_MINUTES = 30;

const ITEM_SELECT = `SELECT q.*, s.queue, s.started_at AS seg_started, s.talk_seconds, c.caller_masked,
  a.display_name AS agent_name, cb.display_name AS claimer_name
  FROM qa_queue_item q JOIN call_segment s ON s.id = q.call_segment_id LEFT JOIN call_record c ON c.linkedid = q.linkedid
  LEFT JOIN app_user a ON a.id = q.agent_id LEFT JOIN app_user cb ON cb.id = q.claimed_by_id`;

const person = (id: unknown, name: unknown): { id: number; displayName: string } | null => (id === null || id === undefined ? null : { id: Number(id), displayName: String(name ?? '') });

export function queueItemDto(r: Record<string, unknown>, now: Date): QaQueueItemDto {
  const expires = iso(r.claim_expires_at);
  // an expired claim reads as open: anyone may take it
  const status = (r.status === 'claimed' && expires && new Date(expires) < now ? 'open' : r.status) as QaQueueStatus;
  return {
    id: Number(r.id), segmentId: Number(r.call_segment_id), callId: String(r.linkedid), agent: person(r.agent_id, r.agent_name),
    queue: (r.queue as string | null) ?? null, startedAt: iso(r.seg_started)!, talkSeconds: num(r.talk_seconds),
    reasons: String(r.reasons).split(',').filter(Boolean) as QaSampleReason[], status,
    claimedBy: status === 'claimed' ? person(r.claimed_by_id, r.claimer_name) : null, claimExpiresAt: status === 'claimed' ? expires : null,
    evaluationId: r.evaluation_id === null || r.evaluation_id === undefined ? null : Number(r.evaluation_id), callerMasked: (r.caller_masked as string | null) ?? null,
  };
}

export interface QaQueueFilter {
  status?: QaQueueStatus | 'pending';
  agentId?: number;
  reason?: QaSampleReason;
}

export class QaQueue {
  constructor(private readonly ds: DataSource, private readonly clock: () => Date, private readonly claimMinutes = DEFAULT_CLAIM_MINUTES) {}

  /** Facts of the answered, ended segments from the start of `from`'s week (Asia/Shanghai) to `to`. */
  async facts(from: Date, to: Date): Promise<QaCallFacts[]> {
    const weekStart = new Date(`${qaWeekOf(from)}T00:00:00+08:00`);
    const r = await rows(this.ds, `SELECT s.id, s.agent_id, s.started_at, s.talk_seconds, s.disposition, s.linkedid, c.queue AS call_queue,
        (SELECT MIN(v.score) FROM survey_response v WHERE v.call_id = s.linkedid) AS survey_min,
        (SELECT COUNT(*) FROM ticket t WHERE t.call_id = s.linkedid AND t.kind = 'complaint') AS complaints,
        (SELECT COUNT(*) FROM ticket t WHERE t.kind = 'callback' AND (t.call_id = s.linkedid OR t.id IN (SELECT tc.ticket_id FROM ticket_call tc WHERE tc.call_id = s.linkedid))) AS callbacks,
        q.id AS queued, q.reasons
      FROM call_segment s LEFT JOIN call_record c ON c.linkedid = s.linkedid LEFT JOIN qa_queue_item q ON q.call_segment_id = s.id
      WHERE s.answered_at IS NOT NULL AND s.ended_at IS NOT NULL AND s.started_at >= ? AND s.started_at < ?`, [sqlTime(weekStart), sqlTime(to)]);
    return r.map((x) => ({
      segmentId: Number(x.id), agentId: x.agent_id === null ? null : Number(x.agent_id), startedAt: new Date(iso(x.started_at)!), talkSeconds: num(x.talk_seconds),
      complaint: x.disposition === 'complaint' || x.call_queue === 'complaints' || num(x.complaints) > 0,
      surveyMin: x.survey_min === null || x.survey_min === undefined ? null : Number(x.survey_min), callbackTask: num(x.callbacks) > 0,
      queued: x.queued !== null && x.queued !== undefined, queuedRandom: String(x.reasons ?? '').split(',').includes('random'),
    }));
  }

  /** Runs the sampling rules over [from, to) and queues what they select; returns how many were added. */
  async sample(rules: QaSamplingRules, from: Date, to: Date = this.clock()): Promise<{ added: number; reasons: Record<string, number> }> {
    const facts = await this.facts(from, to);
    const picks = selectForQa(facts, rules);
    const byId = new Map(facts.map((f) => [f.segmentId, f]));
    const reasons: Record<string, number> = {};
    let added = 0;
    for (const p of picks) {
      const f = byId.get(p.segmentId)!;
      if (await this.insert(f.segmentId, p.reasons)) {
        added++;
        for (const r of p.reasons) reasons[r] = (reasons[r] ?? 0) + 1;
      }
    }
    return { added, reasons };
  }

  /** One row per segment; false when it was already there (another run or bridge got it first). */
  private async insert(segmentId: number, reasons: QaSampleReason[], actorId: number | null = null): Promise<boolean> {
    const [s] = await rows(this.ds, 'SELECT id, linkedid, agent_id, started_at FROM call_segment WHERE id = ?', [segmentId]);
    if (!s) throw new DomainError('NOT_FOUND', `通话段不存在 / call segment ${segmentId} not found`);
    const now = sqlTime(this.clock());
    try {
      await withTx(this.ds, async (m) => {
        const r = await exec(m, 'INSERT INTO qa_queue_item (call_segment_id, linkedid, agent_id, week, reasons, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
          [segmentId, s.linkedid, s.agent_id, qaWeekOf(new Date(iso(s.started_at)!)), reasons.join(','), 'open', now, now]);
        if (actorId !== null) await writeAudit(m, { actorId, action: 'qa.queue.add', subjectType: 'qa_queue_item', subjectId: r.insertId, detail: { segmentId, reasons } });
      });
      return true;
    } catch (e) {
      const [have] = await rows(this.ds, 'SELECT id FROM qa_queue_item WHERE call_segment_id = ?', [segmentId]);
      if (have) return false;
      throw e;
    }
  }

  /** A segment put in the queue by hand (an evaluator saw something); CONFLICT when it is there already. */
  async addManual(segmentId: number, actor: Actor): Promise<QaQueueItemDto> {
    requireEvaluator(actor);
    if (!(await this.insert(segmentId, ['manual'], actor.id))) throw new DomainError('CONFLICT', '该通话已在质检队列中 / this call is already in the QA queue', { segmentId });
    const [r] = await rows(this.ds, 'SELECT id FROM qa_queue_item WHERE call_segment_id = ?', [segmentId]);
    return this.get(Number(r!.id));
  }

  /**
   * 送质检 from a call (the desk's 本班通话 or a recording): the answered agent segments of call `callId` go in the
   * queue. Evaluators send every segment (reason manual); an agent only their own (reason agent-request: "please
   * review this call"). Segments already queued are counted, not queued twice. Audited per item.
   */
  async sendCall(callId: string, actor: Actor): Promise<QaSendCallResult> {
    const evaluator = canEvaluate(actor.role);
    if (!evaluator && actor.role !== 'agent') throw new DomainError('FORBIDDEN', '无权送质检 / not allowed to send calls to QA', { rule: 'qa.send' });
    const segs = await rows(this.ds, `SELECT s.id, s.agent_id, q.id AS queued FROM call_segment s LEFT JOIN qa_queue_item q ON q.call_segment_id = s.id
      WHERE s.linkedid = ? AND s.answered_at IS NOT NULL ${evaluator ? '' : 'AND s.agent_id = ?'} ORDER BY s.id`, evaluator ? [callId] : [callId, actor.id]);
    if (!segs.length) throw new DomainError('NOT_FOUND', evaluator ? '该通话没有已接听的坐席分段 / this call has no answered agent segment' : '该通话没有您接听的分段 / you did not answer this call', { callId });
    const added: QaQueueItemDto[] = [];
    let alreadyQueued = 0;
    for (const s of segs) {
      if (s.queued !== null && s.queued !== undefined) {
        alreadyQueued++;
        continue;
      }
      if (!(await this.insert(Number(s.id), [evaluator ? 'manual' : 'agent-request'], actor.id))) {
        alreadyQueued++;
        continue;
      }
      const [r] = await rows(this.ds, 'SELECT id FROM qa_queue_item WHERE call_segment_id = ?', [s.id]);
      added.push(await this.get(Number(r!.id)));
    }
    return { added, alreadyQueued };
  }

  async get(id: number): Promise<QaQueueItemDto> {
    const [r] = await rows(this.ds, `${ITEM_SELECT} WHERE q.id = ?`, [id]);
    if (!r) throw new DomainError('NOT_FOUND', `质检队列项不存在 / QA queue item ${id} not found`);
    return queueItemDto(r, this.clock());
  }

  /** pending (default) = open, or claimed with an expired claim, or claimed by anyone (shown with who and until when). */
  async list(f: QaQueueFilter = {}): Promise<QaQueueItemDto[]> {
    const where: string[] = [];
    const p: unknown[] = [];
    const status = f.status ?? 'pending';
    if (status === 'pending') where.push("q.status IN ('open', 'claimed')");
    else if (QA_QUEUE_STATUSES.includes(status)) {
      where.push('q.status = ?');
      p.push(status);
    }
    if (f.agentId !== undefined) {
      where.push('q.agent_id = ?');
      p.push(f.agentId);
    }
    if (f.reason) {
      where.push('q.reasons LIKE ?');
      p.push(`%${f.reason}%`);
    }
    const r = await rows(this.ds, `${ITEM_SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY q.created_at, q.id LIMIT 500`, p);
    return r.map((x) => queueItemDto(x, this.clock()));
  }

  /**
   * Takes an item for `claimMinutes`: open ones, expired claims, or one's own (renewed). The conditional UPDATE is
   * the lock: two evaluators pressing 领取 at once — one gets it, the other a CONFLICT naming who has it.
   */
  async claim(id: number, actor: Actor): Promise<QaQueueItemDto> {
    requireEvaluator(actor);
    const now = this.clock();
    const until = new Date(now.getTime() + this.claimMinutes * 60_000);
    const r = await withTx(this.ds, async (m) => {
      const u = await exec(m, `UPDATE qa_queue_item SET status = 'claimed', claimed_by_id = ?, claim_expires_at = ?, updated_at = ?
        WHERE id = ? AND (status = 'open' OR (status = 'claimed' AND (claimed_by_id = ? OR claim_expires_at < ?)))`,
      [actor.id, sqlTime(until), sqlTime(now), id, actor.id, sqlTime(now)]);
      if (u.affected === 1) await writeAudit(m, { actorId: actor.id, action: 'qa.queue.claim', subjectType: 'qa_queue_item', subjectId: id, detail: { until: until.toISOString() } });
      return u.affected;
    });
    const item = await this.get(id);
    if (r !== 1) {
      if (item.status === 'done' || item.status === 'skipped') throw new DomainError('CONFLICT', '该通话已质检完成 / this call has been evaluated already', { status: item.status });
      throw new DomainError('CONFLICT', `${item.claimedBy?.displayName ?? '他人'} 正在质检该通话 / someone else is evaluating this call`, { claimedBy: item.claimedBy, until: item.claimExpiresAt });
    }
    return item;
  }

  /** Gives a claim back (the evaluator's own; supervisors and admins any). */
  async release(id: number, actor: Actor): Promise<QaQueueItemDto> {
    requireEvaluator(actor);
    const any = actor.role === 'supervisor' || actor.role === 'admin';
    await withTx(this.ds, async (m) => {
      const u = await exec(m, `UPDATE qa_queue_item SET status = 'open', claimed_by_id = NULL, claim_expires_at = NULL, updated_at = ? WHERE id = ? AND status = 'claimed'${any ? '' : ' AND claimed_by_id = ?'}`,
        any ? [sqlTime(this.clock()), id] : [sqlTime(this.clock()), id, actor.id]);
      if (u.affected !== 1) throw new DomainError('CONFLICT', '您没有领取该通话 / you do not hold this item');
      await writeAudit(m, { actorId: actor.id, action: 'qa.queue.release', subjectType: 'qa_queue_item', subjectId: id });
    });
    return this.get(id);
  }

  /** Is the item claimed by this person right now? (the evaluation's writes check it) */
  async holds(id: number, actorId: number): Promise<boolean> {
    const [r] = await rows(this.ds, "SELECT id FROM qa_queue_item WHERE id = ? AND status = 'claimed' AND claimed_by_id = ? AND claim_expires_at >= ?", [id, actorId, sqlTime(this.clock())]);
    return !!r;
  }

  /** Extends the holder's claim on activity (saving answers, a comment). */
  async touch(id: number, actorId: number): Promise<void> {
    const now = this.clock();
    await exclusive(this.ds, () => exec(this.ds, "UPDATE qa_queue_item SET claim_expires_at = ?, updated_at = ? WHERE id = ? AND status = 'claimed' AND claimed_by_id = ?",
      [sqlTime(new Date(now.getTime() + this.claimMinutes * 60_000)), sqlTime(now), id, actorId]));
  }
}
