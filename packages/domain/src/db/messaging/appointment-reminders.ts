/**
 * The day-before reminder (issue 12's appointment loop): every booking still open for tomorrow (Asia/Shanghai) gets
 * one reminder SMS to the donor's mobile — a service message about their own booking, so it needs no marketing
 * consent and goes even after TD. Keyed by the appointment and its start, so a re-run, a second bridge or a job that
 * fires twice enqueues nothing more, while a booking moved to another day is reminded again for its new day.
 */
import type { DataSource } from 'typeorm';
import { addDays, localDateOf, localWhenZh as whenZh, type LocalDate } from '../../time/local-date.js';
import type { QuietHours } from '../../messaging/quiet-hours.js';
import { renderSms } from '../services/notifier.js';
import { rows, sqlTime, toDate, withTx } from '../sql.js';
import { enqueueSms, type SmsEnqueue } from './sms-enqueue.js';

/** China has one offset all year (no daylight saving): a local day starts at 00:00 +08:00. */
const startOfLocalDay = (d: LocalDate): Date => new Date(`${d}T00:00:00+08:00`);

/** Enqueues tomorrow's reminders; returns how many were new. */
export async function enqueueAppointmentReminders(ds: DataSource, o: { now?: Date; quiet?: QuietHours | null } = {}): Promise<number> {
  const now = o.now ?? new Date();
  const day = addDays(localDateOf(now), 1);
  const found = await rows(ds, `SELECT a.id, a.donor_id, a.starts_at, d.name, s.name AS site_name,
      (SELECT p.e164 FROM donor_phone p WHERE p.donor_id = a.donor_id AND p.kind = 'mobile' ORDER BY p.is_primary DESC, p.id LIMIT 1) AS mobile
    FROM appointment a JOIN donor d ON d.id = a.donor_id JOIN donation_site s ON s.id = a.site_id
    WHERE a.status = 'booked' AND a.starts_at >= ? AND a.starts_at < ? ORDER BY a.id`,
  [sqlTime(startOfLocalDay(day)), sqlTime(startOfLocalDay(addDays(day, 1)))]);
  const msgs: SmsEnqueue[] = [];
  for (const r of found) {
    const startsAt = toDate(r.starts_at);
    if (!r.mobile || !startsAt) continue;
    const payload = { name: String(r.name), when: whenZh(startsAt), site: String(r.site_name), appointmentId: Number(r.id) };
    msgs.push({
      to: String(r.mobile), template: 'appointment-reminder', payload, body: renderSms('appointment-reminder', payload), donorId: Number(r.donor_id),
      ref: `reminder:${Number(r.id)}`, dedupKey: `reminder:appointment:${Number(r.id)}:${startsAt.toISOString()}`,
    });
  }
  return withTx(ds, (m) => enqueueSms(m, msgs, now, o.quiet ?? null));
}
