import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import type { SurveyChannel } from '../../tickets/ticket.types.js';
import { int, str, text, ts } from './columns.js';
import type { Donor } from './donor.entity.js';
import type { Ticket } from './ticket.entity.js';

/** A satisfaction reply (1–5); a score ≤ 2 opens a callback ticket. */
@Entity({ name: 'survey_response' })
export class SurveyResponse {
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Index('ix_survey_response_donor')
  @Column(int('donor_id', true))
  donorId!: number | null;

  @ManyToOne('Donor', { nullable: true, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'donor_id', foreignKeyConstraintName: 'fk_survey_response_donor_id' })
  donor?: Relation<Donor> | null;

  @Index('ix_survey_response_call')
  @Column(str('call_id', 64, true))
  callId!: string | null;

  @Column(str('channel', 8))
  channel!: SurveyChannel;

  @Column(int('score', true))
  score!: number | null;

  @Column(text('text'))
  text!: string | null;

  @Index('ix_survey_response_ticket')
  @Column(int('ticket_id', true))
  ticketId!: number | null;

  @ManyToOne('Ticket', { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'ticket_id', foreignKeyConstraintName: 'fk_survey_response_ticket_id' })
  ticket?: Relation<Ticket> | null;

  @Index('ix_survey_response_at')
  @Column(ts('at'))
  at!: Date;
}
