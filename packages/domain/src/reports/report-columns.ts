/**
 * Every report's columns with their Chinese and English headings and how a value is shown: one list for the desk's
 * tables and the CSV/XLSX export, so what the supervisor sees is what they download.
 */
import type { ReportKind, ReportResult } from './report.types.js';

export type ReportValueFormat = 'text' | 'int' | 'pct' | 'sec' | 'hours' | 'score' | 'time' | 'word';

/** Codes that a report shows and exports in words (a supervisor's spreadsheet reads 短信 / 已解决, not sms / resolved). */
const WORDS: Readonly<Record<string, { zh: string; en: string }>> = {
  sms: { zh: '短信', en: 'SMS' }, ivr: { zh: '语音导航', en: 'IVR' }, call: { zh: '电话回访', en: 'Call' },
  new: { zh: '新建', en: 'New' }, assigned: { zh: '已分配', en: 'Assigned' }, 'in-progress': { zh: '处理中', en: 'In progress' },
  resolved: { zh: '已解决', en: 'Resolved' }, closed: { zh: '已关闭', en: 'Closed' },
};

export interface ReportColumn {
  key: string;
  zh: string;
  en: string;
  format: ReportValueFormat;
}

const c = (key: string, zh: string, en: string, format: ReportValueFormat = 'int'): ReportColumn => ({ key, zh, en, format });
const FIGURES: ReportColumn[] = [
  c('offered', '呼入量', 'Offered'), c('answered', '接通量', 'Answered'), c('abandoned', '放弃量', 'Abandoned'),
  c('serviceLevel', '服务水平', 'Service level', 'pct'), c('abandonRate', '放弃率', 'Abandon rate', 'pct'),
  c('asaSeconds', '平均应答时长', 'ASA', 'sec'), c('ahtSeconds', '平均处理时长', 'AHT', 'sec'),
];

export const REPORT_COLUMNS: Readonly<Record<ReportKind, readonly ReportColumn[]>> = {
  volume: [c('bucket', '时段', 'Period', 'text'), ...FIGURES],
  agents: [
    c('name', '坐席', 'Agent', 'text'), c('extension', '分机', 'Extension', 'text'), c('handled', '接听量', 'Calls'),
    c('talkSeconds', '通话时长', 'Talk', 'sec'), c('holdSeconds', '保持时长', 'Hold', 'sec'), c('wrapUpSeconds', '话后处理', 'Wrap-up', 'sec'),
    c('ahtSeconds', '平均处理时长', 'AHT', 'sec'), c('pausedSeconds', '小休时长', 'Paused', 'sec'), c('pauseByReason', '小休原因', 'Pause by reason', 'text'),
    c('occupancy', '占用率', 'Occupancy', 'pct'), c('complaints', '投诉来电', 'Complaint calls'),
    c('qaScore', '质检均分', 'QA score', 'score'), c('qaEvaluations', '质检次数', 'QA evaluations'),
  ],
  ivr: [
    c('node', '节点', 'Node', 'text'), c('reached', '到达', 'Reached'), c('endedHere', '在此结束', 'Ended here'),
    c('dropRate', '流失率', 'Drop-off', 'pct'), c('completes', '完成自助', 'Task done', 'text'),
  ],
  'work-sla': [
    c('source', '来源', 'Source', 'text'), c('created', '新建', 'Created'), c('resolved', '已解决', 'Resolved'),
    c('resolvedInTime', '按时解决', 'In time'), c('slaRate', '按时率', 'SLA', 'pct'), c('openOverdue', '逾期未办', 'Open overdue'),
    c('avgResolveHours', '平均解决(小时)', 'Avg. hours to resolve', 'hours'),
  ],
  attribution: [
    c('mediaSource', '媒体来源', 'Media source', 'text'), c('calls', '来电', 'Calls'), c('callers', '来电人数', 'Callers'),
    c('appointments', '预约', 'Appointments'), c('appointmentsByCall', '电话预约', 'Booked on a call'),
    c('donations', '献血次数', 'Donations'), c('donors', '献血人数', 'Donors'), c('conversion', '转化率', 'Conversion', 'pct'),
  ],
  satisfaction: [
    c('bucket', '分组', 'Group', 'text'), c('sent', '发出', 'Sent'), c('answered', '回复', 'Answered'), c('responseRate', '回复率', 'Response rate', 'pct'),
    c('score1', '1分', 'Score 1'), c('score2', '2分', 'Score 2'), c('score3', '3分', 'Score 3'), c('score4', '4分', 'Score 4'), c('score5', '5分', 'Score 5'),
    c('average', '平均分', 'Average', 'score'), c('low', '不满意', 'Unsatisfied'), c('callbacksDone', '已回访', 'Called back'),
    c('callbacksInTime', '按时回访', 'In time'), c('avgCallbackHours', '平均回访(小时)', 'Avg. hours to call back', 'hours'),
  ],
  'satisfaction-low': [
    c('at', '时间', 'Time', 'time'), c('channel', '渠道', 'Channel', 'word'), c('site', '献血点', 'Site', 'text'), c('agent', '坐席', 'Agent', 'text'),
    c('donor', '献血者', 'Donor', 'text'), c('score', '评分', 'Score'), c('owner', '回访负责人', 'Callback owner', 'text'), c('taskStatus', '工单状态', 'Task status', 'word'),
    c('done', '已回访', 'Called back', 'text'), c('inTime', '按时', 'In time', 'text'), c('hoursToDone', '回访用时(小时)', 'Hours to call back', 'hours'),
  ],
};

/** An instant as the center's local 'YYYY-MM-DD HH:MM' (UTC+8 all year). */
export const localMinute = (v: string | number | Date): string => new Date(new Date(v).getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

/** A cell as shown and exported: rates as percentages (one decimal), seconds as whole seconds, maps as text. */
export function reportCell(value: unknown, format: ReportValueFormat, lang: 'zh' | 'en' = 'zh'): string | number | null {
  if (value === null || value === undefined) return null;
  switch (format) {
    case 'pct':
      return Math.round(Number(value) * 1000) / 10;
    case 'sec':
    case 'hours':
    case 'int':
      return Number(value);
    case 'score':
      return Math.round(Number(value) * 10) / 10;
    case 'time':
      return localMinute(value as string);
    case 'word':
      return WORDS[String(value)]?.[lang] ?? String(value);
    case 'text':
      if (typeof value === 'boolean') return value ? (lang === 'zh' ? '是' : 'yes') : lang === 'zh' ? '否' : 'no';
      if (typeof value === 'object') return Object.entries(value as Record<string, number>).map(([k, v]) => `${k} ${v}s`).join('; ');
      return String(value);
  }
}

/** A report as a plain table (headings + rows of cells), for CSV/XLSX. */
export function reportTable(r: Pick<ReportResult, 'kind' | 'rows'>, lang: 'zh' | 'en' = 'zh'): { headings: string[]; rows: Array<Array<string | number | null>> } {
  const cols = REPORT_COLUMNS[r.kind];
  const headings = cols.map((x) => (x.format === 'pct' ? `${x[lang]} (%)` : x.format === 'sec' ? `${x[lang]} (${lang === 'zh' ? '秒' : 's'})` : x[lang]));
  const rows = (r.rows as unknown as Array<Record<string, unknown>>).map((row) => cols.map((x) => reportCell(row[x.key], x.format, lang)));
  return { headings, rows };
}

/** RFC 4180 CSV with a BOM (Excel opens Chinese text right); formulas in text cells are defused. */
export function toCsv(t: { headings: string[]; rows: Array<Array<string | number | null>> }): string {
  const cell = (v: string | number | null): string => {
    if (v === null) return '';
    let s = String(v);
    if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return '\uFEFF' + [t.headings, ...t.rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}
