import { describe, expect, it } from 'vitest';
import { MemoryBackend } from '../src/backend/memory-backend.js';
import { call, centerState, order, PHONE_DEFERRED, PHONE_FAMILY, PHONE_ONE } from './ivr-harness.js';

describe('my donations', () => {
  it('tells the hard part first (not yet, with the dates), then the record, then thanks', async () => {
    const { channel } = await call(['silence', '1', '123X'.replace('X', '*'), '*', 'hangup'], { caller: PHONE_ONE });
    const p = channel.played;
    const [notPlatelets, notWhole, count, thanks] = order(p, 'not-yet-platelets', 'not-yet-whole-blood', 'donation-count-pre', 'thanks-for-giving') as [number, number, number, number];
    expect(notPlatelets).toBeGreaterThan(-1);
    expect(notPlatelets).toBeLessThan(count);
    expect(notWhole).toBeLessThan(count);
    expect(count).toBeLessThan(thanks);
    // platelets 2 weeks after 2026-11-16 → 十一月三十日; the count is 2
    expect(p.slice(notPlatelets + 1, notPlatelets + 6)).toEqual(['num-10', 'num-1', 'unit-month', 'num-3', 'num-10']);
    expect(p[count + 1]).toBe('num-2');
    expect(p).not.toContain('can-now-platelets');
  });

  it('a donor who can give now hears the good news', async () => {
    const { channel } = await call(['silence', '1', '5678', '19850720', 'hangup'], { caller: PHONE_FAMILY });
    expect(channel.prompts).toEqual(expect.arrayContaining(['can-now-platelets', 'can-now-whole-blood', 'thanks-for-giving']));
    expect(channel.prompts.some((id) => id.startsWith('not-yet'))).toBe(false);
  });

  it('a deferral comes first and alone', async () => {
    const { channel } = await call(['silence', '1', '9999', 'hangup'], { caller: PHONE_DEFERRED });
    const p = channel.prompts;
    expect(p.indexOf('deferral-until')).toBeGreaterThan(p.indexOf('id-ok'));
    expect(p.indexOf('deferral-until')).toBeLessThan(p.indexOf('donation-count-pre'));
    expect(p.some((id) => id.startsWith('can-now'))).toBe(false);
  });

  it('offers to book right away', async () => {
    const { channel } = await call(['silence', '1', '4321', '1', 'hangup'], { caller: PHONE_FAMILY });
    expect(channel.prompts).toEqual(expect.arrayContaining(['no-donations-yet', 'offer-booking', 'choose-type']));
  });

  it('a backend failure gets an apology and an agent, with what the IVR learned', async () => {
    const backend = new MemoryBackend(centerState());
    backend.failing.add('donorBrief');
    const { channel, outcome } = await call(['silence', '1', '123*'], { caller: PHONE_ONE, backend });
    expect(outcome).toBe('recovered');
    expect(channel.prompts.slice(-2)).toEqual(['technical-problem', 'to-agent']);
    expect(channel.vars.get('DL_VERIFIED')).toBe('1');
    expect(channel.vars.get('DL_DONOR_ID')).toBe('1');
    expect(channel.vars.get('DL_TOPIC')).toBe('eligibility');
    expect(channel.continuedTo?.extension).toBe('hotline');
  });

  it('a hang-up while the news is told ends the call', async () => {
    const { outcome, channel } = await call(['silence', '1', '123*', 'hangup-during-prompt'], { caller: PHONE_ONE });
    expect(outcome).toBe('caller-hangup');
    expect(channel.continuedTo).toBeNull();
  });
});
