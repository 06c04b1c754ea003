/**
 * Loads the satisfaction survey facts of a range (reports/satisfaction.ts defines every figure over them): the
 * post-donation SMS surveys handed to the provider, with the replies matched to them (sms_inbound → survey_response),
 * the donation's site and whether it was the donor's first; the calls taken to the IVR survey after the agent, with
 * their answers, the agent and the donor. (The donation is found by donor and day, not by the outbox's ref, so
 * surveys written before refs existed count too.) Low answers carry their callback task. Read in slices of a few hundred ids.
 */
import type { DataSource } from 'typeorm';
import type { DonorKind, SatisfactionChannel, SurveyAnswerFact, SurveyFact } from '../../reports/satisfaction.js';
import { localDateOf } from '../../time/local-date.js';
import { iso, num, placeholders, rows, toDate } from '../sql.js';
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

const kindOf = (donationsSoFar: number): DonorKind => (donationsSoFar === 0 ? 'unknown' : donationsSoFar === 1 ? 'first-time' : 'repeat');

/** The donors' donations, oldest first, with their site. */
async function donationsOf(ds: DataSource, donorIds: number[]): Promise<Map<number, { date: string; siteId: number | null; siteName: string | null }[]>> {
  const ids = [...new Set(donorIds)];
  const list = await inSlices(ids, (p) => rows(ds, `SELECT g.donor_id, g.date, g.site_id, s.name FROM donation g LEFT JOIN donation_site s ON s.id = g.site_id
    WHERE g.donor_id IN (${placeholders(p.length)}) ORDER BY g.date, g.id`, p));
  const by = new Map<number, { date: string; siteId: number | null; siteName: string | null }[]>();
  for (const g of list) {
    const k = Number(g.donor_id);
    const arr = by.get(k) ?? [];
    arr.push({ date: String(g.date).slice(0, 10), siteId: g.site_id == null ? null : Number(g.site_id), siteName: (g.name as string | null) ?? null });
    by.set(k, arr);
  }
  return by;
}

export async function satisfactionFacts(ds: DataSource, r: ReportRange, o: { channel?: SatisfactionChannel | null; agentId?: number | null } = {}): Promise<SurveyFact[]> {
  const facts: SurveyFact[] = [];
  const answers: { fact: SurveyFact; at: unknown; score: unknown; ticketId: unknown }[] = [];
  if (o.channel !== 'ivr' && !o.agentId) {
    const sms = await rows(ds, `SELECT o.id, o.created_at, o.donor_id, d.name AS donor_name FROM sms_outbox o LEFT JOIN donor d ON d.id = o.donor_id
      WHERE o.template = 'survey' AND o.created_at >= ? AND o.created_at < ? AND o.status IN ${SENT}`, [r.fromUtc, r.toUtc]);
    // the donation surveyed: the donor's latest on or before the day the survey went out (within an hour of it, or
    // the next morning after quiet hours) — its site, and whether it was the first
    const sent = sms.map((x) => ({ donorId: x.donor_id == null ? null : Number(x.donor_id), day: localDateOf(toDate(x.created_at)!) }));
    const gifts = await donationsOf(ds, sent.filter((x) => x.donorId !== null).map((x) => x.donorId!));
    const replies = await inSlices(sms.map((x) => Number(x.id)), (p) => rows(ds, `SELECT i.outbox_id, r.at, r.score, r.ticket_id FROM sms_inbound i JOIN survey_response r ON r.id = i.survey_id
      WHERE i.outbox_id IN (${placeholders(p.length)}) ORDER BY r.at, r.id`, p));
    const byOutbox = new Map<number, SurveyFact>();
    sms.forEach((x, i) => {
      const { donorId, day } = sent[i]!;
      const mine = donorId === null ? [] : (gifts.get(donorId) ?? []).filter((g) => g.date <= day);
      const g = mine.at(-1);
      const f: SurveyFact = {
        channel: 'sms', at: iso(x.created_at)!, siteId: g?.siteId ?? null, siteName: g?.siteName ?? null,
        agentId: null, agentName: null, donorId, donorName: (x.donor_name as string | null) ?? null, donorKind: kindOf(mine.length), answers: [],
      };
      facts.push(f);
      byOutbox.set(Number(x.id), f);
    });
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
    }
    const gifts = await donationsOf(ds, [...byCall.values()].map((f) => f.donorId).filter((x): x is number => x !== null));
    for (const f of byCall.values()) if (f.donorId !== null) f.donorKind = kindOf((gifts.get(f.donorId) ?? []).filter((g) => g.date <= localDateOf(new Date(f.at))).length);
    const said = await inSlices([...byCall.keys()], (q) => rows(ds, `SELECT call_id, at, score, ticket_id FROM survey_response WHERE channel = 'ivr' AND call_id IN (${placeholders(q.length)}) ORDER BY at, id`, q));
    for (const a of said) answers.push({ fact: byCall.get(String(a.call_id))!, at: a.at, score: a.score, ticketId: a.ticket_id });
  }
  const tasks = await tasksOf(ds, answers.map((a) => a.ticketId).filter((x) => x !== null && x !== undefined).map(Number));
  for (const a of answers) {
    if (!a.fact) continue;
    a.fact.answers.push({ at: iso(a.at)!, score: a.score === null || a.score === undefined ? null : num(a.score), task: a.ticketId == null ? null : tasks.get(Number(a.ticketId)) ?? null });
  }
  return facts;
}
