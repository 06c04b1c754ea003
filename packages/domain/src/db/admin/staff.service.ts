import argon2 from 'argon2';
import { auditDiff } from './audit-diff.js';
import type { DataSource, EntityManager } from 'typeorm';
import { ROLES, type Role } from '../../agents/agent.types.js';
import {
  canonicalEmployeeNo, canonicalExtensions, canonicalUsername, hasForbiddenCharacters, ivrPinProblem, passwordProblem, STAFF_PASSWORD_MIN,
} from '../../admin/staff-rules.js';
import type { StaffCreate, StaffDto, StaffUpdate } from '../../contracts/staff.js';
import { DomainError } from '../../errors.js';
import { exclusive, exec, rows, sqlTime, withTx } from '../sql.js';
import { writeAudit } from '../services/audit.service.js';
import type { ActorId } from '../services/mappers.js';
import { ARGON2_OPTIONS, hashPassword, userRecord, type UserRecord } from '../services/user.service.js';

/** A staff account as the admin page shows it (the bridge adds the live seat). */
export type StaffRecord = Omit<StaffDto, 'seat'>;

export interface StaffPolicy {
  /** Queues a seat may join (the bridge's QUEUES); skills outside it are refused. */
  queues: readonly string[];
}

/** What changed, for the bridge to act on (drop sockets, free a seat) and for the audit row. */
export interface StaffChange {
  before: StaffRecord;
  after: StaffRecord;
  changed: (keyof StaffUpdate)[];
}

export function staffRecord(u: UserRecord): StaffRecord {
  return {
    id: u.id, username: u.username, displayName: u.displayName, role: u.role, employeeNo: u.employeeNo, extensions: [...u.extensions],
    queues: u.queues ? [...u.queues] : null, active: u.active,
    ivrPin: { set: u.ivrPinSet, locked: u.ivrPinLockedAt !== null, failures: u.ivrPinFailures },
    createdAt: u.createdAt.toISOString(), updatedAt: u.updatedAt.toISOString(),
  };
}

/** Roles that may replay recordings over the IVR quality dial-in (and so may hold an IVR PIN). */
export const IVR_QA_ROLES: readonly Role[] = ['quality', 'supervisor', 'admin'];

const bad = (zh: string, en: string): DomainError => new DomainError('VALIDATION_FAILED', `${zh} / ${en}`);

function displayNameOf(raw: unknown): string {
  const v = typeof raw === 'string' ? raw.normalize('NFC').trim() : '';
  if (!v) throw bad('请填写姓名', 'the name is required');
  if (v.length > 100) throw bad('姓名最多100个字符', 'the name has at most 100 characters');
  if (hasForbiddenCharacters(v)) throw bad('姓名含有不允许的控制字符', 'the name contains control characters');
  return v;
}

function employeeNoOf(raw: string | null | undefined): string | null {
  if (raw === null || raw === undefined || String(raw).trim() === '') return null;
  const c = canonicalEmployeeNo(String(raw));
  if (!c.ok) throw bad('工号只能包含字母、数字和 -（最多32个字符）', 'the employee number may hold letters, digits and - (at most 32)');
  return c.value;
}

function extensionsOf(raw: readonly string[] | undefined): string[] {
  const v = canonicalExtensions(raw ?? []);
  if (!v) throw bad('分机号应为2到8位数字，最多10个', 'extensions are 2–8 digits, at most 10');
  return v;
}

function queuesOf(raw: readonly string[] | null | undefined, policy: StaffPolicy): string[] | null {
  if (raw === null || raw === undefined) return null;
  const out = [...new Set(raw.map((q) => String(q).trim()).filter(Boolean))];
  const unknown = out.filter((q) => !policy.queues.includes(q));
  if (unknown.length) throw bad(`未知的队列：${unknown.join('、')}`, `unknown queues: ${unknown.join(', ')}`);
  if (!out.length) throw bad('至少选择一个队列（或使用默认队列）', 'choose at least one queue (or the default queues)');
  return out;
}

function roleOf(raw: unknown): Role {
  if (!ROLES.includes(raw as Role)) throw bad(`无效的角色：${String(raw)}`, `invalid role: ${String(raw)}`);
  return raw as Role;
}

function checkPassword(pw: string, username: string): void {
  const p = passwordProblem(pw, username);
  if (p === 'too-short') throw bad(`密码至少${STAFF_PASSWORD_MIN}位`, `the password needs at least ${STAFF_PASSWORD_MIN} characters`);
  if (p === 'too-long') throw bad('密码过长', 'the password is too long');
  if (p === 'forbidden-characters') throw bad('密码含有控制字符', 'the password contains control characters');
  if (p === 'same-as-username') throw bad('密码不能与用户名相同', 'the password must differ from the user name');
}

/**
 * Administration → Staff: create, edit, disable, reset passwords, set IVR PINs. Every change is one transaction with
 * its audit row (old → new values; never a password, hash or PIN). The bridge acts on the returned change (ends
 * sessions, frees the seat).
 */
export class StaffService {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  private async load(m: EntityManager | DataSource, id: number): Promise<UserRecord> {
    const [r] = await rows(m, 'SELECT * FROM app_user WHERE id = ?', [id]);
    if (!r) throw new DomainError('NOT_FOUND', `员工不存在 / staff member ${id} not found`);
    return userRecord(r);
  }

  async list(f: { q?: string; role?: Role; active?: boolean } = {}): Promise<StaffRecord[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (f.role) {
      where.push('role = ?');
      params.push(f.role);
    }
    if (f.active !== undefined) {
      where.push('active = ?');
      params.push(f.active ? 1 : 0);
    }
    const q = f.q?.normalize('NFKC').trim().toLowerCase();
    if (q) {
      where.push("(LOWER(username) LIKE ? ESCAPE '!' OR LOWER(display_name) LIKE ? ESCAPE '!' OR LOWER(employee_no) LIKE ? ESCAPE '!' OR extensions LIKE ? ESCAPE '!')");
      const like = `%${q.replace(/[!%_]/g, (c) => `!${c}`)}%`;
      params.push(like, like, like, like);
    }
    const list = await rows(this.ds, `SELECT * FROM app_user ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY active DESC, id`, params);
    return list.map((r) => staffRecord(userRecord(r)));
  }

  async get(id: number): Promise<StaffRecord> {
    return staffRecord(await this.load(this.ds, id));
  }

  async create(c: StaffCreate, actorId: ActorId, policy: StaffPolicy): Promise<StaffRecord> {
    const name = canonicalUsername(c.username ?? '');
    if (!name.ok) throw bad('用户名只能包含字母、数字和 _ . -（2–64个字符）', 'the user name may hold letters, digits, _ . - (2–64)');
    const displayName = displayNameOf(c.displayName);
    const role = roleOf(c.role);
    checkPassword(c.password, name.value);
    const employeeNo = employeeNoOf(c.employeeNo);
    const extensions = extensionsOf(c.extensions);
    const queues = queuesOf(c.queues, policy);
    const hash = await hashPassword(c.password);
    const id = await withTx(this.ds, async (m) => {
      if ((await rows(m, 'SELECT id FROM app_user WHERE username = ?', [name.value])).length) {
        throw new DomainError('CONFLICT', `用户名 ${name.value} 已被使用 / the user name ${name.value} is taken`);
      }
      if (employeeNo && (await rows(m, 'SELECT id FROM app_user WHERE employee_no = ?', [employeeNo])).length) {
        throw new DomainError('CONFLICT', `工号 ${employeeNo} 已被使用 / the employee number ${employeeNo} is taken`);
      }
      const now = sqlTime(this.clock());
      const r = await exec(m, 'INSERT INTO app_user (username, display_name, password_hash, role, extension, extensions, employee_no, queues, active, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)', [
        name.value, displayName, hash, role, extensions[0] ?? null, JSON.stringify(extensions), employeeNo, queues ? JSON.stringify(queues) : null, now, now,
      ]);
      await writeAudit(m, {
        actorId, action: 'user.create', subjectType: 'user', subjectId: r.insertId,
        detail: { new: { username: name.value, displayName, role, employeeNo, extensions, queues, active: true } },
      });
      return r.insertId;
    });
    return this.get(id);
  }

  async update(id: number, p: StaffUpdate, actorId: ActorId, policy: StaffPolicy): Promise<StaffChange> {
    const next: Partial<StaffRecord> = {};
    if (p.displayName !== undefined) next.displayName = displayNameOf(p.displayName);
    if (p.role !== undefined) next.role = roleOf(p.role);
    if (p.employeeNo !== undefined) next.employeeNo = employeeNoOf(p.employeeNo);
    if (p.extensions !== undefined) next.extensions = extensionsOf(p.extensions);
    if (p.queues !== undefined) next.queues = queuesOf(p.queues, policy);
    if (p.active !== undefined) {
      if (typeof p.active !== 'boolean') throw bad('active 应为 true 或 false', 'active must be true or false');
      next.active = p.active;
    }
    return withTx(this.ds, async (m) => {
      const before = staffRecord(await this.load(m, id));
      const after: StaffRecord = { ...before, ...next };
      if (actorId === id && (after.active === false || (before.role === 'admin' && after.role !== 'admin'))) {
        throw new DomainError('CONFLICT', '不能停用自己或取消自己的管理员角色 / you cannot disable yourself or drop your own admin role');
      }
      if (before.role === 'admin' && before.active && (after.role !== 'admin' || !after.active)) {
        const [{ n }] = (await rows<{ n: number }>(m, "SELECT COUNT(*) AS n FROM app_user WHERE role = 'admin' AND active = 1 AND id <> ?", [id])) as [{ n: number }];
        if (Number(n) === 0) throw new DomainError('CONFLICT', '至少需要保留一名启用的管理员 / at least one active administrator must remain');
      }
      if (after.employeeNo && after.employeeNo !== before.employeeNo && (await rows(m, 'SELECT id FROM app_user WHERE employee_no = ? AND id <> ?', [after.employeeNo, id])).length) {
        throw new DomainError('CONFLICT', `工号 ${after.employeeNo} 已被使用 / the employee number ${after.employeeNo} is taken`);
      }
      const d = auditDiff(before, after, ['displayName', 'role', 'employeeNo', 'extensions', 'queues', 'active']);
      const changed = Object.keys(d.new) as (keyof StaffUpdate)[];
      if (!changed.length) return { before, after: before, changed };
      await exec(m, 'UPDATE app_user SET display_name = ?, role = ?, employee_no = ?, extension = ?, extensions = ?, queues = ?, active = ?, updated_at = ? WHERE id = ?', [
        after.displayName, after.role, after.employeeNo, after.extensions[0] ?? null, JSON.stringify(after.extensions), after.queues ? JSON.stringify(after.queues) : null,
        after.active ? 1 : 0, sqlTime(this.clock()), id,
      ]);
      const action = changed.length === 1 && changed[0] === 'active' ? (after.active ? 'user.enable' : 'user.disable') : 'user.update';
      await writeAudit(m, { actorId, action, subjectType: 'user', subjectId: id, detail: d });
      return { before, after: staffRecord(await this.load(m, id)), changed };
    });
  }

  /** An administrator sets a new password (audited without any value). */
  async resetPassword(id: number, password: string, actorId: ActorId): Promise<StaffRecord> {
    const u = await this.load(this.ds, id);
    checkPassword(password, u.username);
    const hash = await hashPassword(password);
    await withTx(this.ds, async (m) => {
      await exec(m, 'UPDATE app_user SET password_hash = ?, updated_at = ? WHERE id = ?', [hash, sqlTime(this.clock()), id]);
      await writeAudit(m, { actorId, action: 'user.password-reset', subjectType: 'user', subjectId: id, detail: { old: { password: 'set' }, new: { password: 'reset' } } });
    });
    return this.get(id);
  }

  /** Sets (or replaces) the IVR PIN and lifts a lock-out. The PIN is never stored or shown in clear again. */
  async setIvrPin(id: number, pin: string, actorId: ActorId): Promise<StaffRecord> {
    const u = await this.load(this.ds, id);
    if (!IVR_QA_ROLES.includes(u.role)) throw bad('只有质检、班长和管理员可以使用质检回放', 'only quality, supervisor and admin accounts may use the quality dial-in');
    const problem = ivrPinProblem(String(pin ?? ''), u.employeeNo);
    if (problem === 'digits' || problem === 'length') throw bad('PIN 应为6到12位数字', 'the PIN must be 6–12 digits');
    if (problem === 'trivial') throw bad('PIN 过于简单（重复或连续的数字）', 'the PIN is too simple (repeated or consecutive digits)');
    if (problem === 'same-as-employee-no') throw bad('PIN 不能与工号相同', 'the PIN must differ from the employee number');
    const hash = await argon2.hash(pin, ARGON2_OPTIONS);
    await withTx(this.ds, async (m) => {
      await exec(m, 'UPDATE app_user SET ivr_pin_hash = ?, ivr_pin_failures = 0, ivr_pin_locked_at = NULL, updated_at = ? WHERE id = ?', [hash, sqlTime(this.clock()), id]);
      await writeAudit(m, {
        actorId, action: 'user.ivr-pin', subjectType: 'user', subjectId: id,
        detail: { old: { ivrPin: u.ivrPinSet ? (u.ivrPinLockedAt ? 'locked' : 'set') : 'none' }, new: { ivrPin: 'set' } },
      });
    });
    return this.get(id);
  }

  async clearIvrPin(id: number, actorId: ActorId): Promise<StaffRecord> {
    const u = await this.load(this.ds, id);
    await withTx(this.ds, async (m) => {
      await exec(m, 'UPDATE app_user SET ivr_pin_hash = NULL, ivr_pin_failures = 0, ivr_pin_locked_at = NULL, updated_at = ? WHERE id = ?', [sqlTime(this.clock()), id]);
      await writeAudit(m, {
        actorId, action: 'user.ivr-pin', subjectType: 'user', subjectId: id,
        detail: { old: { ivrPin: u.ivrPinSet ? (u.ivrPinLockedAt ? 'locked' : 'set') : 'none' }, new: { ivrPin: 'none' } },
      });
    });
    return this.get(id);
  }

  /**
   * The quality dial-in's check: 工号 + PIN. Wrong PINs are counted per staff member across calls; at `maxFailures`
   * the dial-in is locked for that person until an admin sets a new PIN, with an `ivr.pin-lockout` audit row (the
   * bridge turns it into a notice to admins and supervisors). A locked account is refused without checking the PIN.
   */
  async verifyIvrPin(staffNumber: string, pin: string, opts: { maxFailures: number; callId?: string | null }): Promise<{ ok: true; userId: number } | { ok: false; locked: boolean }> {
    const e = canonicalEmployeeNo(String(staffNumber ?? ''));
    const [r] = e.ok ? await rows(this.ds, 'SELECT * FROM app_user WHERE employee_no = ?', [e.value]) : [];
    const u = r ? userRecord(r) : null;
    const hash = r ? ((r.ivr_pin_hash as string | null) ?? null) : null;
    const detail = { staffNumber: String(staffNumber ?? '').slice(0, 32), ...(opts.callId ? { callId: opts.callId } : {}) };
    if (!u || !hash || !u.active || !IVR_QA_ROLES.includes(u.role)) {
      await argon2.hash('timing-equaliser', ARGON2_OPTIONS).catch(() => undefined);
      await exclusive(this.ds, () => writeAudit(this.ds, { actorId: null, action: 'ivr.qa-login-failed', subjectType: 'user', subjectId: u?.id ?? detail.staffNumber, detail }));
      return { ok: false, locked: false };
    }
    if (u.ivrPinLockedAt) {
      await exclusive(this.ds, () => writeAudit(this.ds, { actorId: null, action: 'ivr.qa-login-locked', subjectType: 'user', subjectId: u.id, detail }));
      return { ok: false, locked: true };
    }
    const good = /^\d{1,12}$/.test(pin) && (await argon2.verify(hash, pin).catch(() => false));
    if (good) {
      await withTx(this.ds, async (m) => {
        await exec(m, 'UPDATE app_user SET ivr_pin_failures = 0 WHERE id = ?', [u.id]);
        await writeAudit(m, { actorId: u.id, action: 'ivr.qa-login', subjectType: 'user', subjectId: u.id, detail });
      });
      return { ok: true, userId: u.id };
    }
    return withTx(this.ds, async (m) => {
      // counted in the database: every IVR process and every call share one budget per person
      await exec(m, 'UPDATE app_user SET ivr_pin_failures = ivr_pin_failures + 1 WHERE id = ?', [u.id]);
      const [c] = await rows<{ n: number }>(m, 'SELECT ivr_pin_failures AS n FROM app_user WHERE id = ?', [u.id]);
      const failures = Number(c?.n ?? 0);
      await writeAudit(m, { actorId: null, action: 'ivr.qa-login-failed', subjectType: 'user', subjectId: u.id, detail: { ...detail, failures } });
      if (failures < opts.maxFailures) return { ok: false as const, locked: false };
      await exec(m, 'UPDATE app_user SET ivr_pin_locked_at = ? WHERE id = ? AND ivr_pin_locked_at IS NULL', [sqlTime(this.clock()), u.id]);
      await writeAudit(m, { actorId: null, action: 'ivr.pin-lockout', subjectType: 'user', subjectId: u.id, detail: { ...detail, failures, displayName: u.displayName, employeeNo: u.employeeNo } });
      return { ok: false as const, locked: true };
    });
  }
}
