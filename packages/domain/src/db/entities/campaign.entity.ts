import { Column, Entity, Index, JoinColumn, ManyToOne, OneToMany, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import type { DonationType } from '../../donations/donation.types.js';
import type { CampaignTarget } from './campaign-target.entity.js';
import { day, int, str, text, ts } from './columns.js';
import type { User } from './user.entity.js';

export type CampaignPurpose = 'recruitment' | 'care' | 'survey';
export type CampaignStatus = 'draft' | 'running' | 'paused' | 'stopped';

/** A targeted recruitment (精准化招募), care or survey campaign. */
@Entity({ name: 'campaign' })
export class Campaign {
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Column(str('name', 100))
  name!: string;

  @Column(str('purpose', 16))
  purpose!: CampaignPurpose;

  @Column(str('segment', 32, true))
  segment!: string | null;

  @Column(str('donation_type', 16, true))
  donationType!: DonationType | null;

  @Column(str('status', 12))
  status!: CampaignStatus;

  @Column(text('description'))
  description!: string | null;

  @Column(day('starts_on'))
  startsOn!: string;

  @Column(day('ends_on', true))
  endsOn!: string | null;

  @Index('ix_campaign_created_by')
  @Column(int('created_by_id', true))
  createdById!: number | null;

  @ManyToOne('User', { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'created_by_id', foreignKeyConstraintName: 'fk_campaign_created_by_id' })
  createdBy?: Relation<User> | null;

  @Column(ts('created_at'))
  createdAt!: Date;

  /** Dialer (migration 1766200000000): preview | progressive, call | sms, the script, hours, attempt cap, retries. */
  @Column({ name: 'mode', type: 'varchar', length: 12, nullable: false, default: 'preview' })
  mode!: 'preview' | 'progressive';

  @Column({ name: 'channel', type: 'varchar', length: 8, nullable: false, default: 'call' })
  channel!: 'call' | 'sms';

  @Column(text('script'))
  script!: string | null;

  @Column({ name: 'hours_start', type: 'varchar', length: 5, nullable: false, default: '09:00' })
  hoursStart!: string;

  @Column({ name: 'hours_end', type: 'varchar', length: 5, nullable: false, default: '20:00' })
  hoursEnd!: string;

  @Column(int('max_attempts', false, 3))
  maxAttempts!: number;

  @Column({ name: 'retry_minutes', type: 'varchar', length: 64, nullable: false, default: '60,240' })
  retryMinutes!: string;

  @Column(int('segment_id', true))
  segmentId!: number | null;

  @OneToMany('CampaignTarget', (t: CampaignTarget) => t.campaign)
  targets?: Relation<CampaignTarget[]>;
}
