import type { DataSource } from 'typeorm';
import { canSeeAllRecordings, type Role } from '../../agents/agent.types.js';
import type { Page, RecordingDto } from '../../contracts/dto.js';
import type { CallFilter } from '../../contracts/http.js';
import { DomainError } from '../../errors.js';
import { rows } from '../sql.js';
import { writeAudit } from './audit.service.js';
import { recordingById, recordingDto, RECORDING_SELECT, type CallRecordService } from './call-record.service.js';
import { exclusive } from '../sql.js';
import { clampPage } from './mappers.js';
import { ensureRefCodes } from './recording-ref.js';

export interface Viewer {
  id: number;
  role: Role;
}

/**
 * Recordings for quality managers: search with the call filters (date, agent, donor, full phone number, queue,
 * disposition, duration), and the file path for playback. Agents only see their own calls' recordings;
 * quality, supervisor and admin see all. Every playback is audited (`recording.play`).
 */
export class RecordingService {
  constructor(
    private readonly ds: DataSource,
    private readonly calls: CallRecordService,
  ) {}

  async list(f: CallFilter, viewer?: Viewer): Promise<Page<RecordingDto>> {
    const { page, pageSize, offset } = clampPage(f.page, f.pageSize);
    // an agent sees the recordings of their own legs only (not a colleague's leg of a call they took over)
    const own = viewer && !canSeeAllRecordings(viewer.role) ? viewer.id : f.agentId;
    const { agentId: _byLeg, ...rest } = f;
    const filter = this.calls.filterSql(rest);
    const where = own === undefined ? filter.where : `${filter.where ? `${filter.where} AND` : 'WHERE'} COALESCE(r.agent_id, c.agent_id) = ?`;
    const params = own === undefined ? filter.params : [...filter.params, Number(own)];
    const [{ n }] = (await rows<{ n: number }>(this.ds, `SELECT COUNT(*) AS n FROM recording r JOIN call_record c ON c.id = r.call_record_id ${where}`, params)) as [{ n: number }];
    const list = await rows(this.ds, `${RECORDING_SELECT} ${where} ORDER BY r.started_at DESC, r.id DESC LIMIT ? OFFSET ?`, [...params, pageSize, offset]);
    const items = list.map(recordingDto);
    const refs = await ensureRefCodes(this.ds, items.map((r) => r.id));
    return { items: items.map((r) => ({ ...r, refCode: refs.get(r.id) ?? r.refCode })), total: Number(n), page, pageSize };
  }

  /** Metadata and file path; FORBIDDEN when an agent asks for another agent's recording. */
  async get(id: number, viewer?: Viewer): Promise<RecordingDto & { filePath: string }> {
    const r = await recordingById(this.ds, id);
    if (!r) throw new DomainError('NOT_FOUND', `录音不存在 / recording ${id} not found`);
    if (viewer && !canSeeAllRecordings(viewer.role) && r.agentId !== viewer.id) throw new DomainError('FORBIDDEN', '无权收听该录音 / not your recording');
    const refCode = (await ensureRefCodes(this.ds, [id])).get(id);
    return { ...r.dto, ...(refCode ? { refCode } : {}), filePath: r.filePath };
  }

  /** Checks access and writes the `recording.play` audit row; returns the file to stream. */
  async openForPlayback(id: number, viewer: Viewer, ip: string | null = null): Promise<{ filePath: string; format: string; recording: RecordingDto }> {
    const r = await this.get(id, viewer);
    await exclusive(this.ds, () => writeAudit(this.ds, { actorId: viewer.id, action: 'recording.play', subjectType: 'recording', subjectId: id, detail: { callId: r.callId }, ip }));
    const { filePath, ...recording } = r;
    return { filePath, format: r.format, recording };
  }
}
