import argon2 from 'argon2';
import type { DataSource } from 'typeorm';
import { ROLES, type Role } from '../../agents/agent.types.js';
import type { UserDto } from '../../contracts/dto.js';
import { DomainError } from '../../errors.js';
import { asBool, exclusive, exec, rows, sqlTime } from '../sql.js';
import { writeAudit } from './audit.service.js';
import type { ActorId } from './mappers.js';

export interface UserCreate {
  username: string;
  displayName: string;
  password: string;
  role: Role;
  extension?: string | null;
}

export interface UserRecord extends UserDto {
  active: boolean;
  passwordHash: string;
}

/** argon2id; a lighter memory cost than the library default keeps login bursts cheap on 2 cores (still ≥ OWASP's 19 MiB). */
export const ARGON2_OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, ARGON2_OPTIONS);
}

function dto(r: Record<string, unknown>): UserRecord {
  return {
    id: Number(r.id), username: String(r.username), displayName: String(r.display_name), role: r.role as Role,
    extension: (r.extension as string | null) ?? null, active: asBool(r.active), passwordHash: String(r.password_hash),
  };
}

export function publicUser(u: UserRecord): UserDto {
  return { id: u.id, username: u.username, displayName: u.displayName, role: u.role, extension: u.extension };
}

/** Staff accounts and password checks (argon2). */
export class UserService {
  constructor(private readonly ds: DataSource) {}

  async findByUsername(username: string): Promise<UserRecord | null> {
    const [r] = await rows(this.ds, 'SELECT * FROM app_user WHERE username = ?', [username.trim()]);
    return r ? dto(r) : null;
  }

  async findById(id: number): Promise<UserRecord | null> {
    const [r] = await rows(this.ds, 'SELECT * FROM app_user WHERE id = ?', [id]);
    return r ? dto(r) : null;
  }

  async findByExtension(extension: string): Promise<UserRecord | null> {
    const [r] = await rows(this.ds, 'SELECT * FROM app_user WHERE extension = ? AND active = 1 ORDER BY id LIMIT 1', [extension]);
    return r ? dto(r) : null;
  }

  async list(): Promise<UserDto[]> {
    return (await rows(this.ds, 'SELECT * FROM app_user WHERE active = 1 ORDER BY id')).map((r) => publicUser(dto(r)));
  }

  /** The user when the password matches and the account is active; null otherwise (never says which). */
  async verifyPassword(username: string, password: string): Promise<UserDto | null> {
    const u = await this.findByUsername(username);
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

  async create(c: UserCreate, actorId: ActorId = null): Promise<UserDto> {
    if (!/^[a-z0-9_.-]{2,64}$/i.test(c.username ?? '')) throw new DomainError('VALIDATION_FAILED', 'username: 2–64 letters, digits, _ . -');
    if (!c.displayName?.trim()) throw new DomainError('VALIDATION_FAILED', 'displayName is required');
    if (!c.password || c.password.length < 6) throw new DomainError('VALIDATION_FAILED', 'password must have at least 6 characters');
    if (!ROLES.includes(c.role)) throw new DomainError('VALIDATION_FAILED', `invalid role ${String(c.role)}`);
    if (c.extension && !/^\d{2,10}$/.test(c.extension)) throw new DomainError('VALIDATION_FAILED', 'extension must be 2–10 digits');
    const hash = await hashPassword(c.password);
    const id = await exclusive(this.ds, () =>
      this.ds.transaction(async (m) => {
        if ((await rows(m, 'SELECT id FROM app_user WHERE username = ?', [c.username])).length) throw new DomainError('CONFLICT', `username ${c.username} is taken`);
        const now = sqlTime(new Date());
        const r = await exec(m, 'INSERT INTO app_user (username, display_name, password_hash, role, extension, active, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 1, ?, ?)', [
          c.username, c.displayName.trim(), hash, c.role, c.extension ?? null, now, now,
        ]);
        await writeAudit(m, { actorId, action: 'user.create', subjectType: 'user', subjectId: r.insertId, detail: { role: c.role } });
        return r.insertId;
      }),
    );
    return publicUser((await this.findById(id))!);
  }

  async setPassword(id: number, password: string, actorId: ActorId): Promise<void> {
    if (!password || password.length < 6) throw new DomainError('VALIDATION_FAILED', 'password must have at least 6 characters');
    const hash = await hashPassword(password);
    await exclusive(this.ds, async () => {
      const r = await exec(this.ds, 'UPDATE app_user SET password_hash = ?, updated_at = ? WHERE id = ?', [hash, sqlTime(new Date()), id]);
      if (r.affected !== 1) throw new DomainError('NOT_FOUND', `user ${id} not found`);
      await writeAudit(this.ds, { actorId, action: 'user.password', subjectType: 'user', subjectId: id });
    });
  }
}
