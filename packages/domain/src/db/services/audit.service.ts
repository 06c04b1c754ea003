import type { DataSource, EntityManager } from 'typeorm';
import type { AuditEntryDto, Page } from '../../contracts/dto.js';
import { exclusive, exec, iso, parseJson, rows, sqlTime, Where } from '../sql.js';
import { clampPage, type ActorId } from './mappers.js';

export interface AuditWrite {
  actorId: ActorId;
  action: string;
  subjectType: string;
  subjectId: string | number;
  detail?: Record<string, unknown> | null;
  ip?: string | null;
  at?: Date;
}

export interface AuditFilter {
  actorId?: number;
  action?: string;
  subjectType?: string;
  subjectId?: string;
  from?: string;
  to?: string;
  page?: number;
  pageSize?: number;
}

/** Writes a row into audit_log on the given manager (pass the transaction's manager to audit atomically). */
export async function writeAudit(m: EntityManager | DataSource, e: AuditWrite): Promise<number> {
  const r = await exec(m, 'INSERT INTO audit_log (at, actor_id, action, subject_type, subject_id, detail, ip) VALUES (?, ?, ?, ?, ?, ?, ?)', [
    sqlTime(e.at ?? new Date()), e.actorId, e.action, e.subjectType, String(e.subjectId), e.detail ? JSON.stringify(e.detail) : null, e.ip ?? null,
  ]);
  return r.insertId;
}

/** The audit trail: every unmasking, recording playback, rule change, login … */
export class AuditService {
  constructor(private readonly ds: DataSource) {}

  /** Standalone write (outside a business transaction). Inside one, use writeAudit(manager, …). */
  write(e: AuditWrite): Promise<number> {
    return exclusive(this.ds, () => writeAudit(this.ds, e));
  }

  /** Rows of these actions written after row `afterId`, oldest first (a feed of alerts to follow). */
  async since(afterId: number, actions: readonly string[], limit = 50): Promise<AuditEntryDto[]> {
    if (!actions.length) return [];
    const list = await rows(this.ds,
      `SELECT a.id, a.at, a.actor_id, u.username, a.action, a.subject_type, a.subject_id, a.detail, a.ip
       FROM audit_log a LEFT JOIN app_user u ON u.id = a.actor_id WHERE a.id > ? AND a.action IN (${actions.map(() => '?').join(',')}) ORDER BY a.id LIMIT ?`,
      [afterId, ...actions, limit]);
    return list.map(entryDto);
  }

  /** The id of the newest audit row (0 when there is none). */
  async lastId(): Promise<number> {
    const [r] = await rows<{ n: number | null }>(this.ds, 'SELECT MAX(id) AS n FROM audit_log');
    return Number(r?.n ?? 0);
  }

  async list(f: AuditFilter = {}): Promise<Page<AuditEntryDto>> {
    const { page, pageSize, offset } = clampPage(f.page, f.pageSize);
    const w = new Where();
    if (f.actorId !== undefined) w.add('a.actor_id = ?', f.actorId);
    if (f.action) w.add('a.action = ?', f.action);
    if (f.subjectType) w.add('a.subject_type = ?', f.subjectType);
    if (f.subjectId) w.add('a.subject_id = ?', f.subjectId);
    if (f.from) w.add('a.at >= ?', sqlTime(f.from));
    if (f.to) w.add('a.at < ?', sqlTime(f.to));
    const [{ n }] = (await rows<{ n: number }>(this.ds, `SELECT COUNT(*) AS n FROM audit_log a ${w.sql}`, w.params)) as [{ n: number }];
    const list = await rows(this.ds,
      `SELECT a.id, a.at, a.actor_id, u.username, a.action, a.subject_type, a.subject_id, a.detail, a.ip
       FROM audit_log a LEFT JOIN app_user u ON u.id = a.actor_id ${w.sql} ORDER BY a.at DESC, a.id DESC LIMIT ? OFFSET ?`, [...w.params, pageSize, offset]);
    return { total: Number(n), page, pageSize, items: list.map(entryDto) };
  }
}

function entryDto(r: Record<string, unknown>): AuditEntryDto {
  return {
    id: Number(r.id),
    at: iso(r.at)!,
    actor: r.actor_id === null ? null : { id: Number(r.actor_id), username: String(r.username ?? '') },
    action: String(r.action),
    subjectType: String(r.subject_type),
    subjectId: String(r.subject_id),
    detail: parseJson<Record<string, unknown> | null>(r.detail, null),
    ip: (r.ip as string | null) ?? null,
  };
}
