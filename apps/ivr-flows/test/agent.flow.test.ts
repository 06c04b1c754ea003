import { describe, expect, it } from 'vitest';
import { MemoryBackend } from '../src/backend/memory-backend.js';
import { call, centerState, MANAGER_ID, PHONE_FAMILY, PHONE_ONE } from './ivr-harness.js';

describe('to an agent', () => {
  it('a verified repeat donor: green channel, account manager first, findings on the channel', async () => {
    const { channel } = await call(['silence', '1', '123*', '*', '0'], { caller: PHONE_ONE });
    expect(channel.prompts.slice(-2)).toEqual(['green-channel', 'to-account-manager']);
    expect(Object.fromEntries(channel.vars)).toMatchObject({
      DL_DONOR_ID: '1', DL_VERIFIED: '1', DL_VERIFIED_BY: 'id-last4', DL_TOPIC: 'eligibility', DL_LANG: 'zh',
      DL_PREFERRED_AGENT: '8001', DL_PREFERRED_SECS: '20', DL_PRIORITY: '10', DL_ROUTE_REASON: 'account-manager-verified',
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

  it('recognised by number alone (one donor on it): the account manager first with the caller-ID reason, green channel, no identity claimed', async () => {
    const { channel } = await call(['silence', '0'], { caller: PHONE_ONE });
    expect(channel.prompts.slice(-2)).toEqual(['green-channel', 'to-account-manager']);
    expect(Object.fromEntries(channel.vars)).toMatchObject({
      DL_PREFERRED_AGENT: '8001', DL_PREFERRED_SECS: '20', DL_PRIORITY: '10', DL_ROUTE_REASON: 'account-manager-caller-id',
      DL_DONOR_ID: '', DL_VERIFIED: '0',
    });
    expect(channel.continuedTo).toEqual({ context: 'dl-queue', extension: 'hotline', priority: 1 });
  });

  it('a family phone recognises nobody: no manager and no priority until the caller verifies', async () => {
    const state = centerState();
    const father = state.donors.find((d) => d.id === 2)!;
    father.accountManagerId = MANAGER_ID;
    father.donations.push({ type: 'whole-blood', date: '2025-07-10', outcome: 'completed', volumeMl: 400 });
    const { channel } = await call(['silence', '0'], { caller: PHONE_FAMILY, backend: new MemoryBackend(state) });
    expect(Object.fromEntries(channel.vars)).toMatchObject({ DL_PREFERRED_AGENT: '', DL_PRIORITY: '0', DL_ROUTE_REASON: '', DL_DONOR_CANDIDATES: '' });
    expect(channel.prompts.at(-1)).toBe('to-agent');
    // the same father, verified by his birth date on the shared phone: his manager and his green channel
    const verified = await call(['silence', '1', '#', '19850720', '*', '0'], { caller: PHONE_FAMILY, backend: new MemoryBackend(state) });
    expect(Object.fromEntries(verified.channel.vars)).toMatchObject({ DL_DONOR_ID: '2', DL_PREFERRED_AGENT: '8001', DL_PRIORITY: '10', DL_ROUTE_REASON: 'account-manager-verified' });
  });

  it.each([
    ['paused', { ext: '8001', state: 'paused' }],
    ['on a call', { ext: '8001', state: 'on-call' }],
    ['in wrap-up', { ext: '8001', state: 'wrap-up' }],
    ['signed out', null],
  ] as const)('a manager who is %s is not rung: straight to the queue, the green channel kept', async (_l, seat) => {
    const state = centerState();
    state.seats = seat ? { [MANAGER_ID]: seat } : {};
    const { channel } = await call(['silence', '0'], { caller: PHONE_ONE, backend: new MemoryBackend(state) });
    expect(Object.fromEntries(channel.vars)).toMatchObject({ DL_PREFERRED_AGENT: '', DL_PREFERRED_SECS: '0', DL_PRIORITY: '10', DL_ROUTE_REASON: '' });
    expect(channel.prompts.slice(-2)).toEqual(['green-channel', 'to-agent']);
  });

  it('the seat is read when the call goes to an agent, not when it started', async () => {
    const backend = new MemoryBackend(centerState());
    backend.state.seats = {}; // signed out when the call starts …
    const verify = backend.verifyIdentity.bind(backend);
    backend.verifyIdentity = async (ids, proof) => {
      backend.state.seats = { [MANAGER_ID]: { ext: '8002', state: 'ready' } }; // … and ready at another seat by the hand-off
      return verify(ids, proof);
    };
    const { channel } = await call(['silence', '1', '123*', '*', '0'], { caller: PHONE_ONE, backend });
    expect(channel.vars.get('DL_PREFERRED_AGENT')).toBe('8002');
  });

  it('a lookup that fails leaves the caller unrecognised: the queue, as for anyone', async () => {
    const backend = new MemoryBackend(centerState());
    backend.failing.add('findDonorIdsByPhone');
    const { channel } = await call(['silence', '0'], { caller: PHONE_ONE, backend });
    expect(Object.fromEntries(channel.vars)).toMatchObject({ DL_PREFERRED_AGENT: '', DL_PRIORITY: '0' });
    expect(channel.continuedTo).toEqual({ context: 'dl-queue', extension: 'hotline', priority: 1 });
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
