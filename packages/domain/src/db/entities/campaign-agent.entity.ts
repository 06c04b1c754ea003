import { Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import type { Campaign } from './campaign.entity.js';
import type { User } from './user.entity.js';

/** An agent assigned to a campaign (who may work its targets). */
@Entity({ name: 'campaign_agent' })
export class CampaignAgent {
  @PrimaryColumn({ name: 'campaign_id', type: 'int' })
  campaignId!: number;

  @ManyToOne('Campaign', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'campaign_id', foreignKeyConstraintName: 'fk_campaign_agent_campaign_id' })
  campaign?: Relation<Campaign>;

  @Index('ix_campaign_agent_user')
  @PrimaryColumn({ name: 'user_id', type: 'int' })
  userId!: number;

  @ManyToOne('User', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_campaign_agent_user_id' })
  user?: Relation<User>;
}
