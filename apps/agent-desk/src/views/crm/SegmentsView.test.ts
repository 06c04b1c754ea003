/**
 * The segment builder against the contract peer: the live count of the empty rule, a condition added from the
 * builder is counted again (debounced) and its masked preview shown; an incomplete condition gets the server's
 * message in words; a supervisor saves the rule under a name and it is listed.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { validateSegmentRule } from '@donorline/domain';
import { openDesk, waitFor, type Desk } from '../../../test/helpers.js';
import { startPeer, type ContractPeer } from '../../../test/peer/contract-peer.js';
import { AGENT } from '../../../test/peer/fixtures.js';
import { useCrmStore } from '../../stores/crm.store.js';
import SegmentsView from './SegmentsView.vue';

let peer: ContractPeer;
let desk: Desk;
afterEach(async () => {
  await desk.close();
  await peer.close();
  document.body.innerHTML = '';
});

const countText = (w: ReturnType<Desk['mount']>) => w.find('[data-test=segment-count]').text();

describe('SegmentsView (builder)', () => {
  beforeEach(async () => {
    peer = await startPeer();
    desk = await openDesk({ peer, connect: false });
  });

  it('counts live as conditions are built; a bad condition shows the server\'s reason; previews are masked', async () => {
    const w = desk.mount(SegmentsView);
    await waitFor(() => /匹配 3 人/.test(countText(w)), 5000, 'the count of everyone');
    expect(w.text()).toContain('尚无条件：匹配全部献血者');
    expect(w.find('[data-test=segment-save]').exists()).toBe(false); // an agent counts but does not save

    await w.find('[data-test=segment-add-condition]').trigger('click');
    // a new condition (blood group, no value yet) is incomplete: the server says so, in words, with the path
    await waitFor(() => w.find('[data-test=segment-error]').exists(), 5000, 'the rule error');
    expect(w.find('[data-test=segment-error]').text()).toMatch(/分群规则无效：rule\.rules\[0\]\.value/);

    // choose 性别 = 女 (what Element Plus emits when the user picks the options)
    const selects = () => w.findAllComponents({ name: 'ElSelect' });
    selects()[0]!.vm.$emit('update:modelValue', 'gender');
    await waitFor(() => w.findAll('[data-test=segment-condition]').length === 1 && selects().length >= 2, 2000, 'the gender editor');
    selects()[1]!.vm.$emit('update:modelValue', ['female']);
    await waitFor(() => /匹配 2 人/.test(countText(w)), 5000, 'the count of women');
    expect(w.find('[data-test=segment-error]').exists()).toBe(false);
    const rows = w.findAll('[data-test=segment-preview] tbody tr');
    expect(rows).toHaveLength(2);
    expect(w.find('[data-test=segment-preview]').text()).toMatch(/\*/);
    expect(w.find('[data-test=segment-preview]').text()).not.toMatch(/1[3-9]\d{9}/);
    // what the builder produced is a rule the server accepts as it is
    expect(validateSegmentRule(useCrmStore(desk.pinia).rule)).toEqual({ op: 'and', rules: [{ field: 'gender', op: 'in', value: ['female'] }] });

    await w.find('[data-test=segment-remove]').trigger('click');
    await waitFor(() => /匹配 3 人/.test(countText(w)), 5000, 'everyone again');
  }, 20_000);
});

describe('SegmentsView (supervisor)', () => {
  beforeEach(async () => {
    peer = await startPeer();
    desk = await openDesk({ peer, connect: false, user: { ...AGENT, role: 'supervisor' } });
  });

  it('saves the rule under a name and lists it', async () => {
    const w = desk.mount(SegmentsView);
    await waitFor(() => /匹配 3 人/.test(countText(w)), 5000, 'the count');
    await w.find('[data-test=segment-name]').setValue('女性献血者');
    await w.find('[data-test=segment-save]').trigger('click');
    await waitFor(() => w.find('[data-test=segment-saved]').text().includes('女性献血者'), 5000, 'the saved segment');
    expect(peer.requests.some((r) => r.method === 'POST' && r.path === '/api/crm/segments')).toBe(true);
  }, 20_000);
});
