import { describe, expect, it } from 'vitest';
import { rawRowHash, rawRowText } from './row-fingerprint.js';
import { ContentHasher, contentHash, shortHash } from './seen-map.js';

/** Stored fingerprints (donation.becs_hash, becs_row_hash) must not change when the hashing gets faster. */
describe('content hashes of import rows', () => {
  const donation = 'x1\u001fSX000000001001\u001fSX000000001\u001f1984-12-31\u001fplatelets\u001f\u001f1\u001f\u001faccepted';

  it('contentHash keeps its value: shortHash(s) + shortHash("\\u0002" + s)', () => {
    expect(contentHash(donation)).toBe('5e3e590f26541c691b5d387a227f601b');
    for (const s of ['', 'a', donation, '王伟\u0001n3', '\u0002'.repeat(5)]) expect(contentHash(s)).toBe(shortHash(s) + shortHash(`\u0002${s}`));
    expect(contentHash('a')).not.toBe(contentHash('b'));
  });

  it('a ContentHasher hashes its prefix once and takes the rest in pieces', () => {
    const h = new ContentHasher('r1\u001edonations');
    expect(h.reset().update('SX1').update('\u001f').update('2024-01-01').digest()).toBe(contentHash('r1\u001edonationsSX1\u001f2024-01-01'));
    // reset() starts again after the prefix, so one hasher serves every row
    expect(h.reset().update('SX1').update('\u001f').update('2024-01-01').digest()).toBe(contentHash('r1\u001edonationsSX1\u001f2024-01-01'));
    expect(h.reset().digest()).toBe(contentHash('r1\u001edonations'));
    expect(new ContentHasher().reset().update(donation).digest()).toBe(contentHash(donation));
  });

  it('rawRowHash equals the content hash of rawRowText for cells of every type', () => {
    const salt = 'r1\u001edonations\u001edate,donationNo\u001e\u001e0532';
    const fields: [string, number][] = [['a', 0], ['b', 3], ['c', 1], ['d', 2], ['e', 4], ['f', 5], ['g', 6]];
    const rows: unknown[][] = [
      ['SX1', 45000, null, undefined, new Date('2024-02-03T00:00:00Z'), { richText: [{ text: '全血' }] }, new Date(Number.NaN)],
      ['', '', '', '', '', '', ''],
      ['献血编号', 0, 'x', -1.5, 'y', null, '200ml'],
    ];
    const h = new ContentHasher(salt);
    for (const cells of rows) expect(rawRowHash(h, cells, fields)).toBe(contentHash(rawRowText(salt, cells, fields)));
    expect(rawRowHash(h, rows[0]!, fields)).not.toBe(rawRowHash(h, rows[1]!, fields));
    // a number and the same digits as text stay different rows
    expect(rawRowHash(h, [1], [['a', 0]])).not.toBe(rawRowHash(h, ['1'], [['a', 0]]));
  });
});
