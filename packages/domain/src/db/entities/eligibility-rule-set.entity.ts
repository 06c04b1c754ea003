import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { EligibilityRuleSet } from '../../eligibility/rule-set.js';
import { bool, day, int, json, str, ts } from './columns.js';

/** A stored version of an eligibility rule set; exactly one row is active. */
@Entity({ name: 'eligibility_rule_set' })
@Index('ux_eligibility_rule_set_version', ['family', 'version'], { unique: true })
export class EligibilityRuleSetRow {
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  /** EligibilityRuleSet.id, e.g. 'GB18467'. */
  @Column(str('family', 32))
  family!: string;

  @Column(int('version'))
  version!: number;

  @Column(str('standard', 200))
  standard!: string;

  @Column(day('effective_from'))
  effectiveFrom!: string;

  @Column(bool('active'))
  active!: boolean;

  @Column(json('body', false))
  body!: EligibilityRuleSet;

  @Column(int('created_by_id', true))
  createdById!: number | null;

  @Column(ts('created_at'))
  createdAt!: Date;
}
