/**
 * Staff administration (Administration → Staff, admin only) and the account facts other parts of the API need.
 * Passwords and IVR PINs go in, never out: replies only say whether a PIN is set and whether it is locked.
 */
import type { AgentState, Role } from '../agents/agent.types.js';

export interface StaffDto {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  /** 工号, shown where the desk and the standard phrases say 工号; the staff number of the IVR quality dial-in. */
  employeeNo: string | null;
  /** Extensions this person may take a seat at (the first is their usual one). Empty: no seat. */
  extensions: string[];
  /** Queues (skills) joined when taking a seat; null = the bridge's default QUEUES. */
  queues: string[] | null;
  active: boolean;
  ivrPin: { set: boolean; locked: boolean; failures: number };
  /** The seat held right now (this bridge), if any. */
  seat: { extension: string; state: AgentState } | null;
  createdAt: string;
  updatedAt: string;
}

export interface StaffCreate {
  username: string;
  displayName: string;
  role: Role;
  password: string;
  employeeNo?: string | null;
  extensions?: string[];
  queues?: string[] | null;
}

export interface StaffUpdate {
  displayName?: string;
  role?: Role;
  employeeNo?: string | null;
  extensions?: string[];
  queues?: string[] | null;
  /** false disables the account: its sessions end and its seat is freed at once. */
  active?: boolean;
}

export interface StaffOptions {
  roles: Role[];
  /** Roles that may take a seat (take calls). */
  seatRoles: Role[];
  /** Queues a seat may join (the bridge's QUEUES). */
  queues: string[];
  passwordMinLength: number;
  pin: { minLength: number; maxLength: number };
}

/** Why a desk's session ended (socket `session:ended`, then the socket is closed). */
export type SessionEndReason = 'logout' | 'revoked' | 'disabled' | 'role-changed' | 'expired' | 'password-reset';

/** Who holds a seat, as told to someone asking for it (agent:login refused with CONFLICT). */
export interface SeatHolder {
  extension: string;
  displayName: string;
  employeeNo: string | null;
  since: string;
}
