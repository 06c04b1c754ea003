import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import type { CareKind } from '../../tickets/ticket.types.js';
import { day, int, str, ts } from './columns.js';
import type { Donor } from './donor.entity.js';
import type { User } from './user.entity.js';

/** Care (关怀): birthdays, holidays, anniversaries, post-donation follow-up, one-to-one. */
@Entity({ name: 'care_event' })
export class CareEvent {
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Index('ix_care_event_donor')
  @Column(int('donor_id'))
  donorId!: number;

  @ManyToOne('Donor', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'donor_id', foreignKeyConstraintName: 'fk_care_event_donor_id' })
  donor?: Relation<Donor>;

  @Column(str('kind', 16))
  kind!: CareKind;

  @Index('ix_care_event_due')
  @Column(day('due_date'))
  dueDate!: string;

  @Column(ts('done_at', true))
  doneAt!: Date | null;

  @Column(str('note', 500, true))
  note!: string | null;

  @Index('ix_care_event_assignee')
  @Column(int('assigned_to_id', true))
  assignedToId!: number | null;

  @ManyToOne('User', { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'assigned_to_id', foreignKeyConstraintName: 'fk_care_event_assigned_to_id' })
  assignedTo?: Relation<User> | null;
}
