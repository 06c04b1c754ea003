import type { DataSource } from 'typeorm';
import type { CallOutcome } from '../../calls/call.types.js';
import type { PbxCall } from '../../reconcile/pbx-call.js';
import { kindOf } from '../data-source.js';
import { exec, placeholders, rows, sqlTime, toDate } from '../sql.js';
import type { CallRecordService } from '../services/call-record.service.js';

/** A stored call record as the reconciler needs to see it. */
export interface StoredCall {
  linkedid: string;
  startedAt: Date;
  endedAt: Date | null;
  outcome: CallOutcome | null;
  hangupCause: string | null;
  agentExt: string | null;
  queue: string | null;
  reconciledAt: Date | null;
  /** Base names of the recordings already linked (the live path stores the PBX's or the local path). */
  recordingNames: string[];
}

export interface LogCursor {
  inode: string;
  position: number;
}

/**
 * Persistence for reconciling call records against the PBX's own call log: the read position of each log file,
 * the stored view of calls, and applying what the PBX logged to a record (through the call record service's
 * idempotent upserts, so applying the same call twice changes nothing) marked with reconciled_at.
 */
export class PbxReconcileService {
  constructor(
    private readonly ds: DataSource,
    private readonly calls: CallRecordService,
  ) {}

  async cursor(source: string): Promise<LogCursor | null> {
    const [r] = await rows(this.ds, 'SELECT inode, position FROM pbx_log_cursor WHERE source = ?', [source]);
    return r ? { inode: String(r.inode), position: Number(r.position) } : null;
  }

  async saveCursor(source: string, c: LogCursor, at = new Date()): Promise<void> {
    const head = 'INSERT INTO pbx_log_cursor (source, inode, position, updated_at) VALUES (?, ?, ?, ?)';
    const sql = kindOf(this.ds) === 'sqlite'
      ? `${head} ON CONFLICT(source) DO UPDATE SET inode = excluded.inode, position = excluded.position, updated_at = excluded.updated_at`
      : `${head} ON DUPLICATE KEY UPDATE inode = VALUES(inode), position = VALUES(position), updated_at = VALUES(updated_at)`;
    await exec(this.ds, sql, [source, c.inode, c.position, sqlTime(at)]);
  }

  async stored(linkedids: readonly string[]): Promise<Map<string, StoredCall>> {
    const out = new Map<string, StoredCall>();
    for (let i = 0; i < linkedids.length; i += 200) {
      const ids = linkedids.slice(i, i + 200);
      if (!ids.length) break;
      const list = await rows(this.ds, `SELECT c.id, c.linkedid, c.started_at, c.ended_at, c.outcome, c.hangup_cause, c.queue, c.reconciled_at, u.extension AS agent_ext
        FROM call_record c LEFT JOIN app_user u ON u.id = c.agent_id WHERE c.linkedid IN (${placeholders(ids.length)})`, ids);
      const recs = list.length
        ? await rows(this.ds, `SELECT call_record_id, file_path FROM recording WHERE call_record_id IN (${placeholders(list.length)})`, list.map((r) => r.id))
        : [];
      for (const r of list) {
        out.set(String(r.linkedid), {
          linkedid: String(r.linkedid), startedAt: toDate(r.started_at)!, endedAt: toDate(r.ended_at), outcome: (r.outcome as CallOutcome | null) ?? null,
          hangupCause: (r.hangup_cause as string | null) ?? null, agentExt: (r.agent_ext as string | null) ?? null, queue: (r.queue as string | null) ?? null,
          reconciledAt: toDate(r.reconciled_at),
          recordingNames: recs.filter((x) => x.call_record_id === r.id).map((x) => baseName(String(x.file_path))),
        });
      }
    }
    return out;
  }

  /**
   * Writes what the PBX logged into the call's record (created when the bridge never saw the call), its agent's
   * segment, and its recordings (`files`: the paths to store, as the live path would), then marks it reconciled.
   */
  async apply(c: PbxCall, files: ReadonlyArray<{ filePath: string; sizeBytes: number | null; durationSeconds: number }>, at = new Date()): Promise<void> {
    const talk = c.answeredAt ? (c.endedAt.getTime() - c.answeredAt.getTime()) / 1000 : null;
    const wait = c.queuedAt ? ((c.answeredAt ?? c.endedAt).getTime() - c.queuedAt.getTime()) / 1000 : null;
    const [u] = c.agentExt ? await rows(this.ds, 'SELECT id FROM app_user WHERE extension = ? AND active = 1 ORDER BY id LIMIT 1', [c.agentExt]) : [];
    const agentId = u ? Number(u.id) : null;
    await this.calls.upsert(c.linkedid, {
      direction: c.direction, caller: c.caller, dialed: c.dialed, queue: c.queue, agentId, agentExtension: c.agentExt, startedAt: c.startedAt, queuedAt: c.queuedAt,
      answeredAt: c.answeredAt, endedAt: c.endedAt, talkSeconds: talk, waitSeconds: wait, outcome: c.outcome, hangupBy: c.hangupBy,
      // no Q.850 cause in the CDR: a record closed as "orphaned" keeps saying the bridge did not see the end
    });
    if (c.agentExt && c.answeredAt) {
      await this.calls.upsertSegment(c.linkedid, {
        ext: c.agentExt, agentId, queue: c.queue, startedAt: c.answeredAt, answeredAt: c.answeredAt, endedAt: c.endedAt, talkSeconds: talk,
        endReason: c.hangupBy === 'agent' ? 'agent-hangup' : 'caller-hangup',
      });
    }
    for (const f of files) {
      await this.calls.attachRecording(c.linkedid, {
        filePath: f.filePath, format: 'wav', startedAt: c.answeredAt ?? c.startedAt, agentExtension: c.agentExt, durationSeconds: f.durationSeconds, sizeBytes: f.sizeBytes,
      });
    }
    await exec(this.ds, 'UPDATE call_record SET reconciled_at = ? WHERE linkedid = ?', [sqlTime(at), c.linkedid]);
  }

  /** How many records came from (or were completed from) the PBX's log. */
  async reconciledCount(): Promise<number> {
    const [r] = await rows(this.ds, 'SELECT COUNT(*) AS n FROM call_record WHERE reconciled_at IS NOT NULL');
    return Number(r?.n ?? 0);
  }
}

function baseName(p: string): string {
  const i = Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\'));
  return i < 0 ? p : p.slice(i + 1);
}
