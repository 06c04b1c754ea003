import { describe, expect, it } from 'vitest';
import type { PhraseDto } from '@donorline/domain';
import { orderPhrases } from './knowledge.store.js';

const p = (id: number, stage: PhraseDto['stage'], order = 1): PhraseDto => ({ id, callType: 'booking', stage, order, text: `${stage}-${order}`, textEn: null });

describe('orderPhrases (seed 002 call structure)', () => {
  it('opening, bad news first, choices, commitment, other, and the good ending last', () => {
    const ordered = orderPhrases([p(1, 'closing'), p(2, 'choices', 2), p(3, 'other'), p(4, 'bad-news'), p(5, 'choices', 1), p(6, 'commitment'), p(7, 'opening')]);
    expect(ordered.map((x) => x.id)).toEqual([7, 4, 5, 2, 6, 3, 1]);
  });
});
