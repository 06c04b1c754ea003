/**
 * Answers to IVR voice messages (留言回复, issue 12): staff list and play the messages left in the IVR and answer them
 * — a reply recorded in the browser, a typed text synthesised, or a call back. The reply is an 8 kHz 16-bit mono
 * WAV the IVR plays to the donor on their next call ("听取回复"); an SMS tells them it is waiting.
 * Pure vocabulary and rules shared by the bridge and the desk.
 */
import type { Role } from '../agents/agent.types.js';
import { OVERSIGHT_ROLES } from '../agents/agent.types.js';

export const VOICE_MESSAGE_STATES = ['unanswered', 'answered', 'heard', 'all'] as const;
export type VoiceMessageState = (typeof VOICE_MESSAGE_STATES)[number];

export const VOICE_REPLY_METHODS = ['recording', 'text'] as const;
export type VoiceReplyMethod = (typeof VOICE_REPLY_METHODS)[number];

/** Limits of a reply: the upload's size, the reply's length, the typed text. */
export const VOICE_REPLY_LIMITS = Object.freeze({
  /** A WAV upload (the desk sends 16 kHz mono 16-bit PCM: 32 kB/s → 2 minutes ≈ 3.8 MB). */
  maxUploadBytes: 4 * 1024 * 1024,
  minSeconds: 0.5,
  maxSeconds: 120,
  maxTextChars: 300,
});

export interface VoiceMessageItemDto {
  id: number;
  ticketId: number | null;
  ticketStatus: string | null;
  owner: { id: number; displayName: string } | null;
  donor: { id: number; name: string } | null;
  callerMasked: string;
  durationSeconds: number;
  createdAt: string;
  /** The reply: when, by whom, how long; heard once the donor listened to it in the IVR. */
  replyAt: string | null;
  replyBy: { id: number; displayName: string } | null;
  replyHeardAt: string | null;
}

export interface VoiceMessageQuery {
  state?: VoiceMessageState;
  page?: number;
  pageSize?: number;
}

export interface VoiceRepliesHttpApi {
  'GET /api/voice-messages': { query: VoiceMessageQuery; reply: { items: VoiceMessageItemDto[]; total: number; page: number; pageSize: number } };
  'GET /api/voice-messages/:id': { params: { id: number }; reply: VoiceMessageItemDto };
  /** audio/wav (Bearer only; audited as voice-message.play). part = the donor's message or the staff's reply. */
  'GET /api/voice-messages/:id/audio': { params: { id: number }; query: { part: 'message' | 'reply' }; reply: ArrayBuffer };
  /** Body: audio/wav (any rate, mono or stereo, 16-bit PCM), converted to 8 kHz mono for the PBX. */
  'POST /api/voice-messages/:id/reply/recording': { params: { id: number }; reply: VoiceMessageItemDto };
  'POST /api/voice-messages/:id/reply/text': { params: { id: number }; body: { text: string }; reply: VoiceMessageItemDto };
}

/** Who may list and play voice messages: every staff role (quality staff review them). */
export function canListVoiceMessages(role: Role): boolean {
  return role === 'agent' || OVERSIGHT_ROLES.includes(role);
}

/**
 * Who may answer one: supervisors and admins any; an agent the messages whose task is theirs or still in the pool;
 * quality staff listen but do not answer.
 */
export function canReplyVoiceMessage(actor: { id: number; role: Role }, ticketOwnerId: number | null): boolean {
  if (actor.role === 'supervisor' || actor.role === 'admin') return true;
  if (actor.role !== 'agent') return false;
  return ticketOwnerId === null || ticketOwnerId === actor.id;
}

/** A typed reply as it will be spoken: whitespace folded; empty or too long is refused (null + reason). */
export function replyText(raw: string): { ok: true; text: string } | { ok: false; reason: string } {
  const text = raw.replace(/\s+/g, ' ').trim();
  if (!text) return { ok: false, reason: '回复内容不能为空 / the reply text is empty' };
  if ([...text].length > VOICE_REPLY_LIMITS.maxTextChars) return { ok: false, reason: `回复不能超过${VOICE_REPLY_LIMITS.maxTextChars}字 / at most ${VOICE_REPLY_LIMITS.maxTextChars} characters` };
  return { ok: true, text };
}
