import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { int, json, str, ts } from './columns.js';
import type { User } from './user.entity.js';

/** Who did what to which personal data: unmasking, recording playback, exports, rule changes. */
@Entity({ name: 'audit_log' })
@Index('ix_audit_log_subject', ['subjectType', 'subjectId'])
@Index('ix_audit_log_actor_action_at', ['actorId', 'action', 'at'])
export class AuditLog {
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Index('ix_audit_log_at')
  @Column(ts('at'))
  at!: Date;

  @Index('ix_audit_log_actor')
  @Column(int('actor_id', true))
  actorId!: number | null;

  @ManyToOne('User', { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'actor_id', foreignKeyConstraintName: 'fk_audit_log_actor_id' })
  actor?: Relation<User> | null;

  @Column(str('action', 64))
  action!: string;

  @Column(str('subject_type', 32))
  subjectType!: string;

  @Column(str('subject_id', 64))
  subjectId!: string;

  @Column(json('detail'))
  detail!: Record<string, unknown> | null;

  @Column(str('ip', 64, true))
  ip!: string | null;
}
