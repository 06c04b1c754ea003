import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { int, str, ts } from './columns.js';
import type { Ticket } from './ticket.entity.js';
import type { User } from './user.entity.js';

/** A call linked to a task (work queue): the abandoned call it came from, every call-back made from it. */
@Entity({ name: 'ticket_call' })
@Index('ux_ticket_call', ['ticketId', 'callId'], { unique: true })
export class TicketCall {
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Column(int('ticket_id'))
  ticketId!: number;

  @ManyToOne('Ticket', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'ticket_id', foreignKeyConstraintName: 'fk_ticket_call_ticket_id' })
  ticket?: Relation<Ticket>;

  /** The call's Linkedid (call_record.linkedid). */
  @Index('ix_ticket_call_call')
  @Column(str('call_id', 64))
  callId!: string;

  @Column(int('linked_by_id', true))
  linkedById!: number | null;

  @ManyToOne('User', { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'linked_by_id', foreignKeyConstraintName: 'fk_ticket_call_linked_by_id' })
  linkedBy?: Relation<User> | null;

  @Column(ts('at'))
  at!: Date;
}
