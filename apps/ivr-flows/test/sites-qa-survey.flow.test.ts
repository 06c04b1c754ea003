import { describe, expect, it } from 'vitest';
import { MemoryBackend } from '../src/backend/memory-backend.js';
import { call, centerState, PHONE_ONE, PHONE_UNKNOWN } from './ivr-harness.js';

describe('sites', () => {
  it('tells a site (its rendered details), then what to bring and how to prepare, then back to the menu', async () => {
    const { channel } = await call(['silence', '3', '2', '2', '*', 'hangup'], { caller: PHONE_UNKNOWN });
    expect(channel.played).toEqual(expect.arrayContaining(['sites/QD02-name', 'sites/QD02-details', 'what-to-bring', 'how-to-prepare']));
    expect(channel.prompts.filter((p) => p === 'main-menu')).toHaveLength(2);
  });
});

describe('quality dial-in', () => {
  it('工号 + PIN, then a recording by its reference; the playback is audited', async () => {
    const { channel, backend } = await call(['2001#', '730518#', '4820193756#', '*'], { args: ['qa'] });
    expect(channel.played).toContain('sound:/var/spool/asterisk/monitor/call-1795376041');
    expect(backend.state.audit).toEqual([{ userId: 42, action: 'recording.play', target: '4820193756' }]);
    expect(channel.prompts.at(-1)).toBe('goodbye');
  });

  it('a wrong PIN three times plays nothing; a PIN shorter than 6 digits is not even tried', async () => {
    const { channel, backend } = await call(['2001#', '2468#', '111222#', '2001#', '333444#', '2001#', '555666#'], { args: ['qa'] });
    expect(channel.prompts).toContain('invalid-input'); // 2468: too short, asked again
    expect(channel.prompts.filter((p) => p === 'qa-denied')).toHaveLength(3);
    expect(channel.prompts).toContain('too-many-tries');
    expect(channel.played.some((m) => m.startsWith('sound:/var'))).toBe(false);
    expect(backend.state.staff[0]!.failures).toBe(3); // the 4-digit entries were refused by the flow, not counted
  });

  it('wrong PINs count across calls: the second call locks the staff member out, even for the right PIN, with an alert', async () => {
    const first = await call(['2001#', '111222#', '2001#', '333444#', '2001#', '555666#'], { args: ['qa'] });
    const backend = first.backend;
    const second = await call(['2001#', '777888#', '2001#', '999000#'], { args: ['qa'], backend });
    expect(second.channel.prompts).toContain('qa-locked');
    expect(backend.state.audit).toContainEqual({ userId: 42, action: 'ivr.pin-lockout', target: '2001' });
    const third = await call(['2001#', '730518#', '4820193756#'], { args: ['qa'], backend });
    expect(third.channel.prompts).toContain('qa-locked');
    expect(third.channel.played.some((m) => m.startsWith('sound:/var'))).toBe(false);
  });

  it('an unknown reference is said so and another can be tried; three unknown ones end the call', async () => {
    const { channel } = await call(['2001#', '730518#', '1234567890#', '4820193756#', '*'], { args: ['qa'] });
    expect(channel.prompts).toContain('qa-no-recording');
    expect(channel.played).toContain('sound:/var/spool/asterisk/monitor/call-1795376041');
    const walk = await call(['2001#', '730518#', '1000000001#', '1000000002#', '1000000003#', '4820193756#'], { args: ['qa'] });
    expect(walk.channel.prompts.filter((p) => p === 'qa-no-recording')).toHaveLength(3);
    expect(walk.channel.prompts).toContain('too-many-tries');
    expect(walk.channel.played.some((m) => m.startsWith('sound:/var'))).toBe(false);
  });
});

describe('satisfaction survey', () => {
  const survey = { args: ['survey', '1795376041.5'], vars: { DL_DONOR_ID: '1', DL_LANG: 'zh' } };

  it('stores a good score with the call and thanks the caller', async () => {
    const { channel, backend } = await call(['5'], { ...survey, caller: PHONE_ONE });
    expect(backend.state.surveys).toEqual([{ callId: '1795376041.5', donorId: 1, score: 5 }]);
    expect(backend.state.tickets).toHaveLength(0);
    expect(channel.prompts).toEqual(['survey-intro', 'survey-thanks']);
    expect(channel.events.at(-1)).toEqual({ kind: 'hangup', by: 'ivr' });
  });

  it('a low score opens a callback ticket and promises the callback', async () => {
    const { channel, backend } = await call(['2'], { ...survey, caller: PHONE_ONE });
    expect(backend.state.tickets).toEqual([expect.objectContaining({ kind: 'callback', donorId: 1, callId: '1795376041.5' })]);
    expect(channel.prompts.at(-1)).toBe('survey-sorry');
  });

  it('answers in the language of the call', async () => {
    const { channel } = await call(['4'], { ...survey, vars: { DL_DONOR_ID: '1', DL_LANG: 'en' } });
    expect(channel.events.flatMap((e) => (e.kind === 'play' ? [e.lang] : []))).toEqual(['en', 'en']);
  });

  it('no answer: a goodbye, nothing stored', async () => {
    const { backend, channel } = await call(['silence', 'silence'], survey);
    expect(backend.state.surveys).toHaveLength(0);
    expect(channel.prompts.at(-1)).toBe('goodbye');
  });

  it('a failure while storing: an apology and a goodbye, not another queue', async () => {
    const backend = new MemoryBackend(centerState());
    backend.failing.add('recordSurvey');
    const { channel, outcome } = await call(['3'], { ...survey, backend });
    expect(outcome).toBe('recovered');
    expect(channel.prompts.at(-1)).toBe('technical-problem-after-hours');
    expect(channel.continuedTo).toBeNull();
  });
});
