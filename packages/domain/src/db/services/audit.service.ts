import type { DataSource, EntityManager } from 'typeorm';
import type { AuditEntryDto, Page } from '../../contracts/dto.js';
import { exclusive, exec, iso, parseJson, rows, sqlTime } from '../sql.js';
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

  async list(f: AuditFilter = {}): Promise<Page<AuditEntryDto>> {
    const { page, pageSize, offset } = clampPage(f.page, f.pageSize);
    const where: string[] = [];
    const p: unknown[] = [];
    if (f.actorId !== undefined) {
      where.push('a.actor_id = ?');
      p.push(f.actorId);
    }
    if (f.action) {
      where.push('a.action = ?');
      p.push(f.action);
    }
    if (f.subjectType) {
      where.push('a.subject_type = ?');
      p.push(f.subjectType);
    }
    if (f.subjectId) {
      where.push('a.subject_id = ?');
      p.push(f.subjectId);
    }
    if (f.from) {
      where.push('a.at >= ?');
      p.push(sqlTime(f.from));
    }
    if (f.to) {
      where.push('a.at < ?');
      p.push(sqlTime(f.to));
    }
    const w = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ n }] = (await rows<{ n: number }>(this.ds, `SELECT COUNT(*) AS n FROM audit_log a ${w}`, p)) as [{ n: number }];
    const list = await rows(this.ds,
      `SELECT a.id, a.at, a.actor_id, u.username, a.action, a.subject_type, a.subject_id, a.detail, a.ip
       FROM audit_log a LEFT JOIN app_user u ON u.id = a.actor_id ${w} ORDER BY a.at DESC, a.id DESC LIMIT ? OFFSET ?`, [...p, pageSize, offset]);
    return {
      total: Number(n), page, pageSize,
      items: list.map((r) => ({
        id: Number(r.id),
        at: iso(r.at)!,
        actor: r.actor_id === null ? null : { id: Number(r.actor_id), username: String(r.username ?? '') },
        action: String(r.action),
        subjectType: String(r.subject_type),
        subjectId: String(r.subject_id),
        detail: parseJson<Record<string, unknown> | null>(r.detail, null),
        ip: (r.ip as string | null) ?? null,
      })),
    };
  }
}
