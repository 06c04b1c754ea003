/**
 * Runs one call: picks the flow by its Stasis arguments, runs it, and guarantees the three runtime promises:
 *  - a caller hang-up ends the flow at whatever it was awaiting (CallerHungUp unwinds it quietly);
 *  - any other failure gets a spoken apology and a transfer to an agent (the injected `recover`);
 *  - nothing is left in the application: a call the flow did not hand off is hung up.
 */
import { ChannelFlowContext, type ChannelFlowContextOptions } from './channel-flow-context.js';
import { isCallerHungUp, type FlowContext } from './flow-context.js';
import { errorInfo, type Logger } from './logger.js';
import type { MediaChannel } from './media-channel.js';

export type Flow = (ctx: FlowContext) => Promise<void>;

export type CallOutcome = 'completed' | 'handed-off' | 'caller-hangup' | 'recovered' | 'failed';

export interface CallRunnerDeps {
  /** Flows by the first Stasis argument ('inbound', 'survey', 'qa', …). */
  flows: Readonly<Record<string, Flow>>;
  /** Used when the first argument names no flow. */
  defaultFlow: string;
  /** Apology and hand-off after a failure (backend down, PBX error, a bug). */
  recover: (ctx: FlowContext, error: unknown) => Promise<void>;
  log: Logger;
  context?: Omit<ChannelFlowContextOptions, 'channel' | 'args'>;
}

export interface RunningCall {
  ctx: ChannelFlowContext;
  done: Promise<CallOutcome>;
}

export function startCall(channel: MediaChannel, stasisArgs: readonly string[], deps: CallRunnerDeps): RunningCall {
  const [first = '', ...rest] = stasisArgs;
  const name = first in deps.flows ? first : deps.defaultFlow;
  const flow = deps.flows[name];
  if (!flow) throw new Error(`no flow '${name}' registered`);
  const ctx = new ChannelFlowContext({ ...deps.context, channel, args: first in deps.flows ? rest : stasisArgs });
  return { ctx, done: runFlow(ctx, channel, name, flow, deps) };
}

async function runFlow(ctx: ChannelFlowContext, channel: MediaChannel, name: string, flow: Flow, deps: CallRunnerDeps): Promise<CallOutcome> {
  let outcome: CallOutcome = 'completed';
  try {
    await flow(ctx);
    if (ctx.finished && !channel.signal.aborted) outcome = 'handed-off';
  } catch (e) {
    if (isCallerHungUp(e) || channel.signal.aborted) {
      outcome = 'caller-hangup';
    } else {
      deps.log.warn({ callId: channel.id, flow: name, path: ctx.findings.path.join('>'), ...errorInfo(e) }, 'flow failed; apologising and handing off');
      try {
        ctx.findings.topic ??= 'ivr-failure';
        await deps.recover(ctx, e);
        outcome = 'recovered';
      } catch (e2) {
        outcome = isCallerHungUp(e2) || channel.signal.aborted ? 'caller-hangup' : 'failed';
        if (outcome === 'failed') deps.log.error({ callId: channel.id, ...errorInfo(e2) }, 'recovery failed; hanging up');
      }
    }
  } finally {
    if (!channel.gone) {
      try {
        await channel.hangup();
      } catch (e) {
        deps.log.warn({ callId: channel.id, ...errorInfo(e) }, 'hangup after flow failed');
      }
    }
  }
  return outcome;
}
