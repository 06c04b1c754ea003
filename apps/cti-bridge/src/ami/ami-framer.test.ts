import { describe, expect, it } from 'vitest';
import { fixtureMessages } from '../../test/support/fake-ami-server.js';
import type { RawAmiMessage } from 'asterisk-manager';
import { AmiFramer, parseFrame } from './ami-framer.js';

function frames(input: string[], opts: { maxFrameBytes?: number; maxFrameLines?: number } = {}): { items: RawAmiMessage[]; dropped: Array<{ bytes: number; lines: number; limit: string }>; framer: AmiFramer } {
  const items: RawAmiMessage[] = [];
  const dropped: Array<{ bytes: number; lines: number; limit: string }> = [];
  const framer = new AmiFramer({ ...opts, onFrame: (i) => items.push(i), onOversize: (d) => dropped.push(d) });
  for (const c of input) framer.push(c);
  return { items, dropped, framer };
}

/** A frame of `n` header lines (~22 characters each), like the one that froze the bridge. */
function hugeFrame(n: number): string {
  return 'Event: Garbage\r\n' + Array.from({ length: n }, (_, i) => `X-Header-${i}: ${'v'.repeat(8)}\r\n`).join('') + '\r\n';
}

describe('AmiFramer: the bounded, incremental AMI reader', () => {
  it('parses frames as asterisk-manager does: keys trimmed and lower-cased, Variable objects, repeated keys as arrays, banner skipped', () => {
    const { items } = frames([
      'Asterisk Call Manager/11.0.0\r\n',
      'Response: Success\r\nActionID: dl-1-1\r\nMessage: Authentication accepted\r\n\r\n',
      'Event: Status\r\nChannel: PJSIP/8001-00000001\r\nVariable: DL_DONOR_ID=42\r\nVariable: DL_PATH=main>book=2\r\nAccountCode: \r\n\r\n',
      'Event: Odd\r\nHeader: one\r\nHeader: two\r\nNoColonLine\r\n\r\n',
    ]);
    expect(items).toEqual([
      { response: 'Success', actionid: 'dl-1-1', message: 'Authentication accepted' },
      { event: 'Status', channel: 'PJSIP/8001-00000001', variable: { DL_DONOR_ID: '42', DL_PATH: 'main>book=2' }, accountcode: '' },
      { event: 'Odd', header: ['one', 'two'], nocolonline: '' },
    ]);
  });

  it('gives the same frames for a real transcript however the stream is cut into chunks', () => {
    const text = fixtureMessages('ami-a-queue-answered.txt').join('');
    const whole = frames([text]).items;
    expect(whole.length).toBeGreaterThan(20);
    for (const size of [1, 7, 64, 1000]) {
      const chunks: string[] = [];
      for (let i = 0; i < text.length; i += size) chunks.push(text.slice(i, i + size));
      expect(frames(chunks).items, `chunks of ${size}`).toEqual(whole);
    }
    expect(parseFrame(['Event: Hangup', 'Cause-txt: Normal Clearing'])).toEqual({ event: 'Hangup', 'cause-txt': 'Normal Clearing' });
  });

  it('drops a frame of 200,000 header lines (4.4 MB) as it streams in, reports it once, and reads the next frame', () => {
    const big = hugeFrame(200_000);
    expect(big.length).toBeGreaterThan(4_400_000);
    const chunks: string[] = [];
    for (let i = 0; i < big.length; i += 65_536) chunks.push(big.slice(i, i + 65_536));
    const { items, dropped, framer } = frames([...chunks, 'Event: Next\r\nUniqueid: 1.1\r\n\r\n']);
    expect(items).toEqual([{ event: 'Next', uniqueid: '1.1' }]);
    expect(dropped).toHaveLength(1);
    expect(dropped[0]!.limit).toBe('lines');
    expect(dropped[0]!.lines).toBe(200_001);
    expect(framer.framesDropped).toBe(1);
  });

  it('drops one endless header line by its size, without keeping it', () => {
    const line = `Event: X\r\nJunk: ${'z'.repeat(600_000)}\r\n\r\nEvent: After\r\n\r\n`;
    const { items, dropped } = frames([line.slice(0, 300_000), line.slice(300_000)], { maxFrameBytes: 100_000 });
    expect(items).toEqual([{ event: 'After' }]);
    expect(dropped).toEqual([{ bytes: expect.any(Number), lines: 2, limit: 'bytes' }]);
    expect(dropped[0]!.bytes).toBeGreaterThan(600_000);
  });

  it('a frame over the size limit by the CR of its final blank line costs that frame only, however the stream is cut', () => {
    // "Event: Big\r" (11) + "\n" (12) + the blank line's "\r" (13) > 12: the limit is crossed on the terminator itself
    const text = 'Event: Big\r\n\r\nEvent: N\r\n\r\n';
    for (const size of [1, 2, 13, text.length]) {
      const chunks: string[] = [];
      for (let i = 0; i < text.length; i += size) chunks.push(text.slice(i, i + size));
      const { items, dropped } = frames(chunks, { maxFrameBytes: 12 });
      expect(items, `chunks of ${size}`).toEqual([{ event: 'N' }]);
      expect(dropped).toHaveLength(1);
    }
  });

  it('looks at each character once: the work is linear in the input however it is chunked (no re-parsing of what is held)', () => {
    for (const n of [10_000, 40_000, 160_000]) {
      const big = hugeFrame(n);
      const chunks: string[] = [];
      for (let i = 0; i < big.length; i += 1024) chunks.push(big.slice(i, i + 1024));
      const { framer } = frames(chunks, { maxFrameLines: 1_000_000, maxFrameBytes: 100_000_000 });
      expect(framer.scanned).toBe(big.length);
    }
  });
});
