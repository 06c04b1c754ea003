import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { isPhraseCallType, PHRASE_STAGES, type PhraseLine, type PhraseStage } from '../../phrases/phrase-script.js';
import { upgradeLegacyText } from '../../phrases/legacy.js';

/**
 * Standard phrases become versioned scripts: one row per (call type, version) holding the ordered lines; exactly one
 * version per call type is active and the desk reads that one. The rows of the old flat `standard_phrase` table
 * become version 1 of each call type, their loose placeholders ({日期} for three different dates) rewritten to the
 * facts they meant (phrases/legacy.ts), and the old table goes.
 */
export class PhraseScripts1764600000000 implements MigrationInterface {
  name = 'PhraseScripts1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'phrase_script_version',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'call_type', type: 'varchar', length: '32', isNullable: false },
          { name: 'version', type: 'integer', isNullable: false },
          { name: 'body', type: 'text', isNullable: false },
          { name: 'note', type: 'varchar', length: '200', isNullable: true },
          { name: 'active', type: 'boolean', isNullable: false },
          { name: 'created_by_id', type: 'integer', isNullable: true },
          { name: 'created_at', type: 'datetime', precision: 3, isNullable: false },
        ],
        indices: [
          new TableIndex({ name: 'ux_phrase_script_version', columnNames: ['call_type', 'version'], isUnique: true }),
          new TableIndex({ name: 'ix_phrase_script_active', columnNames: ['call_type', 'active'] }),
        ],
      }),
      true,
    );
    if (await q.hasTable('standard_phrase')) {
      const old = (await q.query('SELECT call_type, stage, text_zh, text_en FROM standard_phrase ORDER BY call_type, sort_order, id')) as {
        call_type: string; stage: string; text_zh: string; text_en: string | null;
      }[];
      const byType = new Map<string, PhraseLine[]>();
      for (const r of old) {
        if (!isPhraseCallType(r.call_type)) continue;
        const stage: PhraseStage = (PHRASE_STAGES as readonly string[]).includes(r.stage) ? (r.stage as PhraseStage) : 'other';
        const where = { callType: r.call_type, stage };
        const lines = byType.get(r.call_type) ?? [];
        lines.push({ stage, text: upgradeLegacyText(r.text_zh, where, 'zh'), textEn: r.text_en ? upgradeLegacyText(r.text_en, where, 'en') : null });
        byType.set(r.call_type, lines);
      }
      const now = new Date().toISOString().replace('T', ' ').replace('Z', '');
      for (const [callType, lines] of byType) {
        await q.query('INSERT INTO phrase_script_version (call_type, version, body, note, active, created_by_id, created_at) VALUES (?, 1, ?, ?, 1, NULL, ?)', [
          callType, JSON.stringify(lines), '由原规范用语迁移 / migrated from the former standard phrases', now,
        ]);
      }
      await q.dropTable('standard_phrase', true, true, true);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'standard_phrase',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'call_type', type: 'varchar', length: '32', isNullable: false },
          { name: 'stage', type: 'varchar', length: '16', isNullable: false },
          { name: 'sort_order', type: 'integer', isNullable: false },
          { name: 'text_zh', type: 'text', isNullable: false },
          { name: 'text_en', type: 'text', isNullable: true },
        ],
        indices: [new TableIndex({ name: 'ix_standard_phrase_type_order', columnNames: ['call_type', 'sort_order'] })],
      }),
      true,
    );
    const active = (await q.query('SELECT call_type, body FROM phrase_script_version WHERE active = 1')) as { call_type: string; body: string }[];
    for (const r of active) {
      const lines = JSON.parse(r.body) as PhraseLine[];
      let order = 10;
      for (const l of lines) {
        await q.query('INSERT INTO standard_phrase (call_type, stage, sort_order, text_zh, text_en) VALUES (?, ?, ?, ?, ?)', [r.call_type, l.stage, order, l.text, l.textEn]);
        order += 10;
      }
    }
    await q.dropTable('phrase_script_version', true, true, true);
  }
}
