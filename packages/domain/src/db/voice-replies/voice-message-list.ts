/**
 * Reading voice messages for the desk (留言回复): the list by state (unanswered / answered, not yet heard / heard),
 * scoped for agents to their own tasks and the pool, with the task's owner, the donor and who replied; and one item
 * with the file paths the bridge needs (never sent to the desk).
 */
import type { DataSource } from 'typeorm';
import { DomainError } from '../../errors.js';
import type { VoiceMessageItemDto, VoiceMessageQuery } from '../../voice-replies/voice-reply.types.js';
import { iso, rows } from '../sql.js';

const SELECT = `SELECT v.id, v.ticket_id, v.caller_masked, v.duration_seconds, v.created_at, v.reply_at, v.reply_heard_at, v.recording_path, v.reply_path,
  t.status AS ticket_status, t.owner_id, o.display_name AS owner_name, d.id AS d_id, d.name AS d_name, v.reply_by_id, r.display_name AS reply_name
  FROM voice_message v LEFT JOIN ticket t ON t.id = v.ticket_id LEFT JOIN app_user o ON o.id = t.owner_id
  LEFT JOIN donor d ON d.id = v.donor_id LEFT JOIN app_user r ON r.id = v.reply_by_id`;

function item(r: Record<string, unknown>): VoiceMessageItemDto {
  const n = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
  return {
    id: Number(r.id), ticketId: n(r.ticket_id), ticketStatus: (r.ticket_status as string | null) ?? null,
    owner: r.owner_id == null ? null : { id: Number(r.owner_id), displayName: String(r.owner_name ?? '') },
    donor: r.d_id == null ? null : { id: Number(r.d_id), name: String(r.d_name ?? '') },
    callerMasked: String(r.caller_masked ?? ''), durationSeconds: Number(r.duration_seconds ?? 0), createdAt: iso(r.created_at)!,
    replyAt: iso(r.reply_at), replyBy: r.reply_by_id == null ? null : { id: Number(r.reply_by_id), displayName: String(r.reply_name ?? '') }, replyHeardAt: iso(r.reply_heard_at),
  };
}

export interface VoiceMessageFiles {
  item: VoiceMessageItemDto;
  ownerId: number | null;
  recordingPath: string;
  replyPath: string | null;
}

export async function voiceMessageFiles(ds: DataSource, id: number): Promise<VoiceMessageFiles> {
  const [r] = await rows(ds, `${SELECT} WHERE v.id = ?`, [id]);
  if (!r) throw new DomainError('NOT_FOUND', `留言不存在 / voice message ${id} not found`);
  return { item: item(r), ownerId: r.owner_id == null ? null : Number(r.owner_id), recordingPath: String(r.recording_path), replyPath: (r.reply_path as string | null) ?? null };
}

/** Newest first for answered ones; unanswered oldest first (the one waiting longest on top). `agentId`: an agent's scope. */
export async function listVoiceMessages(ds: DataSource, q: VoiceMessageQuery, agentId: number | null): Promise<{ items: VoiceMessageItemDto[]; total: number; page: number; pageSize: number }> {
  const where: string[] = [];
  const params: unknown[] = [];
  const state = q.state ?? 'unanswered';
  if (state === 'unanswered') where.push('v.reply_path IS NULL');
  else if (state === 'answered') where.push('v.reply_path IS NOT NULL AND v.reply_heard_at IS NULL');
  else if (state === 'heard') where.push('v.reply_heard_at IS NOT NULL');
  if (agentId !== null) {
    where.push('(t.owner_id IS NULL OR t.owner_id = ?)');
    params.push(agentId);
  }
  const w = where.length ? ` WHERE ${where.join(' AND ')}` : '';
  const page = Math.max(1, q.page ?? 1);
  const pageSize = Math.min(100, Math.max(1, q.pageSize ?? 25));
  const order = state === 'unanswered' ? 'v.created_at, v.id' : 'COALESCE(v.reply_at, v.created_at) DESC, v.id DESC';
  const [c] = await rows(ds, `SELECT COUNT(*) AS n FROM voice_message v LEFT JOIN ticket t ON t.id = v.ticket_id${w}`, params);
  const list = await rows(ds, `${SELECT}${w} ORDER BY ${order} LIMIT ? OFFSET ?`, [...params, pageSize, (page - 1) * pageSize]);
  return { items: list.map(item), total: Number(c?.n ?? 0), page, pageSize };
}
