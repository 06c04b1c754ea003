/** One question of the form editor: edits the question object in place; 致命项 only for yes/no (switching type drops it). */
import { describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import type { QaQuestion } from '@donorline/domain';
import { makeI18n } from '../../i18n/index.js';
import QaQuestionEdit from './QaQuestionEdit.vue';

describe('QaQuestionEdit', () => {
  it('renders the question with its key and edits it in place', async () => {
    const q: QaQuestion = { key: 'standard-opening', text: '规范开场', type: 'yes-no', weight: 8, critical: true };
    const w = mount(QaQuestionEdit, { props: { question: q, first: true, last: false, only: false }, global: { plugins: [makeI18n('zh-CN')] } });
    expect(w.find('[data-question=standard-opening]').exists()).toBe(true);
    await w.find('input[data-test=qa-question-text]').setValue('规范开场用语');
    expect(q.text).toBe('规范开场用语');
    expect(w.find('.el-input-number input').exists()).toBe(true);
  });
});
