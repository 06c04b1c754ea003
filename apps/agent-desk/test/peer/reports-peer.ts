/**
 * The reports routes of the contract peer (satisfaction, issue 12): the figures come from the domain's own
 * definitions (satisfactionReport / satisfactionLowRows over a few survey facts), the role gate is the server's
 * (REPORT_ROLES: an agent gets 403 with rule reports.view). Other report kinds answer an empty table.
 */
import { REPORT_KINDS, REPORT_ROLES, SATISFACTION_GROUPS, satisfactionLowRows, satisfactionReport, type ReportKind, type SatisfactionGroup, type SurveyFact, type UserDto } from '@donorline/domain';

const task = (doneAt: string | null) => ({ id: 31, status: doneAt ? 'resolved' : 'assigned', outcome: !!doneAt, doneAt, dueAt: '2026-12-08T04:00:00.000Z', owner: '王芳' });
const base = { siteId: 1, siteName: '五四广场献血屋', agentId: null, agentName: null, donorId: 1001, donorName: '张建华' };

/** Four SMS surveys (one unanswered, one low and called back in 5 h) and an IVR survey of agent 李晓梅 with a low score not yet called back. */
export const SURVEY_FACTS: SurveyFact[] = [
  { ...base, channel: 'sms', at: '2026-12-07T04:00:00.000Z', donorKind: 'repeat', answers: [{ at: '2026-12-07T04:30:00.000Z', score: 5, task: null }] },
  { ...base, channel: 'sms', at: '2026-12-07T04:00:00.000Z', donorKind: 'repeat', answers: [{ at: '2026-12-07T04:30:00.000Z', score: 2, task: task('2026-12-07T09:30:00.000Z') }] },
  { ...base, channel: 'sms', at: '2026-12-07T05:00:00.000Z', donorKind: 'first-time', answers: [{ at: '2026-12-07T05:20:00.000Z', score: 4, task: null }] },
  { ...base, channel: 'sms', at: '2026-12-07T05:00:00.000Z', donorKind: 'first-time', answers: [] },
  { ...base, siteId: null, siteName: null, agentId: 7, agentName: '李晓梅', channel: 'ivr', at: '2026-12-07T06:00:00.000Z', donorKind: 'unknown', answers: [{ at: '2026-12-07T06:05:00.000Z', score: 1, task: task(null) }] },
];

type Reply = (status: number, body: unknown) => void;

export function reportsRoute(path: string, query: Record<string, string>, user: UserDto, reply: Reply): boolean {
  const m = /^\/api\/reports\/([a-z-]+)$/.exec(path);
  if (!m || !(REPORT_KINDS as readonly string[]).includes(m[1]!)) return false;
  if (!(REPORT_ROLES as readonly string[]).includes(user.role)) {
    return reply(403, { code: 'FORBIDDEN', message: '报表仅限主管、质检和管理员 / reports are for supervisors, quality staff and admins', details: { rule: 'reports.view' } }), true;
  }
  const kind = m[1] as ReportKind;
  const facts = SURVEY_FACTS.filter((f) => !query.channel || f.channel === query.channel);
  const filter = { from: query.from, to: query.to };
  const head = { kind, filter, generatedAt: new Date().toISOString() };
  if (kind === 'satisfaction') {
    const g = (SATISFACTION_GROUPS as readonly string[]).includes(query.satGroup ?? '') ? (query.satGroup as SatisfactionGroup) : 'day';
    const r = satisfactionReport(facts, g);
    return reply(200, { ...head, rows: r.rows, total: r.total }), true;
  }
  if (kind === 'satisfaction-low') return reply(200, { ...head, rows: satisfactionLowRows(facts) }), true;
  return reply(200, { ...head, rows: [] }), true;
}
