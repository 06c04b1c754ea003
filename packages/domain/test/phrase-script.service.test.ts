/**
 * Versioned standard-phrase scripts on SQLite and MariaDB: saving adds a version and makes it the active one the
 * desk reads, history stays, an old version can be made active again, bad placeholders are refused with nothing
 * written, every change is audited old → new; and the migration turns the old flat phrases into version 1 with the
 * loose placeholders rewritten to the facts they meant.
 */
import { beforeAll, expect, it } from 'vitest';
import { createDomainServices, DEMO_PII_KEYS, type DomainServices } from '../src/node.js';
import { checkPhraseText, DEFAULT_PHRASE_SCRIPTS } from '../src/index.js';
import { describeEachDb } from '../src/testing/index.js';

describeEachDb('phrase scripts', (ctx) => {
  let svc: DomainServices;
  let adminId: number;

  beforeAll(async () => {
    svc = createDomainServices(ctx.ds, { pii: DEMO_PII_KEYS });
    adminId = (await svc.users.create({ username: 'phrase.admin', displayName: '管理员', password: 'secret123', role: 'admin' }, null)).id;
  });

  it('the migration turns the old flat phrases into version 1 per call type, rewriting {日期} to the fact it meant (and back down)', async () => {
    const migrations = async (): Promise<void> => {
      await ctx.ds.runMigrations({ transaction: 'each' });
    };
    // back to just before the phrase-script migration (undoing the ones after it too), then forward again
    const hasScripts = async (): Promise<boolean> => {
      const q = ctx.ds.createQueryRunner();
      try {
        return await q.hasTable('phrase_script_version');
      } finally {
        await q.release();
      }
    };
    while (await hasScripts()) await ctx.ds.undoLastMigration({ transaction: 'each' });
    await ctx.ds.query('DELETE FROM standard_phrase');
    const old: [string, string, number, string, string][] = [
      ['eligibility', 'bad-news', 10, '根据您上次{类型}献血（{日期}），这次需要等到{日期}以后才能再献。', 'Since your last donation on {date}, the next possible date is {date}.'],
      ['eligibility', 'commitment', 20, '要不要现在就先帮您预约{日期}的时段？', 'Shall I book a slot on {date} for you now?'],
      ['booking', 'commitment', 10, '好的，给您约在{日期}{时间}，{地点}。', 'Great, I have booked {date} {time} at {site}.'],
      ['recall', 'opening', 10, '您好，我是青岛市中心血站的{姓名}，之前您在{日期}参加过无偿献血', 'Hello, this is {name}. Thank you again for donating on {date}!'],
      ['nonsense', 'opening', 10, '不是通话类型', null as unknown as string],
    ];
    for (const r of old) await ctx.ds.query('INSERT INTO standard_phrase (call_type, stage, sort_order, text_zh, text_en) VALUES (?, ?, ?, ?, ?)', r);
    await migrations();
    const elig = await svc.phrases.active('eligibility');
    expect(elig).toMatchObject({ version: 1, active: true });
    expect(elig!.lines.map((l) => l.text)).toEqual(['根据您上次{上次献血类型}献血（{上次献血日期}），这次需要等到{最早可献日期}以后才能再献。', '要不要现在就先帮您预约{最早可献日期}的时段？']);
    expect(elig!.lines[0]!.textEn).toBe('Since your last donation on {lastDonationDate}, the next possible date is {nextEligibleDate}.');
    expect((await svc.phrases.active('booking'))!.lines[0]!.text).toBe('好的，给您约在{预约日期}{预约时间}，{预约地点}。');
    expect((await svc.phrases.active('recall'))!.lines[0]!.text).toBe('您好，我是青岛市中心血站的{坐席姓名}，之前您在{上次献血日期}参加过无偿献血');
    for (const t of ['eligibility', 'booking', 'recall'] as const) for (const l of (await svc.phrases.active(t))!.lines) expect(checkPhraseText(l.text)).toEqual([]);
    expect((await svc.phrases.summaries()).map((s) => s.callType)).not.toContain('nonsense');
    // the agents' read: active lines in order
    const read = await svc.phrases.list('eligibility');
    expect(read.map((p) => [p.stage, p.order, p.version])).toEqual([['bad-news', 10, 1], ['commitment', 20, 1]]);
  });

  it('saving adds a version that becomes active; the history keeps the old one; an unchanged save is refused', async () => {
    const before = (await svc.phrases.active('eligibility'))!;
    const lines = [...DEFAULT_PHRASE_SCRIPTS.eligibility!];
    const v2 = await svc.phrases.publish('eligibility', { lines, note: '按新的占位符重写' }, adminId);
    expect(v2).toMatchObject({ version: 2, active: true, note: '按新的占位符重写', createdBy: { id: adminId, username: 'phrase.admin' } });
    expect((await svc.phrases.list('eligibility')).map((p) => p.text)).toEqual(lines.map((l) => l.text));
    const history = await svc.phrases.history('eligibility');
    expect(history.map((h) => [h.version, h.active])).toEqual([[2, true], [1, false]]);
    expect(history[1]!.lines).toEqual(before.lines);
    await expect(svc.phrases.publish('eligibility', { lines }, adminId)).rejects.toMatchObject({ code: 'CONFLICT' });

    const [audit] = (await svc.audit.list({ action: 'phrases.publish' })).items;
    expect(audit).toMatchObject({ actor: { id: adminId }, subjectType: 'phrase-script', subjectId: 'eligibility@2' });
    const detail = audit!.detail as { old: { version: number; lines: unknown[] }; new: { version: number; lines: unknown[] }; changes: { kind: string }[] };
    expect(detail.old.version).toBe(1);
    expect(detail.old.lines).toEqual(before.lines);
    expect(detail.new.version).toBe(2);
    expect(detail.changes.length).toBeGreaterThan(0);
  });

  it('an old version can be made active again (audited); the desk then reads it', async () => {
    const back = await svc.phrases.activate('eligibility', 1, adminId);
    expect(back).toMatchObject({ version: 1, active: true });
    expect((await svc.phrases.list('eligibility'))[0]!.version).toBe(1);
    expect((await svc.audit.list({ action: 'phrases.activate' })).items[0]).toMatchObject({ subjectId: 'eligibility@1', detail: { old: { version: 2 }, new: { version: 1 } } });
    await expect(svc.phrases.activate('eligibility', 9, adminId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('refuses unknown call types, ambiguous or unknown placeholders and empty scripts — nothing written', async () => {
    const count = async (): Promise<number> => Number(((await ctx.ds.query('SELECT COUNT(*) AS n FROM phrase_script_version')) as { n: number }[])[0]!.n);
    const n = await count();
    await expect(svc.phrases.publish('sales', { lines: [{ stage: 'opening', text: '您好', textEn: null }] }, adminId)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    const bad = svc.phrases.publish('booking', { lines: [{ stage: 'commitment', text: '给您约在{日期}', textEn: 'on {when}' }] }, adminId);
    await expect(bad).rejects.toMatchObject({ code: 'VALIDATION_FAILED', details: { issues: [{ code: 'AMBIGUOUS_PLACEHOLDER', line: 0, field: 'text' }, { code: 'UNKNOWN_PLACEHOLDER', line: 0, field: 'textEn' }] } });
    await expect(bad).rejects.toThrow(/\{预约日期\}/);
    await expect(svc.phrases.publish('booking', { lines: [] }, adminId)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await count()).toBe(n);
  });

  it('a call type without a script shows up as such; the first save is version 1', async () => {
    const s = (await svc.phrases.summaries()).find((x) => x.callType === 'outbound')!;
    expect(s).toMatchObject({ activeVersion: null, versions: 0 });
    const v1 = await svc.phrases.publish('outbound', { lines: [...DEFAULT_PHRASE_SCRIPTS.outbound!] }, adminId);
    expect(v1.version).toBe(1);
    expect((await svc.audit.list({ action: 'phrases.publish' })).items[0]!.detail).toMatchObject({ old: null, new: { version: 1 } });
  });
});
