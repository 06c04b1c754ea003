import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import type { AttemptOutcome } from '../../tickets/ticket.types.js';
import type { Campaign } from './campaign.entity.js';
import { int, str, ts } from './columns.js';
import type { Donor } from './donor.entity.js';
import type { User } from './user.entity.js';

/** A recruitment attempt (voice or SMS), counted per donor across campaigns for the 5-failures rule. */
@Entity({ name: 'contact_attempt' })
@Index('ix_contact_attempt_donor_at', ['donorId', 'at'])
export class ContactAttempt {
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Column(int('donor_id'))
  donorId!: number;

  @ManyToOne('Donor', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'donor_id', foreignKeyConstraintName: 'fk_contact_attempt_donor_id' })
  donor?: Relation<Donor>;

  @Index('ix_contact_attempt_campaign')
  @Column(int('campaign_id', true))
  campaignId!: number | null;

  @ManyToOne('Campaign', { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'campaign_id', foreignKeyConstraintName: 'fk_contact_attempt_campaign_id' })
  campaign?: Relation<Campaign> | null;

  @Column(str('channel', 8))
  channel!: 'voice' | 'sms';

  @Column(str('outcome', 20))
  outcome!: AttemptOutcome;

  @Index('ix_contact_attempt_agent')
  @Column(int('agent_id', true))
  agentId!: number | null;

  @ManyToOne('User', { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'agent_id', foreignKeyConstraintName: 'fk_contact_attempt_agent_id' })
  agent?: Relation<User> | null;

  @Column(str('call_id', 64, true))
  callId!: string | null;

  @Column(ts('at'))
  at!: Date;

  /** Why (contact policy purpose); only 'recruitment' attempts count towards the suppression rule. */
  @Column({ name: 'purpose', type: 'varchar', length: 12, nullable: false, default: 'recruitment' })
  purpose!: 'recruitment' | 'care' | 'survey' | 'service';
}
