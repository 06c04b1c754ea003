/**
 * Administration → Staff over real HTTP, on SQLite and MariaDB: role gates, create → the new person signs in,
 * edit / disable / reset password / IVR PIN audited with old → new values (never a password or PIN), and each change
 * taking effect on existing tokens at once.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDb } from '@donorline/domain/testing';
import type { AuditEntryDto, ErrorBody, Page, StaffDto, StaffOptions, UserDto } from '@donorline/domain';
import { buildTestApp, type TestApp } from './test-app.js';

describeEachDb('Administration → Staff over HTTP', (ctx) => {
  let t: TestApp;
  let created: StaffDto;
  const n = Date.now() % 100_000;
  const admin = () => t.users.admin.token;
  const audit = async (action: string, id: number): Promise<AuditEntryDto[]> =>
    (await t.call<Page<AuditEntryDto>>('GET', `/api/audit?action=${action}&pageSize=50`, { token: admin() })).body.items.filter((e) => e.subjectId === String(id));

  beforeAll(async () => {
    t = await buildTestApp(ctx.kind);
  }, 120_000);
  afterAll(async () => t?.close());

  it('only admins: every staff route is 403 for agent, supervisor and quality, 401 without a token', async () => {
    const { agent1, supervisor, quality } = t.users;
    const routes: [string, string, unknown?][] = [
      ['GET', '/api/admin/staff'], ['GET', '/api/admin/staff/options'], ['POST', '/api/admin/staff', { username: 'x1', displayName: 'x', role: 'agent', password: 'long-enough-1' }],
      ['PATCH', `/api/admin/staff/${agent1.user.id}`, { active: false }], ['POST', `/api/admin/staff/${agent1.user.id}/password`, { password: 'long-enough-2' }],
      ['PUT', `/api/admin/staff/${quality.user.id}/ivr-pin`, { pin: '730518' }], ['DELETE', `/api/admin/staff/${quality.user.id}/ivr-pin`],
      ['POST', `/api/admin/staff/${agent1.user.id}/sessions/revoke`],
    ];
    for (const [method, url, json] of routes) {
      for (const u of [agent1, supervisor, quality]) {
        const r = await t.call<ErrorBody>(method, url, { token: u.token, ...(json ? { json } : {}) });
        expect([method, url, u.user.role, r.status]).toEqual([method, url, u.user.role, 403]);
      }
      expect((await t.call(method, url, json ? { json } : {})).status).toBe(401);
    }
    // nothing changed
    expect((await t.call('GET', '/api/me', { token: agent1.token })).status).toBe(200);
  });

  it('options: roles, which roles take seats, the queues, the rules', async () => {
    const r = await t.call<StaffOptions>('GET', '/api/admin/staff/options', { token: admin() });
    expect(r.body).toEqual({ roles: ['agent', 'supervisor', 'quality', 'admin'], seatRoles: ['agent', 'supervisor'], queues: ['hotline', 'complaints'], passwordMinLength: 8, pin: { minLength: 6, maxLength: 12 } });
  });

  it('creates an agent with 工号, extensions and queues; the new agent signs in (by name or 工号); audited without the password', async () => {
    const r = await t.call<StaffDto>('POST', '/api/admin/staff', {
      token: admin(), json: { username: `New.Agent${n}`, displayName: '新坐席 王芳', role: 'agent', password: 'first-pass-123', employeeNo: `７${n}`, extensions: ['8061', '８０６２'], queues: ['hotline'] },
    });
    expect(r.status).toBe(200);
    created = r.body;
    expect(created).toMatchObject({ username: `new.agent${n}`, displayName: '新坐席 王芳', role: 'agent', employeeNo: `7${n}`, extensions: ['8061', '8062'], queues: ['hotline'], active: true, ivrPin: { set: false, locked: false }, seat: null });
    const byName = await t.call<{ token: string; user: UserDto }>('POST', '/api/auth/login', { json: { username: `new.agent${n}`, password: 'first-pass-123' } });
    expect(byName.status).toBe(200);
    expect(byName.body.user).toMatchObject({ id: created.id, employeeNo: `7${n}`, extensions: ['8061', '8062'], extension: '8061' });
    const byNo = await t.call<{ user: UserDto }>('POST', '/api/auth/login', { json: { username: `7${n}`, password: 'first-pass-123' } });
    expect(byNo.body.user.id).toBe(created.id);
    const a = await audit('user.create', created.id);
    expect(a[0]!.detail).toMatchObject({ new: { username: `new.agent${n}`, role: 'agent', employeeNo: `7${n}`, extensions: ['8061', '8062'], queues: ['hotline'] } });
    expect(JSON.stringify(a)).not.toContain('first-pass-123');
    expect(a[0]!.actor?.id).toBe(t.users.admin.user.id);
  });

  it('bad input is a clear 400 (zh-CN / English), duplicates 409, nothing written', async () => {
    const bad = async (json: unknown, code = 400): Promise<string> => {
      const r = await t.call<ErrorBody>('POST', '/api/admin/staff', { token: admin(), json });
      expect(r.status).toBe(code);
      return r.body.message;
    };
    const base = { username: `ok${n}`, displayName: '张三', role: 'agent', password: 'long-enough-1' };
    expect(await bad({ ...base, username: 'bad name!' })).toMatch(/用户名.*\/ the user name/);
    expect(await bad({ ...base, username: `a\u0000${n}` })).toMatch(/用户名/);
    expect(await bad({ ...base, password: 'short' })).toMatch(/密码至少8位 \/ the password needs at least 8/);
    expect(await bad({ ...base, role: 'boss' })).toMatch(/role：不是允许的取值 \/ role: not one of the allowed values/);
    expect(await bad({ ...base, extensions: ['80a1'] })).toMatch(/分机号/);
    expect(await bad({ ...base, queues: ['vip'] })).toMatch(/未知的队列：vip/);
    expect(await bad({ ...base, displayName: '\u202E反转' })).toMatch(/控制字符/);
    expect(await bad({ ...base, extra: 1 })).toMatch(/不认识的字段 extra \/ unknown field extra/);
    expect(await bad({ ...base, username: `NEW.AGENT${n}` }, 409)).toMatch(/已被使用/);
    expect(await bad({ ...base, employeeNo: `7${n}` }, 409)).toMatch(/工号/);
    const list = await t.call<StaffDto[]>('GET', `/api/admin/staff?q=ok${n}`, { token: admin() });
    expect(list.body).toEqual([]);
  });

  it('edits are audited old → new; only changed fields; a new role ends the person\'s sessions', async () => {
    const login = await t.call<{ token: string }>('POST', '/api/auth/login', { json: { username: `new.agent${n}`, password: 'first-pass-123' } });
    const r = await t.call<StaffDto>('PATCH', `/api/admin/staff/${created.id}`, { token: admin(), json: { displayName: '新坐席 王芳', extensions: ['8062'], queues: null } });
    expect(r.body).toMatchObject({ extensions: ['8062'], queues: null });
    const upd = await audit('user.update', created.id);
    expect(upd[0]!.detail).toEqual({ old: { extensions: ['8061', '8062'], queues: ['hotline'] }, new: { extensions: ['8062'], queues: null } });
    // a profile change leaves the session alone
    expect((await t.call('GET', '/api/me', { token: login.body.token })).status).toBe(200);
    const role = await t.call<StaffDto>('PATCH', `/api/admin/staff/${created.id}`, { token: admin(), json: { role: 'supervisor' } });
    expect(role.body.role).toBe('supervisor');
    expect((await audit('user.update', created.id))[0]!.detail).toEqual({ old: { role: 'agent' }, new: { role: 'supervisor' } });
    const gone = await t.call<ErrorBody>('GET', '/api/me', { token: login.body.token });
    expect(gone.status).toBe(401);
    expect(gone.body.details?.reason).toBe('role-changed');
  });

  it('IVR PIN: ≥ 6 digits, never returned or audited in clear; agents cannot hold one', async () => {
    const { quality, agent1 } = t.users;
    const short = await t.call<ErrorBody>('PUT', `/api/admin/staff/${quality.user.id}/ivr-pin`, { token: admin(), json: { pin: '2468' } });
    expect(short.status).toBe(400);
    expect(short.body.message).toMatch(/6到12位数字 \/ the PIN must be 6–12 digits/);
    expect((await t.call('PUT', `/api/admin/staff/${quality.user.id}/ivr-pin`, { token: admin(), json: { pin: '123456' } })).status).toBe(400);
    expect((await t.call('PUT', `/api/admin/staff/${agent1.user.id}/ivr-pin`, { token: admin(), json: { pin: '730518' } })).status).toBe(400);
    const ok = await t.call<StaffDto>('PUT', `/api/admin/staff/${quality.user.id}/ivr-pin`, { token: admin(), json: { pin: '730518' } });
    expect(ok.status).toBe(200);
    expect(ok.body.ivrPin).toEqual({ set: true, locked: false, failures: 0 });
    expect(JSON.stringify(ok.body)).not.toContain('730518');
    const list = await t.call<StaffDto[]>('GET', '/api/admin/staff', { token: admin() });
    expect(JSON.stringify(list.body)).not.toContain('730518');
    expect(JSON.stringify(list.body)).not.toMatch(/argon2|password/i);
    const a = await audit('user.ivr-pin', quality.user.id);
    expect(a[0]!.detail).toEqual({ old: { ivrPin: 'none' }, new: { ivrPin: 'set' } });
    const cleared = await t.call<StaffDto>('DELETE', `/api/admin/staff/${quality.user.id}/ivr-pin`, { token: admin() });
    expect(cleared.body.ivrPin.set).toBe(false);
  });

  it('reset password: the old password and every session stop working; audited without a value', async () => {
    const before = await t.call<{ token: string }>('POST', '/api/auth/login', { json: { username: `new.agent${n}`, password: 'first-pass-123' } });
    const r = await t.call<StaffDto>('POST', `/api/admin/staff/${created.id}/password`, { token: admin(), json: { password: 'second-pass-456' } });
    expect(r.status).toBe(200);
    const old = await t.call<ErrorBody>('GET', '/api/me', { token: before.body.token });
    expect(old.status).toBe(401);
    expect(old.body.details?.reason).toBe('password-reset');
    expect((await t.call('POST', '/api/auth/login', { json: { username: `new.agent${n}`, password: 'first-pass-123' } })).status).toBe(401);
    expect((await t.call('POST', '/api/auth/login', { json: { username: `new.agent${n}`, password: 'second-pass-456' } })).status).toBe(200);
    const a = await audit('user.password-reset', created.id);
    expect(a).toHaveLength(1);
    expect(JSON.stringify(a)).not.toMatch(/second-pass|first-pass/);
  });

  it('disable: sessions end at once, sign-in refused, audited; enable again; an admin cannot disable themselves', async () => {
    const s = await t.call<{ token: string }>('POST', '/api/auth/login', { json: { username: `new.agent${n}`, password: 'second-pass-456' } });
    const off = await t.call<StaffDto>('PATCH', `/api/admin/staff/${created.id}`, { token: admin(), json: { active: false } });
    expect(off.body.active).toBe(false);
    const me = await t.call<ErrorBody>('GET', '/api/me', { token: s.body.token });
    expect(me.status).toBe(401);
    expect(me.body.details?.reason).toBe('disabled');
    expect((await t.call('POST', '/api/auth/login', { json: { username: `new.agent${n}`, password: 'second-pass-456' } })).status).toBe(401);
    expect((await audit('user.disable', created.id))[0]!.detail).toEqual({ old: { active: true }, new: { active: false } });
    expect((await t.call('PATCH', `/api/admin/staff/${created.id}`, { token: admin(), json: { active: true } })).status).toBe(200);
    expect((await t.call('POST', '/api/auth/login', { json: { username: `new.agent${n}`, password: 'second-pass-456' } })).status).toBe(200);
    const self = await t.call<ErrorBody>('PATCH', `/api/admin/staff/${t.users.admin.user.id}`, { token: admin(), json: { active: false } });
    expect(self.status).toBe(409);
    // an admin may end someone's sessions
    const s2 = await t.call<{ token: string }>('POST', '/api/auth/login', { json: { username: `new.agent${n}`, password: 'second-pass-456' } });
    const rv = await t.call<{ revoked: number }>('POST', `/api/admin/staff/${created.id}/sessions/revoke`, { token: admin() });
    expect(rv.body.revoked).toBeGreaterThanOrEqual(1);
    expect((await t.call('GET', '/api/me', { token: s2.body.token })).status).toBe(401);
    // the list: search by 工号, filter by active
    const found = await t.call<StaffDto[]>('GET', `/api/admin/staff?q=${encodeURIComponent(`7${n}`)}&active=true`, { token: admin() });
    expect(found.body.map((x) => x.id)).toEqual([created.id]);
  });
});
