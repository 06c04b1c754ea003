import type { DataSource } from 'typeorm';
import type { ShiftCallDto } from '../../contracts/dto.js';
import type { CallDirection, Disposition } from '../../calls/call.types.js';
import { DomainError } from '../../errors.js';
import type { RingOutcome } from '../entities/agent-ring.entity.js';
import { exclusive, exec, iso, rows, sqlTime } from '../sql.js';

type Row = Record<string, unknown>;

const CALL_COLS = `c.direction, c.caller_masked, c.caller_e164, c.donor_id, d.name AS donor_name, c.started_at, c.answered_at, c.ended_at,
  c.talk_seconds, c.disposition`;

function shiftCall(r: Row, at: unknown, handled: boolean, missed: boolean, rejected: boolean): ShiftCallDto {
  const direction = (r.direction as CallDirection | null) ?? 'inbound';
  return {
    callId: String(r.linkedid),
    direction,
    callerMasked: String(r.caller_masked ?? ''),
    donor: r.donor_id === null || r.donor_id === undefined ? null : { id: Number(r.donor_id), name: String(r.donor_name ?? '') },
    at: iso(at)!,
    handled,
    missed,
    rejected,
    talkSeconds: Number(r.talk_seconds ?? 0),
    disposition: (r.disposition as Disposition | null) ?? null,
    canCallBack: missed && direction === 'inbound' && !!r.caller_e164,
  };
}

/**
 * The rings of agents' phones (agent_ring) and the agent's own shift list built from them and the call records:
 * calls the agent handled, and calls that rang them which nobody answered — with the right to call those back.
 * The bridge writes the rings behind the events (ringing, ring ended, call ended); reads never block a pop.
 */
export class AgentRingService {
  constructor(private readonly ds: DataSource) {}

  /** The agent's phone started ringing for the call (a second ring of the same call reopens the row). */
  ringing(linkedid: string, userId: number, ext: string, at: Date): Promise<void> {
    return exclusive(this.ds, async () => {
      const [cur] = await rows(this.ds, 'SELECT id FROM agent_ring WHERE linkedid = ? AND user_id = ?', [linkedid, userId]);
      if (cur) await exec(this.ds, 'UPDATE agent_ring SET ext = ?, ended_at = NULL, outcome = NULL WHERE id = ?', [ext, cur.id]);
      else await exec(this.ds, 'INSERT INTO agent_ring (linkedid, user_id, ext, ringing_at, ended_at, outcome) VALUES (?, ?, ?, ?, NULL, NULL)', [linkedid, userId, ext, sqlTime(at)]);
    });
  }

  /** The ring ended for the agent; `outcome` when it is already known (answered, rejected, a colleague answered). */
  ended(linkedid: string, userId: number, at: Date, outcome: RingOutcome | null): Promise<void> {
    return exclusive(this.ds, async () => {
      await exec(this.ds, 'UPDATE agent_ring SET ended_at = COALESCE(ended_at, ?), outcome = COALESCE(?, outcome) WHERE linkedid = ? AND user_id = ?', [
        sqlTime(at), outcome, linkedid, userId,
      ]);
    });
  }

  /** The call is over: rings still open are now known — a colleague answered it, or nobody did. */
  callEnded(linkedid: string, at: Date, answeredBySomeone: boolean): Promise<void> {
    return exclusive(this.ds, async () => {
      await exec(this.ds, 'UPDATE agent_ring SET ended_at = COALESCE(ended_at, ?), outcome = ? WHERE linkedid = ? AND outcome IS NULL', [
        sqlTime(at), answeredBySomeone ? 'answered-elsewhere' : 'missed', linkedid,
      ]);
    });
  }

  /**
   * The agent's calls since `from`, newest first: handled (answered or placed — any part of it: a segment, e.g.
   * before they transferred it) and missed (nobody answered).
   */
  async shiftCalls(userId: number, from: Date, limit = 200): Promise<ShiftCallDto[]> {
    const since = sqlTime(from);
    const handled = await rows(this.ds,
      `SELECT c.linkedid, ${CALL_COLS} FROM call_record c LEFT JOIN donor d ON d.id = c.donor_id
       WHERE (c.agent_id = ? OR EXISTS (SELECT 1 FROM call_segment s WHERE s.linkedid = c.linkedid AND s.agent_id = ?)) AND c.started_at >= ?
       ORDER BY c.started_at DESC LIMIT ?`, [userId, userId, since, limit]);
    const rang = await rows(this.ds,
      `SELECT r.linkedid, r.ringing_at, r.outcome, ${CALL_COLS} FROM agent_ring r
       LEFT JOIN call_record c ON c.linkedid = r.linkedid LEFT JOIN donor d ON d.id = c.donor_id
       WHERE r.user_id = ? AND r.ringing_at >= ? ORDER BY r.ringing_at DESC LIMIT ?`, [userId, since, limit]);
    const out = new Map<string, ShiftCallDto>();
    const ringOf = new Map(rang.map((r) => [String(r.linkedid), r]));
    for (const r of handled) {
      const ring = ringOf.get(String(r.linkedid));
      out.set(String(r.linkedid), shiftCall(r, ring?.ringing_at ?? r.started_at, true, false, false));
    }
    for (const r of rang) {
      const id = String(r.linkedid);
      if (out.has(id) || r.outcome === 'answered') continue;
      // only calls nobody answered, and that are over (a call still queued may yet be answered by a colleague)
      if (r.answered_at !== null && r.answered_at !== undefined) continue;
      if ((r.ended_at === null || r.ended_at === undefined) && r.outcome === null) continue;
      if (r.direction === null || r.direction === undefined) continue; // no record (yet): nothing to show or call back
      out.set(id, shiftCall(r, r.ringing_at, false, true, r.outcome === 'rejected'));
    }
    return [...out.values()].sort((a, b) => b.at.localeCompare(a.at)).slice(0, limit);
  }

  /**
   * The number to call back a call (回拨), for a user it rang or who handled it (oversight roles: any call). FORBIDDEN
   * otherwise; NOT_FOUND when the call or its number is unknown.
   */
  async callbackTarget(linkedid: string, user: { id: number; oversight: boolean }): Promise<{ e164: string; donorId: number | null }> {
    const [c] = await rows(this.ds, 'SELECT caller_e164, donor_id, agent_id, direction FROM call_record WHERE linkedid = ?', [linkedid]);
    if (!c) throw new DomainError('NOT_FOUND', `通话记录不存在 / call ${linkedid} not found`);
    if (!user.oversight && Number(c.agent_id) !== user.id) {
      const [ring] = await rows(this.ds, 'SELECT id FROM agent_ring WHERE linkedid = ? AND user_id = ?', [linkedid, user.id]);
      if (!ring) throw new DomainError('FORBIDDEN', '只能回拨打给您的来电 / you can only call back calls that rang you');
    }
    if (c.direction !== 'inbound' || !c.caller_e164) throw new DomainError('NOT_FOUND', '该来电没有可回拨的号码 / this call has no number to call back');
    return { e164: String(c.caller_e164), donorId: c.donor_id === null ? null : Number(c.donor_id) };
  }
}
