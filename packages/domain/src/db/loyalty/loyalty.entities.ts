import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { PointsKind } from '../../loyalty/points-rules.js';
import { bool, int, str, ts } from '../entities/columns.js';

/**
 * The points ledger (积分流水): append-only, one row per source event (source_key unique: donation:12,
 * referral:3, redeem:<request id>), so a repeated event never earns twice. donor.points is its running balance.
 */
@Entity({ name: 'points_entry' })
@Index('ix_points_entry_donor', ['donorId', 'at'])
export class PointsEntry {
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Column(int('donor_id'))
  donorId!: number;

  @Column(str('kind', 12))
  kind!: PointsKind;

  @Column(int('delta'))
  delta!: number;

  @Index('ux_points_entry_source', { unique: true })
  @Column(str('source_key', 80))
  sourceKey!: string;

  @Column(int('reward_id', true))
  rewardId!: number | null;

  @Column(str('note', 200, true))
  note!: string | null;

  @Column(int('actor_id', true))
  actorId!: number | null;

  @Column(ts('at'))
  at!: Date;
}

/** The redemption catalogue (积分兑换): an item, its price in points and what is left in stock (never below 0). */
@Entity({ name: 'reward_item' })
export class RewardItem {
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Index('ux_reward_item_name', { unique: true })
  @Column(str('name', 60))
  name!: string;

  @Column(int('cost'))
  cost!: number;

  @Column(int('stock', false, 0))
  stock!: number;

  @Column(bool('active'))
  active!: boolean;

  @Column(ts('updated_at'))
  updatedAt!: Date;
}
