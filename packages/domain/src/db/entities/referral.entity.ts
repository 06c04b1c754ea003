import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { bool, int, str, ts } from './columns.js';
import type { Donor } from './donor.entity.js';

/** A donor recommends family, friends or colleagues (推荐管理); referrers earn points when the referral donates. */
@Entity({ name: 'referral' })
export class Referral {
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Index('ix_referral_referrer')
  @Column(int('referrer_id'))
  referrerId!: number;

  @ManyToOne('Donor', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'referrer_id', foreignKeyConstraintName: 'fk_referral_referrer_id' })
  referrer?: Relation<Donor>;

  @Column(str('referred_name', 50))
  referredName!: string;

  @Index('ix_referral_referred_phone')
  @Column(str('referred_phone', 20, true))
  referredPhone!: string | null;

  @Index('ix_referral_referred_donor')
  @Column(int('referred_donor_id', true))
  referredDonorId!: number | null;

  @ManyToOne('Donor', { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'referred_donor_id', foreignKeyConstraintName: 'fk_referral_referred_donor_id' })
  referredDonor?: Relation<Donor> | null;

  @Column(bool('converted'))
  converted!: boolean;

  @Column(int('reward_points', false, 0))
  rewardPoints!: number;

  @Column(ts('at'))
  at!: Date;
}
