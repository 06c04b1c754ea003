import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.js';
import { DONOR_HOTLINE_FORM } from './donor-hotline-form.js';
import type { QaAnswers, QaFormDefinition } from './qa.types.js';
import { scoreEvaluation, validateAnswers, validateFormDefinition } from './scoring.js';

const form: QaFormDefinition = {
  sections: [
    { key: 'a', title: 'A', questions: [
      { key: 'greet', type: 'yes-no', weight: 10, text: 'greet' },
      { key: 'id', type: 'yes-no', weight: 20, text: 'identity', critical: true, allowNa: true },
    ] },
    { key: 'b', title: 'B', questions: [
      { key: 'tone', type: 'scale', weight: 20, text: 'tone' },
      { key: 'offer', type: 'yes-no', weight: 10, text: 'choices', allowNa: true },
    ] },
  ],
};

const allYes = (def: QaFormDefinition): QaAnswers =>
  Object.fromEntries(def.sections.flatMap((s) => s.questions.map((q) => [q.key, q.type === 'scale' ? 5 : 'yes'])));

describe('scoreEvaluation', () => {
  it('weights yes/no and the 1–5 scale (1 gives nothing, 5 all)', () => {
    const s = scoreEvaluation(form, { greet: 'yes', id: 'yes', tone: 3, offer: 'no' });
    // 10 + 20 + 20×2/4 + 0 = 40 of 60
    expect(s.points).toBe(40);
    expect(s.max).toBe(60);
    expect(s.score).toBe(66.7);
    expect(s.sections.map((x) => x.score)).toEqual([100, 33.3]);
    expect(s.missing).toEqual([]);
  });

  it('leaves N/A out of the maximum', () => {
    const s = scoreEvaluation(form, { greet: 'yes', id: 'na', tone: 5, offer: 'na' });
    expect(s.max).toBe(30);
    expect(s.score).toBe(100);
  });

  it('a critical "no" zeroes the score, whatever else went well', () => {
    const s = scoreEvaluation(form, { greet: 'yes', id: 'no', tone: 5, offer: 'yes' });
    expect(s.criticalFailed).toEqual(['id']);
    expect(s.score).toBe(0);
    expect(s.points).toBe(40); // the points are kept for the record
  });

  it('reports the unanswered questions and scores what was answered', () => {
    const s = scoreEvaluation(form, { greet: 'no' });
    expect(s.missing).toEqual(['id', 'tone', 'offer']);
    expect(s.score).toBe(0);
    expect(scoreEvaluation(form, {}).score).toBeNull();
  });

  it('the shipped donor-hotline form weighs 100 and scores 100 when everything is done', () => {
    validateFormDefinition(DONOR_HOTLINE_FORM);
    const total = DONOR_HOTLINE_FORM.sections.flatMap((s) => s.questions).reduce((a, q) => a + q.weight, 0);
    expect(total).toBe(100);
    expect(scoreEvaluation(DONOR_HOTLINE_FORM, allYes(DONOR_HOTLINE_FORM)).score).toBe(100);
    const keys = DONOR_HOTLINE_FORM.sections.flatMap((s) => s.questions.map((q) => q.key));
    for (const k of ['standard-opening', 'standard-closing', 'identity-verified', 'bad-news-first', 'choices-offered', 'commitment-asked', 'eligibility-correct', 'reimbursement-correct', 'good-ending', 'did-not-hang-up-first']) {
      expect(keys).toContain(k);
    }
    const hungUp = scoreEvaluation(DONOR_HOTLINE_FORM, { ...allYes(DONOR_HOTLINE_FORM), 'did-not-hang-up-first': 'no' });
    expect(hungUp.score).toBe(0);
  });
});

describe('validation', () => {
  it('rejects unknown questions, wrong types, N/A where not allowed, and incomplete submits', () => {
    const bad = (a: Record<string, unknown>, complete = false): string => {
      try {
        validateAnswers(form, a, { complete });
        return 'ok';
      } catch (e) {
        return (e as DomainError).code;
      }
    };
    expect(bad({ nope: 'yes' })).toBe('VALIDATION_FAILED');
    expect(bad({ tone: 6 })).toBe('VALIDATION_FAILED');
    expect(bad({ tone: 'yes' })).toBe('VALIDATION_FAILED');
    expect(bad({ greet: 3 })).toBe('VALIDATION_FAILED');
    expect(bad({ greet: 'na' })).toBe('VALIDATION_FAILED');
    expect(bad({ id: 'na', tone: 2 })).toBe('ok');
    expect(bad({ greet: 'yes' }, true)).toBe('VALIDATION_FAILED');
    expect(bad(allYes(form), true)).toBe('ok');
  });

  it('rejects forms with duplicate keys, bad weights or a critical scale question', () => {
    const q = { key: 'x', type: 'yes-no' as const, weight: 5, text: 'x' };
    expect(() => validateFormDefinition({ sections: [] })).toThrow(DomainError);
    expect(() => validateFormDefinition({ sections: [{ key: 's', title: 'S', questions: [q, q] }] })).toThrow(/duplicate/);
    expect(() => validateFormDefinition({ sections: [{ key: 's', title: 'S', questions: [{ ...q, weight: 0 }] }] })).toThrow(/weight/);
    expect(() => validateFormDefinition({ sections: [{ key: 's', title: 'S', questions: [{ ...q, type: 'scale', critical: true }] }] })).toThrow(/critical/);
  });
});
