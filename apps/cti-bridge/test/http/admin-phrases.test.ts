/**
 * Standard phrases over HTTP: admins write scripts (a new version each time, active at once, history kept, an old
 * version restorable), agents read the active lines and cannot write; bad placeholders are a 400 naming the line
 * and the names to use; every change is in the audit log with the lines before and after.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEFAULT_PHRASE_SCRIPTS, type AuditEntryDto, type ErrorBody, type Page, type PhraseDto, type PhraseScriptSummary, type PhraseScriptVersionDto } from '@donorline/domain';
import { describeEachDb } from '@donorline/domain/testing';
import { buildTestApp, type TestApp } from './test-app.js';

describeEachDb('standard-phrase scripts over HTTP', (ctx) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(ctx.kind);
  }, 120_000);
  afterAll(async () => t?.close());

  it('agents read the active lines of the seeded scripts; they may not list, write or restore scripts', async () => {
    const read = await t.call<PhraseDto[]>('GET', '/api/phrases?callType=booking', { token: t.users.agent1.token });
    expect(read.status).toBe(200);
    expect(read.body.map((p) => p.text)).toEqual(DEFAULT_PHRASE_SCRIPTS.booking!.map((l) => l.text));
    expect(read.body.every((p) => p.version === 1)).toBe(true);
    const lines = [{ stage: 'opening', text: '您好', textEn: null }];
    for (const [method, url, json] of [
      ['GET', '/api/admin/phrases', undefined],
      ['GET', '/api/admin/phrases/booking', undefined],
      ['POST', '/api/admin/phrases/booking', { lines }],
      ['POST', '/api/admin/phrases/booking/versions/1/activate', {}],
    ] as const) {
      expect((await t.call(method, url, { token: t.users.agent1.token, json })).status, `${method} ${url}`).toBe(403);
      expect((await t.call(method, url, { json })).status, `${method} ${url} without a token`).toBe(401);
    }
  });

  it('an admin saves a new version: active at once for the agents, the old one in the history, audited old → new', async () => {
    const list = await t.call<PhraseScriptSummary[]>('GET', '/api/admin/phrases', { token: t.users.admin.token });
    expect(list.status).toBe(200);
    expect(list.body.find((s) => s.callType === 'booking')).toMatchObject({ activeVersion: 1, versions: 1 });
    expect(list.body.find((s) => s.callType === 'wrong-number')).toMatchObject({ activeVersion: null, versions: 0 });

    const lines = DEFAULT_PHRASE_SCRIPTS.booking!.map((l) => (l.stage === 'commitment' ? { ...l, text: '好的，给您约在{预约日期}{预约时间}，{预约地点}，到时见！' } : l));
    const saved = await t.call<PhraseScriptVersionDto>('POST', '/api/admin/phrases/booking', { token: t.users.admin.token, json: { lines, note: '承诺更亲切' } });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ callType: 'booking', version: 2, active: true, note: '承诺更亲切', createdBy: { id: t.users.admin.user.id } });

    const read = await t.call<PhraseDto[]>('GET', '/api/phrases?callType=booking', { token: t.users.agent1.token });
    expect(read.body.find((p) => p.stage === 'commitment')?.text).toBe('好的，给您约在{预约日期}{预约时间}，{预约地点}，到时见！');
    const history = await t.call<PhraseScriptVersionDto[]>('GET', '/api/admin/phrases/booking', { token: t.users.admin.token });
    expect(history.body.map((v) => [v.version, v.active])).toEqual([[2, true], [1, false]]);

    const audit = await t.call<Page<AuditEntryDto>>('GET', '/api/audit?action=phrases.publish', { token: t.users.admin.token });
    const detail = audit.body.items[0]!.detail as { old: { version: number; lines: { text: string }[] }; new: { version: number; lines: { text: string }[] }; changes: { kind: string; line: number }[] };
    expect(detail.old.version).toBe(1);
    expect(detail.new.version).toBe(2);
    expect(detail.changes).toEqual([expect.objectContaining({ kind: 'changed', line: 2 })]);
    expect(detail.old.lines[2]!.text).toBe(DEFAULT_PHRASE_SCRIPTS.booking![2]!.text);

    const again = await t.call<ErrorBody>('POST', '/api/admin/phrases/booking', { token: t.users.admin.token, json: { lines } });
    expect(again.status).toBe(409);

    const restored = await t.call<PhraseScriptVersionDto>('POST', '/api/admin/phrases/booking/versions/1/activate', { token: t.users.admin.token, json: {} });
    expect(restored.body).toMatchObject({ version: 1, active: true });
    expect((await t.call<PhraseDto[]>('GET', '/api/phrases?callType=booking', { token: t.users.agent1.token })).body[0]!.version).toBe(1);
  });

  it('a placeholder outside the vocabulary is a 400 that names the line and what to write instead — nothing saved', async () => {
    const bad = await t.call<ErrorBody>('POST', '/api/admin/phrases/eligibility', {
      token: t.users.admin.token,
      json: { lines: [{ stage: 'bad-news', text: '根据您上次献血（{日期}），需要等到{日期}以后', textEn: null }, { stage: 'closing', text: '谢谢{客户}', textEn: null }] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    expect(bad.body.message).toContain('第 1 条');
    expect(bad.body.message).toContain('{上次献血日期}');
    expect(bad.body.message).toContain('phrase 2: unknown placeholder {客户}');
    expect((bad.body.details as { issues: { line: number }[] }).issues.map((i) => i.line)).toEqual([0, 1]);
    const history = await t.call<PhraseScriptVersionDto[]>('GET', '/api/admin/phrases/eligibility', { token: t.users.admin.token });
    expect(history.body.length).toBe(1);
    expect((await t.call('POST', '/api/admin/phrases/sales', { token: t.users.admin.token, json: { lines: [{ stage: 'opening', text: '您好', textEn: null }] } })).status).toBe(400);
    expect((await t.call('POST', '/api/admin/phrases/booking', { token: t.users.admin.token, json: { lines: [{ stage: 'pitch', text: '您好', textEn: null }] } })).status).toBe(400);
  });
});
