import { describe, expect, it } from 'vitest';
import { MemoryBackend } from '../src/backend/memory-backend.js';
import { AFTER_HOURS, call, centerState, PHONE_UNKNOWN } from './ivr-harness.js';

describe('welcome and main menu', () => {
  it('answers, welcomes in Mandarin with the English offer, and offers the menu with an agent in hours', async () => {
    const { channel, outcome } = await call(['silence', '0'], { caller: PHONE_UNKNOWN });
    // answered before any media (the path variable may be set as soon as the caller is in the IVR)
    expect(channel.events.find((e) => e.kind !== 'setVar')).toEqual({ kind: 'answer' });
    expect(channel.prompts.slice(0, 3)).toEqual(['welcome', 'offer-english', 'main-menu']);
    expect(channel.prompts).toContain('to-agent');
    expect(channel.continuedTo).toEqual({ context: 'dl-queue', extension: 'hotline', priority: 1 });
    expect(outcome).toBe('handed-off');
  });

  it('the path is on the channel as the caller goes: a caller who hangs up mid-menu leaves it for the call record', async () => {
    const { channel, outcome } = await call(['9', 'hangup'], { caller: PHONE_UNKNOWN });
    expect(outcome).toBe('caller-hangup');
    expect(channel.vars.get('DL_IVR_PATH')).toBe('welcome>lang:en');
  });

  it('the recording notice follows the center setting: told after the welcome when on, not when off; told when the setting cannot be read', async () => {
    const on = new MemoryBackend({ ...centerState(), recordingNotice: true });
    expect((await call(['silence', '0'], { caller: PHONE_UNKNOWN, backend: on })).channel.prompts.slice(0, 4)).toEqual(['welcome', 'recording-notice', 'offer-english', 'main-menu']);
    const off = new MemoryBackend({ ...centerState(), recordingNotice: false });
    expect((await call(['silence', '0'], { caller: PHONE_UNKNOWN, backend: off })).channel.prompts).not.toContain('recording-notice');
    const down = new MemoryBackend({ ...centerState(), recordingNotice: false });
    down.failing.add('recordingNotice');
    expect((await call(['silence', '0'], { caller: PHONE_UNKNOWN, backend: down })).channel.prompts.slice(0, 2)).toEqual(['welcome', 'recording-notice']);
  });

  it('9 switches the call to English, and the language travels to the agent', async () => {
    const { channel } = await call(['9', '0'], { caller: PHONE_UNKNOWN });
    const langs = channel.events.flatMap((e) => (e.kind === 'play' ? [e.lang] : []));
    expect(langs.slice(-2)).toEqual(['en', 'en']);
    expect(channel.vars.get('DL_LANG')).toBe('en');
    expect(channel.vars.get('DL_IVR_PATH')).toBe('welcome>lang:en>menu:0>agent');
  });

  it('a regular caller can type the choice during the welcome (the menu is skipped)', async () => {
    const { channel } = await call([{ barge: '3' }, '*'], { caller: PHONE_UNKNOWN });
    expect(channel.prompts.slice(0, 2)).toEqual(['welcome', 'sites-intro']);
    expect(channel.prompts.indexOf('main-menu')).toBeGreaterThan(channel.prompts.indexOf('sites-intro')); // '*' goes back to it
  });

  it('after hours: the notice, a menu without an agent, and 0 leads to a message', async () => {
    const { channel, backend } = await call(['silence', '0', { record: { seconds: 9 } }, '1'], { now: AFTER_HOURS, caller: PHONE_UNKNOWN });
    expect(channel.prompts.slice(0, 4)).toEqual(['welcome', 'offer-english', 'after-hours', 'main-menu-after-hours']);
    expect(channel.prompts).toContain('agent-after-hours');
    expect(channel.continuedTo).toBeNull();
    expect(backend.state.tickets).toMatchObject([{ kind: 'message', callerNumber: PHONE_UNKNOWN }]);
  });

  it('on a holiday from the calendar, the holiday notice', async () => {
    const { channel } = await call(['silence', 'hangup'], { now: new Date('2026-10-01T02:00:00Z') });
    expect(channel.prompts).toContain('holiday');
  });

  it('a wrong key gets the apology and the menu again', async () => {
    const { channel } = await call(['silence', '7', '0'], { caller: PHONE_UNKNOWN });
    expect(channel.prompts.slice(2, 5)).toEqual(['main-menu', 'invalid-input', 'main-menu']);
  });

  it('a caller who never chooses is handed to an agent rather than dropped', async () => {
    const { channel } = await call(['silence', 'silence', 'silence', 'silence'], { caller: PHONE_UNKNOWN });
    expect(channel.prompts.filter((p) => p === 'main-menu')).toHaveLength(3);
    expect(channel.continuedTo?.extension).toBe('hotline');
  });

  it('a hang-up in the menu ends the call cleanly', async () => {
    const { channel, outcome } = await call(['silence', 'hangup']);
    expect(outcome).toBe('caller-hangup');
    expect(channel.continuedTo).toBeNull();
    expect(channel.events.filter((e) => e.kind === 'hangup')).toEqual([{ kind: 'hangup', by: 'caller' }]);
  });
});
