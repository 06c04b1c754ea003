import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { day, json, str, ts } from './columns.js';

/** Provincial blood-use reimbursement rules, as data (a policy table, not code). */
export interface ReimbursementRules {
  /** Donor: reimbursable volume as a multiple of the donated volume, for a number of years. */
  donorMultiple: number;
  donorYears: number;
  /** Lifetime free blood above this donated volume (ml). */
  lifetimeAboveMl: number | null;
  /** Family members covered for an equal volume. */
  familyMultiple: number;
  familyMembers: string[];
  /** Claim within this many months of the transfusion. */
  claimWithinMonths: number;
  documents: string[];
  notes: string[];
}

@Entity({ name: 'reimbursement_policy' })
@Index('ux_reimbursement_policy_province', ['province', 'effectiveFrom'], { unique: true })
export class ReimbursementPolicy {
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Column(str('province', 32))
  province!: string;

  @Column(str('title', 200))
  title!: string;

  @Column(day('effective_from'))
  effectiveFrom!: string;

  @Column(json('rules', false))
  rules!: ReimbursementRules;

  @Column(ts('updated_at'))
  updatedAt!: Date;
}
