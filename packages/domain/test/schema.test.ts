import { describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { createDataSource, dbConfigFromUrl, Donor, DonorPhone, kindOf } from '../src/node.js';
import { describeEachDb, openTestDatabase } from '../src/testing/index.js';
import { MYSQL_TEST } from '../src/testing/mysql-server.js';

const TABLES = [
  'app_user', 'donation_site', 'donor', 'donor_phone', 'donation', 'deferral', 'appointment_slot', 'appointment', 'call_record',
  'recording', 'contact_record', 'ticket', 'ticket_note', 'survey_response', 'campaign', 'campaign_target', 'contact_attempt',
  'care_event', 'referral', 'voice_message', 'audit_log', 'eligibility_rule_set', 'knowledge_article', 'phrase_script_version',
  'reimbursement_policy', 'sms_outbox', 'auth_session', 'agent_ring', 'call_segment', 'api_key', 'import_job', 'import_issue', 'import_mapping', 'becs_duplicate',
  'slot_template', 'site_day', 'service_hours', 'service_calendar_day',
  'ticket_call', 'sms_opt_out', 'sms_inbound',
  'desk_list_item', 'center_setting',
  'qa_form', 'qa_queue_item', 'qa_evaluation', 'qa_comment', 'qa_calibration',
  'crm_segment', 'campaign_agent',
  'planning_stock_snapshot', 'planning_issue', 'planning_need',
  'agent_state_log', 'report_call_hour', 'report_ivr_day', 'report_agent_day', 'report_rollup_day',
  'care_rule', 'care_action', 'points_entry', 'reward_item',
  'pbx_log_cursor',
  'sms_campaign',
];

describe('dbConfigFromUrl', () => {
  it('no URL → SQLite data/donorline.sqlite', () => {
    const c = dbConfigFromUrl(undefined, '/tmp/x');
    expect(c).toEqual({ kind: 'sqlite', file: '/tmp/x/donorline.sqlite' });
    expect(dbConfigFromUrl('  ', 'data')).toMatchObject({ kind: 'sqlite' });
  });
  it('mysql:// and mariadb:// → MySQL; a database is required; other schemes are refused', () => {
    expect(dbConfigFromUrl('mysql://u:p@db:3306/dl')).toEqual({ kind: 'mysql', url: 'mysql://u:p@db:3306/dl' });
    expect(dbConfigFromUrl('mariadb://u@db/dl')).toMatchObject({ kind: 'mysql', url: 'mysql://u@db/dl' });
    expect(() => dbConfigFromUrl('mysql://u@db')).toThrow(/name a database/);
    expect(() => dbConfigFromUrl('postgres://u@db/x')).toThrow(/unsupported/);
    expect(dbConfigFromUrl('sqlite:/tmp/a.sqlite')).toEqual({ kind: 'sqlite', file: '/tmp/a.sqlite' });
  });
  it('never synchronizes', () => {
    expect(createDataSource({ kind: 'sqlite', file: ':memory:' }).options.synchronize).toBe(false);
  });
});

async function tableNames(ds: DataSource): Promise<string[]> {
  const sql = kindOf(ds) === 'mysql'
    ? 'SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE()'
    : "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'";
  return ((await ds.query(sql)) as { name?: string; NAME?: string; TABLE_NAME?: string }[]).map((r) => (r.name ?? r.NAME ?? r.TABLE_NAME)!).sort();
}

describeEachDb('migrations', (ctx) => {
  it('create every table, and the entities match the migrated schema exactly', async () => {
    const names = await tableNames(ctx.ds);
    expect(names).toEqual([...TABLES, 'migrations'].sort());
    const pending = await ctx.ds.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('the phone index is not unique (a family shares one number)', async () => {
    const meta = ctx.ds.getMetadata(DonorPhone);
    const ix = meta.indices.find((i) => i.name === 'ix_donor_phone_e164');
    expect(ix?.isUnique).toBe(false);
    const now = new Date();
    const repo = ctx.ds.getRepository(Donor);
    const base = { gender: 'female' as const, birthDate: null, nationalIdHash: null, nationalIdLast4: null, nationalIdMasked: null, nationalIdCipher: null, bloodAbo: null, bloodRh: null, occupation: null, segment: null, tags: [], mediaSource: null, consentRecruitment: true, consentSms: true, consentHealthData: true, doNotCall: false, hadAdverseReaction: false, weightKg: null, accountManagerId: null, points: 0, address: null, notes: null, createdAt: now, updatedAt: now };
    const a = await repo.save(repo.create({ ...base, name: '王秀英' }));
    const b = await repo.save(repo.create({ ...base, name: '王小明' }));
    const phones = ctx.ds.getRepository(DonorPhone);
    await phones.save([
      phones.create({ donorId: a.id, e164: '+8653280001234', kind: 'fixed-line', label: '家', isPrimary: true, createdAt: now }),
      phones.create({ donorId: b.id, e164: '+8653280001234', kind: 'fixed-line', label: '家', isPrimary: true, createdAt: now }),
    ]);
    expect(await phones.countBy({ e164: '+8653280001234' })).toBe(2);
    // …but the same donor cannot hold the same number twice
    await expect(phones.save(phones.create({ donorId: a.id, e164: '+8653280001234', kind: 'fixed-line', label: null, isPrimary: false, createdAt: now }))).rejects.toThrow();
  });

  it('Chinese text, dates and UTC timestamps round-trip', async () => {
    const repo = ctx.ds.getRepository(Donor);
    const now = new Date('2026-11-22T23:59:58.123Z');
    const saved = await repo.save(repo.create({
      name: '欧阳娜娜', gender: 'female', birthDate: '1999-12-31', nationalIdHash: null, nationalIdLast4: null, nationalIdMasked: null,
      nationalIdCipher: null, bloodAbo: 'AB', bloodRh: '-', occupation: '教师', segment: 'office-worker', tags: ['稀有血型', 'student'],
      mediaSource: 'wechat', consentRecruitment: false, consentSms: true, consentHealthData: false, doNotCall: true, hadAdverseReaction: false,
      weightKg: 52.5, accountManagerId: null, points: 7, address: '山东省青岛市崂山区香港东路𠀀号', notes: '😀 表情与生僻字', createdAt: now, updatedAt: now,
    }));
    const back = await repo.findOneByOrFail({ id: saved.id });
    expect(back).toMatchObject({ name: '欧阳娜娜', birthDate: '1999-12-31', tags: ['稀有血型', 'student'], address: '山东省青岛市崂山区香港东路𠀀号', notes: '😀 表情与生僻字', doNotCall: true, consentRecruitment: false, weightKg: 52.5 });
    expect(back.createdAt.toISOString()).toBe('2026-11-22T23:59:58.123Z');
    const raw = (await ctx.ds.query('SELECT name FROM donor WHERE name = ?', ['欧阳娜娜'])) as { name: string }[];
    expect(raw[0]?.name).toBe('欧阳娜娜');
  });
});

describe.each<'sqlite' | 'mysql'>(MYSQL_TEST.ok ? ['sqlite', 'mysql'] : ['sqlite'])('migration down and up again [%s]', (kind) => {
  it('undo drops every table; running again recreates them', async () => {
    const db = await openTestDatabase(kind);
    try {
      for (let i = 0; i < db.ds.migrations.length; i++) await db.ds.undoLastMigration(); // every migration, newest first
      expect(await tableNames(db.ds)).toEqual(['migrations']);
      await db.ds.runMigrations();
      expect((await tableNames(db.ds)).length).toBe(TABLES.length + 1);
    } finally {
      await db.close();
    }
  }, 60_000);
});
