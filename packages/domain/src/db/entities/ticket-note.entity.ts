import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { int, text, ts } from './columns.js';
import type { Ticket } from './ticket.entity.js';
import type { User } from './user.entity.js';

@Entity({ name: 'ticket_note' })
export class TicketNote {
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Index('ix_ticket_note_ticket')
  @Column(int('ticket_id'))
  ticketId!: number;

  @ManyToOne('Ticket', (t: Ticket) => t.notes, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'ticket_id', foreignKeyConstraintName: 'fk_ticket_note_ticket_id' })
  ticket?: Relation<Ticket>;

  @Index('ix_ticket_note_author')
  @Column(int('author_id', true))
  authorId!: number | null;

  @ManyToOne('User', { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'author_id', foreignKeyConstraintName: 'fk_ticket_note_author_id' })
  author?: Relation<User> | null;

  @Column(text('body', false))
  body!: string;

  @Column(ts('at'))
  at!: Date;
}
