/**
 * To an agent: the domain's routing policy (the account manager first for N seconds when signed in and free —
 * for a verified caller or one recognised by number alone — green channel for repeat donors, complaints to their own
 * queue), the position/expected wait when the platform can tell, and the IVR's findings set on the channel (IVR_VARS)
 * before the call continues to the queue. Also the failure path: apology, then agent.
 */
import { recogniseByCallerId, routeCall, type CallerKnownBy, type ManagerSeat, type RoutingInput } from '@donorline/domain';
import { isCallerHungUp, type FlowContext, type Utterance } from '../runtime/flow-context.js';
import { errorInfo } from '../runtime/logger.js';
import { SURVEY_VAR, today, type FlowDeps } from './flow-deps.js';
import { agentAvailability } from './service-hours.js';

/**
 * Recognition by caller ID, at the start of the call: the number alone, and only when it belongs to exactly one donor.
 * A failed lookup recognises nobody (the call goes on as an unknown caller's).
 */
export async function recogniseCaller(ctx: FlowContext, deps: FlowDeps): Promise<void> {
  if (!ctx.caller.number) return;
  try {
    ctx.findings.recognisedDonorId = recogniseByCallerId(await deps.backend.findDonorIdsByPhone(ctx.caller.number));
  } catch (e) {
    // never throws: it runs beside the welcome prompt, whose own await sees a hang-up
    if (!isCallerHungUp(e)) deps.log.warn({ callId: ctx.callId, ...errorInfo(e) }, 'caller lookup by number failed; not recognised');
  }
}

/** The donor the IVR knows and how: verified in the IVR first, else recognised by number. */
function knownDonor(ctx: FlowContext): { id: number; knownBy: CallerKnownBy } | null {
  const f = ctx.findings;
  if (f.donorId !== null && f.verified) return { id: f.donorId, knownBy: 'verified' };
  if (f.recognisedDonorId !== null) return { id: f.recognisedDonorId, knownBy: 'caller-id' };
  return null;
}

async function enrich(ctx: FlowContext, deps: FlowDeps, donorId: number): Promise<void> {
  const f = ctx.findings;
  if (f.donationCount !== null) return;
  try {
    const brief = await deps.backend.donorBrief(donorId, today(ctx));
    f.donationCount = brief.donationCount;
    f.accountManagerId = brief.accountManagerId;
  } catch (e) {
    if (isCallerHungUp(e)) throw e;
    deps.log.warn({ callId: ctx.callId, ...errorInfo(e) }, 'donor lookup for routing failed; routing without it');
  }
}

/** The manager's seat now (read at the hand-off, not earlier: seats change while the caller is in the menus). */
async function managerSeat(ctx: FlowContext, deps: FlowDeps, userId: number): Promise<ManagerSeat> {
  try {
    return await deps.backend.agentSeat(userId);
  } catch (e) {
    if (isCallerHungUp(e)) throw e;
    deps.log.warn({ callId: ctx.callId, ...errorInfo(e) }, 'account manager seat unknown; straight to the queue');
    return { ext: null, state: 'logged-out' };
  }
}

async function routingInput(ctx: FlowContext, deps: FlowDeps, quiet: boolean): Promise<RoutingInput> {
  const f = ctx.findings;
  const known = knownDonor(ctx);
  if (!known) return { topic: f.topic, donor: null };
  if (!quiet) await enrich(ctx, deps, known.id);
  if (f.donationCount === null) return { topic: f.topic, donor: null };
  const accountManager = f.accountManagerId !== null && !quiet ? await managerSeat(ctx, deps, f.accountManagerId) : null;
  return { topic: f.topic, donor: { donationCount: f.donationCount, knownBy: known.knownBy, accountManager } };
}

/**
 * Hands the call to the agents. Returns false (nothing done) outside agent hours, so the caller can leave a message.
 * `quiet`: skip the backend (used when the backend is what failed).
 */
export async function handOffToAgent(ctx: FlowContext, deps: FlowDeps, opts: { quiet?: boolean; lead?: Utterance[] } = {}): Promise<boolean> {
  if (!agentAvailability(ctx.now(), deps.hours).open) return false;
  ctx.step('agent');
  const decision = routeCall(await routingInput(ctx, deps, !!opts.quiet), deps.routing);
  if (decision.accountManagerSkipped) deps.log.info({ callId: ctx.callId, managerId: ctx.findings.accountManagerId, manager: decision.accountManagerSkipped }, 'account manager not free: to the queue');
  const items: Utterance[] = [...(opts.lead ?? [])];
  if (decision.greenChannel) items.push('green-channel');
  items.push(decision.preferredAgent ? 'to-account-manager' : 'to-agent');
  if (!opts.quiet && deps.backend.queueOutlook) {
    try {
      const o = await deps.backend.queueOutlook(decision.queue);
      if (o && o.ahead > 0) items.push('queue-position-pre', { number: o.ahead }, 'queue-position-post');
      if (o && o.expectedWaitSecs !== null && o.expectedWaitSecs >= 60) {
        items.push('queue-wait-pre', { number: Math.round(o.expectedWaitSecs / 60) }, 'queue-wait-post');
      }
    } catch (e) {
      if (isCallerHungUp(e)) throw e;
    }
  }
  await ctx.say(...items);
  if (deps.survey) await ctx.setVars({ [SURVEY_VAR]: '1' });
  await ctx.toQueue({
    queue: decision.queue,
    priority: decision.priority,
    preferredAgent: decision.preferredAgent,
    preferredSecs: decision.preferredSecs,
    reason: decision.reason,
  });
  return true;
}

/** The runtime's recovery: a spoken apology, then an agent (or, outside hours or in the survey, a polite goodbye). */
export function createRecover(deps: FlowDeps): (ctx: FlowContext, error: unknown) => Promise<void> {
  return async (ctx) => {
    if (ctx.finished) return;
    const inSurvey = ctx.findings.path[0] === 'survey';
    if (!inSurvey && (await handOffToAgent(ctx, deps, { quiet: true, lead: ['technical-problem'] }))) return;
    await ctx.say('technical-problem-after-hours');
    await ctx.hangup();
  };
}
