import { Column, Entity, Index, JoinColumn, ManyToOne, OneToMany, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import type { TicketKind, TicketStatus } from '../../tickets/ticket.types.js';
import type { TaskPriority, TaskSource } from '../../work-queue/work.types.js';
import { int, str, text, ts } from './columns.js';
import type { Donor } from './donor.entity.js';
import type { TicketNote } from './ticket-note.entity.js';
import type { User } from './user.entity.js';

/** Complaints, suggestions, consultations, voice messages and callbacks. Open complaints block proactive contact. */
@Entity({ name: 'ticket' })
@Index('ix_ticket_donor_status', ['donorId', 'status'])
@Index('ix_ticket_kind_status', ['kind', 'status'])
@Index('ix_ticket_status_due', ['status', 'dueAt'])
@Index('ix_ticket_caller', ['callerE164', 'status'])
@Index('ix_ticket_created', ['createdAt', 'source'])
export class Ticket {
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Column(int('donor_id', true))
  donorId!: number | null;

  @ManyToOne('Donor', { nullable: true, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'donor_id', foreignKeyConstraintName: 'fk_ticket_donor_id' })
  donor?: Relation<Donor> | null;

  @Column(str('kind', 16))
  kind!: TicketKind;

  @Column(str('status', 12))
  status!: TicketStatus;

  @Column(str('subject', 200))
  subject!: string;

  @Column(text('body'))
  body!: string | null;

  @Index('ix_ticket_owner')
  @Column(int('owner_id', true))
  ownerId!: number | null;

  @ManyToOne('User', { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'owner_id', foreignKeyConstraintName: 'fk_ticket_owner_id' })
  owner?: Relation<User> | null;

  @Index('ix_ticket_created_by')
  @Column(int('created_by_id', true))
  createdById!: number | null;

  @ManyToOne('User', { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'created_by_id', foreignKeyConstraintName: 'fk_ticket_created_by_id' })
  createdBy?: Relation<User> | null;

  @Column(str('call_id', 64, true))
  callId!: string | null;

  @Column(ts('due_at', true))
  dueAt!: Date | null;

  @Column(ts('created_at'))
  createdAt!: Date;

  @Column(ts('updated_at'))
  updatedAt!: Date;

  @Column(ts('closed_at', true))
  closedAt!: Date | null;

  /** Work queue (work-queue/): where the task came from, its priority, the team whose pool it is in. */
  @Column(str('source', 16, true))
  source!: TaskSource | null;

  @Column(str('priority', 8, true))
  priority!: TaskPriority | null;

  @Column(str('team', 32, true))
  team!: string | null;

  /** What was done — required to resolve. */
  @Column(text('outcome'))
  outcome!: string | null;

  /** The number of an abandoned call without a known donor (never sent to a desk unmasked). */
  @Column(str('caller_e164', 20, true))
  callerE164!: string | null;

  @Column(str('caller_masked', 24, true))
  callerMasked!: string | null;

  /** One abandoned-call task per number per day (work-rules.ts abandonedDedupKey). */
  @Index('ux_ticket_dedup_key', { unique: true })
  @Column(str('dedup_key', 80, true))
  dedupKey!: string | null;

  @Column(ts('started_at', true))
  startedAt!: Date | null;

  @Column(ts('resolved_at', true))
  resolvedAt!: Date | null;

  /** When the overdue task was raised to the supervisors. */
  @Column(ts('escalated_at', true))
  escalatedAt!: Date | null;

  @OneToMany('TicketNote', (n: TicketNote) => n.ticket)
  notes?: Relation<TicketNote[]>;
}
