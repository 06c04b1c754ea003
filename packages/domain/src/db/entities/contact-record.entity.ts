import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import type { ContactCategory, ContactChannel } from '../../tickets/ticket.types.js';
import { int, str, text, ts } from './columns.js';
import type { Donor } from './donor.entity.js';
import type { User } from './user.entity.js';

/** Every conversation with a donor: a call's wrap-up or a contact entered by hand. */
@Entity({ name: 'contact_record' })
@Index('ix_contact_record_donor_at', ['donorId', 'at'])
export class ContactRecord {
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Column(int('donor_id', true))
  donorId!: number | null;

  @ManyToOne('Donor', { nullable: true, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'donor_id', foreignKeyConstraintName: 'fk_contact_record_donor_id' })
  donor?: Relation<Donor> | null;

  @Index('ix_contact_record_call')
  @Column(str('call_id', 64, true))
  callId!: string | null;

  /** A call's wrap-up belongs to one agent's segment (migration 1765100000000): one contact record per segment. */
  @Index('ix_contact_record_segment')
  @Column(int('call_segment_id', true))
  callSegmentId!: number | null;

  @Column(str('channel', 10))
  channel!: ContactChannel;

  @Column(str('category', 20))
  category!: ContactCategory;

  @Column(text('notes', false))
  notes!: string;

  @Column(str('outcome', 64, true))
  outcome!: string | null;

  @Index('ix_contact_record_agent')
  @Column(int('agent_id', true))
  agentId!: number | null;

  @ManyToOne('User', { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'agent_id', foreignKeyConstraintName: 'fk_contact_record_agent_id' })
  agent?: Relation<User> | null;

  @Column(ts('at'))
  at!: Date;
}
