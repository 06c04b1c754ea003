/**
 * "My donations": the hard part first and short (a deferral, or a type the donor cannot give yet, with the date
 * it lifts), then the good news (what they can give now), then their record, and a good ending (thanks; how close
 * the next dedication award is). Then a real next step: book now.
 */
import type { DonationType } from '@donorline/domain';
import type { DonorBrief } from '../backend/ivr-backend.js';
import type { FlowContext, Utterance } from '../runtime/flow-context.js';
import { appointmentsFlow } from './appointments.flow.js';
import { today, type FlowDeps, type Next } from './flow-deps.js';
import { afterIdentityFailed, ensureIdentity } from './identity.flow.js';

/** The two types the hotline books; plasma is told only to donors who have given it. */
const TOLD: readonly DonationType[] = ['platelets', 'whole-blood'];

export function eligibilityNews(brief: DonorBrief): { bad: Utterance[]; good: Utterance[] } {
  const bad: Utterance[] = [];
  const good: Utterance[] = [];
  if (brief.activeDeferral) {
    if (brief.activeDeferral.until) bad.push('deferral-until', { date: brief.activeDeferral.until });
    else bad.push('deferral-permanent');
    return { bad, good };
  }
  const types: DonationType[] = brief.lastDonation?.type === 'plasma' ? [...TOLD, 'plasma'] : [...TOLD];
  for (const t of types) {
    const e = brief.eligibility[t];
    if (e.eligibleNow) good.push(`can-now-${t}`);
    else if (e.eligibleFrom) bad.push(`not-yet-${t}`, { date: e.eligibleFrom });
    else bad.push(`not-able-${t}`);
  }
  return { bad, good };
}

export function donationRecord(brief: DonorBrief): Utterance[] {
  const items: Utterance[] = [];
  if (brief.donationCount > 0 && brief.lastDonation) {
    items.push('donation-count-pre', { number: brief.donationCount }, 'donation-count-post');
    items.push('last-donation-pre', { date: brief.lastDonation.date, weekday: false }, `last-type-${brief.lastDonation.type}`);
  } else {
    items.push('no-donations-yet');
  }
  if (brief.toNextHonour !== null && brief.toNextHonour > 0) items.push('honour-next-pre', { number: brief.toNextHonour }, 'honour-next-post');
  items.push('thanks-for-giving');
  return items;
}

export async function myDonationsFlow(ctx: FlowContext, deps: FlowDeps): Promise<Next> {
  ctx.step('my-donations');
  ctx.findings.topic ??= 'eligibility';
  if (!(await ensureIdentity(ctx, deps))) return afterIdentityFailed(ctx, deps);
  const brief = await deps.backend.donorBrief(ctx.findings.donorId!, today(ctx));
  ctx.findings.donationCount = brief.donationCount;
  ctx.findings.accountManagerId = brief.accountManagerId;
  const { bad, good } = eligibilityNews(brief);
  await ctx.sayInterruptible(...bad, ...good, ...donationRecord(brief));
  if (brief.activeDeferral && !brief.activeDeferral.until) return (await ctx.menu(['anything-else'], ['*'])) === '*' ? 'menu' : 'end';
  const k = await ctx.menu(['offer-booking'], ['1', '*']);
  if (k === '1') return appointmentsFlow(ctx, deps);
  return k === '*' ? 'menu' : 'end';
}
