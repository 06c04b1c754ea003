import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { int, str, text, ts } from './columns.js';
import type { User } from './user.entity.js';

/** A saved, named donor segment (recruitment CRM): the rule tree as JSON (crm/segment-rule.ts), compiled when counted. */
@Entity({ name: 'crm_segment' })
export class CrmSegment {
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Index('ux_crm_segment_name', { unique: true })
  @Column(str('name', 80))
  name!: string;

  @Column(text('rule', false))
  rule!: string;

  @Column(int('created_by_id', true))
  createdById!: number | null;

  @ManyToOne('User', { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'created_by_id', foreignKeyConstraintName: 'fk_crm_segment_created_by_id' })
  createdBy?: Relation<User> | null;

  @Column(ts('created_at'))
  createdAt!: Date;

  @Column(ts('updated_at'))
  updatedAt!: Date;
}
