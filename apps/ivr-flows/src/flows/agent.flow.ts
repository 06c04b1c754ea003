/**
 * To an agent: the domain's routing policy (account manager first for N seconds, green channel for repeat donors,
 * complaints to their own queue), the position/expected wait when the platform can tell, and the IVR's findings set
 * on the channel (IVR_VARS) before the call continues to the queue. Also the failure path: apology, then agent.
 */
import { routeCall } from '@donorline/domain';
import { isCallerHungUp, type FlowContext, type Utterance } from '../runtime/flow-context.js';
import { errorInfo } from '../runtime/logger.js';
import { SURVEY_VAR, today, type FlowDeps } from './flow-deps.js';
import { agentAvailability } from './service-hours.js';

async function enrich(ctx: FlowContext, deps: FlowDeps): Promise<void> {
  const f = ctx.findings;
  if (f.donorId === null || f.donationCount !== null) return;
  try {
    const brief = await deps.backend.donorBrief(f.donorId, today(ctx));
    f.donationCount = brief.donationCount;
    f.accountManagerExtension = brief.accountManagerExtension;
  } catch (e) {
    if (isCallerHungUp(e)) throw e;
    deps.log.warn({ callId: ctx.callId, ...errorInfo(e) }, 'donor lookup for routing failed; routing without it');
  }
}

/**
 * Hands the call to the agents. Returns false (nothing done) outside agent hours, so the caller can leave a message.
 * `quiet`: skip the backend (used when the backend is what failed).
 */
export async function handOffToAgent(ctx: FlowContext, deps: FlowDeps, opts: { quiet?: boolean; lead?: Utterance[] } = {}): Promise<boolean> {
  if (!agentAvailability(ctx.now(), deps.hours).open) return false;
  ctx.step('agent');
  if (!opts.quiet) await enrich(ctx, deps);
  const f = ctx.findings;
  const decision = routeCall(
    {
      topic: f.topic,
      donor: f.donorId !== null && f.donationCount !== null ? { donationCount: f.donationCount, accountManagerExtension: f.accountManagerExtension } : null,
    },
    deps.routing,
  );
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
