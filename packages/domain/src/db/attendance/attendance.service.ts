/**
 * Settles bookings against the donations the BECS reports (attendance/attendance.ts holds the rules):
 *  - a donation of the donor on the booking's local day → the booking is arrived (also a no-show: the BECS was late,
 *    and that no-show's open callback task closes by itself, its unsent SMS is withdrawn);
 *  - a booking whose day has passed with no such donation → no-show, with its follow-up: one callback task
 *    (source 'no-show', routed to the account manager else the pool) and, when the center enables it, one kind SMS
 *    — each keyed by the appointment, so a second run or a second bridge adds nothing. The contact policy decides
 *    first: a do-not-call donor gets neither (the refusal is audited), an open complaint stops the SMS.
 * Every status change is a conditional UPDATE from the status read (two runs never both win) and is audited.
 * Runs from the bridge's job (no-show.job.ts) and on the BECS ingest's `donation.recorded`.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { DEFAULT_ATTENDANCE_RULES, emptyAttendanceRun, noShowSmsKey, noShowTaskKey, noShowWindow, wantsFollowUp, type AttendanceRules, type AttendanceRun } from '../../attendance/attendance.js';
import { decideContact, type ContactBlockReason } from '../../contact-policy/contact-policy.js';
import type { DonationRecordedEvent, IntegrationEvents } from '../../integration/integration-events.js';
import type { QuietHours } from '../../messaging/quiet-hours.js';
import { renderTemplate } from '../../messaging/sms-templates.js';
import { OPEN_TICKET_STATUSES_SQL } from '../../tickets/ticket.types.js';
import { addDays, localDateOf, localWhenZh, type LocalDate } from '../../time/local-date.js';
import { DEFAULT_WORK_RULES, type WorkRules } from '../../work-queue/work.types.js';
import type { CenterSettingsService } from '../admin/center-settings.service.js';
import { enqueueSms } from '../messaging/sms-enqueue.js';
import { writeAudit } from '../services/audit.service.js';
import type { ContactPolicyService } from '../services/contact-policy.service.js';
import { insertTicket } from '../services/ticket.service.js';
import { exec, placeholders, rows, sqlTime, toDate, withTx } from '../sql.js';

const startOf = (d: LocalDate): Date => new Date(`${d}T00:00:00+08:00`);
const AUTO_CLOSED = '献血记录已到达（预约当日已到场），自动关闭 / the donation arrived: the donor did come, closed by itself';

export interface AttendanceDeps {
  contactPolicy: ContactPolicyService;
  center: CenterSettingsService;
  clock?: () => Date;
  work?: WorkRules;
  rules?: AttendanceRules;
  quiet?: () => QuietHours | null;
  /** Tasks opened or closed (the work queue tells desks). */
  onTasks?: (ids: number[]) => void;
}

interface Booking {
  id: number;
  donorId: number;
  status: string;
  startsAt: Date;
  day: LocalDate;
  siteName: string;
}

export class AttendanceService {
  constructor(private readonly ds: DataSource, private readonly deps: AttendanceDeps) {}

  private now(): Date {
    return this.deps.clock?.() ?? new Date();
  }

  private get rules(): AttendanceRules {
    return this.deps.rules ?? DEFAULT_ATTENDANCE_RULES;
  }

  /** The job: arrivals first (so a donation already in wins), then the no-shows of the window with their follow-up. */
  async settle(): Promise<AttendanceRun> {
    const now = this.now();
    const win = noShowWindow(now, this.rules);
    const run = emptyAttendanceRun();
    // arrivals are settled up to today (a donation of this morning marks this morning's booking arrived)
    const all = await this.bookings(win.from, localDateOf(now), ['booked', 'no-show']);
    await this.markArrived(all, run, now);
    const open = (await this.bookings(win.from, win.to, ['booked'])).filter((b) => b.day <= win.to);
    const center = await this.deps.center.get();
    for (const b of open) await this.markNoShow(b, run, now, center.noShowSms, center.smsSignature);
    return run;
  }

  /** On `donation.recorded`: the donors' bookings of those days (booked or no-show) become arrived. */
  async onDonations(e: Pick<DonationRecordedEvent, 'donations'>): Promise<AttendanceRun> {
    const run = emptyAttendanceRun();
    const days = [...new Set(e.donations.map((d) => d.date))].sort();
    if (!days.length) return run;
    const donors = new Set(e.donations.map((d) => d.donorId));
    const list = (await this.bookings(days[0]!, days.at(-1)!, ['booked', 'no-show'])).filter((b) => donors.has(b.donorId));
    await this.markArrived(list, run, this.now());
    return run;
  }

  subscribe(events: IntegrationEvents): () => void {
    return events.on('donation.recorded', (e) => this.onDonations(e).then(() => undefined));
  }

  /** Bookings whose local day is within [from, to], in these statuses. */
  private async bookings(from: LocalDate, to: LocalDate, statuses: string[]): Promise<Booking[]> {
    const list = await rows(this.ds, `SELECT a.id, a.donor_id, a.status, a.starts_at, s.name AS site_name FROM appointment a JOIN donation_site s ON s.id = a.site_id
      WHERE a.status IN (${placeholders(statuses.length)}) AND a.starts_at >= ? AND a.starts_at < ? ORDER BY a.starts_at, a.id`,
    [...statuses, sqlTime(startOf(from)), sqlTime(startOf(addDays(to, 1)))]);
    return list.map((r) => {
      const startsAt = toDate(r.starts_at)!;
      return { id: Number(r.id), donorId: Number(r.donor_id), status: String(r.status), startsAt, day: localDateOf(startsAt), siteName: String(r.site_name) };
    });
  }

  /** The bookings with a donation of their donor on their day become arrived. */
  private async markArrived(list: Booking[], run: AttendanceRun, now: Date): Promise<void> {
    if (!list.length) return;
    const donorIds = [...new Set(list.map((b) => b.donorId))];
    const days = list.map((b) => b.day).sort();
    const gave = new Map<string, number>();
    for (let i = 0; i < donorIds.length; i += 500) {
      const part = donorIds.slice(i, i + 500);
      const found = await rows(this.ds, `SELECT id, donor_id, date FROM donation WHERE donor_id IN (${placeholders(part.length)}) AND date >= ? AND date <= ?`, [...part, days[0], days.at(-1)]);
      for (const d of found) gave.set(`${Number(d.donor_id)}|${String(d.date).slice(0, 10)}`, Number(d.id));
    }
    for (const b of list) {
      const donationId = gave.get(`${b.donorId}|${b.day}`);
      if (donationId === undefined) continue;
      const closed = await withTx(this.ds, async (m) => {
        const r = await exec(m, "UPDATE appointment SET status = 'arrived', updated_at = ? WHERE id = ? AND status = ?", [sqlTime(now), b.id, b.status]);
        if (r.affected !== 1) return null;
        await writeAudit(m, { actorId: null, action: 'appointment.arrived', subjectType: 'appointment', subjectId: b.id, detail: { changes: { status: { from: b.status, to: 'arrived' } }, donationId, auto: true }, at: now });
        return b.status === 'no-show' ? this.undoFollowUp(m, b.id, now) : [];
      });
      if (closed === null) continue;
      run.arrived++;
      if (b.status === 'no-show') {
        run.reversed++;
        run.tasksClosed += closed.length;
        if (closed.length) this.deps.onTasks?.(closed);
      }
    }
  }

  /** A no-show turned arrived: its open callback task closes, its SMS is withdrawn if not yet handed to a provider. */
  private async undoFollowUp(m: EntityManager, appointmentId: number, now: Date): Promise<number[]> {
    const open = await rows(m, `SELECT id, status FROM ticket WHERE dedup_key = ? AND status IN (${OPEN_TICKET_STATUSES_SQL})`, [noShowTaskKey(appointmentId)]);
    const t = sqlTime(now);
    for (const x of open) {
      await exec(m, "UPDATE ticket SET status = 'closed', outcome = ?, closed_at = ?, updated_at = ? WHERE id = ?", [AUTO_CLOSED, t, t, x.id]);
      await writeAudit(m, { actorId: null, action: 'work.auto-close', subjectType: 'ticket', subjectId: Number(x.id), detail: { changes: { status: { from: x.status, to: 'closed' } }, appointmentId }, at: now });
    }
    await exec(m, "UPDATE sms_outbox SET status = 'suppressed', last_error = ? WHERE dedup_key = ? AND status = 'pending' AND claim_token IS NULL",
      ['献血者已到场，不再发送 / the donor did come: not sent', noShowSmsKey(appointmentId)]);
    return open.map((x) => Number(x.id));
  }

  private async markNoShow(b: Booking, run: AttendanceRun, now: Date, smsOn: boolean, signName: string): Promise<void> {
    const follow = wantsFollowUp(b.day, now, this.rules);
    // the policy as of now, hours aside (a task is worked in hours; the outbox holds a notice until morning)
    const policy = async (purpose: 'service' | 'care', medium: 'voice' | 'sms'): Promise<ContactBlockReason[]> => {
      const f = await this.deps.contactPolicy.facts(b.donorId, now);
      return decideContact({ now, purpose, medium, ...f }, this.deps.contactPolicy.rules).reasons.filter((r) => r !== 'outside-hours');
    };
    const taskBlock = follow ? await policy('service', 'voice') : [];
    const smsBlock = follow && smsOn ? await policy('care', 'sms') : [];
    const done = await withTx(this.ds, async (m) => {
      const r = await exec(m, "UPDATE appointment SET status = 'no-show', updated_at = ? WHERE id = ? AND status = 'booked'", [sqlTime(now), b.id]);
      if (r.affected !== 1) return null;
      await writeAudit(m, { actorId: null, action: 'appointment.no-show', subjectType: 'appointment', subjectId: b.id, detail: { changes: { status: { from: 'booked', to: 'no-show' } }, day: b.day, auto: true }, at: now });
      if (!follow) return { task: null, sms: 0, blocked: false };
      const [d] = await rows(m, `SELECT d.name, (SELECT p.e164 FROM donor_phone p WHERE p.donor_id = d.id AND p.kind = 'mobile' ORDER BY p.is_primary DESC, p.id LIMIT 1) AS mobile FROM donor d WHERE d.id = ?`, [b.donorId]);
      const when = localWhenZh(b.startsAt);
      let task: number | null = null;
      if (taskBlock.length) {
        await writeAudit(m, { actorId: null, action: 'contact.blocked', subjectType: 'donor', subjectId: b.donorId, detail: { purpose: 'service', medium: 'voice', via: 'no-show', reasons: taskBlock, appointmentId: b.id }, at: now });
      } else if (!(await rows(m, 'SELECT id FROM ticket WHERE dedup_key = ?', [noShowTaskKey(b.id)])).length) {
        task = await insertTicket(m, {
          donorId: b.donorId, kind: 'callback', source: 'no-show', priority: 'normal', dedupKey: noShowTaskKey(b.id),
          subject: `爽约回访：${when} ${b.siteName}`.slice(0, 200),
          body: `献血者预约了${when}在${b.siteName}献血，当天未到场（献血系统无献血记录）。请关心一下献血者，了解原因并视情况帮其重新预约。/ The donor missed the booking; ask kindly why and offer a new time.`,
        }, null, now, this.deps.work ?? DEFAULT_WORK_RULES);
      }
      let sms = 0;
      if (smsOn && !smsBlock.length && d?.mobile) {
        const params = { name: String(d.name), when, site: b.siteName };
        sms = await enqueueSms(m, [{ to: String(d.mobile), template: 'no-show', payload: { ...params, appointmentId: b.id }, body: renderTemplate('no-show', params, signName), donorId: b.donorId, ref: `appointment:${b.id}`, dedupKey: noShowSmsKey(b.id) }], now, this.deps.quiet?.() ?? null);
      }
      return { task, sms, blocked: taskBlock.length > 0 };
    });
    if (!done) return;
    run.noShow++;
    if (done.task !== null) {
      run.tasks++;
      this.deps.onTasks?.([done.task]);
    }
    run.sms += done.sms;
    if (done.blocked) run.blocked++;
  }
}

/** How show-ups read in SQL: counts per status of settled bookings (the planner, the reports). */
export async function attendanceCounts(m: DataSource | EntityManager, where: { type?: string; since?: Date } = {}): Promise<{ arrived: number; noShow: number }> {
  const p: unknown[] = [];
  let sql = "SELECT SUM(CASE WHEN status = 'arrived' THEN 1 ELSE 0 END) AS arrived, SUM(CASE WHEN status = 'no-show' THEN 1 ELSE 0 END) AS no_show FROM appointment WHERE status IN ('arrived', 'no-show')";
  if (where.type) {
    sql += ' AND type = ?';
    p.push(where.type);
  }
  if (where.since) {
    sql += ' AND starts_at >= ?';
    p.push(sqlTime(where.since));
  }
  const [r] = await rows(m, sql, p);
  return { arrived: Number(r?.arrived ?? 0), noShow: Number(r?.no_show ?? 0) };
}
