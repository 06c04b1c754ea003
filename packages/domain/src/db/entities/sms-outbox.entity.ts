import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { int, json, str, text, ts } from './columns.js';

export type SmsStatus = 'pending' | 'sent' | 'failed';

/** Notification outbox: rows written in the business transaction, delivered later by a pluggable provider. */
@Entity({ name: 'sms_outbox' })
@Index('ix_sms_outbox_status', ['status', 'nextAttemptAt'])
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
}
