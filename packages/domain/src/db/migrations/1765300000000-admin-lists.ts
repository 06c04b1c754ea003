import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { BUILTIN_LIST_ITEMS, DESK_LISTS } from '../../admin/desk-lists.js';

/**
 * Administration lists and settings (issue 11): the desk's pick lists (pause reasons, dispositions) become data,
 * seeded with the built-in codes the desk used as constants (labels as the desk showed them), and the center's
 * settings get a key/value table (defaults live in code until an administrator saves a value).
 */
export class AdminLists1765300000000 implements MigrationInterface {
  name = 'AdminLists1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'desk_list_item',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'list', type: 'varchar', length: '20', isNullable: false },
          { name: 'code', type: 'varchar', length: '20', isNullable: false },
          { name: 'label_zh', type: 'varchar', length: '40', isNullable: false },
          { name: 'label_en', type: 'varchar', length: '40', isNullable: false },
          { name: 'sort_order', type: 'integer', isNullable: false },
          { name: 'active', type: 'boolean', isNullable: false },
          { name: 'builtin', type: 'boolean', isNullable: false },
          { name: 'updated_at', type: 'datetime', precision: 3, isNullable: false },
        ],
        indices: [new TableIndex({ name: 'ux_desk_list_item_code', columnNames: ['list', 'code'], isUnique: true })],
      }),
      true,
    );
    await q.createTable(
      new Table({
        name: 'center_setting',
        columns: [
          { name: 'setting_key', type: 'varchar', length: '40', isPrimary: true },
          { name: 'value', type: 'text', isNullable: false },
          { name: 'updated_by_id', type: 'integer', isNullable: true },
          { name: 'updated_at', type: 'datetime', precision: 3, isNullable: false },
        ],
      }),
      true,
    );
    const now = new Date().toISOString().replace('T', ' ').replace('Z', '');
    for (const list of DESK_LISTS) {
      let order = 10;
      for (const i of BUILTIN_LIST_ITEMS[list]) {
        await q.query('INSERT INTO desk_list_item (list, code, label_zh, label_en, sort_order, active, builtin, updated_at) VALUES (?, ?, ?, ?, ?, 1, 1, ?)', [
          list, i.code, i.zh, i.en, order, now,
        ]);
        order += 10;
      }
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('center_setting', true, true, true);
    await q.dropTable('desk_list_item', true, true, true);
  }
}
