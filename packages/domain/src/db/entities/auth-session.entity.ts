import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { str, ts } from './columns.js';
import type { User } from './user.entity.js';

/**
 * One sign-in (migration 1764200000000). The desk's token names it (`sid`); revoking it (logout, account disabled,
 * password reset, an admin's "end sessions") makes the token and every media URL minted with it stop working.
 */
@Entity({ name: 'auth_session' })
export class AuthSession {
  @PrimaryColumn({ name: 'id', type: 'varchar', length: 32 })
  id!: string;

  @Index('ix_auth_session_user')
  @Column({ name: 'user_id', type: 'int' })
  userId!: number;

  @ManyToOne('User', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_auth_session_user_id' })
  user?: Relation<User>;

  @Column(ts('created_at'))
  createdAt!: Date;

  @Index('ix_auth_session_expires')
  @Column(ts('expires_at'))
  expiresAt!: Date;

  @Column(ts('revoked_at', true))
  revokedAt!: Date | null;

  @Column(str('revoked_reason', 32, true))
  revokedReason!: string | null;

  @Column(str('ip', 64, true))
  ip!: string | null;

  @Column(str('user_agent', 255, true))
  userAgent!: string | null;
}
