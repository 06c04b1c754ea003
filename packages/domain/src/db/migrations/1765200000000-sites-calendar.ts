import { Table, TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Administration of sites and the hotline calendar (issue 11): weekly slot templates per site, per-day overrides
 * (closed, other capacity), slots remembering the template that generated them, sites that close on public
 * holidays, and the service calendar (hours + holidays + 调休 make-up days) the IVR reads. The 2027 holidays are
 * entered as data rows (provisional — see admin/service-calendar.ts CN_CALENDAR_2027; frozen here on purpose).
 */
const id = { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' as const };
const at = (name: string, isNullable = false) => ({ name, type: 'datetime', precision: 3, isNullable });

const DAYS_2027: [string, 'holiday' | 'workday', string][] = [
  ['2027-01-01', 'holiday', '元旦'], ['2027-01-02', 'holiday', '元旦'], ['2027-01-03', 'holiday', '元旦'],
  ['2027-01-31', 'workday', '春节调休上班'],
  ...['05', '06', '07', '08', '09', '10', '11', '12', '13'].map((d): [string, 'holiday', string] => [`2027-02-${d}`, 'holiday', '春节']),
  ['2027-02-20', 'workday', '春节调休上班'],
  ['2027-04-03', 'holiday', '清明节'], ['2027-04-04', 'holiday', '清明节'], ['2027-04-05', 'holiday', '清明节'],
  ...['01', '02', '03', '04', '05'].map((d): [string, 'holiday', string] => [`2027-05-${d}`, 'holiday', '劳动节']),
  ['2027-05-08', 'workday', '劳动节调休上班'],
  ['2027-06-09', 'holiday', '端午节'],
  ['2027-09-15', 'holiday', '中秋节'],
  ['2027-09-26', 'workday', '国庆节调休上班'],
  ...['01', '02', '03', '04', '05', '06', '07'].map((d): [string, 'holiday', string] => [`2027-10-${d}`, 'holiday', '国庆节']),
  ['2027-10-09', 'workday', '国庆节调休上班'],
];

export class SitesCalendar1765200000000 implements MigrationInterface {
  name = 'SitesCalendar1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: 'slot_template',
      columns: [
        id, { name: 'site_id', type: 'integer', isNullable: false }, { name: 'weekday', type: 'integer', isNullable: false },
        { name: 'type', type: 'varchar', length: '16', isNullable: false }, { name: 'start_time', type: 'varchar', length: '5', isNullable: false },
        { name: 'end_time', type: 'varchar', length: '5', isNullable: false }, { name: 'capacity', type: 'integer', isNullable: false },
        { name: 'active', type: 'boolean', isNullable: false }, at('created_at'), at('updated_at'),
      ],
      indices: [new TableIndex({ name: 'ix_slot_template_site', columnNames: ['site_id', 'weekday'] })],
    }), true);
    await q.createTable(new Table({
      name: 'site_day',
      columns: [
        id, { name: 'site_id', type: 'integer', isNullable: false }, { name: 'date', type: 'date', isNullable: false },
        { name: 'closed', type: 'boolean', isNullable: false }, { name: 'capacity', type: 'integer', isNullable: true },
        { name: 'note', type: 'varchar', length: '200', isNullable: true }, at('created_at'),
      ],
      indices: [new TableIndex({ name: 'ux_site_day', columnNames: ['site_id', 'date'], isUnique: true })],
    }), true);
    await q.createTable(new Table({
      name: 'service_hours',
      columns: [
        id, { name: 'open_time', type: 'varchar', length: '5', isNullable: false }, { name: 'close_time', type: 'varchar', length: '5', isNullable: false },
        { name: 'weekdays', type: 'varchar', length: '20', isNullable: false }, at('updated_at', true), { name: 'updated_by_id', type: 'integer', isNullable: true },
      ],
    }), true);
    await q.createTable(new Table({
      name: 'service_calendar_day',
      columns: [
        id, { name: 'date', type: 'date', isNullable: false }, { name: 'kind', type: 'varchar', length: '8', isNullable: false },
        { name: 'name', type: 'varchar', length: '50', isNullable: false }, at('created_at'),
      ],
      indices: [new TableIndex({ name: 'ux_service_calendar_day', columnNames: ['date'], isUnique: true })],
    }), true);
    await q.addColumn('appointment_slot', new TableColumn({ name: 'template_id', type: 'integer', isNullable: true }));
    await q.createIndex('appointment_slot', new TableIndex({ name: 'ix_appointment_slot_template', columnNames: ['template_id'] }));
    await q.addColumn('donation_site', new TableColumn({ name: 'closes_on_holidays', type: 'boolean', isNullable: false, default: 0 }));

    const now = new Date().toISOString().replace('T', ' ').replace('Z', '');
    await q.query('INSERT INTO service_hours (id, open_time, close_time, weekdays, updated_at, updated_by_id) VALUES (1, ?, ?, ?, NULL, NULL)', ['08:00', '20:00', '1,2,3,4,5,6,7']);
    for (const [date, kind, name] of DAYS_2027) {
      await q.query('INSERT INTO service_calendar_day (date, kind, name, created_at) VALUES (?, ?, ?, ?)', [date, kind, name, now]);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('donation_site', 'closes_on_holidays');
    await q.dropIndex('appointment_slot', 'ix_appointment_slot_template');
    await q.dropColumn('appointment_slot', 'template_id');
    for (const t of ['service_calendar_day', 'service_hours', 'site_day', 'slot_template']) await q.dropTable(t, true, true, true);
  }
}
