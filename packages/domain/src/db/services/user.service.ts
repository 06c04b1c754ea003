import argon2 from 'argon2';
import type { DataSource } from 'typeorm';
import { ROLES, type Role } from '../../agents/agent.types.js';
import { canonicalEmployeeNo, canonicalExtensions, canonicalUsername, usernameSkeleton } from '../../admin/staff-rules.js';
import type { UserDto } from '../../contracts/dto.js';
import { DomainError } from '../../errors.js';
import { asBool, exclusive, exec, parseJson, rows, sqlTime, toDate } from '../sql.js';
import { writeAudit } from './audit.service.js';
import type { ActorId } from './mappers.js';

export interface UserCreate {
  username: string;
  displayName: string;
  password: string;
  role: Role;
  /** The usual extension; shorthand for `extensions: [extension]`. */
  extension?: string | null;
  extensions?: readonly string[];
  employeeNo?: string | null;
  queues?: readonly string[] | null;
}

export interface UserRecord extends UserDto {
  employeeNo: string | null;
  extensions: string[];
  queues: string[] | null;
  active: boolean;
  passwordHash: string;
  ivrPinSet: boolean;
  ivrPinFailures: number;
  ivrPinLockedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** argon2id; a lighter memory cost than the library default keeps login bursts cheap on 2 cores (still ≥ OWASP's 19 MiB). */
export const ARGON2_OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, ARGON2_OPTIONS);
}

export function userRecord(r: Record<string, unknown>): UserRecord {
  const extensions = parseJson<string[] | null>(r.extensions, null) ?? (r.extension ? [String(r.extension)] : []);
  return {
    id: Number(r.id), username: String(r.username), displayName: String(r.display_name), role: r.role as Role,
    extension: extensions[0] ?? ((r.extension as string | null) ?? null),
    employeeNo: (r.employee_no as string | null) ?? null,
    extensions,
    queues: parseJson<string[] | null>(r.queues, null),
    active: asBool(r.active), passwordHash: String(r.password_hash),
    ivrPinSet: !!r.ivr_pin_hash, ivrPinFailures: Number(r.ivr_pin_failures ?? 0), ivrPinLockedAt: toDate(r.ivr_pin_locked_at),
    createdAt: toDate(r.created_at) ?? new Date(0), updatedAt: toDate(r.updated_at) ?? new Date(0),
  };
}

export function publicUser(u: UserRecord): UserDto {
  return { id: u.id, username: u.username, displayName: u.displayName, role: u.role, extension: u.extension, employeeNo: u.employeeNo, extensions: [...u.extensions] };
}

/** What decides whether a token's holder may still act: re-checked for open sockets every few seconds. */
export interface UserState {
  id: number;
  active: boolean;
  role: Role;
  username: string;
}

/**
 * Staff accounts and password checks (argon2). Names are looked up in their canonical form only (see
 * admin/staff-rules.ts); the column is compared byte for byte on every database, so a look-alike never matches.
 */
export class UserService {
  constructor(private readonly ds: DataSource) {}

  async findByUsername(username: string): Promise<UserRecord | null> {
    const c = canonicalUsername(username);
    if (!c.ok) return null;
    const [r] = await rows(this.ds, 'SELECT * FROM app_user WHERE username = ?', [c.value]);
    return r ? userRecord(r) : null;
  }

  async findByEmployeeNo(employeeNo: string): Promise<UserRecord | null> {
    const c = canonicalEmployeeNo(employeeNo);
    if (!c.ok) return null;
    const [r] = await rows(this.ds, 'SELECT * FROM app_user WHERE employee_no = ?', [c.value]);
    return r ? userRecord(r) : null;
  }

  /** The account a sign-in names: its user name, or its 工号 (the login form says 工号 / 用户名). */
  async findForLogin(input: string): Promise<UserRecord | null> {
    return (await this.findByUsername(input)) ?? (await this.findByEmployeeNo(input));
  }

  /**
   * Which account failed sign-ins with this input are charged to: the account it names, or the one whose name its
   * skeleton spells (àgent1 → agent1) — so look-alikes share the real account's budget although they never sign in.
   */
  async throttleAccountOf(input: string): Promise<number | null> {
    const direct = await this.findForLogin(input).catch(() => null);
    if (direct) return direct.id;
    const skeleton = usernameSkeleton(input);
    if (!skeleton) return null;
    const alike = (await this.findByUsername(skeleton).catch(() => null)) ?? (await this.findByEmployeeNo(skeleton).catch(() => null));
    return alike?.id ?? null;
  }

  async findById(id: number): Promise<UserRecord | null> {
    const [r] = await rows(this.ds, 'SELECT * FROM app_user WHERE id = ?', [id]);
    return r ? userRecord(r) : null;
  }

  async findByExtension(extension: string): Promise<UserRecord | null> {
    const [r] = await rows(this.ds, 'SELECT * FROM app_user WHERE extension = ? AND active = 1 ORDER BY id LIMIT 1', [extension]);
    return r ? userRecord(r) : null;
  }

  async list(): Promise<UserDto[]> {
    return (await rows(this.ds, 'SELECT * FROM app_user WHERE active = 1 ORDER BY id')).map((r) => publicUser(userRecord(r)));
  }

  /** Active flag, role and name of several accounts at once (missing ids are absent from the map). */
  async states(ids: readonly number[]): Promise<Map<number, UserState>> {
    const out = new Map<number, UserState>();
    const unique = [...new Set(ids)].filter((n) => Number.isInteger(n));
    for (let i = 0; i < unique.length; i += 500) {
      const chunk = unique.slice(i, i + 500);
      const list = await rows(this.ds, `SELECT id, active, role, username FROM app_user WHERE id IN (${chunk.map(() => '?').join(',')})`, chunk);
      for (const r of list) out.set(Number(r.id), { id: Number(r.id), active: asBool(r.active), role: r.role as Role, username: String(r.username) });
    }
    return out;
  }

  /** The user when the password matches and the account is active; null otherwise (never says which). */
  async verifyPassword(username: string, password: string): Promise<UserDto | null> {
    const u = await this.findForLogin(username);
    if (!u || !u.active) {
      await argon2.hash('timing-equaliser', ARGON2_OPTIONS).catch(() => undefined);
      return null;
    }
    try {
      return (await argon2.verify(u.passwordHash, password)) ? publicUser(u) : null;
    } catch {
      return null;
    }
  }

  /** Low-level creation (bootstrap admin, tests, the staff service after its own checks). */
  async create(c: UserCreate, actorId: ActorId = null): Promise<UserDto> {
    const name = canonicalUsername(c.username ?? '');
    if (!name.ok) throw new DomainError('VALIDATION_FAILED', '用户名只能包含字母、数字和 _ . -（2–64 个字符）/ username: 2–64 letters, digits, _ . -');
    if (!c.displayName?.trim()) throw new DomainError('VALIDATION_FAILED', '请填写姓名 / displayName is required');
    if (!c.password || c.password.length < 6) throw new DomainError('VALIDATION_FAILED', '密码至少6位 / password must have at least 6 characters');
    if (!ROLES.includes(c.role)) throw new DomainError('VALIDATION_FAILED', `无效的角色 / invalid role ${String(c.role)}`);
    const exts = canonicalExtensions(c.extensions ?? (c.extension ? [c.extension] : []));
    if (!exts) throw new DomainError('VALIDATION_FAILED', '分机号应为2到8位数字 / extensions must be 2–8 digits');
    let employeeNo: string | null = null;
    if (c.employeeNo) {
      const e = canonicalEmployeeNo(c.employeeNo);
      if (!e.ok) throw new DomainError('VALIDATION_FAILED', '工号只能包含字母、数字和 - / employee number: letters, digits and -');
      employeeNo = e.value;
    }
    const hash = await hashPassword(c.password);
    const id = await exclusive(this.ds, () =>
      this.ds.transaction(async (m) => {
        if ((await rows(m, 'SELECT id FROM app_user WHERE username = ?', [name.value])).length) throw new DomainError('CONFLICT', `用户名 ${name.value} 已被使用 / username ${name.value} is taken`);
        if (employeeNo && (await rows(m, 'SELECT id FROM app_user WHERE employee_no = ?', [employeeNo])).length) throw new DomainError('CONFLICT', `工号 ${employeeNo} 已被使用 / employee number ${employeeNo} is taken`);
        const now = sqlTime(new Date());
        const r = await exec(m, 'INSERT INTO app_user (username, display_name, password_hash, role, extension, extensions, employee_no, queues, active, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)', [
          name.value, c.displayName.trim(), hash, c.role, exts[0] ?? null, JSON.stringify(exts), employeeNo, c.queues ? JSON.stringify([...c.queues]) : null, now, now,
        ]);
        await writeAudit(m, {
          actorId, action: 'user.create', subjectType: 'user', subjectId: r.insertId,
          detail: { new: { username: name.value, displayName: c.displayName.trim(), role: c.role, employeeNo, extensions: exts, queues: c.queues ?? null } },
        });
        return r.insertId;
      }),
    );
    return publicUser((await this.findById(id))!);
  }

  async setPassword(id: number, password: string, actorId: ActorId): Promise<void> {
    if (!password || password.length < 6) throw new DomainError('VALIDATION_FAILED', '密码至少6位 / password must have at least 6 characters');
    const hash = await hashPassword(password);
    await exclusive(this.ds, async () => {
      const r = await exec(this.ds, 'UPDATE app_user SET password_hash = ?, updated_at = ? WHERE id = ?', [hash, sqlTime(new Date()), id]);
      if (r.affected !== 1) throw new DomainError('NOT_FOUND', `用户不存在 / user ${id} not found`);
      await writeAudit(this.ds, { actorId, action: 'user.password', subjectType: 'user', subjectId: id });
    });
  }
}
