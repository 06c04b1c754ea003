import { describe, expect, it } from 'vitest';
import { reportTable, toCsv } from './report-columns.js';

describe('report tables and CSV', () => {
  it('rates become percentages, maps text, headings in the chosen language', () => {
    const t = reportTable({ kind: 'agents', rows: [{ agentId: 1, name: '坐席甲', extension: '8101', handled: 2, talkSeconds: 160, holdSeconds: 0, wrapUpSeconds: 40, ahtSeconds: 100, pausedSeconds: 600, pauseByReason: { meal: 600 }, occupancy: 0.54678, complaints: 0, qaScore: 87.25, qaEvaluations: 2 }] }, 'en');
    expect(t.headings[0]).toBe('Agent');
    expect(t.headings).toContain('Occupancy (%)');
    expect(t.rows[0]).toEqual(['坐席甲', '8101', 2, 160, 0, 40, 100, 600, 'meal 600s', 54.7, 0, 87.3, 2]);
  });

  it('codes are exported in words: the low-score list says 短信 and 已解决, not sms and resolved', () => {
    const row = { at: '2026-12-01T02:00:00Z', channel: 'sms', site: '五四广场献血屋', agent: null, donor: '张*华', score: 1, owner: '王芳', taskStatus: 'resolved', done: true, inTime: true, hoursToDone: 3.5 };
    const zh = reportTable({ kind: 'satisfaction-low', rows: [row] } as never, 'zh');
    expect(zh.rows[0]!.slice(0, 2)).toEqual(['2026-12-01 10:00', '短信']);
    expect(zh.rows[0]![7]).toBe('已解决');
    expect(reportTable({ kind: 'satisfaction-low', rows: [{ ...row, channel: 'ivr', taskStatus: 'in-progress' }] } as never, 'en').rows[0]!.filter((x) => x === 'IVR' || x === 'In progress')).toHaveLength(2);
  });

  it('CSV: BOM, quoting, and no formula injection from text cells', () => {
    const csv = toCsv({ headings: ['媒体来源', 'n'], rows: [['=HYPERLINK("x")', 1], ['a,b', null]] });
    expect(csv.startsWith('\uFEFF媒体来源,n\r\n')).toBe(true);
    expect(csv).toContain(`"'=HYPERLINK(""x"")",1`);
    expect(csv).toContain('"a,b",\r\n');
  });
});
