/** The pop card for a known, a shared and an unknown caller, in zh-CN and English, and its paint probe. */
import { afterEach, describe, expect, it } from 'vitest';
import type { ScreenPop } from '@donorline/domain';
import { openDesk, waitFor, type Desk } from '../../test/helpers.js';
import { popFor } from '../../test/peer/fixtures.js';
import { markPopReceived, popLatencies } from '../perf/pop-latency.js';
import { useCallStore } from '../stores/call.store.js';
import { soonestOf } from '../utils/eligibility.js';
import { formatLocalDate } from '../utils/format.js';
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
    const next = soonestOf(d.eligibility)!;
    const text = wrapper.text();
    expect(wrapper.get('[data-test=pop-donor-name]').text()).toBe(d.name);
    expect(text).toContain(d.bloodType!);
    expect(text).toContain(`献血 ${d.donationCount} 次`);
    expect(wrapper.get('[data-test=pop-next-eligible]').text()).toContain(formatLocalDate(next.eligibleFrom, 'zh-CN'));
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
