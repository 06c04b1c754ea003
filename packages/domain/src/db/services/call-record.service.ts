import type { DataSource, EntityManager } from 'typeorm';
import type { CallFilter } from '../../contracts/http.js';
import type { CallDto, DispositionSubmit, Page, RecordingDto } from '../../contracts/dto.js';
import { CALL_DIRECTIONS, CALL_OUTCOMES, HANGUP_PARTIES, type CallDirection, type CallOutcome, type Disposition, type HangupParty } from '../../calls/call.types.js';
import { LIST_CODE_PATTERN } from '../../admin/desk-lists.js';
import { maskPhone } from '../../donors/masking.js';
import { normalizePhone, type PhoneOptions } from '../../donors/phone.js';
import { DomainError } from '../../errors.js';
import { phoneCriterion } from './donor-search.js';
import { kindOf } from '../data-source.js';
import { asBool, exclusive, exec, iso, placeholders, rows, sqlTime, toDate, Where } from '../sql.js';
import { agentRef, clampPage, type ActorId } from './mappers.js';
import { saveWrapUp } from './call-wrapup.js';
import { segmentOfExt, segmentsOf, segmentsOfCalls, upsertSegment, type SegmentPatch } from './call-segment.service.js';

/** What an event tells about a call. Absent/null fields mean "not known from this event" and never erase anything. */
export interface CallRecordPatch {
  direction?: CallDirection | null;
  /** The caller number in any spelling; stored as E.164 when it is a valid CN number, else as given (trimmed). */
  caller?: string | null;
  dialed?: string | null;
  donorId?: number | null;
  queue?: string | null;
  agentId?: number | null;
  /** Resolved to agentId through app_user.extension when agentId is not given. */
  agentExtension?: string | null;
  startedAt?: Date | string | null;
  queuedAt?: Date | string | null;
  answeredAt?: Date | string | null;
  endedAt?: Date | string | null;
  waitSeconds?: number | null;
  talkSeconds?: number | null;
  holdSeconds?: number | null;
  hangupCause?: string | null;
  hangupBy?: HangupParty | null;
  outcome?: CallOutcome | null;
  ivrPath?: string[] | string | null;
  ivrVerified?: boolean | null;
  disposition?: Disposition | null;
  notes?: string | null;
}

export interface RecordingAttach {
  filePath: string;
  format?: string;
  durationSeconds?: number;
  sizeBytes?: number | null;
  startedAt?: Date | string;
  /** The agent whose leg this is (their extension): the recording belongs to their segment. */
  agentExtension?: string | null;
  /** The user seated at that extension, when the bridge knows it. */
  agentId?: number | null;
}

const CALL_SELECT = `SELECT c.id, c.linkedid, c.direction, c.caller_masked, c.dialed, c.donor_id, d.name AS donor_name, c.queue, c.agent_id,
    u.display_name AS agent_name, u.extension AS agent_ext, c.started_at, c.queued_at, c.answered_at, c.ended_at, c.wait_seconds, c.talk_seconds,
    c.hold_seconds, c.outcome, c.hangup_cause, c.hangup_by, c.ivr_path, c.ivr_verified, c.disposition, c.notes,
    r.id AS rec_id, r.started_at AS rec_started_at, r.duration_seconds AS rec_duration, r.format AS rec_format, r.size_bytes AS rec_size
  FROM call_record c
  LEFT JOIN donor d ON d.id = c.donor_id
  LEFT JOIN app_user u ON u.id = c.agent_id
  LEFT JOIN recording r ON r.id = (SELECT MAX(r2.id) FROM recording r2 WHERE r2.call_record_id = c.id)`;

function ts(v: Date | string | null | undefined): string | null {
  return v === null || v === undefined ? null : sqlTime(v);
}


/**
 * Durable call records keyed by Linkedid, written by idempotent upserts (INSERT … ON DUPLICATE KEY UPDATE on MySQL,
 * INSERT … ON CONFLICT DO UPDATE on SQLite) with order-independent merge rules:
 *  - each timestamp keeps the earliest instant reported for it and is never cleared, so duplicates and late events
 *    cannot move it or reopen an ended call; queued/answered instants after the recorded end are ignored;
 *  - wait/talk/hold seconds only grow (max); the IVR path keeps the longest; ivr_verified only turns on;
 *  - descriptive fields (queue, agent, donor, outcome, hangup cause, disposition …) take the latest non-null value.
 */
export class CallRecordService {
  constructor(
    private readonly ds: DataSource,
    private readonly opts: { phoneOptions?: PhoneOptions; clock?: () => Date } = {},
  ) {}

  private now(): Date {
    return this.opts.clock?.() ?? new Date();
  }

  async upsert(linkedid: string, patch: CallRecordPatch): Promise<CallDto> {
    if (!linkedid || linkedid.length > 64) throw new DomainError('VALIDATION_FAILED', 'linkedid is required (≤ 64 characters)');
    if (patch.direction && !CALL_DIRECTIONS.includes(patch.direction)) throw new DomainError('VALIDATION_FAILED', `invalid direction ${patch.direction}`);
    if (patch.outcome && !CALL_OUTCOMES.includes(patch.outcome)) throw new DomainError('VALIDATION_FAILED', `invalid outcome ${patch.outcome}`);
    if (patch.hangupBy && !HANGUP_PARTIES.includes(patch.hangupBy)) throw new DomainError('VALIDATION_FAILED', `invalid hangupBy ${patch.hangupBy}`);
    if (patch.disposition && !new RegExp(LIST_CODE_PATTERN).test(patch.disposition)) throw new DomainError('VALIDATION_FAILED', `invalid disposition ${patch.disposition}`);
    let agentId = patch.agentId ?? null;
    if (agentId === null && patch.agentExtension) {
      const [u] = await rows(this.ds, 'SELECT id FROM app_user WHERE extension = ? AND active = 1 ORDER BY id LIMIT 1', [patch.agentExtension]);
      agentId = u ? Number(u.id) : null;
    }
    const caller = this.callerOf(patch.caller);
    const started = ts(patch.startedAt);
    const queued = ts(patch.queuedAt);
    const answered = ts(patch.answeredAt);
    const ended = ts(patch.endedAt);
    const firstKnown = [started, queued, answered, ended].filter((x): x is string => !!x).sort()[0] ?? sqlTime(this.now());
    const path = Array.isArray(patch.ivrPath) ? patch.ivrPath.join('>') : patch.ivrPath ?? null;
    const nowTs = sqlTime(this.now());
    const n = (v: number | null | undefined): number | null => (v === null || v === undefined || !Number.isFinite(v) ? null : Math.max(0, Math.round(v)));

    const insertCols = ['linkedid', 'direction', 'caller_e164', 'caller_masked', 'dialed', 'donor_id', 'queue', 'agent_id', 'started_at', 'queued_at', 'answered_at',
      'ended_at', 'wait_seconds', 'talk_seconds', 'hold_seconds', 'hangup_cause', 'hangup_by', 'outcome', 'ivr_path', 'ivr_verified', 'disposition', 'notes', 'version', 'updated_at'];
    const insertVals: unknown[] = [linkedid, patch.direction ?? 'inbound', caller?.stored ?? null, caller?.masked ?? '', patch.dialed ?? null, patch.donorId ?? null,
      patch.queue ?? null, agentId, started ?? firstKnown, queued, answered, ended, n(patch.waitSeconds) ?? 0, n(patch.talkSeconds) ?? 0, n(patch.holdSeconds) ?? 0,
      patch.hangupCause ?? null, patch.hangupBy ?? null, patch.outcome ?? null, path?.slice(0, 500) ?? null, patch.ivrVerified ? 1 : 0, patch.disposition ?? null, patch.notes ?? null, 1, nowTs];

    const set: string[] = [];
    const sp: unknown[] = [];
    const latest = (col: string, v: unknown): void => (set.push(`${col} = COALESCE(?, ${col})`), void sp.push(v ?? null));
    const earliest = (col: string, v: string | null, notAfterEnd: boolean): void => {
      set.push(notAfterEnd
        ? `${col} = CASE WHEN ? IS NULL THEN ${col} WHEN ended_at IS NOT NULL AND ? > ended_at THEN ${col} WHEN ${col} IS NULL OR ? < ${col} THEN ? ELSE ${col} END`
        : `${col} = CASE WHEN ? IS NULL THEN ${col} WHEN ${col} IS NULL OR ? < ${col} THEN ? ELSE ${col} END`);
      sp.push(...(notAfterEnd ? [v, v, v, v] : [v, v, v]));
    };
    const most = (col: string, v: number | null): void => (set.push(`${col} = CASE WHEN ? IS NOT NULL AND ? > ${col} THEN ? ELSE ${col} END`), void sp.push(v, v, v));
    latest('direction', patch.direction);
    latest('caller_e164', caller?.stored);
    latest('caller_masked', caller?.masked);
    latest('dialed', patch.dialed);
    latest('donor_id', patch.donorId);
    latest('queue', patch.queue);
    latest('agent_id', agentId);
    earliest('started_at', started, false);
    earliest('queued_at', queued, true);
    earliest('answered_at', answered, true);
    most('wait_seconds', n(patch.waitSeconds));
    most('talk_seconds', n(patch.talkSeconds));
    most('hold_seconds', n(patch.holdSeconds));
    latest('hangup_cause', patch.hangupCause);
    latest('hangup_by', patch.hangupBy);
    latest('outcome', patch.outcome);
    set.push('ivr_path = CASE WHEN ? IS NOT NULL AND (ivr_path IS NULL OR LENGTH(?) > LENGTH(ivr_path)) THEN ? ELSE ivr_path END');
    sp.push(path, path, path?.slice(0, 500) ?? null);
    set.push('ivr_verified = CASE WHEN ? = 1 THEN 1 ELSE ivr_verified END');
    sp.push(patch.ivrVerified ? 1 : 0);
    latest('disposition', patch.disposition);
    latest('notes', patch.notes);
    // last: MySQL evaluates assignments left to right, so the clauses above still compare with the stored ended_at
    earliest('ended_at', ended, false);
    set.push('version = version + 1', 'updated_at = ?');
    sp.push(nowTs);

    const head = `INSERT INTO call_record (${insertCols.join(', ')}) VALUES (${placeholders(insertCols.length)})`;
    const sql = kindOf(this.ds) === 'sqlite' ? `${head} ON CONFLICT(linkedid) DO UPDATE SET ${set.join(', ')}` : `${head} ON DUPLICATE KEY UPDATE ${set.join(', ')}`;
    await exclusive(this.ds, () => exec(this.ds, sql, [...insertVals, ...sp]));
    return this.getByLinkedid(linkedid);
  }

  private callerOf(raw: string | null | undefined): { stored: string; masked: string } | null {
    if (!raw?.trim()) return null;
    const p = normalizePhone(raw, this.opts.phoneOptions);
    const stored = p?.e164 ?? raw.trim().slice(0, 32);
    return { stored, masked: maskPhone(stored).slice(0, 32) };
  }

  async get(id: number): Promise<CallDto> {
    const [r] = await rows(this.ds, `${CALL_SELECT} WHERE c.id = ?`, [id]);
    if (!r) throw new DomainError('NOT_FOUND', `通话记录不存在 / call ${id} not found`);
    return callDto(r, await segmentsOf(this.ds, String(r.linkedid)));
  }

  async getByLinkedid(linkedid: string, m: EntityManager | DataSource = this.ds): Promise<CallDto> {
    const [r] = await rows(m, `${CALL_SELECT} WHERE c.linkedid = ?`, [linkedid]);
    if (!r) throw new DomainError('NOT_FOUND', `通话记录不存在 / call ${linkedid} not found`);
    return callDto(r, await segmentsOf(m, linkedid));
  }

  /** The caller's full number of a call (for linking it to a donor; never sent to the desk). */
  async callerNumber(linkedid: string): Promise<string | null> {
    const [r] = await rows(this.ds, 'SELECT caller_e164 FROM call_record WHERE linkedid = ?', [linkedid]);
    return (r?.caller_e164 as string | null | undefined) ?? null;
  }

  async list(f: CallFilter = {}): Promise<Page<CallDto>> {
    const { page, pageSize, offset } = clampPage(f.page, f.pageSize);
    const { where, params } = this.filterSql(f);
    const [{ n }] = (await rows<{ n: number }>(this.ds, `SELECT COUNT(*) AS n FROM call_record c ${where}`, params)) as [{ n: number }];
    const list = await rows(this.ds, `${CALL_SELECT} ${where} ORDER BY c.started_at DESC, c.id DESC LIMIT ? OFFSET ?`, [...params, pageSize, offset]);
    const segs = await segmentsOfCalls(this.ds, list.map((r) => String(r.linkedid)));
    return { items: list.map((r) => callDto(r, segs.get(String(r.linkedid)) ?? [])), total: Number(n), page, pageSize };
  }

  /** WHERE clause for a CallFilter over `call_record c` (shared with the recordings search). */
  filterSql(f: CallFilter): { where: string; params: unknown[] } {
    const w = new Where();
    if (f.from) w.add('c.started_at >= ?', sqlTime(dayOrInstant(f.from, false)));
    if (f.to) w.add('c.started_at < ?', sqlTime(dayOrInstant(f.to, true)));
    // an agent's calls: the ones they handled any part of (a segment), not only the last agent's
    if (f.agentId !== undefined) w.add('(c.agent_id = ? OR EXISTS (SELECT 1 FROM call_segment s WHERE s.linkedid = c.linkedid AND s.agent_id = ?))', Number(f.agentId), Number(f.agentId));
    if (f.donorId !== undefined) w.add('c.donor_id = ?', Number(f.donorId));
    if (f.phone?.trim()) {
      // the full number, or exactly its last four digits — never a longer fragment (that would complete a masked number)
      const c = phoneCriterion(f.phone.trim(), this.opts.phoneOptions);
      if (c.kind === 'phone-exact') w.add('c.caller_e164 = ?', c.e164);
      else w.add("c.caller_e164 LIKE ? ESCAPE '!'", `%${c.digits}`);
    }
    if (f.queue) w.add('c.queue = ?', f.queue);
    if (f.disposition) w.add('c.disposition = ?', f.disposition);
    if (f.outcome) w.add('c.outcome = ?', f.outcome);
    if (f.minDuration !== undefined) w.add('c.talk_seconds >= ?', Number(f.minDuration));
    if (f.maxDuration !== undefined) w.add('c.talk_seconds <= ?', Number(f.maxDuration));
    return { where: w.sql, params: w.params };
  }

  /** Calls without an end (for resync after a reconnect). */
  async findOpen(): Promise<CallDto[]> {
    return (await rows(this.ds, `${CALL_SELECT} WHERE c.ended_at IS NULL ORDER BY c.started_at`)).map((r) => callDto(r, []));
  }

  /**
   * Ends every open call that Asterisk no longer reports (not in `alive`) and that started before `at`:
   * ended_at = at, outcome answered/abandoned from what is known, hangup cause 'orphaned'. Returns the linkedids closed.
   */
  async closeOrphans(alive: readonly string[], at: Date = this.now()): Promise<string[]> {
    const open = await rows(this.ds, 'SELECT linkedid, started_at, answered_at, queued_at FROM call_record WHERE ended_at IS NULL AND started_at <= ?', [sqlTime(at)]);
    const keep = new Set(alive);
    const closed: string[] = [];
    for (const r of open) {
      const id = String(r.linkedid);
      if (keep.has(id)) continue;
      const answered = toDate(r.answered_at);
      const queued = toDate(r.queued_at);
      await this.upsert(id, {
        endedAt: at,
        outcome: answered ? 'answered' : queued ? 'abandoned' : 'ivr-only',
        talkSeconds: answered ? Math.max(0, (at.getTime() - answered.getTime()) / 1000) : null,
        waitSeconds: queued ? Math.max(0, ((answered ?? at).getTime() - queued.getTime()) / 1000) : null,
        hangupCause: 'orphaned',
        hangupBy: 'unknown',
      });
      closed.push(id);
    }
    return closed;
  }

  /** The agent and segment of the leg a recording was made on (by the agent's extension; the segment may come later). */
  private async legOf(linkedid: string, ext: string | null, agentId: number | null): Promise<{ agentId: number | null; segmentId: number | null }> {
    if (!ext) return { agentId, segmentId: null };
    const seg = await segmentOfExt(this.ds, linkedid, ext);
    if (agentId !== null) return { agentId, segmentId: seg?.id ?? null };
    if (seg?.agentId !== null && seg?.agentId !== undefined) return { agentId: seg.agentId, segmentId: seg.id };
    const [u] = await rows(this.ds, 'SELECT id FROM app_user WHERE extension = ? AND active = 1 ORDER BY id LIMIT 1', [ext]);
    return { agentId: u ? Number(u.id) : null, segmentId: seg?.id ?? null };
  }

  /** Links a recording file to the call (idempotent on the file path); creates a minimal record if needed. */
  async attachRecording(linkedid: string, rec: RecordingAttach): Promise<RecordingDto> {
    if (!rec.filePath) throw new DomainError('VALIDATION_FAILED', 'filePath is required');
    const startedAt = rec.startedAt ?? this.now();
    await this.upsert(linkedid, { startedAt });
    const [c] = await rows(this.ds, 'SELECT id FROM call_record WHERE linkedid = ?', [linkedid]);
    const callRecordId = Number(c!.id);
    const format = (rec.format ?? (/\.(\w+)$/.exec(rec.filePath)?.[1] ?? 'wav')).slice(0, 8);
    const leg = await this.legOf(linkedid, rec.agentExtension ?? null, rec.agentId ?? null);
    await exclusive(this.ds, async () => {
      const [existing] = await rows(this.ds, 'SELECT id FROM recording WHERE file_path = ?', [rec.filePath]);
      if (existing) {
        await exec(this.ds, `UPDATE recording SET duration_seconds = CASE WHEN ? > duration_seconds THEN ? ELSE duration_seconds END, size_bytes = COALESCE(?, size_bytes),
          agent_id = COALESCE(agent_id, ?), call_segment_id = COALESCE(call_segment_id, ?) WHERE id = ?`, [
          Math.round(rec.durationSeconds ?? 0), Math.round(rec.durationSeconds ?? 0), rec.sizeBytes ?? null, leg.agentId, leg.segmentId, existing.id,
        ]);
      } else {
        await exec(this.ds, 'INSERT INTO recording (call_record_id, file_path, format, duration_seconds, size_bytes, agent_id, call_segment_id, started_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)', [
          callRecordId, rec.filePath, format, Math.round(rec.durationSeconds ?? 0), rec.sizeBytes ?? null, leg.agentId, leg.segmentId, sqlTime(startedAt), sqlTime(this.now()),
        ]);
      }
    });
    const [r] = await rows(this.ds, 'SELECT id FROM recording WHERE file_path = ?', [rec.filePath]);
    return (await recordingById(this.ds, Number(r!.id)))!.dto;
  }

  /** The agent's wrap-up on their own segment of the call (see saveWrapUp). */
  async setDisposition(linkedid: string, s: DispositionSubmit, actorId: ActorId): Promise<CallDto> {
    await saveWrapUp(this.ds, linkedid, s, actorId, this.now());
    return this.getByLinkedid(linkedid);
  }

  /** One agent's part of a call, as the bridge follows it (see upsertSegment). */
  upsertSegment(linkedid: string, p: SegmentPatch): Promise<number> {
    return upsertSegment(this.ds, linkedid, p, this.now());
  }
}

function dayOrInstant(s: string, end: boolean): Date {
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) {
    const [y, mo, d] = s.split('-').map(Number) as [number, number, number];
    return new Date(Date.UTC(y, mo - 1, d + (end ? 1 : 0)) - 8 * 3600_000);
  }
  const t = new Date(s);
  if (Number.isNaN(t.getTime())) throw new DomainError('VALIDATION_FAILED', `not a date: ${s}`);
  return t;
}
export { dayOrInstant as localDayOrInstant };

function callDto(r: Record<string, unknown>, segments: CallDto['segments']): CallDto {
  const path = r.ivr_path ? String(r.ivr_path).split('>').filter(Boolean) : [];
  return {
    id: Number(r.id),
    callId: String(r.linkedid),
    direction: r.direction as CallDirection,
    callerMasked: String(r.caller_masked ?? ''),
    dialed: (r.dialed as string | null) ?? null,
    donor: r.donor_id === null || r.donor_id === undefined ? null : { id: Number(r.donor_id), name: String(r.donor_name ?? '') },
    queue: (r.queue as string | null) ?? null,
    agent: agentRef(r.agent_id, r.agent_name, r.agent_ext),
    startedAt: iso(r.started_at)!,
    queuedAt: iso(r.queued_at),
    answeredAt: iso(r.answered_at),
    endedAt: iso(r.ended_at),
    waitSeconds: Number(r.wait_seconds ?? 0),
    talkSeconds: Number(r.talk_seconds ?? 0),
    holdSeconds: Number(r.hold_seconds ?? 0),
    outcome: (r.outcome as CallOutcome | null) ?? null,
    hangupCause: (r.hangup_cause as string | null) ?? null,
    hangupBy: (r.hangup_by as HangupParty | null) ?? null,
    ivrPath: path,
    ivrVerified: asBool(r.ivr_verified),
    disposition: (r.disposition as Disposition | null) ?? null,
    notes: (r.notes as string | null) ?? null,
    recording: r.rec_id === null || r.rec_id === undefined ? null : {
      id: Number(r.rec_id), callRecordId: Number(r.id), callId: String(r.linkedid), startedAt: iso(r.rec_started_at)!, durationSeconds: Number(r.rec_duration ?? 0),
      format: String(r.rec_format ?? 'wav'), sizeBytes: r.rec_size === null || r.rec_size === undefined ? null : Number(r.rec_size),
      agent: agentRef(r.agent_id, r.agent_name, r.agent_ext), donor: r.donor_id === null || r.donor_id === undefined ? null : { id: Number(r.donor_id), name: String(r.donor_name ?? '') },
      callerMasked: String(r.caller_masked ?? ''), queue: (r.queue as string | null) ?? null, disposition: (r.disposition as Disposition | null) ?? null,
    },
    segments,
  };
}

/** A recording belongs to its leg's agent (r.agent_id; recordings from before segments: the call's agent). */
export const RECORDING_SELECT = `SELECT r.id, r.call_record_id, c.linkedid, r.started_at, r.duration_seconds, r.format, r.size_bytes, r.file_path, r.call_segment_id,
    COALESCE(r.agent_id, c.agent_id) AS agent_id, u.display_name AS agent_name, u.extension AS agent_ext, c.donor_id, d.name AS donor_name, c.caller_masked,
    COALESCE(s.queue, c.queue) AS queue, COALESCE(s.disposition, c.disposition) AS disposition
  FROM recording r JOIN call_record c ON c.id = r.call_record_id
  LEFT JOIN call_segment s ON s.id = r.call_segment_id
  LEFT JOIN donor d ON d.id = c.donor_id LEFT JOIN app_user u ON u.id = COALESCE(r.agent_id, c.agent_id)`;

export function recordingDto(r: Record<string, unknown>): RecordingDto {
  return {
    id: Number(r.id), callRecordId: Number(r.call_record_id), callId: String(r.linkedid), startedAt: iso(r.started_at)!, durationSeconds: Number(r.duration_seconds ?? 0),
    format: String(r.format), sizeBytes: r.size_bytes === null || r.size_bytes === undefined ? null : Number(r.size_bytes), agent: agentRef(r.agent_id, r.agent_name, r.agent_ext),
    donor: r.donor_id === null || r.donor_id === undefined ? null : { id: Number(r.donor_id), name: String(r.donor_name ?? '') },
    callerMasked: String(r.caller_masked ?? ''), queue: (r.queue as string | null) ?? null, disposition: (r.disposition as Disposition | null) ?? null,
    callSegmentId: r.call_segment_id === null || r.call_segment_id === undefined ? null : Number(r.call_segment_id),
  };
}

export async function recordingById(m: EntityManager | DataSource, id: number): Promise<{ dto: RecordingDto; filePath: string; agentId: number | null } | null> {
  const [r] = await rows(m, `${RECORDING_SELECT} WHERE r.id = ?`, [id]);
  if (!r) return null;
  return { dto: recordingDto(r), filePath: String(r.file_path), agentId: r.agent_id === null ? null : Number(r.agent_id) };
}

