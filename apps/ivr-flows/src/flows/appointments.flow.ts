/**
 * Appointments: an existing booking can be moved or cancelled; a new one is platelets or whole blood → the
 * eligibility check (before any day is offered; the hard part first: "not yet, from X") → site → day among the
 * next days with room (two or three at a time) → time → confirm → booked (the service queues the SMS) → how to
 * prepare → a good ending.
 */
import { addDays, isDomainError, type DonationType, type LocalDate } from '@donorline/domain';
import type { AppointmentInfo, DaySlots, DonorBrief, SiteInfo, SlotInfo } from '../backend/ivr-backend.js';
import type { FlowContext, Utterance } from '../runtime/flow-context.js';
import { chooseFrom } from './choose.js';
import { callRef, today, type FlowDeps, type Next } from './flow-deps.js';
import { afterIdentityFailed, ensureIdentity } from './identity.flow.js';

const BOOKABLE: readonly DonationType[] = ['whole-blood', 'platelets'];

export const siteName = (s: { code?: string; siteCode?: string }): Utterance => ({ sound: `sites/${s.code ?? s.siteCode}-name` });

function describeBooking(a: AppointmentInfo): Utterance[] {
  return [{ date: a.date }, { time: a.time }, 'existing-booking-at', siteName(a), 'donate-type', `type-${a.type}`];
}

async function endWell(ctx: FlowContext): Promise<Next> {
  const k = await ctx.menu(['anything-else'], ['*'], { retries: 0, firstDigitTimeoutMs: 4000 });
  return k === '*' ? 'menu' : 'end';
}

type Pick = { site: SiteInfo; slot: SlotInfo; date: LocalDate } | 'back' | null;

/** Site → day → time → confirm. Null: the caller gave up; 'back': asked to go back. */
async function pickSlot(ctx: FlowContext, deps: FlowDeps, type: DonationType, from: LocalDate, to: LocalDate): Promise<Pick> {
  const sites = await deps.backend.sites(type);
  if (sites.length === 0) {
    await ctx.say('no-sites');
    return 'back';
  }
  siteLoop: for (;;) {
    const site = sites.length === 1 ? sites[0]! : await chooseFrom(ctx, ['choose-site'], sites, (s) => [siteName(s)]);
    if (site === null || site === 'back') return site;
    ctx.step(`site:${site.code}`);
    const span = Math.max(1, Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000) + 1);
    let days: DaySlots[] = (await deps.backend.availableDays(site.id, type, from, span)).filter((d) => d.slots.some((s) => s.available > 0));
    for (;;) {
      if (days.length === 0) {
        const k = await ctx.menu(['no-days', 'choose-other-site'], ['1', '*']);
        if (k === '1' && sites.length > 1) continue siteLoop;
        return k === '*' || k === '1' ? 'back' : null;
      }
      const day = await chooseFrom(ctx, ['choose-day'], days, (d) => [{ date: d.date }]);
      if (day === null) return null;
      if (day === 'back') {
        if (sites.length > 1) continue siteLoop;
        return 'back';
      }
      const slots = day.slots.filter((s) => s.available > 0);
      const slot = await chooseFrom(ctx, ['choose-slot'], slots, (s) => [{ time: s.time }]);
      if (slot === null) return null;
      if (slot === 'back') continue;
      const ok = await ctx.menu(['you-chose', { date: day.date }, { time: slot.time }, 'at-site', siteName(site), 'donate-type', `type-${type}`, 'press-1-to-confirm'], ['1', '2']);
      if (ok === '1') return { site, slot, date: day.date };
      if (ok === null) return null;
      days = (await deps.backend.availableDays(site.id, type, from, span)).filter((d) => d.slots.some((s) => s.available > 0));
    }
  }
}

/** The window the donor may book in for a type, or the bad news when there is none. */
function windowFor(brief: DonorBrief, type: DonationType, first: LocalDate, last: LocalDate): { from: LocalDate } | { notUntil: LocalDate | null } {
  if (brief.activeDeferral) {
    const until = brief.activeDeferral.until;
    if (until === null || until > last) return { notUntil: until };
  }
  const e = brief.eligibility[type];
  if (!e.eligibleFrom) return { notUntil: null };
  if (e.eligibleFrom > last) return { notUntil: e.eligibleFrom };
  return { from: e.eligibleFrom > first ? e.eligibleFrom : first };
}

async function book(ctx: FlowContext, deps: FlowDeps, brief: DonorBrief, type: DonationType, moving: AppointmentInfo | null): Promise<Next> {
  const first = addDays(today(ctx), 1);
  const last = addDays(today(ctx), deps.bookingWindowDays);
  const w = windowFor(brief, type, first, last);
  if ('notUntil' in w) {
    // the hard part first, short; then a real alternative
    ctx.step(`not-eligible:${type}`);
    const bad: Utterance[] = w.notUntil ? [`not-yet-${type}`, { date: w.notUntil }, 'welcome-back-later'] : [`not-able-${type}`];
    await ctx.say(...bad);
    const other: DonationType = type === 'platelets' ? 'whole-blood' : 'platelets';
    const alt = windowFor(brief, other, first, last);
    if (!moving && 'from' in alt) {
      const k = await ctx.menu([`offer-other-type-${other}`], ['1', '*']);
      if (k === '1') return book(ctx, deps, brief, other, null);
      return k === '*' ? 'menu' : 'end';
    }
    return endWell(ctx);
  }
  const e = brief.eligibility[type];
  if (e.eligibleFrom && e.eligibleFrom > first) await ctx.say(`not-yet-${type}`, { date: e.eligibleFrom });

  for (;;) {
    const pick = await pickSlot(ctx, deps, type, w.from, last);
    if (pick === null) return 'end';
    if (pick === 'back') return 'menu';
    const callId = await callRef(ctx);
    try {
      if (moving) {
        await deps.backend.reschedule({ donorId: brief.id, appointmentId: moving.id, slotId: pick.slot.id, callId });
        ctx.step('moved');
        await ctx.say('move-done', 'preparation-short', 'see-you');
      } else {
        await deps.backend.book({ donorId: brief.id, slotId: pick.slot.id, type, callId });
        ctx.step('booked');
        await ctx.say('booking-done', 'preparation-short', 'see-you');
      }
      return endWell(ctx);
    } catch (err) {
      if (isDomainError(err) && err.code === 'SLOT_FULL') {
        await ctx.say('slot-just-taken');
        continue;
      }
      if (isDomainError(err) && err.code === 'NOT_ELIGIBLE') {
        await ctx.say('not-eligible-then');
        continue;
      }
      throw err;
    }
  }
}

export async function appointmentsFlow(ctx: FlowContext, deps: FlowDeps): Promise<Next> {
  ctx.step('appointments');
  ctx.findings.topic = 'booking';
  if (!(await ensureIdentity(ctx, deps))) return afterIdentityFailed(ctx, deps);
  const brief = await deps.backend.donorBrief(ctx.findings.donorId!, today(ctx));
  ctx.findings.donationCount = brief.donationCount;
  ctx.findings.accountManagerId = brief.accountManagerId;

  const existing = brief.upcoming[0];
  if (existing) {
    const k = await ctx.menu(['existing-booking-pre', ...describeBooking(existing), 'existing-booking-menu'], ['1', '2', '3', '*']);
    if (k === '1') {
      ctx.findings.topic = 'reschedule';
      ctx.step('move');
      return book(ctx, deps, brief, existing.type, existing);
    }
    if (k === '2') {
      ctx.findings.topic = 'reschedule';
      ctx.step('cancel');
      const c = await ctx.menu(['cancel-confirm'], ['1', '2']);
      if (c !== '1') {
        await ctx.say('kept-booking');
        return endWell(ctx);
      }
      await deps.backend.cancel({ donorId: brief.id, appointmentId: existing.id, callId: await callRef(ctx) });
      ctx.step('cancelled');
      await ctx.say('cancel-done');
      return endWell(ctx);
    }
    if (k !== '3') return k === '*' ? 'menu' : 'end';
  }
  const t = await ctx.menu(['choose-type'], ['1', '2', '*']);
  if (t === null) return 'end';
  if (t === '*') return 'menu';
  const type = BOOKABLE[Number(t) - 1]!;
  ctx.step(`type:${type}`);
  return book(ctx, deps, brief, type, null);
}
