import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { csvRecordChunks } from './csv-reader.js';
import { inspectTable, sheetRowBatches, sheetRows } from './table-reader.js';

/** The bulk path reads a CSV a chunk (256 KB) at a time: records and row numbers must not depend on where chunks end. */
describe('CSV records a chunk at a time', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dl-csv-chunks-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  // over 768 KB in either encoding: multi-byte names, quoted fields with commas, quotes and line breaks, empty lines — so that chunk
  // boundaries fall inside quoted fields and inside multi-byte characters
  const N = 20_000;
  const records: string[][] = [['献血编号', '献血者编号', '献血日期', '献血类型', '献血量', '献血地点']];
  for (let i = 1; i <= N; i++) {
    const site = i % 7 === 0 ? `青岛市,"市南区"\n第${i}号献血屋` : i % 5 === 0 ? '' : `献血屋${'东西南北'[i % 4]}`;
    records.push([`SX${String(i).padStart(9, '0')}001`, `SX${String(i).padStart(9, '0')}`, '2024-01-02', i % 2 ? '全血' : '机采血小板', i % 2 ? '400ml' : '1治疗量', site]);
  }
  const quote = (c: string): string => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c);
  const text = records.map((r, i) => r.map(quote).join(',') + (i % 1000 === 999 ? '\r\n\r\n' : '\r\n')).join('');

  for (const [encoding, bytes] of [['utf-8-bom', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')])], ['gb18030', iconv.encode(text, 'gb18030')]] as const) {
    it(`${encoding}: every record once, in order, numbered from the header's 1, in several chunks`, async () => {
      const path = join(dir, `${encoding}.csv`);
      writeFileSync(path, bytes);
      expect(bytes.length).toBeGreaterThan(3 * 256 * 1024);
      const chunks: { row: number; cells: string[] }[][] = [];
      for await (const c of csvRecordChunks(path, encoding, ',')) chunks.push(c);
      expect(chunks.length).toBeGreaterThanOrEqual(3);
      const all = chunks.flat();
      expect(all.map((r) => r.row)).toEqual(records.map((_, i) => i + 1));
      expect(all.map((r) => r.cells)).toEqual(records);

      const info = await inspectTable(path);
      expect(info.encoding).toBe(encoding);
      const sheet = info.sheets[0]!;
      const batches: { row: number; cells: unknown[] }[][] = [];
      for await (const b of sheetRowBatches(path, info, sheet)) batches.push(b);
      expect(batches.every((b) => b.length > 0)).toBe(true);
      const rows = batches.flat();
      expect(rows).toHaveLength(N);
      expect(rows[0]).toEqual({ row: 2, cells: records[1] });
      expect(rows.at(-1)).toEqual({ row: N + 1, cells: records[N] });
      const one: { row: number; cells: unknown[] }[] = [];
      for await (const r of sheetRows(path, info, sheet)) one.push(r);
      expect(one).toEqual(rows);
    });
  }

  it('a malformed record is refused with the row it is near, even deep in the file', async () => {
    const path = join(dir, 'bad.csv');
    writeFileSync(path, text + 'SX1,SX2,2024-01-01,全血,"400ml\n');
    await expect((async () => {
      for await (const c of csvRecordChunks(path, 'utf-8', ',')) void c;
    })()).rejects.toMatchObject({ details: expect.objectContaining({ row: expect.any(Number) }) });
  });
});
