/**
 * The inbound call: welcome (9 for English), business hours and the holiday calendar (after hours: self-service
 * and messages only), then the main menu — the same structure on every call, so donors keep their habits.
 *   1 my donations · 2 appointments · 3 sites and how to prepare · 4 messages · 5 complaints and suggestions
 *   (complaints queue; after hours a message) · 0 agent (after hours: message)
 *   * repeat · 8 (unannounced) quality dial-in
 */
import type { FlowContext } from '../runtime/flow-context.js';
import { handOffToAgent, recogniseCaller } from './agent.flow.js';
import { appointmentsFlow } from './appointments.flow.js';
import type { FlowDeps, Next } from './flow-deps.js';
import { leaveMessageFlow, messagesFlow } from './messages.flow.js';
import { myDonationsFlow } from './my-donations.flow.js';
import { qaFlow } from './qa.flow.js';
import { agentAvailability } from './service-hours.js';
import { sitesFlow } from './sites.flow.js';

const MAX_ROUNDS = 12;

async function goodbye(ctx: FlowContext): Promise<void> {
  await ctx.say('goodbye');
  await ctx.hangup();
}

/** An agent if the hours allow; otherwise the after-hours notice and a message. */
async function agentOrMessage(ctx: FlowContext, deps: FlowDeps): Promise<Next | 'handed-off'> {
  if (await handOffToAgent(ctx, deps)) return 'handed-off';
  await ctx.say('agent-after-hours');
  return leaveMessageFlow(ctx, deps);
}

export async function mainMenu(ctx: FlowContext, deps: FlowDeps, typedAhead: string | null = null): Promise<void> {
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const open = agentAvailability(ctx.now(), deps.hours).open;
    const keys = ['1', '2', '3', '4', '5', '0', '*', '8'];
    const choice = typedAhead ?? (await ctx.menu([open ? 'main-menu' : 'main-menu-after-hours'], keys));
    typedAhead = null;
    if (choice === null) {
      // no choice after the retries: a person is better than a hang-up
      if ((await agentOrMessage(ctx, deps)) === 'handed-off') return;
      return goodbye(ctx);
    }
    if (choice === '*') continue;
    ctx.step(`menu:${choice}`);
    let next: Next | 'handed-off';
    switch (choice) {
      case '1':
        next = await myDonationsFlow(ctx, deps);
        break;
      case '2':
        next = await appointmentsFlow(ctx, deps);
        break;
      case '3':
        next = await sitesFlow(ctx, deps);
        break;
      case '4':
        next = await messagesFlow(ctx, deps);
        break;
      case '5':
        ctx.findings.topic = 'complaint'; // routed to the complaints queue by the domain's policy
        next = await agentOrMessage(ctx, deps);
        break;
      case '8':
        next = await qaFlow(ctx, deps);
        break;
      default:
        ctx.findings.topic ??= 'consultation';
        next = await agentOrMessage(ctx, deps);
    }
    if (next === 'agent') next = await agentOrMessage(ctx, deps);
    if (next === 'handed-off') return;
    if (next === 'end') return goodbye(ctx);
  }
  return goodbye(ctx);
}

export async function inboundFlow(ctx: FlowContext, deps: FlowDeps): Promise<void> {
  ctx.step('welcome');
  // recognition by caller ID runs while the welcome plays: a number of exactly one donor rings that donor's account
  // manager first when the call goes to an agent (agent.flow.ts); the menus stay the same for everyone
  const recognised = recogniseCaller(ctx, deps);
  await ctx.answer();
  // the center decides whether callers are told about recording (center settings); when the setting cannot be
  // read, they are told — saying it once too often is better than recording someone who was not told
  const notice = deps.backend.recordingNotice ? await deps.backend.recordingNotice().catch(() => true) : false;
  const lang = await ctx.gather({
    prompt: notice ? ['welcome', 'recording-notice', { prompt: 'offer-english', lang: 'en' }] : ['welcome', { prompt: 'offer-english', lang: 'en' }],
    maxDigits: 1,
    terminator: null,
    firstDigitTimeoutMs: 1500,
    retries: 0,
  });
  let typedAhead: string | null = null;
  if (lang.status === 'ok' && lang.digits === '9') {
    ctx.setLang('en');
    ctx.step('lang:en');
  } else if (lang.status === 'ok') {
    typedAhead = lang.digits; // a regular caller who knows the menu by heart
  }
  await recognised;
  const avail = agentAvailability(ctx.now(), deps.hours);
  if (!avail.open && typedAhead === null) await ctx.sayInterruptible(avail.reason === 'holiday' ? 'holiday' : 'after-hours');
  await mainMenu(ctx, deps, typedAhead);
}

/** A call re-adopted after the IVR lost Asterisk for a while: we cannot know where it was, so apologise and hand over. */
export async function adoptedFlow(ctx: FlowContext, deps: FlowDeps): Promise<void> {
  ctx.step('adopted');
  ctx.findings.topic ??= 'ivr-interrupted';
  if (await handOffToAgent(ctx, deps, { quiet: true, lead: ['resume-after-interruption'] })) return;
  await ctx.say('technical-problem-after-hours');
  await ctx.hangup();
}

export async function qaEntryFlow(ctx: FlowContext, deps: FlowDeps): Promise<void> {
  await ctx.answer();
  await qaFlow(ctx, deps);
  await goodbye(ctx);
}
