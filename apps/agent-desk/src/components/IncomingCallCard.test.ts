/** The pop card for a known, a shared and an unknown caller, in zh-CN and English, and its paint probe. */
import { afterEach, describe, expect, it } from 'vitest';
import { DONATION_TYPES, type ScreenPop, type TypeEligibility } from '@donorline/domain';
import { openDesk, waitFor, type Desk } from '../../test/helpers.js';
import { popFor } from '../../test/peer/fixtures.js';
import { markPopReceived, popLatencies } from '../perf/pop-latency.js';
import { useCallStore } from '../stores/call.store.js';
import { formatShortDate } from '../utils/format.js';
import IncomingCallCard from './IncomingCallCard.vue';

let desk: Desk | null = null;
afterEach(async () => {
  await desk?.close();
  document.body.innerHTML = '';
});

async function render(pop: ScreenPop, locale: 'zh-CN' | 'en') {
  desk = await openDesk({ locale });
  const calls = useCallStore(desk.pinia);
  markPopReceived(pop.popId);
  const { entry } = calls.receivePop(pop);
  const wrapper = desk.mount(IncomingCallCard, { entry });
  return { wrapper, entry: entry! };
}

describe('IncomingCallCard', () => {
  it('known caller, zh-CN: name, blood type, count, next eligible date, IVR verification and path, bad news first', async () => {
    const pop = popFor('known');
    const { wrapper } = await render(pop, 'zh-CN');
    const d = pop.donors[0]!;
    const text = wrapper.text();
    expect(wrapper.get('[data-test=pop-donor-name]').text()).toBe(d.name);
    expect(text).toContain(d.bloodType!);
    expect(text).toContain(`献血 ${d.donationCount} 次`);
    const next = wrapper.get('[data-test=pop-next-eligible]').text();
    const zhType = { 'whole-blood': '全血', platelets: '单采血小板', plasma: '单采血浆' } as const;
    for (const type of DONATION_TYPES) {
      const e = d.eligibility[type];
      if (!e.eligibleFrom) continue;
      expect(next).toContain(zhType[type]); // every type the donor may give is named …
      if (!e.eligibleNow) expect(next).toContain(`${formatShortDate(e.eligibleFrom, 'zh-CN')}起`); // … with its date
    }
    expect(wrapper.get('[data-test=pop-topic]').text()).toBe('来电意图：预约');
    expect(wrapper.get('[data-test=ivr-verified]').text()).toContain('IVR 已验证');
    expect(wrapper.get('[data-test=ivr-verified]').text()).toContain('身份证后四位');
    expect(wrapper.get('[data-test=ivr-path]').text()).toMatch(/欢迎语.*主菜单\(1\).*身份验证.*预约.*转人工/);
    expect(wrapper.get('[data-test=pop-number]').text()).toBe(pop.callerMasked);
    expect(text).toContain('绿色通道');
    expect(text).toContain('有未结投诉 1 件');
    expect(text).toContain('来电振铃');
    expect(text).toMatch(/等待 00:2\d/);
    // The full number never reaches the card.
    expect(text).not.toMatch(/1380013800/);
  });

  it('the account manager\'s own ring says why it came to them; a queue ring says nothing — zh-CN and English', async () => {
    const direct = { ...popFor('known'), queue: null, routeReason: 'account-manager-caller-id' as const };
    const zh = (await render(direct, 'zh-CN')).wrapper;
    expect(zh.get('[data-test=route-reason]').text()).toBe('您的献血者 · 号码识别');
    expect(zh.get('[data-test=route-reason]').attributes('title')).toContain('保留排队位置');
    await desk!.close();
    const en = (await render({ ...direct, routeReason: 'account-manager-verified' }, 'en')).wrapper;
    expect(en.get('[data-test=route-reason]').text()).toBe('Your donor · IVR-verified');
    await desk!.close();
    expect((await render(popFor('known'), 'zh-CN')).wrapper.find('[data-test=route-reason]').exists()).toBe(false);
  });

  it('next eligible names the donation type, compactly: open now first, then each date — zh-CN and English', async () => {
    const elig = (type: TypeEligibility['type'], eligibleNow: boolean, eligibleFrom: string | null): TypeEligibility => ({ type, eligibleNow, eligibleFrom, blockers: [] });
    const pop = popFor('known');
    pop.donors[0]!.eligibility = { 'whole-blood': elig('whole-blood', false, '2026-12-01'), platelets: elig('platelets', true, '2026-11-20'), plasma: elig('plasma', false, null) };
    const zh = (await render(pop, 'zh-CN')).wrapper.get('[data-test=pop-next-eligible]');
    expect(zh.text()).toBe('单采血小板 现在可献 · 全血 12月1日起');
    expect(zh.findAll('.pop__ok').map((x) => x.text())).toEqual(['单采血小板 现在可献']);
    await desk!.close();
    const en = (await render(pop, 'en')).wrapper.get('[data-test=pop-next-eligible]');
    expect(en.text()).toBe('Apheresis platelets now · Whole blood from Dec 1');

    // several types on the same footing are named together; none open → not eligible
    pop.donors[0]!.eligibility = { 'whole-blood': elig('whole-blood', false, '2027-01-05'), platelets: elig('platelets', false, '2026-12-08'), plasma: elig('plasma', false, '2026-12-08') };
    await desk!.close();
    expect((await render(pop, 'zh-CN')).wrapper.get('[data-test=pop-next-eligible]').text()).toBe('单采血小板、单采血浆 12月8日起 · 全血 1月5日起');
    pop.donors[0]!.eligibility = { 'whole-blood': elig('whole-blood', false, null), platelets: elig('platelets', false, null), plasma: elig('plasma', false, null) };
    await desk!.close();
    expect((await render(pop, 'zh-CN')).wrapper.get('[data-test=pop-next-eligible]').text()).toBe('暂不可献');
  });

  it('an ended call says who hung up; the IVR path and topic are in words, details included', async () => {
    const pop = popFor('known', { ivr: { ...popFor('known').ivr, path: ['welcome', 'menu:2', 'identity:failed', 'appointments', 'type:platelets', 'agent'], topic: 'ivr-failure' } });
    const { wrapper } = await render(pop, 'zh-CN');
    expect(wrapper.get('[data-test=ivr-path]').text()).toContain('主菜单(2)身份验证(未通过)预约献血类型(单采血小板)转人工');
    expect(wrapper.get('[data-test=pop-topic]').text()).toBe('来电意图：语音导航故障');
    expect(wrapper.find('[data-test=pop-ended-by]').exists()).toBe(false);
    useCallStore(desk!.pinia).applyUpdate({ popId: pop.popId, callId: pop.callId, state: 'ended', at: new Date().toISOString(), answeredAt: new Date().toISOString(), hangupBy: 'caller' });
    await wrapper.vm.$nextTick();
    expect(wrapper.get('.pop__phase').text()).toBe('通话已结束 · 来电人挂断');
  });

  it('known caller, English', async () => {
    const pop = popFor('known');
    const { wrapper } = await render(pop, 'en');
    const text = wrapper.text();
    expect(text).toContain('Incoming call');
    expect(text).toContain(`${pop.donors[0]!.donationCount} donations`);
    expect(text).toContain('Verified by IVR');
    expect(text).toContain('ID last 4 digits');
    expect(text).toContain('Green channel');
    expect(text).toContain('1 open complaint(s)');
    expect(wrapper.get('[data-test=ivr-path]').text()).toMatch(/Welcome.*Main menu\(1\).*To agent/);
    expect(wrapper.get('[data-test=pop-topic]').text()).toBe('Reason for calling: Booking');
  });

  it('shared number: lists the candidates and emits the pick', async () => {
    const pop = popFor('shared');
    const { wrapper } = await render(pop, 'zh-CN');
    expect(wrapper.text()).toContain('共用号码 · 2 位献血者');
    const rows = wrapper.findAll('[data-test=pop-candidates] li');
    expect(rows).toHaveLength(2);
    expect(rows[0]!.text()).toContain(pop.donors[0]!.name);
    expect(rows[1]!.text()).toContain(pop.donors[1]!.name);
    expect(wrapper.find('[data-test=pop-donor-name]').exists()).toBe(false);
    await wrapper.get(`[data-test=pick-${pop.donors[1]!.id}]`).trigger('click');
    expect(wrapper.emitted('pick')).toEqual([[pop.donors[1]!.id]]);
  });

  it('shared number, English', async () => {
    const { wrapper } = await render(popFor('shared'), 'en');
    expect(wrapper.text()).toContain('Shared number · 2 donors');
    expect(wrapper.text()).toContain('Confirm who is calling');
  });

  it('unknown caller: says so and offers search-and-link or create', async () => {
    const pop = popFor('unknown');
    const { wrapper } = await render(pop, 'zh-CN');
    expect(wrapper.get('[data-test=pop-unknown]').text()).toBe('未识别来电');
    await wrapper.get('[data-test=unknown-create]').trigger('click');
    await wrapper.get('[data-test=unknown-search]').trigger('click');
    expect(wrapper.emitted('unknown')).toEqual([['create'], ['search']]);
    expect(wrapper.find('[data-test=open-360]').exists()).toBe(false);
  });

  it('unknown caller, English', async () => {
    const { wrapper } = await render(popFor('unknown'), 'en');
    expect(wrapper.get('[data-test=pop-unknown]').text()).toBe('Unknown caller');
    expect(wrapper.text()).toContain('Create donor');
  });

  it('measures its paint once per popId, also when the pop is delivered again', async () => {
    const pop = popFor('known');
    const { wrapper } = await render(pop, 'zh-CN');
    await waitFor(() => popLatencies().some((l) => l.popId === pop.popId), 5000, 'latency sample');
    const sample = popLatencies().find((l) => l.popId === pop.popId)!;
    expect(sample.ms).toBeGreaterThanOrEqual(0);
    // A re-delivery refreshes the same card; no second sample.
    useCallStore(desk!.pinia).receivePop({ ...pop });
    await wrapper.vm.$nextTick();
    await new Promise((r) => setTimeout(r, 50));
    expect(popLatencies().filter((l) => l.popId === pop.popId)).toHaveLength(1);
    expect((window as unknown as { __donorline: { popLatencies: unknown[] } }).__donorline.popLatencies).toContain(sample);
  });
});
