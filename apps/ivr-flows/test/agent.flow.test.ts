import { describe, expect, it } from 'vitest';
import { MemoryBackend } from '../src/backend/memory-backend.js';
import { call, centerState, PHONE_FAMILY, PHONE_ONE } from './ivr-harness.js';

describe('to an agent', () => {
  it('a verified repeat donor: green channel, account manager first, findings on the channel', async () => {
    const { channel } = await call(['silence', '1', '123*', '*', '0'], { caller: PHONE_ONE });
    expect(channel.prompts.slice(-2)).toEqual(['green-channel', 'to-account-manager']);
    expect(Object.fromEntries(channel.vars)).toMatchObject({
      DL_DONOR_ID: '1', DL_VERIFIED: '1', DL_VERIFIED_BY: 'id-last4', DL_TOPIC: 'eligibility', DL_LANG: 'zh',
      DL_PREFERRED_AGENT: '8001', DL_PREFERRED_SECS: '20', DL_PRIORITY: '10',
      DL_IVR_PATH: 'welcome>menu:1>my-donations>identity>identity:ok>menu:0>agent',
    });
    expect(channel.continuedTo).toEqual({ context: 'dl-queue', extension: 'hotline', priority: 1 });
  });

  it('a first-time donor waits in the normal line, with no preferred agent', async () => {
    const { channel } = await call(['silence', '1', '4321', '*', '0'], { caller: PHONE_FAMILY });
    expect(channel.vars.get('DL_PRIORITY')).toBe('0');
    expect(channel.vars.get('DL_PREFERRED_AGENT')).toBe('');
    expect(channel.vars.get('DL_PREFERRED_SECS')).toBe('0');
    expect(channel.prompts.at(-1)).toBe('to-agent');
  });

  it('tells the position and expected wait when the platform knows them', async () => {
    const state = centerState();
    state.queue = { ahead: 3, expectedWaitSecs: 240 };
    const { channel } = await call(['silence', '0'], { backend: new MemoryBackend(state) });
    const p = channel.played;
    expect(p.slice(p.indexOf('queue-position-pre'))).toEqual(['queue-position-pre', 'num-3', 'queue-position-post', 'queue-wait-pre', 'num-4', 'queue-wait-post']);
  });

  it('5 sends a complaint to the complaints queue; after hours it becomes a voice message that opens a complaint ticket', async () => {
    const { channel } = await call(['silence', '5']);
    expect(channel.continuedTo).toEqual({ context: 'dl-queue', extension: 'complaints', priority: 1 });
    expect(channel.vars.get('DL_TOPIC')).toBe('complaint');
    const late = await call(['silence', '5', { record: { seconds: 20 } }, '1'], { now: new Date('2026-11-23T14:30:00Z') });
    expect(late.channel.continuedTo).toBeNull();
    expect(late.backend.state.tickets).toMatchObject([{ kind: 'complaint' }]);
  });

  it('asks the dialplan for the survey when it is enabled', async () => {
    const on = await call(['silence', '0'], { survey: true });
    const off = await call(['silence', '0'], { survey: false });
    expect(on.channel.vars.get('DL_SURVEY')).toBe('1');
    expect(off.channel.vars.has('DL_SURVEY')).toBe(false);
  });
});
