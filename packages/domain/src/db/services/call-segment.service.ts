import type { DataSource, EntityManager } from 'typeorm';
import type { Disposition } from '../../calls/call.types.js';
import { SEGMENT_END_REASONS, type SegmentEndReason } from '../../calls/call-segment.types.js';
import type { CallSegmentDto } from '../../contracts/dto.js';
import { DomainError } from '../../errors.js';
import { exclusive, exec, iso, rows, sqlTime } from '../sql.js';
import { agentRef } from './mappers.js';

/** What the bridge knows about one agent's part of a call. Absent/null fields never erase anything. */
export interface SegmentPatch {
  /** The agent's extension (with the call's Linkedid, the segment's key). */
  ext: string;
  agentId?: number | null;
  queue?: string | null;
  startedAt?: Date | string | null;
  answeredAt?: Date | string | null;
  endedAt?: Date | string | null;
  talkSeconds?: number | null;
  holdSeconds?: number | null;
  endReason?: SegmentEndReason | null;
}

type Db = DataSource | EntityManager;
const t = (v: Date | string | null | undefined): string | null => (v === null || v === undefined ? null : sqlTime(v));
const n = (v: number | null | undefined): number | null => (v === null || v === undefined || !Number.isFinite(v) ? null : Math.max(0, Math.round(v)));

/**
 * Writes one agent's segment of a call (insert, or merge into the row of the same call and extension): instants keep
 * the earliest (the end: the latest), seconds only grow, the rest takes the latest known value. Recordings of the
 * call already attributed to the agent and not yet to a segment are linked to it.
 */
export async function upsertSegment(ds: DataSource, linkedid: string, p: SegmentPatch, now: Date): Promise<number> {
  if (!p.ext || p.ext.length > 20) throw new DomainError('VALIDATION_FAILED', 'segment ext is required (≤ 20 characters)');
  if (p.endReason && !SEGMENT_END_REASONS.includes(p.endReason)) throw new DomainError('VALIDATION_FAILED', `invalid end reason ${p.endReason}`);
  return exclusive(ds, async () => {
    const [cur] = await rows(ds, 'SELECT id, agent_id FROM call_segment WHERE linkedid = ? AND ext = ?', [linkedid, p.ext]);
    const started = t(p.startedAt);
    const answered = t(p.answeredAt);
    const ended = t(p.endedAt);
    let id: number;
    if (!cur) {
      await exec(ds, `INSERT INTO call_segment (linkedid, agent_id, ext, queue, started_at, answered_at, ended_at, talk_seconds, hold_seconds, end_reason, updated_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, [
        linkedid, p.agentId ?? null, p.ext, p.queue ?? null, started ?? answered ?? ended ?? sqlTime(now), answered, ended, n(p.talkSeconds) ?? 0, n(p.holdSeconds) ?? 0,
        p.endReason ?? null, sqlTime(now),
      ]);
      const [r] = await rows(ds, 'SELECT id FROM call_segment WHERE linkedid = ? AND ext = ?', [linkedid, p.ext]);
      id = Number(r!.id);
    } else {
      id = Number(cur.id);
      await exec(ds, `UPDATE call_segment SET
          agent_id = COALESCE(?, agent_id), queue = COALESCE(?, queue),
          started_at = CASE WHEN ? IS NOT NULL AND ? < started_at THEN ? ELSE started_at END,
          answered_at = CASE WHEN ? IS NULL THEN answered_at WHEN answered_at IS NULL OR ? < answered_at THEN ? ELSE answered_at END,
          ended_at = CASE WHEN ? IS NULL THEN ended_at WHEN ended_at IS NULL OR ? > ended_at THEN ? ELSE ended_at END,
          talk_seconds = CASE WHEN ? IS NOT NULL AND ? > talk_seconds THEN ? ELSE talk_seconds END,
          hold_seconds = CASE WHEN ? IS NOT NULL AND ? > hold_seconds THEN ? ELSE hold_seconds END,
          end_reason = COALESCE(?, end_reason), updated_at = ?
        WHERE id = ?`, [
        p.agentId ?? null, p.queue ?? null, started, started, started, answered, answered, answered, ended, ended, ended,
        n(p.talkSeconds), n(p.talkSeconds), n(p.talkSeconds), n(p.holdSeconds), n(p.holdSeconds), n(p.holdSeconds), p.endReason ?? null, sqlTime(now), id,
      ]);
    }
    const agentId = p.agentId ?? (cur?.agent_id === null || cur?.agent_id === undefined ? null : Number(cur.agent_id));
    if (agentId !== null) {
      await exec(ds, `UPDATE recording SET call_segment_id = ? WHERE call_segment_id IS NULL AND agent_id = ?
        AND call_record_id IN (SELECT id FROM call_record WHERE linkedid = ?)`, [id, agentId, linkedid]);
    }
    return id;
  });
}

/** The segment of `ext` in a call (for a recording of that agent's leg). */
export async function segmentOfExt(m: Db, linkedid: string, ext: string): Promise<{ id: number; agentId: number | null } | null> {
  const [r] = await rows(m, 'SELECT id, agent_id FROM call_segment WHERE linkedid = ? AND ext = ?', [linkedid, ext]);
  return r ? { id: Number(r.id), agentId: r.agent_id === null ? null : Number(r.agent_id) } : null;
}

/** The user's own segment of a call (their latest, when the call came back to them). */
export async function segmentOfAgent(m: Db, linkedid: string, agentId: number): Promise<{ id: number; ext: string } | null> {
  const [r] = await rows(m, 'SELECT id, ext FROM call_segment WHERE linkedid = ? AND agent_id = ? ORDER BY started_at DESC, id DESC LIMIT 1', [linkedid, agentId]);
  return r ? { id: Number(r.id), ext: String(r.ext) } : null;
}

/** Whether the user handled (answered) any part of the call. */
export async function handledBy(m: Db, linkedid: string, agentId: number): Promise<boolean> {
  return (await segmentOfAgent(m, linkedid, agentId)) !== null;
}

/** Every segment of a call, in the order the agents took it, with the ids of each leg's recordings. */
export async function segmentsOf(m: Db, linkedid: string): Promise<CallSegmentDto[]> {
  return (await segmentsOfCalls(m, [linkedid])).get(linkedid) ?? [];
}

/** The segments of several calls (a page of the call list) in two queries. */
export async function segmentsOfCalls(m: Db, linkedids: readonly string[]): Promise<Map<string, CallSegmentDto[]>> {
  const out = new Map<string, CallSegmentDto[]>();
  if (linkedids.length === 0) return out;
  const marks = linkedids.map(() => '?').join(', ');
  const list = await rows(m, `SELECT s.*, u.display_name AS agent_name, u.extension AS agent_ext FROM call_segment s
    LEFT JOIN app_user u ON u.id = s.agent_id WHERE s.linkedid IN (${marks}) ORDER BY COALESCE(s.answered_at, s.started_at), s.id`, [...linkedids]);
  if (list.length === 0) return out;
  const recs = await rows(m, `SELECT id, call_segment_id FROM recording WHERE call_segment_id IN (${list.map(() => '?').join(', ')}) ORDER BY id`, list.map((s) => s.id));
  for (const s of list) {
    const dto: CallSegmentDto = {
      id: Number(s.id),
      agent: agentRef(s.agent_id, s.agent_name, s.agent_ext),
      ext: String(s.ext),
      queue: (s.queue as string | null) ?? null,
      startedAt: iso(s.started_at)!,
      answeredAt: iso(s.answered_at),
      endedAt: iso(s.ended_at),
      talkSeconds: Number(s.talk_seconds ?? 0),
      holdSeconds: Number(s.hold_seconds ?? 0),
      endReason: (s.end_reason as SegmentEndReason | null) ?? null,
      disposition: (s.disposition as Disposition | null) ?? null,
      notes: (s.notes as string | null) ?? null,
      recordingIds: recs.filter((r) => Number(r.call_segment_id) === Number(s.id)).map((r) => Number(r.id)),
    };
    const key = String(s.linkedid);
    const arr = out.get(key);
    if (arr) arr.push(dto);
    else out.set(key, [dto]);
  }
  return out;
}
