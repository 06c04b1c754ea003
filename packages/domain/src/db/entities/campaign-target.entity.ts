import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import type { Campaign } from './campaign.entity.js';
import { int, str, ts } from './columns.js';
import type { Donor } from './donor.entity.js';
import type { User } from './user.entity.js';

export type CampaignTargetStatus = 'pending' | 'dialing' | 'contacted' | 'booked' | 'declined' | 'blocked' | 'exhausted' | 'wrong-number' | 'suppressed' | 'skipped';

@Entity({ name: 'campaign_target' })
@Index('ux_campaign_target', ['campaignId', 'donorId'], { unique: true })
@Index('ix_campaign_target_next', ['campaignId', 'status', 'position'])
export class CampaignTarget {
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Column(int('campaign_id'))
  campaignId!: number;

  @ManyToOne('Campaign', (c: Campaign) => c.targets, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'campaign_id', foreignKeyConstraintName: 'fk_campaign_target_campaign_id' })
  campaign?: Relation<Campaign>;

  @Index('ix_campaign_target_donor')
  @Column(int('donor_id'))
  donorId!: number;

  @ManyToOne('Donor', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'donor_id', foreignKeyConstraintName: 'fk_campaign_target_donor_id' })
  donor?: Relation<Donor>;

  @Column(str('status', 12))
  status!: CampaignTargetStatus;

  @Index('ix_campaign_target_assignee')
  @Column(int('assigned_to_id', true))
  assignedToId!: number | null;

  @ManyToOne('User', { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'assigned_to_id', foreignKeyConstraintName: 'fk_campaign_target_assigned_to_id' })
  assignedTo?: Relation<User> | null;

  @Column(int('attempts', false, 0))
  attempts!: number;

  @Column(ts('next_at', true))
  nextAt!: Date | null;

  /** The agent whose dial holds this target (claimed by one conditional UPDATE: never dialed twice). */
  @Column(int('claimed_by_id', true))
  claimedById!: number | null;

  @Column(ts('claimed_at', true))
  claimedAt!: Date | null;

  @Column(str('last_outcome', 20, true))
  lastOutcome!: string | null;

  @Column(str('block_reason', 64, true))
  blockReason!: string | null;

  @Column(str('call_id', 64, true))
  callId!: string | null;

  /** SMS campaigns: the outbox message written for this recipient (migration 1767400000000). */
  @Index('ix_campaign_target_sms')
  @Column(int('sms_id', true))
  smsId!: number | null;

  /** The order of the list it came from (the planner's rank); lower first. */
  @Column(int('position', false, 0))
  position!: number;
}
