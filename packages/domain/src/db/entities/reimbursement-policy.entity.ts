import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { ReimbursementRules } from '../../reimbursement/reimbursement-policy.js';
import { day, json, str, ts } from './columns.js';

export type { ReimbursementRules };

/** Provincial blood-use reimbursement rules, as data (a policy table, not code): reimbursement/reimbursement-policy.ts. */
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
