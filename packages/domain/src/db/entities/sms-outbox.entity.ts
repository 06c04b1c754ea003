import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { int, json, str, text, ts } from './columns.js';

import type { SmsClass, SmsStatus } from '../../messaging/index.js';

export type { SmsStatus };

/** Notification outbox: rows written in the business transaction, delivered later by a pluggable provider. */
@Entity({ name: 'sms_outbox' })
@Index('ix_sms_outbox_status', ['status', 'nextAttemptAt'])
@Index('ux_sms_outbox_dedup_key', ['dedupKey'], { unique: true })
@Index('ix_sms_outbox_provider_id', ['providerId'])
@Index('ix_sms_outbox_claim', ['claimToken'])
@Index('ix_sms_outbox_donor', ['donorId', 'createdAt'])
@Index('ix_sms_outbox_ref', ['ref'])
@Index('ix_sms_outbox_to', ['to', 'createdAt'])
export class SmsOutbox {
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Column(str('to_e164', 20))
  to!: string;

  @Column(str('template', 64))
  template!: string;

  @Column(json('payload', false))
  payload!: Record<string, unknown>;

  @Column(text('body'))
  body!: string | null;

  @Column(str('status', 12))
  status!: SmsStatus;

  @Column(int('attempts', false, 0))
  attempts!: number;

  @Column(str('provider_id', 64, true))
  providerId!: string | null;

  @Column(str('last_error', 500, true))
  lastError!: string | null;

  @Column(ts('next_attempt_at'))
  nextAttemptAt!: Date;

  @Column(ts('created_at'))
  createdAt!: Date;

  @Column(ts('sent_at', true))
  sentAt!: Date | null;

  /** service / notice / marketing: which rules apply (opt-out, quiet hours). */
  @Column(str('class', 12, true))
  class!: SmsClass | null;

  @Column(int('donor_id', true))
  donorId!: number | null;

  /** The business object the message belongs to (appointment:12, donation:345): the agent sees its state. */
  @Column(str('ref', 64, true))
  ref!: string | null;

  /** Unique when set: the same message is enqueued once however often its cause repeats. */
  @Column(str('dedup_key', 120, true))
  dedupKey!: string | null;

  @Column(str('provider', 16, true))
  provider!: string | null;

  /** A worker's claim: its token and lease (a message is sent only by the worker holding the claim). */
  @Column(str('claim_token', 36, true))
  claimToken!: string | null;

  @Column(ts('claimed_until', true))
  claimedUntil!: Date | null;

  @Column(ts('delivered_at', true))
  deliveredAt!: Date | null;

  @Column(str('report_code', 32, true))
  reportCode!: string | null;
}
