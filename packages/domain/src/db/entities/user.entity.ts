import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { Role } from '../../agents/agent.types.js';
import { bool, int, json, str, ts } from './columns.js';

/** Staff accounts: agents, supervisors, quality managers, admins. Passwords are argon2 hashes. */
@Entity({ name: 'app_user' })
export class User {
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  /** Canonical (NFKC, lower case; utf8mb4_bin on MariaDB — migration 1764200000000): compared byte for byte. */
  @Index('ux_app_user_username', { unique: true })
  @Column(str('username', 64))
  username!: string;

  /** 工号 (employee number), unique when set. */
  @Index('ux_app_user_employee_no', { unique: true })
  @Column(str('employee_no', 32, true))
  employeeNo!: string | null;

  /** Extensions this person may take a seat at, the usual one (`extension`) first. */
  @Column(json('extensions'))
  extensions!: string[] | null;

  /** Queues (skills) the seat joins; null = the bridge's QUEUES. */
  @Column(json('queues'))
  queues!: string[] | null;

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

  /** Wrong IVR PINs in a row (across calls); at the limit the dial-in is locked until an admin sets a new PIN. */
  @Column(int('ivr_pin_failures', false, 0))
  ivrPinFailures!: number;

  @Column(ts('ivr_pin_locked_at', true))
  ivrPinLockedAt!: Date | null;

  @Column(bool('active'))
  active!: boolean;

  @Column(ts('created_at'))
  createdAt!: Date;

  @Column(ts('updated_at'))
  updatedAt!: Date;
}
