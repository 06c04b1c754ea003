import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { CareActionKind, CareAudience, CareExclusion, CareOccasionKind, CareStatus } from '../../care/care.types.js';
import { bool, day, int, str, ts } from '../entities/columns.js';

/** A care rule (关怀规则): which occasion, SMS or call task, how many days ahead, for whom. One per occasion kind. */
@Entity({ name: 'care_rule' })
export class CareRule {
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Index('ux_care_rule_occasion', { unique: true })
  @Column(str('occasion', 24))
  occasion!: CareOccasionKind;

  @Column(str('name', 60))
  name!: string;

  @Column(str('action', 8))
  action!: CareActionKind;

  @Column(str('sms_text', 100, true))
  smsText!: string | null;

  @Column(int('lead_days', false, 0))
  leadDays!: number;

  @Column(str('audience', 8))
  audience!: CareAudience;

  @Column(int('segment_id', true))
  segmentId!: number | null;

  @Column(bool('enabled'))
  enabled!: boolean;

  @Column(int('updated_by_id', true))
  updatedById!: number | null;

  @Column(ts('updated_at'))
  updatedAt!: Date;
}

/**
 * One care action: a donor, a rule, an occasion (birthday:2027). The unique key (rule, donor, occasion) is the
 * de-duplication: however often the daily run repeats, a donor gets one action per rule per occasion.
 */
@Entity({ name: 'care_action' })
@Index('ux_care_action_key', ['ruleId', 'donorId', 'occasionKey'], { unique: true })
@Index('ix_care_action_status_day', ['status', 'occasionDate'])
export class CareAction {
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Column(int('rule_id'))
  ruleId!: number;

  @Index('ix_care_action_donor')
  @Column(int('donor_id'))
  donorId!: number;

  @Column(str('occasion_key', 40))
  occasionKey!: string;

  @Column(day('occasion_date'))
  occasionDate!: string;

  @Column(str('action', 8))
  action!: CareActionKind;

  @Column(str('status', 12))
  status!: CareStatus;

  @Column(str('reason', 24, true))
  reason!: CareExclusion | null;

  @Column(int('ref_id', true))
  refId!: number | null;

  @Column(ts('created_at'))
  createdAt!: Date;

  @Column(ts('decided_at', true))
  decidedAt!: Date | null;

  @Column(int('decided_by_id', true))
  decidedById!: number | null;
}
