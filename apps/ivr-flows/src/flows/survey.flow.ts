/**
 * After the agent hangs up, the dialplan sends the caller back here (Queue option g, then
 * Stasis(donorline-ivr,survey,<linkedid>) when DL_SURVEY=1): a 1–5 score stored with the call; a low score opens
 * a callback ticket, and the caller is told someone will call back (every unsatisfied donor gets a callback).
 */
import { IVR_VARS } from '@donorline/domain';
import type { FlowContext } from '../runtime/flow-context.js';
import { callRef, type FlowDeps } from './flow-deps.js';

export async function surveyFlow(ctx: FlowContext, deps: FlowDeps): Promise<void> {
  ctx.step('survey');
  ctx.findings.topic = 'survey';
  const [lang, donor] = await Promise.all([ctx.getVar(IVR_VARS.lang), ctx.getVar(IVR_VARS.donorId)]);
  if (lang === 'en' || lang === 'zh') ctx.setLang(lang);
  const donorId = donor && /^\d+$/.test(donor) ? Number(donor) : null;
  ctx.findings.donorId = donorId;
  const r = await ctx.gather({ prompt: ['survey-intro'], maxDigits: 1, terminator: null, retries: 1, valid: (d) => /^[1-5]$/.test(d) });
  if (r.status !== 'ok') {
    await ctx.say('goodbye');
    await ctx.hangup();
    return;
  }
  const score = Number(r.digits);
  const callId = ctx.args[0] || (await callRef(ctx));
  const { callbackTicketId } = await deps.backend.recordSurvey({ callId, donorId, callerNumber: ctx.caller.number, score });
  ctx.step(`survey:${score}`);
  await ctx.say(callbackTicketId !== null || score <= 2 ? 'survey-sorry' : 'survey-thanks');
  await ctx.hangup();
}
