import type { DataSource } from 'typeorm';
import { maskPhone } from '../../donors/masking.js';
import { normalizePhone, type PhoneOptions } from '../../donors/phone.js';
import { DomainError } from '../../errors.js';
import { VOICE_MESSAGE_KINDS, type VoiceMessageKind } from '../../tickets/ticket.types.js';
import { exec, iso, rows, sqlTime, withTx } from '../sql.js';
import { writeAudit } from './audit.service.js';
import type { ActorId } from './mappers.js';
import type { Notifier } from './notifier.js';
import { insertTicket } from './ticket.service.js';
import type { WorkRules } from '../../work-queue/work.types.js';

export interface VoiceMessageCreate {
  callId?: string | null;
  recordingPath: string;
  durationSeconds?: number;
  caller?: string | null;
  donorId?: number | null;
  /** The ticket it opens (default 'message'); the IVR picks it from the caller's topic (voiceMessageKind). */
  kind?: VoiceMessageKind;
}

export interface VoiceMessageDto {
  id: number;
  callId: string | null;
  recordingPath: string;
  durationSeconds: number;
  callerMasked: string;
  donorId: number | null;
  ticketId: number | null;
  replyPath: string | null;
  replyAt: string | null;
  replyHeardAt: string | null;
  createdAt: string;
}

function dto(r: Record<string, unknown>): VoiceMessageDto {
  return {
    id: Number(r.id), callId: (r.call_id as string | null) ?? null, recordingPath: String(r.recording_path), durationSeconds: Number(r.duration_seconds ?? 0),
    callerMasked: String(r.caller_masked ?? ''), donorId: r.donor_id === null ? null : Number(r.donor_id), ticketId: r.ticket_id === null ? null : Number(r.ticket_id),
    replyPath: (r.reply_path as string | null) ?? null, replyAt: iso(r.reply_at), replyHeardAt: iso(r.reply_heard_at), createdAt: iso(r.created_at)!,
  };
}

/**
 * IVR voice messages (留言): a message becomes a ticket with the recording — of kind 'message', or 'complaint' /
 * 'suggestion' when that is what the caller came for; staff record a reply;
 * the donor hears pending replies on the next call (marked heard).
 */
export class VoiceMessageService {
  constructor(
    private readonly ds: DataSource,
    private readonly deps: { notifier?: Notifier; phoneOptions?: PhoneOptions; clock?: () => Date; work?: WorkRules } = {},
  ) {}

  private now(): Date {
    return this.deps.clock?.() ?? new Date();
  }

  async create(v: VoiceMessageCreate): Promise<VoiceMessageDto> {
    if (!v.recordingPath) throw new DomainError('VALIDATION_FAILED', 'recordingPath is required');
    const kind = v.kind ?? 'message';
    if (!VOICE_MESSAGE_KINDS.includes(kind)) throw new DomainError('VALIDATION_FAILED', `a voice message cannot open a ticket of kind ${String(kind)}`);
    const e164 = v.caller ? normalizePhone(v.caller, this.deps.phoneOptions)?.e164 ?? v.caller.slice(0, 32) : null;
    const id = await withTx(this.ds, async (m) => {
      const ticketId = await insertTicket(m, {
        donorId: v.donorId ?? null, kind, subject: `语音留言 ${e164 ? maskPhone(e164) : '未知号码'}`, body: `IVR留言，时长${Math.round(v.durationSeconds ?? 0)}秒`, callId: v.callId ?? null,
        source: 'voice-message', callerE164: e164,
      }, null, this.now(), this.deps.work);
      const r = await exec(m, `INSERT INTO voice_message (call_id, recording_path, duration_seconds, caller_e164, caller_masked, donor_id, ticket_id, reply_path, reply_by_id, reply_at, reply_heard_at, created_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, NULL, NULL, NULL, NULL, ?)`, [v.callId ?? null, v.recordingPath, Math.round(v.durationSeconds ?? 0), e164, e164 ? maskPhone(e164) : '', v.donorId ?? null, ticketId, sqlTime(this.now())]);
      return r.insertId;
    });
    return this.get(id);
  }

  async get(id: number): Promise<VoiceMessageDto> {
    const [r] = await rows(this.ds, 'SELECT * FROM voice_message WHERE id = ?', [id]);
    if (!r) throw new DomainError('NOT_FOUND', `留言不存在 / voice message ${id} not found`);
    return dto(r);
  }

  async byTicket(ticketId: number): Promise<VoiceMessageDto | null> {
    const [r] = await rows(this.ds, 'SELECT * FROM voice_message WHERE ticket_id = ?', [ticketId]);
    return r ? dto(r) : null;
  }

  /**
   * Staff's reply (a WAV the PBX can play); moves the ticket to in-progress and tells the donor by SMS that a reply
   * waits (template voice-reply, class notice: the worker honours TD opt-out and quiet hours). The SMS goes to the
   * donor's mobile, else to the number that left the message; one per reply (dedup key with the reply time).
   */
  async reply(id: number, replyPath: string, actorId: ActorId, detail?: Record<string, unknown>): Promise<VoiceMessageDto> {
    if (!replyPath) throw new DomainError('VALIDATION_FAILED', 'replyPath is required');
    await withTx(this.ds, async (m) => {
      const [v] = await rows(m, 'SELECT id, ticket_id, donor_id, caller_e164 FROM voice_message WHERE id = ?', [id]);
      if (!v) throw new DomainError('NOT_FOUND', `留言不存在 / voice message ${id} not found`);
      const at = this.now();
      const now = sqlTime(at);
      await exec(m, 'UPDATE voice_message SET reply_path = ?, reply_by_id = ?, reply_at = ?, reply_heard_at = NULL WHERE id = ?', [replyPath, actorId, now, id]);
      if (v.ticket_id) await exec(m, "UPDATE ticket SET status = 'in-progress', started_at = ?, updated_at = ? WHERE id = ? AND status IN ('new', 'assigned')", [now, now, v.ticket_id]);
      await writeAudit(m, { actorId, action: 'voice-message.reply', subjectType: 'voice-message', subjectId: id, ...(detail ? { detail } : {}) });
      if (!this.deps.notifier) return;
      const [d] = v.donor_id
        ? await rows(m, "SELECT d.name, p.e164 FROM donor d JOIN donor_phone p ON p.donor_id = d.id AND p.kind = 'mobile' WHERE d.id = ? ORDER BY p.is_primary DESC LIMIT 1", [v.donor_id])
        : [];
      const to = d ? String(d.e164) : v.caller_e164 && /^\+861\d{10}$/.test(String(v.caller_e164)) ? String(v.caller_e164) : null;
      if (!to) return; // a landline or no number: the donor hears the reply when they call
      await this.deps.notifier.notify({
        to, donorId: v.donor_id ? Number(v.donor_id) : null, ref: `voice-message:${id}`, template: 'voice-reply',
        payload: { name: d ? String(d.name) : '献血者' }, dedupKey: `voice-reply:${id}:${at.getTime()}`,
      }, m);
    });
    return this.get(id);
  }

  /** Replies the donor has not heard yet, oldest first (by donor, or by caller number when unidentified). */
  async pendingReplies(who: { donorId?: number | null; caller?: string | null }): Promise<VoiceMessageDto[]> {
    if (who.donorId) return (await rows(this.ds, 'SELECT * FROM voice_message WHERE donor_id = ? AND reply_path IS NOT NULL AND reply_heard_at IS NULL ORDER BY reply_at', [who.donorId])).map(dto);
    const e164 = who.caller ? normalizePhone(who.caller, this.deps.phoneOptions)?.e164 : null;
    if (!e164) return [];
    return (await rows(this.ds, 'SELECT * FROM voice_message WHERE caller_e164 = ? AND reply_path IS NOT NULL AND reply_heard_at IS NULL ORDER BY reply_at', [e164])).map(dto);
  }

  async markHeard(id: number): Promise<VoiceMessageDto> {
    await withTx(this.ds, async (m) => {
      const r = await exec(m, 'UPDATE voice_message SET reply_heard_at = ? WHERE id = ? AND reply_path IS NOT NULL AND reply_heard_at IS NULL', [sqlTime(this.now()), id]);
      if (r.affected !== 1 && !(await rows(m, 'SELECT id FROM voice_message WHERE id = ?', [id])).length) throw new DomainError('NOT_FOUND', `voice message ${id} not found`);
    });
    return this.get(id);
  }
}
