/** The call list shows why each donor is listed, in words, in both languages, and hands the rows on as call tasks. */
import { afterEach, describe, expect, it } from 'vitest';
import type { PlanningListDto } from '@donorline/domain';
import { openDesk, type Desk } from '../../../test/helpers.js';
import RankedList from './RankedList.vue';

let desk: Desk | null = null;
afterEach(async () => {
  await desk?.close();
  document.body.innerHTML = '';
});

const list: PlanningListDto = {
  pool: 40, considered: 12, excluded: { 'not-eligible': 3, 'do-not-call': 1 },
  items: [{
    donorId: 7, name: '常客甲', phoneMasked: '138****5678', group: 'O+', score: 59, accountManager: { id: 3, name: '王经理' }, preferredSiteId: 1, lastDonationOn: '2026-10-28', plateletCount: 5,
    reasons: [
      { code: 'platelet-history', points: 20, detail: { count: 5 } }, { code: 'shows-up', points: 16, detail: { showed: 4, noShow: 1 } },
      { code: 'account-manager', points: 10, detail: { name: '王经理' } }, { code: 'recent', points: 15, detail: { days: 40 } },
    ],
  }],
};

describe('RankedList', () => {
  it('zh-CN: reasons in words, masked phone, what was left out', async () => {
    desk = await openDesk({ locale: 'zh-CN', connect: false });
    const w = desk.mount(RankedList, { list, loading: false, days: ['2026-12-07', '2026-12-08'], creating: false });
    const text = w.text();
    expect(text).toContain('捐过 5 次血小板');
    expect(text).toContain('预约到场 4/5');
    expect(text).toContain('客户经理：王经理');
    expect(text).toContain('138****5678');
    expect(w.find('[data-test="list-meta"]').text()).toContain('目标日不符合间隔/暂缓/年度上限 3');
  });

  it('English, and "create call tasks" emits the listed rows with the query', async () => {
    desk = await openDesk({ locale: 'en', connect: false });
    const w = desk.mount(RankedList, { list: null, loading: false, days: ['2026-12-07', '2026-12-08'], creating: false });
    await w.setProps({ list });
    expect(w.text()).toContain('5 platelet donations');
    await w.find('[data-test="list-tasks"]').trigger('click');
    const [rows, q] = w.emitted('tasks')![0] as [{ donorId: number }[], { group: string; targetDay: string; emergency: boolean }];
    expect(rows.map((r) => r.donorId)).toEqual([7]);
    expect(q).toEqual({ group: 'O+', targetDay: '2026-12-08', emergency: false });
  });

  it('短信邀约 hands the selected rows (rank order) and the query over; only for those who may make campaigns', async () => {
    desk = await openDesk({ locale: 'zh-CN', connect: false });
    const w = desk.mount(RankedList, { list, loading: false, days: ['2026-12-07', '2026-12-08'], creating: false, canCampaign: true });
    expect(w.find('[data-test="list-sms"]').text()).toBe('短信邀约（1）');
    await w.find('[data-test="list-sms"]').trigger('click');
    const [rows, q] = w.emitted('sms')![0] as [{ donorId: number }[], { targetDay: string }];
    expect([rows.map((r) => r.donorId), q.targetDay]).toEqual([[7], '2026-12-08']);
    await w.setProps({ canCampaign: false });
    expect(w.find('[data-test="list-sms"]').exists()).toBe(false);
  });
});
