/**
 * The ring never holds up the pop: making a WebAudio context can take hundreds of milliseconds (0.5–1 s on the first
 * ring in Chromium — the first pop painted that much later), so the context is made on the agent's first click or
 * key press, and the tone starts after the task that shows the card. The browser's AudioContext is replaced by a
 * recorder of what the ringer asks of it (happy-dom has no WebAudio); the ringer itself is the real one.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Ringer } from './ringer.js';

const made: { at: string; tones: number }[] = [];
let phase = 'idle';

class RecordingAudioContext {
  state = 'running';
  currentTime = 0;
  destination = {};
  readonly me = { at: phase, tones: 0 };
  constructor() {
    made.push(this.me);
  }
  createOscillator() {
    const me = this.me;
    return { frequency: { value: 0 }, connect: (n: unknown) => n, start: () => void me.tones++, stop: () => undefined };
  }
  createGain() {
    return { gain: { value: 0 }, connect: (n: unknown) => n };
  }
  resume() {
    return Promise.resolve();
  }
}

const g = globalThis as unknown as { AudioContext?: unknown };
let saved: unknown;
beforeEach(() => {
  made.length = 0;
  saved = g.AudioContext;
  g.AudioContext = RecordingAudioContext;
});
afterEach(() => {
  g.AudioContext = saved;
});

const nextTask = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

describe('Ringer', () => {
  it('makes its audio context on the first click, not on the ring', async () => {
    const ringer = new Ringer();
    expect(made).toHaveLength(0);
    phase = 'gesture';
    document.dispatchEvent(new Event('pointerdown'));
    expect(made).toEqual([{ at: 'gesture', tones: 0 }]);
    phase = 'ring';
    ringer.start('来电', '138****0000');
    expect(made[0]!.tones).toBe(0); // nothing in the task that shows the card
    await nextTask();
    await nextTask();
    expect(made).toHaveLength(1);
    expect(made[0]!.tones).toBe(1);
    ringer.stop();
  });

  it('without any click yet, the ring still sounds — after the card, not before', async () => {
    const ringer = new Ringer();
    phase = 'ring';
    ringer.start('来电', '138****0000');
    expect(made).toHaveLength(0);
    await nextTask();
    await nextTask();
    expect(made).toEqual([{ at: 'ring', tones: 1 }]);
    ringer.stop();
  });

  it('a ring stopped before its tone starts makes no sound', async () => {
    const ringer = new Ringer();
    ringer.start('来电', '138****0000');
    ringer.stop();
    await nextTask();
    await nextTask();
    expect(made.reduce((n, m) => n + m.tones, 0)).toBe(0);
  });
});
