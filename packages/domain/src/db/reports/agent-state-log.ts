/**
 * The agent state log: the bridge reports each seat's state whenever it changes; the open stretch of that agent is
 * closed (its seconds fixed) and a new one opened. A closed wrap-up adds its seconds to the agent's segment of the
 * call and to the call record — AHT's wrap-up part.
 */
import type { DataSource } from 'typeorm';
import { exclusive, exec, rows, sqlTime, withTx } from '../sql.js';

export interface AgentStateChange {
  userId: number;
  ext: string;
  /** An AgentState ('logged-out' closes the open stretch and opens nothing). */
  state: string;
  reason: string | null;
  /** The call of a wrap-up. */
  callId: string | null;
  at: Date;
}

const msOf = (v: unknown): number => (v instanceof Date ? v.getTime() : Date.parse(String(v).replace(' ', 'T') + 'Z'));

/** Records a change; the same state, reason and call again is a no-op (the bridge may repeat itself). */
export async function recordAgentState(ds: DataSource, c: AgentStateChange): Promise<void> {
  await exclusive(ds, () => withTx(ds, async (m) => {
    const [open] = await rows(m, 'SELECT id, state, reason, call_id, started_at FROM agent_state_log WHERE user_id = ? AND ended_at IS NULL ORDER BY id DESC LIMIT 1', [c.userId]);
    if (open && open.state === c.state && (open.reason ?? null) === c.reason && (open.call_id ?? null) === c.callId) return;
    if (open) {
      const secs = Math.max(0, Math.round((c.at.getTime() - msOf(open.started_at)) / 1000));
      await exec(m, 'UPDATE agent_state_log SET ended_at = ?, seconds = ? WHERE id = ?', [sqlTime(c.at), secs, open.id]);
      if (open.state === 'wrap-up' && open.call_id && secs > 0) {
        const seg = await rows(m, 'SELECT id FROM call_segment WHERE linkedid = ? AND agent_id = ? ORDER BY started_at DESC, id DESC LIMIT 1', [open.call_id, c.userId]);
        if (seg[0]) await exec(m, 'UPDATE call_segment SET wrap_up_seconds = wrap_up_seconds + ? WHERE id = ?', [secs, seg[0].id]);
        await exec(m, 'UPDATE call_record SET wrap_up_seconds = wrap_up_seconds + ? WHERE linkedid = ?', [secs, open.call_id]);
      }
    }
    if (c.state === 'logged-out') return;
    await exec(m, 'INSERT INTO agent_state_log (user_id, ext, state, reason, call_id, started_at, seconds) VALUES (?, ?, ?, ?, ?, ?, 0)', [
      c.userId, c.ext, c.state, c.reason, c.callId, sqlTime(c.at),
    ]);
  }));
}

/**
 * An agent's seat as the bridge last reported it (the open stretch of the log): extension and state, or
 * `logged-out` when nothing is open. Readers outside the bridge (the IVR's routing) learn "signed in and free" here.
 */
export async function currentAgentState(ds: DataSource, userId: number): Promise<{ ext: string | null; state: string; reason: string | null }> {
  const [open] = await rows(ds, 'SELECT ext, state, reason FROM agent_state_log WHERE user_id = ? AND ended_at IS NULL ORDER BY id DESC LIMIT 1', [userId]);
  if (!open) return { ext: null, state: 'logged-out', reason: null };
  return { ext: open.ext ? String(open.ext) : null, state: String(open.state), reason: open.reason === null || open.reason === undefined ? null : String(open.reason) };
}
