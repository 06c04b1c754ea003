/**
 * Loads the satisfaction survey facts of a range (reports/satisfaction.ts defines every figure over them): the
 * post-donation SMS surveys handed to the provider, with the replies matched to them (sms_inbound → survey_response),
 * the donation's site and whether it was the donor's first; the calls taken to the IVR survey after the agent, with
 * their answers, the agent and the donor. Low answers carry their callback task. Read in slices of a few hundred ids.
 */
import type { DataSource } from 'typeorm';
import type { DonorKind, SatisfactionChannel, SurveyAnswerFact, SurveyFact } from '../../reports/satisfaction.js';
import { localDateOf } from '../../time/local-date.js';
import { iso, num, placeholders, rows } from '../sql.js';
import type { ReportRange } from './report-range.js';

const SENT = "('sent', 'delivered', 'undelivered')";

async function inSlices<T>(ids: readonly number[] | readonly string[], fn: (part: unknown[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += 500) out.push(...(await fn(ids.slice(i, i + 500) as unknown[])));
  return out;
}

async function tasksOf(ds: DataSource, ids: number[]): Promise<Map<number, NonNullable<SurveyAnswerFact['task']>>> {
  const list = await inSlices(ids, (p) => rows(ds, `SELECT t.id, t.status, t.outcome, COALESCE(t.resolved_at, t.closed_at) AS done_at, t.due_at, u.display_name
    FROM ticket t LEFT JOIN app_user u ON u.id = t.owner_id WHERE t.id IN (${placeholders(p.length)})`, p));
  return new Map(list.map((t) => [Number(t.id), { id: Number(t.id), status: String(t.status), outcome: t.outcome !== null && t.outcome !== undefined, doneAt: iso(t.done_at), dueAt: iso(t.due_at), owner: (t.display_name as string | null) ?? null }]));
}

/** Donations on record up to (and including) a day, per donor: ≤ 1 first-time, more repeat. */
async function donorKinds(ds: DataSource, wanted: { donorId: number; day: string }[]): Promise<Map<string, DonorKind>> {
  const ids = [...new Set(wanted.map((w) => w.donorId))];
  const dates = await inSlices(ids, (p) => rows(ds, `SELECT donor_id, date FROM donation WHERE donor_id IN (${placeholders(p.length)})`, p));
  const by = new Map<number, string[]>();
  for (const d of dates) {
    const list = by.get(Number(d.donor_id)) ?? [];
    list.push(String(d.date).slice(0, 10));
    by.set(Number(d.donor_id), list);
  }
  const out = new Map<string, DonorKind>();
  for (const w of wanted) {
    const n = (by.get(w.donorId) ?? []).filter((d) => d <= w.day).length;
    out.set(`${w.donorId}|${w.day}`, n === 0 ? 'unknown' : n === 1 ? 'first-time' : 'repeat');
  }
  return out;
}

export async function satisfactionFacts(ds: DataSource, r: ReportRange, o: { channel?: SatisfactionChannel | null; agentId?: number | null } = {}): Promise<SurveyFact[]> {
  const facts: SurveyFact[] = [];
  const answers: { fact: SurveyFact; at: unknown; score: unknown; ticketId: unknown }[] = [];
  const kinds: { fact: SurveyFact; donorId: number; day: string }[] = [];
  if (o.channel !== 'ivr' && !o.agentId) {
    const sms = await rows(ds, `SELECT o.id, o.created_at, o.donor_id, o.ref, d.name AS donor_name FROM sms_outbox o LEFT JOIN donor d ON d.id = o.donor_id
      WHERE o.template = 'survey' AND o.created_at >= ? AND o.created_at < ? AND o.status IN ${SENT}`, [r.fromUtc, r.toUtc]);
    const donationIds = sms.map((s) => Number(/^donation:(\d+)$/.exec(String(s.ref ?? ''))?.[1] ?? 0)).filter((x) => x > 0);
    const gifts = new Map((await inSlices(donationIds, (p) => rows(ds, `SELECT g.id, g.date, g.site_id, s.name FROM donation g LEFT JOIN donation_site s ON s.id = g.site_id WHERE g.id IN (${placeholders(p.length)})`, p)))
      .map((g) => [Number(g.id), g]));
    const replies = await inSlices(sms.map((s) => Number(s.id)), (p) => rows(ds, `SELECT i.outbox_id, r.at, r.score, r.ticket_id FROM sms_inbound i JOIN survey_response r ON r.id = i.survey_id
      WHERE i.outbox_id IN (${placeholders(p.length)}) ORDER BY r.at, r.id`, p));
    const byOutbox = new Map<number, SurveyFact>();
    for (const s of sms) {
      const g = gifts.get(Number(/^donation:(\d+)$/.exec(String(s.ref ?? ''))?.[1] ?? 0));
      const f: SurveyFact = {
        channel: 'sms', at: iso(s.created_at)!, siteId: g?.site_id == null ? null : Number(g.site_id), siteName: (g?.name as string | null) ?? null,
        agentId: null, agentName: null, donorId: s.donor_id == null ? null : Number(s.donor_id), donorName: (s.donor_name as string | null) ?? null, donorKind: 'unknown', answers: [],
      };
      facts.push(f);
      byOutbox.set(Number(s.id), f);
      if (f.donorId !== null && g) kinds.push({ fact: f, donorId: f.donorId, day: String(g.date).slice(0, 10) });
    }
    for (const a of replies) answers.push({ fact: byOutbox.get(Number(a.outbox_id))!, at: a.at, score: a.score, ticketId: a.ticket_id });
  }
  if (o.channel !== 'sms') {
    const agent = o.agentId ? ' AND c.agent_id = ?' : '';
    // taken to the survey: its node on the IVR path, or an answer stored with the call
    const calls = await rows(ds, `SELECT c.linkedid, c.started_at, c.agent_id, c.donor_id, u.display_name, d.name AS donor_name FROM call_record c
      LEFT JOIN app_user u ON u.id = c.agent_id LEFT JOIN donor d ON d.id = c.donor_id
      WHERE c.started_at >= ? AND c.started_at < ? AND (c.ivr_path LIKE '%survey%' OR c.linkedid IN (SELECT call_id FROM survey_response WHERE channel = 'ivr' AND at >= ? AND call_id IS NOT NULL))${agent}`,
    [r.fromUtc, r.toUtc, r.fromUtc, ...(o.agentId ? [o.agentId] : [])]);
    const byCall = new Map<string, SurveyFact>();
    for (const c of calls) {
      const f: SurveyFact = {
        channel: 'ivr', at: iso(c.started_at)!, siteId: null, siteName: null, agentId: c.agent_id == null ? null : Number(c.agent_id), agentName: (c.display_name as string | null) ?? null,
        donorId: c.donor_id == null ? null : Number(c.donor_id), donorName: (c.donor_name as string | null) ?? null, donorKind: 'unknown', answers: [],
      };
      facts.push(f);
      byCall.set(String(c.linkedid), f);
      if (f.donorId !== null) kinds.push({ fact: f, donorId: f.donorId, day: localDateOf(new Date(f.at)) });
    }
    const said = await inSlices([...byCall.keys()], (q) => rows(ds, `SELECT call_id, at, score, ticket_id FROM survey_response WHERE channel = 'ivr' AND call_id IN (${placeholders(q.length)}) ORDER BY at, id`, q));
    for (const a of said) answers.push({ fact: byCall.get(String(a.call_id))!, at: a.at, score: a.score, ticketId: a.ticket_id });
  }
  const tasks = await tasksOf(ds, answers.map((a) => a.ticketId).filter((x) => x !== null && x !== undefined).map(Number));
  for (const a of answers) {
    if (!a.fact) continue;
    a.fact.answers.push({ at: iso(a.at)!, score: a.score === null || a.score === undefined ? null : num(a.score), task: a.ticketId == null ? null : tasks.get(Number(a.ticketId)) ?? null });
  }
  const k = await donorKinds(ds, kinds);
  for (const x of kinds) x.fact.donorKind = k.get(`${x.donorId}|${x.day}`) ?? 'unknown';
  return facts;
}
