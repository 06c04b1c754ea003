import { describe, expect, it } from 'vitest';
import { ChannelFlowContext } from './channel-flow-context.js';
import { startCall } from './call-runner.js';
import { CallerHungUp, type FlowContext } from './flow-context.js';
import { silentLogger } from './logger.js';
import { FakeChannel, type ScriptStep } from './testing/fake-channel.js';

const ctxFor = (script: ScriptStep[]): { ch: FakeChannel; ctx: ChannelFlowContext } => {
  const ch = new FakeChannel(script);
  return { ch, ctx: new ChannelFlowContext({ channel: ch }) };
};

describe('gather', () => {
  it('collects digits up to the terminator, which is not part of the input', async () => {
    const { ctx } = ctxFor(['1234#']);
    await expect(ctx.gather({ prompt: ['id-enter-last4'], maxDigits: 8 })).resolves.toEqual({ status: 'ok', digits: '1234', attempts: 1 });
  });

  it('stops at maxDigits without waiting for a terminator', async () => {
    const { ch, ctx } = ctxFor(['12345']);
    const r = await ctx.gather({ prompt: ['id-enter-last4'], maxDigits: 4 });
    expect(r).toEqual({ status: 'ok', digits: '1234', attempts: 1 });
    expect(ch.events.filter((e) => e.kind === 'wait')).toHaveLength(4);
  });

  it('ends on the inter-digit timeout with what was typed, using the configured timeouts', async () => {
    const { ch, ctx } = ctxFor(['12', 'silence']);
    const r = await ctx.gather({ prompt: ['qa-enter-ref'], maxDigits: 10, firstDigitTimeoutMs: 7000, interDigitTimeoutMs: 2500 });
    expect(r).toEqual({ status: 'ok', digits: '12', attempts: 1 });
    const waits = ch.events.flatMap((e) => (e.kind === 'wait' ? [e.timeoutMs] : []));
    expect(waits).toEqual([7000, 2500, 2500]);
  });

  it('a key pressed during the prompt stops it (barge-in) and counts as input', async () => {
    const { ch, ctx } = ctxFor([{ barge: '2' }]);
    const r = await ctx.gather({ prompt: ['main-menu'], maxDigits: 1, terminator: null });
    expect(r).toEqual({ status: 'ok', digits: '2', attempts: 1 });
    expect(ch.events[0]).toMatchObject({ kind: 'play', bargeIn: true, interrupted: true });
  });

  it('refused input gets the spoken apology, then the prompt again; three strikes end with invalid', async () => {
    const { ch, ctx } = ctxFor(['7', '8', '9']);
    const r = await ctx.gather({ prompt: ['choose-type'], maxDigits: 1, terminator: null, valid: (d) => d === '1' });
    expect(r).toEqual({ status: 'invalid', digits: '9', attempts: 3 });
    expect(ch.prompts).toEqual(['choose-type', 'invalid-input', 'choose-type', 'invalid-input', 'choose-type']);
  });

  it('silence gets "no input" and a re-prompt (or the given reprompt), then succeeds', async () => {
    const { ch, ctx } = ctxFor(['silence', '1']);
    const r = await ctx.gather({ prompt: ['main-menu'], reprompt: ['anything-else'], maxDigits: 1, terminator: null, valid: (d) => d === '1' });
    expect(r).toEqual({ status: 'ok', digits: '1', attempts: 2 });
    expect(ch.prompts).toEqual(['main-menu', 'no-input', 'anything-else']);
  });

  it('reports a timeout when nothing comes on any attempt', async () => {
    const { ctx } = ctxFor(['silence', 'silence']);
    await expect(ctx.gather({ prompt: ['main-menu'], maxDigits: 1, retries: 1 })).resolves.toEqual({ status: 'timeout', attempts: 2 });
  });

  it('keys typed ahead skip the prompt', async () => {
    const { ch, ctx } = ctxFor([{ barge: '31' }]);
    expect(await ctx.menu(['main-menu'], ['1', '2', '3'])).toBe('3');
    expect(await ctx.menu(['sites-intro'], ['1', '2', '3'])).toBe('1');
    expect(ch.events.filter((e) => e.kind === 'play').map((e) => e.kind === 'play' && e.interrupted)).toEqual([true, true]);
  });

  it('drops the rest of a refused entry before the next attempt', async () => {
    const { ctx } = ctxFor(['99', '1']);
    expect(await ctx.menu(['choose-type'], ['1', '2'])).toBe('1');
  });

  it('a hang-up rejects the pending wait with CallerHungUp', async () => {
    const { ctx } = ctxFor(['hangup']);
    await expect(ctx.gather({ prompt: ['main-menu'], maxDigits: 1 })).rejects.toBeInstanceOf(CallerHungUp);
    await expect(ctx.say('goodbye')).rejects.toBeInstanceOf(CallerHungUp);
  });
});

describe('prompts', () => {
  it('composes numbers, dates and times from pieces in the current language', async () => {
    const { ch, ctx } = ctxFor([]);
    await ctx.say('donation-count-pre', { number: 12 }, 'donation-count-post');
    ctx.setLang('en');
    await ctx.say({ date: '2026-11-25' }, { time: '14:30' });
    expect(ch.played).toEqual([
      'donation-count-pre', 'num-10', 'num-2', 'donation-count-post',
      'weekday-3', 'month-11', 'ord-25', 'num-2', 'num-30', 'time-afternoon',
    ]);
    const langs = ch.events.flatMap((e) => (e.kind === 'play' ? [e.lang] : []));
    expect(langs).toEqual(['zh', 'en']);
  });

  it('plays a prompt in another language as its own run', async () => {
    const { ch, ctx } = ctxFor([]);
    await ctx.say('welcome', { prompt: 'offer-english', lang: 'en' }, 'main-menu');
    const runs = ch.events.flatMap((e) => (e.kind === 'play' ? [[e.lang, e.media.length]] : []));
    expect(runs).toEqual([['zh', 1], ['en', 1], ['zh', 1]]);
  });
});

describe('queue hand-off', () => {
  it('sets every finding variable before the call continues in the dialplan', async () => {
    const { ch, ctx } = ctxFor([]);
    ctx.findings.donorId = 7;
    ctx.findings.verified = true;
    ctx.findings.verifiedBy = 'birth-date';
    ctx.step('welcome');
    ctx.step('menu:2');
    ctx.findings.topic = 'booking';
    await ctx.toQueue({ queue: 'hotline', priority: 10, preferredAgent: '8001', preferredSecs: 20, reason: 'account-manager-verified' });
    const cont = ch.events.findIndex((e) => e.kind === 'continue');
    const lastSet = ch.events.map((e) => e.kind).lastIndexOf('setVar');
    expect(lastSet).toBeLessThan(cont);
    expect(Object.fromEntries(ch.vars)).toMatchObject({
      DL_DONOR_ID: '7', DL_VERIFIED: '1', DL_VERIFIED_BY: 'birth-date', DL_IVR_PATH: 'welcome>menu:2', DL_TOPIC: 'booking',
      DL_LANG: 'zh', DL_PREFERRED_AGENT: '8001', DL_PREFERRED_SECS: '20', DL_PRIORITY: '10', DL_ROUTE_REASON: 'account-manager-verified',
    });
    expect(ch.continuedTo).toEqual({ context: 'dl-queue', extension: 'hotline', priority: 1 });
    expect(ctx.finished).toBe(true);
  });
});

describe('call runner', () => {
  const run = (flow: (ctx: FlowContext) => Promise<void>, recover = async (ctx: FlowContext): Promise<void> => { await ctx.say('technical-problem'); }, script: ScriptStep[] = []) => {
    const ch = new FakeChannel(script);
    const r = startCall(ch, ['inbound', '96606'], { flows: { inbound: flow }, defaultFlow: 'inbound', recover, log: silentLogger });
    return { ch, r };
  };

  it('passes the Stasis arguments after the flow name to the flow', async () => {
    let seen: readonly string[] = [];
    const { r } = run(async (ctx) => { seen = ctx.args; });
    await r.done;
    expect(seen).toEqual(['96606']);
  });

  it('hangs up a call the flow did not hand off, so nothing stays in the application', async () => {
    const { ch, r } = run(async (ctx) => { await ctx.say('goodbye'); });
    expect(await r.done).toBe('completed');
    expect(ch.events.at(-1)).toEqual({ kind: 'hangup', by: 'ivr' });
  });

  it('a failure gets the recovery (apology) and the call is still cleaned up', async () => {
    const { ch, r } = run(async () => { throw new Error('db down'); });
    expect(await r.done).toBe('recovered');
    expect(ch.prompts).toEqual(['technical-problem']);
    expect(ch.events.at(-1)).toEqual({ kind: 'hangup', by: 'ivr' });
  });

  it('a failing recovery still ends in a hang-up, never a call stuck in the IVR', async () => {
    const { ch, r } = run(async () => { throw new Error('db down'); }, async () => { throw new Error('pbx down too'); });
    expect(await r.done).toBe('failed');
    expect(ch.gone).toBe(true);
  });

  it('a caller hang-up ends the flow quietly: no recovery, no IVR hang-up', async () => {
    let recovered = false;
    const { ch, r } = run(async (ctx) => { await ctx.menu(['main-menu'], ['1']); await ctx.say('goodbye'); }, async () => { recovered = true; }, ['hangup']);
    expect(await r.done).toBe('caller-hangup');
    expect(recovered).toBe(false);
    expect(ch.events.filter((e) => e.kind === 'hangup')).toEqual([{ kind: 'hangup', by: 'caller' }]);
  });
});
