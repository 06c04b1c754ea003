/**
 * The form beside the player: choices per answer type (N/A only where allowed), the live score the server will
 * compute, critical items zeroing it, and a read-only form that cannot be changed.
 */
import { describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import { DONOR_HOTLINE_FORM, type QaAnswers } from '@donorline/domain';
import { makeI18n } from '../../i18n/index.js';
import QaScoreForm from './QaScoreForm.vue';

const allYes = (): QaAnswers => Object.fromEntries(DONOR_HOTLINE_FORM.sections.flatMap((s) => s.questions.map((q) => [q.key, q.type === 'scale' ? 5 : 'yes'])));
const mk = (answers: QaAnswers, readonly = false) => mount(QaScoreForm, { props: { definition: DONOR_HOTLINE_FORM, answers, readonly }, global: { plugins: [makeI18n('zh-CN')] } });

describe('QaScoreForm', () => {
  it('offers 是/否 (+不适用 where allowed) and 1–5, and emits the changed answers', async () => {
    const w = mk({});
    expect(w.find('[data-test=qa-answer-identity-verified-na]').exists()).toBe(true);
    expect(w.find('[data-test=qa-answer-standard-opening-na]').exists()).toBe(false);
    expect(w.findAll('[data-q=courtesy] input').length).toBe(5);
    expect(w.text()).toContain('致命项');
    await w.find('[data-test=qa-answer-courtesy-3]').setValue(true);
    expect(w.emitted('update:answers')?.[0]).toEqual([{ courtesy: 3 }]);
    expect(w.text()).toContain('还有 11 题未评'.replace('11', String(DONOR_HOTLINE_FORM.sections.flatMap((s) => s.questions).length)));
  });

  it('shows the live score; a critical "no" makes it 0 with the reason', () => {
    expect(mk(allYes()).find('[data-test=qa-live-score]').text()).toBe('100');
    const w = mk({ ...allYes(), 'did-not-hang-up-first': 'no' });
    expect(w.find('[data-test=qa-live-score]').text()).toBe('0');
    expect(w.text()).toContain('致命项未通过');
  });

  it('read-only: the choices are disabled and nothing is emitted', async () => {
    const w = mk(allYes(), true);
    const r = w.find('[data-test=qa-answer-courtesy-2]');
    expect((r.element as HTMLInputElement).disabled).toBe(true);
    await r.trigger('change');
    expect(w.emitted('update:answers')).toBeUndefined();
  });
});
