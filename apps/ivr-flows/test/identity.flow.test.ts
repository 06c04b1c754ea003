import { describe, expect, it } from 'vitest';
import { call, PHONE_FAMILY, PHONE_ONE, PHONE_UNKNOWN } from './ivr-harness.js';

describe('identity check', () => {
  it.each(['123*', '1230'])('accepts the last four with X keyed as %s', async (keys) => {
    const { channel, path } = await call(['silence', '1', keys, 'hangup'], { caller: PHONE_ONE });
    expect(channel.prompts).toContain('id-ok');
    expect(path).toContain('identity:ok');
  });

  it('refuses wrong digits three times, tells nothing personal, and offers an agent', async () => {
    const { channel } = await call(['silence', '1', '0000', '1111', '2222', '0'], { caller: PHONE_ONE });
    expect(channel.prompts.filter((p) => p === 'id-no-match')).toHaveLength(2);
    expect(channel.prompts).toContain('id-failed');
    expect(channel.prompts).not.toContain('donation-count-pre');
    expect(channel.vars.get('DL_VERIFIED')).toBe('0');
    expect(channel.vars.get('DL_DONOR_ID')).toBe('');
    expect(channel.vars.get('DL_DONOR_CANDIDATES')).toBe('1');
    expect(channel.continuedTo?.extension).toBe('hotline');
  });

  it('# switches to the birth date', async () => {
    const { channel, path } = await call(['silence', '1', '#', '19900305', 'hangup'], { caller: PHONE_ONE });
    expect(channel.prompts).toContain('id-enter-birth');
    expect(path).toContain('identity:ok');
  });

  it('on a family phone the digits pick the donor', async () => {
    const { channel } = await call(['silence', '1', '4321', '*', '0'], { caller: PHONE_FAMILY });
    expect(channel.vars.get('DL_DONOR_ID')).toBe('3');
    expect(channel.vars.get('DL_VERIFIED_BY')).toBe('id-last4');
  });

  it('when two family members share the last four, the birth date decides', async () => {
    const { channel } = await call(['silence', '1', '5678', '19920202', '*', '0'], { caller: PHONE_FAMILY });
    expect(channel.prompts).toContain('id-enter-birth');
    expect(channel.vars.get('DL_DONOR_ID')).toBe('4');
    expect(channel.vars.get('DL_VERIFIED_BY')).toBe('birth-date');
  });

  it('an unregistered number cannot get personal data', async () => {
    const { channel } = await call(['silence', '1', '*', 'hangup'], { caller: PHONE_UNKNOWN });
    expect(channel.prompts).toContain('id-unknown-number');
    expect(channel.prompts).not.toContain('id-enter-last4');
  });
});
