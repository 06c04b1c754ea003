import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { InvitationProduct } from '../../sms-campaign/sms-campaign.types.js';
import { int, str } from '../entities/columns.js';

/** The SMS side of a campaign of channel 'sms' (migration 1767400000000): the invitation's parameters and the pace. */
@Entity({ name: 'sms_campaign' })
export class SmsCampaign {
  @PrimaryColumn({ name: 'campaign_id', type: 'int' })
  campaignId!: number;

  @Column(str('site', 64))
  site!: string;

  @Column(str('invite_date', 64))
  inviteDate!: string;

  @Column(str('product', 16))
  product!: InvitationProduct;

  @Column(int('rate_per_minute'))
  ratePerMinute!: number;

  @Column(int('conversion_days'))
  conversionDays!: number;

  @Column(int('frequency_cap_days'))
  frequencyCapDays!: number;
}
