import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import type { Campaign } from './campaign.entity.js';
import { int, str } from './columns.js';
import type { Donor } from './donor.entity.js';
import type { User } from './user.entity.js';

export type CampaignTargetStatus = 'pending' | 'contacted' | 'booked' | 'declined' | 'suppressed' | 'skipped';

@Entity({ name: 'campaign_target' })
@Index('ux_campaign_target', ['campaignId', 'donorId'], { unique: true })
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
}
