/**
 * Administration → lists and center settings over HTTP: agents read the active pause reasons, dispositions and the
 * center's settings but cannot change them (403); admins add, rename, reorder, disable and delete entries; bad input
 * is a 400 naming the problem in both languages; built-in codes cannot be deleted; a disposition on a call record
 * cannot be deleted either and the record keeps its code; every change is in the audit log with old → new values.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { AuditEntryDto, CallDto, CenterSettings, DeskListItemDto, DeskListsDto, ErrorBody, Page, QueueOverviewDto } from '@donorline/domain';
import { describeEachDb } from '@donorline/domain/testing';
import { buildTestApp, type TestApp } from './test-app.js';

describeEachDb('admin lists and center settings over HTTP', (ctx) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(ctx.kind);
  }, 120_000);
  afterAll(async () => t?.close());

  const lastAudit = async (action: string): Promise<AuditEntryDto> =>
    (await t.call<Page<AuditEntryDto>>('GET', `/api/audit?action=${action}`, { token: t.users.admin.token })).body.items[0]!;

  it('agents read the lists and the center settings; every admin write is 403 for them and 401 without a token', async () => {
    const lists = await t.call<DeskListsDto>('GET', '/api/lists', { token: t.users.agent1.token });
    expect(lists.status).toBe(200);
    expect(lists.body.pauseReasons.map((i) => i.code)).toEqual(['not-ready', 'break', 'meal', 'meeting', 'training', 'callback', 'admin-work', 'other']);
    expect(lists.body.pauseReasons[4]).toMatchObject({ labelZh: '培训', labelEn: 'Training', builtin: true, active: true });
    expect(lists.body.dispositions.map((i) => i.code)).toContain('complaint');
    expect((await t.call<CenterSettings>('GET', '/api/center', { token: t.users.agent1.token })).body).toMatchObject({ hotline: '96606', recordingNotice: true });
    for (const [method, url, json] of [
      ['GET', '/api/admin/lists/pause-reason', undefined],
      ['POST', '/api/admin/lists/pause-reason', { code: 'coaching', labelZh: '辅导', labelEn: 'Coaching' }],
      ['PATCH', '/api/admin/lists/pause-reason/break', { labelZh: '小休' }],
      ['PUT', '/api/admin/lists/pause-reason/order', { codes: ['break'] }],
      ['DELETE', '/api/admin/lists/pause-reason/break', undefined],
      ['PUT', '/api/admin/center', { hotline: '12345' }],
    ] as const) {
      expect((await t.call(method, url, { token: t.users.agent1.token, json })).status, `${method} ${url}`).toBe(403);
      expect((await t.call(method, url, { json })).status, `${method} ${url} without a token`).toBe(401);
    }
  });

  it('an admin adds, renames, reorders and disables pause reasons: the desk list follows, each change audited old → new', async () => {
    const admin = t.users.admin.token;
    const added = await t.call<DeskListItemDto>('POST', '/api/admin/lists/pause-reason', { token: admin, json: { code: 'coaching', labelZh: '辅导', labelEn: 'Coaching' } });
    expect(added.status).toBe(200);
    expect(added.body).toMatchObject({ code: 'coaching', active: true, builtin: false });
    expect((await lastAudit('list.create')).detail).toMatchObject({ old: null, new: { labelZh: '辅导', labelEn: 'Coaching', active: true } });

    const renamed = await t.call<DeskListItemDto>('PATCH', '/api/admin/lists/pause-reason/break', { token: admin, json: { labelZh: '小休', labelEn: 'Short break' } });
    expect(renamed.body).toMatchObject({ code: 'break', labelZh: '小休', labelEn: 'Short break' });
    const rename = await lastAudit('list.rename');
    expect(rename).toMatchObject({ subjectType: 'pause-reason', subjectId: 'break', actor: { id: t.users.admin.user.id } });
    expect(rename.detail).toMatchObject({ old: { labelZh: '休息', labelEn: 'Break' }, new: { labelZh: '小休', labelEn: 'Short break' } });

    const all = (await t.call<DeskListItemDto[]>('GET', '/api/admin/lists/pause-reason', { token: admin })).body.map((i) => i.code);
    const order = ['coaching', ...all.filter((c) => c !== 'coaching')];
    const reordered = await t.call<DeskListItemDto[]>('PUT', '/api/admin/lists/pause-reason/order', { token: admin, json: { codes: order } });
    expect(reordered.body.map((i) => i.code)).toEqual(order);
    expect((await lastAudit('list.reorder')).detail).toEqual({ old: all, new: order });

    expect((await t.call<DeskListItemDto>('PATCH', '/api/admin/lists/pause-reason/meal', { token: admin, json: { active: false } })).body.active).toBe(false);
    expect((await lastAudit('list.disable')).detail).toMatchObject({ old: { active: true }, new: { active: false } });

    const desk = (await t.call<DeskListsDto>('GET', '/api/lists', { token: t.users.agent1.token })).body;
    expect(desk.pauseReasons[0]).toMatchObject({ code: 'coaching', labelZh: '辅导' });
    expect(desk.pauseReasons.map((i) => i.code)).not.toContain('meal');
    expect(desk.disabled.map((i) => i.code)).toContain('meal');
    expect((await t.call<string[]>('GET', '/api/pause-reasons', { token: t.users.agent1.token })).body).toEqual(desk.pauseReasons.map((i) => i.code));
  });

  it('bad input is a 400 with the reason in both languages, nothing written; built-in codes cannot be deleted', async () => {
    const admin = t.users.admin.token;
    const before = (await t.call<DeskListItemDto[]>('GET', '/api/admin/lists/pause-reason', { token: admin })).body;
    for (const [json, text] of [
      [{ code: 'Coffee Break', labelZh: '咖啡', labelEn: 'Coffee' }, 'the code is 2–20 lower-case letters'],
      [{ code: 'coaching', labelZh: '辅导', labelEn: 'Coaching' }, 'the code coaching already exists'],
      [{ code: 'wrap-up', labelZh: '话后', labelEn: 'Wrap-up' }, 'reserved by the system'],
      [{ code: 'coffee', labelZh: ' ', labelEn: 'Coffee' }, '请填写中文名称'],
      [{ code: 'coffee', labelZh: '咖啡', labelEn: 'x'.repeat(41) }, 'the English label has at most 40 characters'],
    ] as const) {
      const r = await t.call<ErrorBody>('POST', '/api/admin/lists/pause-reason', { token: admin, json });
      expect(r.status, JSON.stringify(json)).toBe(400);
      expect(r.body.code).toBe('VALIDATION_FAILED');
      expect(r.body.message).toContain(text);
    }
    expect((await t.call<ErrorBody>('POST', '/api/admin/lists/colours', { token: admin, json: { code: 'red', labelZh: '红', labelEn: 'Red' } })).body.message).toContain('unknown list colours');
    const order = await t.call<ErrorBody>('PUT', '/api/admin/lists/pause-reason/order', { token: admin, json: { codes: ['break', 'break'] } });
    expect(order.status).toBe(400);
    expect(order.body.message).toContain('排序须包含');
    expect((await t.call('PATCH', '/api/admin/lists/pause-reason/break', { token: admin, json: {} })).status).toBe(400);
    expect((await t.call('PATCH', '/api/admin/lists/pause-reason/nope', { token: admin, json: { labelZh: '无' } })).status).toBe(404);
    const builtin = await t.call<ErrorBody>('DELETE', '/api/admin/lists/pause-reason/training', { token: admin });
    expect(builtin.status).toBe(409);
    expect(builtin.body.message).toContain('disable it instead');
    expect((await t.call<DeskListItemDto[]>('GET', '/api/admin/lists/pause-reason', { token: admin })).body).toEqual(before);
  });

  it('dispositions: an added code is saved on a call; then it cannot be deleted, only disabled, and the record keeps it', async () => {
    const admin = t.users.admin.token;
    const { agent1 } = t.users;
    expect((await t.call('POST', '/api/admin/lists/disposition', { token: admin, json: { code: 'blood-supply', labelZh: '医院用血', labelEn: 'Hospital supply' } })).status).toBe(200);
    const linkedid = `lists-${ctx.kind}-1`;
    await t.services.calls.upsert(linkedid, { caller: '13955552001', queue: 'hotline', agentId: agent1.user.id, startedAt: new Date(Date.now() - 60_000), answeredAt: new Date(Date.now() - 50_000), endedAt: new Date(), outcome: 'answered' });
    const saved = await t.call<CallDto>('POST', `/api/calls/${linkedid}/disposition`, { token: agent1.token, json: { disposition: 'blood-supply', notes: '询问医院用血' } });
    expect(saved.status).toBe(200);
    expect(saved.body.disposition).toBe('blood-supply');
    const del = await t.call<ErrorBody>('DELETE', '/api/admin/lists/disposition/blood-supply', { token: admin });
    expect(del.status).toBe(409);
    expect(del.body.message).toContain('1 call records use blood-supply');
    expect((await t.call('PATCH', '/api/admin/lists/disposition/blood-supply', { token: admin, json: { active: false } })).status).toBe(200);
    const refused = await t.call<ErrorBody>('POST', `/api/calls/${linkedid}-x/disposition`, { token: agent1.token, json: { disposition: 'blood-supply' } });
    expect(refused.status).toBe(404);
    expect((await t.services.calls.getByLinkedid(linkedid)).disposition).toBe('blood-supply');
    // a disabled code is refused for a call that does not have it yet
    await t.services.calls.upsert(`${linkedid}-2`, { caller: '13955552002', queue: 'hotline', agentId: agent1.user.id, startedAt: new Date(Date.now() - 60_000), endedAt: new Date(), outcome: 'answered' });
    const disabled = await t.call<ErrorBody>('POST', `/api/calls/${linkedid}-2/disposition`, { token: agent1.token, json: { disposition: 'blood-supply' } });
    expect(disabled.status).toBe(400);
    expect(disabled.body.message).toContain('disposition blood-supply is unknown or disabled');
    // an unused added entry can be deleted (audited)
    expect((await t.call('POST', '/api/admin/lists/disposition', { token: admin, json: { code: 'press', labelZh: '媒体', labelEn: 'Press' } })).status).toBe(200);
    expect((await t.call('DELETE', '/api/admin/lists/disposition/press', { token: admin })).status).toBe(200);
    expect((await lastAudit('list.delete')).detail).toMatchObject({ old: { labelZh: '媒体' }, new: null });
  });

  it('center settings: an admin changes them, audited old → new; bad values are a 400 naming the field', async () => {
    const admin = t.users.admin.token;
    const r = await t.call<CenterSettings>('PUT', '/api/admin/center', { token: admin, json: { hotline: '96606 ', recordingNotice: false, smsSignature: '岛城献血' } });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ hotline: '96606', recordingNotice: false, smsSignature: '岛城献血', name: '青岛市中心血站' });
    const audit = await lastAudit('center.update');
    expect(audit.detail).toEqual({ old: { recordingNotice: true, smsSignature: '青岛市中心血站' }, new: { recordingNotice: false, smsSignature: '岛城献血' } });
    expect((await t.call<CenterSettings>('GET', '/api/center', { token: t.users.agent1.token })).body.recordingNotice).toBe(false);
    for (const [json, text] of [
      [{ hotline: '96-606' }, 'the hotline number is 3–20 digits'],
      [{ smsSignature: '【青岛】' }, '短信签名应为2–12个字符'],
      [{ name: '' }, 'the center name is 1–60 characters'],
    ] as const) {
      const bad = await t.call<ErrorBody>('PUT', '/api/admin/center', { token: admin, json });
      expect(bad.status, JSON.stringify(json)).toBe(400);
      expect(bad.body.message).toContain(text);
    }
    expect((await t.call('PUT', '/api/admin/center', { token: admin, json: {} })).status).toBe(400);
    expect((await t.call('PUT', '/api/admin/center', { token: admin, json: { colour: 'red' } })).status).toBe(400);
    expect((await t.call<CenterSettings>('GET', '/api/center', { token: admin })).body.hotline).toBe('96606');
  });

  it('queues with their members: admins only; the agents configured for each queue, not signed in (no seats in this app)', async () => {
    expect((await t.call('GET', '/api/admin/queues', { token: t.users.agent1.token })).status).toBe(403);
    const r = await t.call<QueueOverviewDto[]>('GET', '/api/admin/queues', { token: t.users.admin.token });
    expect(r.status).toBe(200);
    expect(r.body.map((q) => q.queue)).toEqual([...t.config.pbx.queues]);
    const hotline = r.body[0]!;
    expect(hotline.pbxAnswered).toBe(false);
    const agent1 = hotline.members.find((m) => m.agent?.id === t.users.agent1.user.id);
    expect(agent1).toMatchObject({ configured: true, loggedIn: false, state: null });
    expect(hotline.members.some((m) => m.agent?.id === t.users.admin.user.id)).toBe(false);
  });
});
