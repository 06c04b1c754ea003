/** After a transfer the call detail shows both agents' parts and wrap-ups, in words, in both languages. */
import { afterEach, describe, expect, it } from 'vitest';
import type { CallSegmentDto } from '@donorline/domain';
import { openDesk, type Desk } from '../../test/helpers.js';
import CallSegments from './CallSegments.vue';

let desk: Desk | null = null;
afterEach(async () => {
  await desk?.close();
  document.body.innerHTML = '';
});

const note = '献血者咨询单采血小板的间隔。'.repeat(20);
const segments: CallSegmentDto[] = [
  {
    id: 1, agent: { id: 2, displayName: '李坐席', extension: '8001' }, ext: '8001', queue: 'hotline', startedAt: '2026-11-20T02:00:00.000Z',
    answeredAt: '2026-11-20T02:00:05.000Z', endedAt: '2026-11-20T02:03:05.000Z', talkSeconds: 170, holdSeconds: 10, endReason: 'transferred-attended',
    disposition: 'booking', notes: note, recordingIds: [11],
  },
  {
    id: 2, agent: { id: 3, displayName: '王坐席', extension: '8002' }, ext: '8002', queue: null, startedAt: '2026-11-20T02:02:40.000Z',
    answeredAt: '2026-11-20T02:02:45.000Z', endedAt: '2026-11-20T02:05:00.000Z', talkSeconds: 135, holdSeconds: 0, endReason: 'caller-hangup',
    disposition: null, notes: null, recordingIds: [12],
  },
];

async function items(locale: 'zh-CN' | 'en', currentRecordingId: number | null = null): Promise<string[]> {
  desk = await openDesk({ locale });
  const w = desk.mount(CallSegments, { segments, currentRecordingId });
  return w.findAll('[data-test="call-segment"]').map((li) => li.text());
}

describe('CallSegments', () => {
  it('zh-CN: each agent, how their part ended, their own wrap-up (the first agent\'s long note intact)', async () => {
    const [first, second] = await items('zh-CN', 11);
    expect(first).toContain('李坐席');
    expect(first).toContain('咨询后转接');
    expect(first).toContain('本录音');
    expect(first).toContain(note);
    expect(second).toContain('王坐席');
    expect(second).toContain('来电人挂断');
    expect(second).toContain('未填写小结');
    expect(second).not.toContain('本录音');
    expect(first).not.toMatch(/transferred|booking/);
  });

  it('English: the same facts in English', async () => {
    const [first, second] = await items('en');
    expect(first).toContain('Transferred after consulting');
    expect(second).toContain('Caller hung up');
    expect(second).toContain('no wrap-up yet');
  });
});
