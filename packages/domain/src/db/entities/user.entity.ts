import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { Role } from '../../agents/agent.types.js';
import { bool, str, ts } from './columns.js';

/** Staff accounts: agents, supervisors, quality managers, admins. Passwords are argon2 hashes. */
@Entity({ name: 'app_user' })
export class User {
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Index('ux_app_user_username', { unique: true })
  @Column(str('username', 64))
  username!: string;

  @Column(str('display_name', 100))
  displayName!: string;

  @Column(str('password_hash', 255))
  passwordHash!: string;

  @Column(str('role', 16))
  role!: Role;

  @Index('ix_app_user_extension')
  @Column(str('extension', 20, true))
  extension!: string | null;

  /** argon2 hash of the IVR quality dial-in PIN; null = no IVR access (migration 1763900000000). */
  @Column(str('ivr_pin_hash', 255, true))
  ivrPinHash!: string | null;

  @Column(bool('active'))
  active!: boolean;

  @Column(ts('created_at'))
  createdAt!: Date;

  @Column(ts('updated_at'))
  updatedAt!: Date;
}
