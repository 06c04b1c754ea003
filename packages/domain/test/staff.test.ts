/**
 * Staff accounts on SQLite and MariaDB: canonical user names (the collation no longer lets look-alikes in), the
 * migration that canonicalises existing names, administration with old → new audit rows, sessions, the IVR PIN
 * lock-out across calls, and recording references.
 */
import { beforeAll, expect, it } from 'vitest';
import { createDomainServices, DEMO_PII_KEYS, recordingIdByRef, REF_CODE_PATTERN, SessionService, type DomainServices } from '../src/node.js';
import { describeEachDb } from '../src/testing/index.js';

const policy = { queues: ['hotline', 'complaints'] };
const now = new Date('2026-11-22T02:00:00Z');

describeEachDb('staff accounts', (ctx) => {
  let svc: DomainServices;
  beforeAll(() => {
    svc = createDomainServices(ctx.ds, { pii: DEMO_PII_KEYS, clock: () => now });
  });

  it('the migration stores canonical names; look-alikes collide by name and the younger one is renamed and disabled', async () => {
    // back to just before the staff migration (migrations added after it are undone first), then forward again
    const staffMigrated = async (): Promise<boolean> =>
      ((await ctx.ds.query('SELECT name FROM migrations')) as { name: string }[]).some((m) => m.name === 'StaffAccounts1764200000000');
    while (await staffMigrated()) await ctx.ds.undoLastMigration();
    const ins = "INSERT INTO app_user (username, display_name, password_hash, role, extension, active, created_at, updated_at) VALUES (?, 'x', 'h', 'agent', ?, 1, '2026-01-01 00:00:00.000', '2026-01-01 00:00:00.000')";
    await ctx.ds.query(ins, ['Mig.User', '8301']);
    if (ctx.kind === 'sqlite') await ctx.ds.query(ins, ['mig.user', null]); // MariaDB's old collation refused this already
    await ctx.ds.runMigrations();
    const list = (await ctx.ds.query("SELECT username, active, extensions FROM app_user WHERE username LIKE 'mig.user%' ORDER BY id")) as { username: string; active: number; extensions: string }[];
    expect(list[0]).toMatchObject({ username: 'mig.user', extensions: '["8301"]' });
    expect(Number(list[0]!.active)).toBe(1);
    if (ctx.kind === 'sqlite') {
      expect(list[1]!.username).toMatch(/^mig\.user\.dup\d+$/);
      expect(Number(list[1]!.active)).toBe(0);
      expect((await svc.audit.list({ action: 'user.username-canonical' })).total).toBe(2);
    }
    // compared byte for byte now, on MariaDB too (utf8mb4_unicode_ci matched 'MIG.USÉR' to 'mig.user')
    expect(await ctx.ds.query('SELECT id FROM app_user WHERE username = ?', ['MIG.USÉR'])).toEqual([]);
  });

  it('sign-in looks up the canonical name or the 工号 only; look-alikes are charged to the account they imitate', async () => {
    const u = await svc.users.create({ username: 'Lookalike1', displayName: '测试', password: 'secret-pass', role: 'agent', extension: '8311', employeeNo: 'e-311' });
    expect(u).toMatchObject({ username: 'lookalike1', employeeNo: 'E-311', extensions: ['8311'], extension: '8311' });
    expect((await svc.users.findForLogin('ｌｏｏｋａｌｉｋｅ１'))?.id).toBe(u.id);
    expect((await svc.users.findForLogin('LOOKALIKE1'))?.id).toBe(u.id);
    expect((await svc.users.findForLogin('e-311'))?.id).toBe(u.id);
    expect(await svc.users.findForLogin('lòokalike1')).toBeNull();
    expect(await svc.users.findForLogin('lookalike1\0')).toBeNull();
    expect(await svc.users.verifyPassword('lòokalike1', 'secret-pass')).toBeNull();
    expect(await svc.users.verifyPassword('ｌｏｏｋａｌｉｋｅ１', 'secret-pass')).toMatchObject({ id: u.id });
    for (const alike of ['lòokalike1', 'ＬÒＯＫＡＬＩＫＥ１', 'lookalike1\0']) expect(await svc.users.throttleAccountOf(alike)).toBe(u.id);
    expect(await svc.users.throttleAccountOf('nobody-at-all')).toBeNull();
    await expect(svc.users.create({ username: 'LOOKALIKE1', displayName: 'x', password: 'secret-pass', role: 'agent' })).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('administration: create, edit, disable — each audited with old → new values and never a password', async () => {
    const admin = await svc.staff.create({ username: 'adm.one', displayName: '管理员甲', role: 'admin', password: 'admin-pass-1' }, null, policy);
    await expect(svc.staff.create({ username: 'weak', displayName: '弱', role: 'agent', password: 'short' }, admin.id, policy)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(svc.staff.create({ username: 'q1', displayName: '队列', role: 'agent', password: 'long-enough-1', queues: ['nope'] }, admin.id, policy)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    const a = await svc.staff.create({ username: 'new.agent', displayName: '新坐席', role: 'agent', password: 'long-enough-1', employeeNo: '3001', extensions: ['8401', '8402'] }, admin.id, policy);
    expect(a).toMatchObject({ username: 'new.agent', employeeNo: '3001', extensions: ['8401', '8402'], queues: null, active: true, ivrPin: { set: false, locked: false } });
    await expect(svc.staff.create({ username: 'dup.no', displayName: '重号', role: 'agent', password: 'long-enough-1', employeeNo: '3001' }, admin.id, policy)).rejects.toMatchObject({ code: 'CONFLICT' });

    const ch = await svc.staff.update(a.id, { role: 'supervisor', extensions: ['8402'], queues: ['hotline'], displayName: '新坐席' }, admin.id, policy);
    expect(ch.changed.sort()).toEqual(['extensions', 'queues', 'role']);
    expect(ch.after).toMatchObject({ role: 'supervisor', extensions: ['8402'], queues: ['hotline'] });
    const audit = await svc.audit.list({ action: 'user.update', subjectId: String(a.id) });
    expect(audit.items[0]!.detail).toEqual({ old: { role: 'agent', extensions: ['8401', '8402'], queues: null }, new: { role: 'supervisor', extensions: ['8402'], queues: ['hotline'] } });
    expect((await svc.users.findById(a.id))?.extension).toBe('8402');

    const off = await svc.staff.update(a.id, { active: false }, admin.id, policy);
    expect(off.changed).toEqual(['active']);
    expect((await svc.audit.list({ action: 'user.disable', subjectId: String(a.id) })).items[0]!.detail).toEqual({ old: { active: true }, new: { active: false } });
    expect(await svc.users.verifyPassword('new.agent', 'long-enough-1')).toBeNull();

    await svc.staff.resetPassword(a.id, 'another-pass-2', admin.id);
    const all = JSON.stringify((await svc.audit.list({ subjectId: String(a.id), pageSize: 100 })).items);
    expect(all).not.toContain('another-pass-2');
    expect(all).not.toContain('long-enough-1');
    expect(all).not.toMatch(/\$argon2/);

    // an admin cannot disable or demote themselves, and the last admin stays
    await expect(svc.staff.update(admin.id, { active: false }, admin.id, policy)).rejects.toMatchObject({ code: 'CONFLICT' });
    const admins = (await svc.staff.list({ role: 'admin', active: true })).filter((x) => x.id !== admin.id);
    for (const x of admins) await svc.staff.update(x.id, { active: false }, admin.id, policy);
    await expect(svc.staff.update(admin.id, { role: 'agent' }, null, policy)).rejects.toMatchObject({ code: 'CONFLICT' });
    expect((await svc.staff.list({ q: '新坐席' })).map((x) => x.id)).toEqual([a.id]);
  });

  it('sessions: open, revoke one, revoke every session of a person; expired ones are reported', async () => {
    const u = await svc.users.create({ username: 'sess.user', displayName: '会话', password: 'secret-pass', role: 'agent' });
    const s1 = await svc.sessions.open({ userId: u.id, ttlSeconds: 60, ip: '10.0.0.1', userAgent: 'test' });
    const s2 = await svc.sessions.open({ userId: u.id, ttlSeconds: 60 });
    const s3 = await svc.sessions.open({ userId: u.id, ttlSeconds: 1 });
    expect(s1.id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    await svc.sessions.revoke(s1.id, 'logout');
    let st = await svc.sessions.states([s1.id, s2.id, s3.id, 'unknown']);
    const later = new Date(now.getTime() + 5000);
    expect(SessionService.problem(st.get(s1.id), u.id, now)).toBe('logout');
    expect(SessionService.problem(st.get(s2.id), u.id, now)).toBeNull();
    expect(SessionService.problem(st.get(s2.id), u.id + 1, now)).toBe('revoked');
    expect(SessionService.problem(st.get(s3.id), u.id, later)).toBe('expired');
    expect(SessionService.problem(st.get('unknown'), u.id, now)).toBe('revoked');
    expect(await svc.sessions.revokeUser(u.id, 'disabled')).toBe(2);
    st = await svc.sessions.states([s2.id]);
    expect(SessionService.problem(st.get(s2.id), u.id, now)).toBe('disabled');
  });

  it('IVR PIN: ≥ 6 digits set by an admin, locked across calls after 5 wrong tries with an alert row, unlocked by a new PIN', async () => {
    const qa = await svc.staff.create({ username: 'qa.pin', displayName: '质检 PIN', role: 'quality', password: 'long-enough-1', employeeNo: '2901' }, null, policy);
    const agent = await svc.staff.create({ username: 'agent.pin', displayName: '坐席 PIN', role: 'agent', password: 'long-enough-1', employeeNo: '2902' }, null, policy);
    for (const bad of ['2468', '111111', '123456', 'abcdef', '2901']) await expect(svc.staff.setIvrPin(qa.id, bad, null)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(svc.staff.setIvrPin(agent.id, '730518', null)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    const set = await svc.staff.setIvrPin(qa.id, '730518', null);
    expect(set.ivrPin).toEqual({ set: true, locked: false, failures: 0 });
    expect(JSON.stringify(await ctx.ds.query('SELECT detail FROM audit_log'))).not.toContain('730518');

    expect(await svc.staff.verifyIvrPin('2901', '730518', { maxFailures: 5 })).toEqual({ ok: true, userId: qa.id });
    // five calls, one wrong PIN each: the budget is the person's, not the call's
    for (let call = 1; call <= 4; call++) expect(await svc.staff.verifyIvrPin('2901', '000111', { maxFailures: 5, callId: `c${call}` })).toEqual({ ok: false, locked: false });
    expect(await svc.staff.verifyIvrPin('2901', '000111', { maxFailures: 5, callId: 'c5' })).toEqual({ ok: false, locked: true });
    const alert = await svc.audit.list({ action: 'ivr.pin-lockout', subjectId: String(qa.id) });
    expect(alert.total).toBe(1);
    expect(alert.items[0]!.detail).toMatchObject({ failures: 5, employeeNo: '2901', callId: 'c5' });
    // the right PIN does not help any more
    expect(await svc.staff.verifyIvrPin('2901', '730518', { maxFailures: 5 })).toEqual({ ok: false, locked: true });
    expect((await svc.staff.get(qa.id)).ivrPin).toMatchObject({ set: true, locked: true });
    await svc.staff.setIvrPin(qa.id, '604172', null);
    expect(await svc.staff.verifyIvrPin('2901', '604172', { maxFailures: 5 })).toEqual({ ok: true, userId: qa.id });
    expect(await svc.staff.verifyIvrPin('9999', '604172', { maxFailures: 5 })).toEqual({ ok: false, locked: false });
  });

  it('recording references: 10 random digits, assigned when listed, found by reference only', async () => {
    await svc.calls.upsert('lk-ref', { startedAt: new Date('2026-11-22T01:00:00Z'), caller: '13722224444' });
    await svc.calls.attachRecording('lk-ref', { filePath: '/var/spool/asterisk/monitor/lk-ref.wav', durationSeconds: 10, sizeBytes: 1000 });
    const recs = await svc.recordings.list({ phone: '13722224444' });
    const rec = recs.items[0]!;
    expect(rec.refCode).toMatch(REF_CODE_PATTERN);
    expect((await svc.recordings.get(rec.id)).refCode).toBe(rec.refCode);
    expect(await recordingIdByRef(ctx.ds, rec.refCode!)).toBe(rec.id);
    expect(await recordingIdByRef(ctx.ds, String(rec.id))).toBeNull();
  });
});
