import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { int, str, text, ts } from './columns.js';

/** Numbers that replied TD/退订: no non-service SMS goes to them again (any donor on that number). */
@Entity({ name: 'sms_opt_out' })
export class SmsOptOut {
  @PrimaryColumn({ name: 'e164', type: 'varchar', length: 20 })
  e164!: string;

  @Column(ts('at'))
  at!: Date;

  @Column(str('source', 16, true))
  source!: string | null;

  @Column(int('inbound_id', true))
  inboundId!: number | null;
}

/** A reply received from a donor's phone, matched to the donor and to the message it answers (the conversation). */
@Entity({ name: 'sms_inbound' })
@Index('ux_sms_inbound_seq', ['provider', 'providerSeq'], { unique: true })
@Index('ix_sms_inbound_donor', ['donorId', 'receivedAt'])
@Index('ix_sms_inbound_from', ['fromE164', 'receivedAt'])
export class SmsInbound {
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Column(str('from_e164', 20))
  fromE164!: string;

  @Column(text('content', false))
  content!: string;

  @Column(ts('received_at'))
  receivedAt!: Date;

  @Column(str('provider', 16, true))
  provider!: string | null;

  @Column(str('provider_seq', 64, true))
  providerSeq!: string | null;

  @Column(int('donor_id', true))
  donorId!: number | null;

  /** The message this reply answers (the last one sent to that number). */
  @Column(int('outbox_id', true))
  outboxId!: number | null;

  /** opt-out | score | verdict | other */
  @Column(str('intent', 16, true))
  intent!: string | null;

  @Column(int('score', true))
  score!: number | null;

  @Column(int('ticket_id', true))
  ticketId!: number | null;

  @Column(int('survey_id', true))
  surveyId!: number | null;
}
