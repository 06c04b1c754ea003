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
  it('staff number + PIN, then a call recording by number; the playback is audited', async () => {
    const { channel, backend } = await call(['9001#', '2468#', '1795376041#', '*'], { args: ['qa'] });
    expect(channel.played).toContain('sound:/var/spool/asterisk/monitor/call-1795376041');
    expect(backend.state.audit).toEqual([{ userId: 42, action: 'recording.play', target: '1795376041' }]);
    expect(channel.prompts.at(-1)).toBe('goodbye');
  });

  it('a wrong PIN three times plays nothing', async () => {
    const { channel, backend } = await call(['9001#', '1111#', '9001#', '2222#', '9001#', '3333#'], { args: ['qa'] });
    expect(channel.prompts.filter((p) => p === 'qa-denied')).toHaveLength(3);
    expect(channel.prompts).toContain('too-many-tries');
    expect(channel.played.some((m) => m.startsWith('recording:'))).toBe(false);
    expect(backend.state.audit).toHaveLength(0);
  });

  it('an unknown call number is said so, and another can be tried', async () => {
    const { channel } = await call(['9001#', '2468#', '123#', '1795376041#', '*'], { args: ['qa'] });
    expect(channel.prompts).toContain('qa-no-recording');
    expect(channel.played).toContain('sound:/var/spool/asterisk/monitor/call-1795376041');
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
