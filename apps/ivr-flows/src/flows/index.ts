/** The flows by Stasis argument, and the runtime's recovery, built from their dependencies. */
import type { CallRunnerDeps, Flow } from '../runtime/call-runner.js';
import { createRecover } from './agent.flow.js';
import type { FlowDeps } from './flow-deps.js';
import { surveyFlow } from './survey.flow.js';
import { adoptedFlow, inboundFlow, qaEntryFlow } from './welcome.flow.js';

/** Stasis argument of calls the runtime re-adopts after a reconnect. */
export const ADOPTED_FLOW = 'adopted';

export function createFlows(deps: FlowDeps): Pick<CallRunnerDeps, 'flows' | 'defaultFlow' | 'recover'> {
  const flows: Record<string, Flow> = {
    inbound: (ctx) => inboundFlow(ctx, deps),
    survey: (ctx) => surveyFlow(ctx, deps),
    qa: (ctx) => qaEntryFlow(ctx, deps),
    [ADOPTED_FLOW]: (ctx) => adoptedFlow(ctx, deps),
  };
  return { flows, defaultFlow: 'inbound', recover: createRecover(deps) };
}

export type { FlowDeps, Next } from './flow-deps.js';
export { DEFAULT_SERVICE_HOURS, agentAvailability, type ServiceHours } from './service-hours.js';
