import { describe, expect, it } from 'vitest';
import { call, PHONE_ONE, PHONE_UNKNOWN } from './ivr-harness.js';

describe('messages', () => {
  it('a voice message becomes a ticket of kind message carrying the recording', async () => {
    const { channel, backend } = await call(['silence', '4', '1', { record: { seconds: 12 } }, '1'], { caller: PHONE_UNKNOWN });
    const rec = channel.events.find((e) => e.kind === 'record');
    expect(rec).toMatchObject({ kind: 'record', maxSeconds: 60 });
    expect(backend.state.tickets).toEqual([
      expect.objectContaining({ kind: 'message', donorId: null, callerNumber: PHONE_UNKNOWN, recordingName: rec && rec.kind === 'record' ? rec.name : '?' }),
    ]);
    expect(channel.prompts.slice(-2)).toEqual(['message-saved', 'goodbye']);
  });

  it('the caller can hear the message and record it again before saving', async () => {
    const { channel, backend } = await call(['silence', '4', '1', { record: { seconds: 5 } }, '2', '3', { record: { seconds: 8 } }, '1'], { caller: PHONE_UNKNOWN });
    const names = channel.events.flatMap((e) => (e.kind === 'record' ? [e.name] : []));
    expect(names).toHaveLength(2);
    expect(channel.played).toContain(`recording:${names[0]}`);
    expect(backend.state.tickets.map((t) => t.recordingName)).toEqual([names[1]]);
  });

  it('a hang-up after speaking still leaves the message', async () => {
    const { backend, outcome } = await call(['silence', '4', '1', 'hangup'], { caller: PHONE_UNKNOWN });
    expect(outcome).toBe('caller-hangup');
    expect(backend.state.tickets).toHaveLength(1);
  });

  it('a hang-up at the review still keeps the message', async () => {
    const { backend } = await call(['silence', '4', '1', { record: { seconds: 7 } }, 'hangup'], { caller: PHONE_UNKNOWN });
    expect(backend.state.tickets).toHaveLength(1);
  });

  it('an empty recording is not a message', async () => {
    const { channel, backend } = await call(['silence', '4', '1', { record: { seconds: 0 } }, { record: { seconds: 4 } }, '1'], { caller: PHONE_UNKNOWN });
    expect(channel.prompts).toContain('record-too-short');
    expect(backend.state.tickets).toHaveLength(1);
  });

  it('a verified donor hears the replies waiting, each marked heard; the message carries the donor', async () => {
    const { channel, backend } = await call(['silence', '4', '2', '123*', '*', '4', '1', { record: { seconds: 3 } }, '1'], { caller: PHONE_ONE });
    expect(channel.played).toEqual(expect.arrayContaining(['replies-count-pre', 'recording:reply-7', 'reply-next', 'recording:reply-8', 'replies-end']));
    expect(backend.state.replies.every((r) => r.heard)).toBe(true);
    expect(backend.state.tickets[0]).toMatchObject({ kind: 'message', donorId: 1 });
  });

  it('no replies waiting: said plainly', async () => {
    const { channel } = await call(['silence', '4', '2', '123*', 'hangup'], {
      caller: PHONE_ONE,
      backend: await (async () => {
        const { MemoryBackend } = await import('../src/backend/memory-backend.js');
        const { centerState } = await import('./ivr-harness.js');
        const s = centerState();
        s.replies = [];
        return new MemoryBackend(s);
      })(),
    });
    expect(channel.prompts).toContain('no-replies');
  });
});
