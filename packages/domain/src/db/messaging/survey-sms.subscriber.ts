/**
 * The post-donation satisfaction survey (seed 001: an SMS within one hour after every donation). On the BECS
 * ingest's `donation.recorded` (after its transaction committed), every new donation of today that collected blood
 * gets one survey SMS to the donor's mobile, enqueued with the key survey:donation:<id> (so a re-import or a second
 * bridge never enqueues it twice). Historical donations (a file import of last year) and refused ones get none.
 * The survey is a notice about the donation the donor just made, not recruitment: it needs no marketing consent
 * (donors from the BECS have none recorded), while TD opt-out and quiet hours apply (template class 'notice').
 * The event carries ids only; numbers are read here, a few hundred at a time.
 */
import type { DataSource } from 'typeorm';
import type { DonationRecordedEvent, IntegrationEvents } from '../../integration/integration-events.js';
import type { QuietHours } from '../../messaging/quiet-hours.js';
import { renderTemplate } from '../../messaging/sms-templates.js';
import { placeholders, rows, withTx } from '../sql.js';
import { enqueueSms, type SmsEnqueue } from './sms-enqueue.js';

const cnToday = (d: Date): string => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10);

export interface SurveySmsOptions {
  clock?: () => Date;
  quiet?: () => QuietHours | null;
  signName?: () => string;
  /** Called with how many surveys were enqueued (metrics, the bench). */
  onEnqueued?: (n: number, at: Date) => void;
}

export async function enqueueSurveys(ds: DataSource, e: Pick<DonationRecordedEvent, 'donations'>, o: SurveySmsOptions = {}): Promise<number> {
  const now = o.clock?.() ?? new Date();
  const today = cnToday(now);
  const due = e.donations.filter((d) => d.created && d.outcome !== 'rejected' && d.date === today);
  let added = 0;
  for (let i = 0; i < due.length; i += 500) {
    const part = due.slice(i, i + 500);
    const donorIds = [...new Set(part.map((d) => d.donorId))];
    const found = await rows(ds, `SELECT d.id, (SELECT p.e164 FROM donor_phone p WHERE p.donor_id = d.id AND p.kind = 'mobile' ORDER BY p.is_primary DESC, p.id LIMIT 1) AS mobile FROM donor d WHERE d.id IN (${placeholders(donorIds.length)})`, donorIds);
    const mobile = new Map(found.filter((r) => r.mobile).map((r) => [Number(r.id), String(r.mobile)]));
    const body = renderTemplate('survey', {}, o.signName?.() ?? '青岛市中心血站');
    const msgs: SmsEnqueue[] = [];
    for (const d of part) {
      const to = mobile.get(d.donorId);
      if (to) msgs.push({ to, template: 'survey', payload: { donationId: d.donationId }, body, donorId: d.donorId, ref: `donation:${d.donationId}`, dedupKey: `survey:donation:${d.donationId}` });
    }
    added += await withTx(ds, (m) => enqueueSms(m, msgs, now, o.quiet?.() ?? null));
  }
  if (added) o.onEnqueued?.(added, now);
  return added;
}

export function subscribeSurveySms(ds: DataSource, events: IntegrationEvents, o: SurveySmsOptions = {}): () => void {
  return events.on('donation.recorded', (e) => enqueueSurveys(ds, e, o).then(() => undefined));
}
