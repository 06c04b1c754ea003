/** Wrap-up needs a disposition; with one, it posts exactly what the agent entered. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDesk, waitFor, type Desk } from '../../test/helpers.js';
import { startPeer, type ContractPeer } from '../../test/peer/contract-peer.js';
import { popFor } from '../../test/peer/fixtures.js';
import { useBookingStore } from '../stores/booking.store.js';
import { useCallStore } from '../stores/call.store.js';
import { useDeskListsStore } from '../stores/desk-lists.store.js';
import { BUILTIN_LIST_ITEMS, type DeskListItemDto } from '@donorline/domain';
import WrapUpForm from './WrapUpForm.vue';

let peer: ContractPeer;
let desk: Desk;
beforeEach(async () => {
  peer = await startPeer();
  desk = await openDesk({ peer, connect: false });
});
afterEach(async () => {
  await desk.close();
  await peer.close();
  document.body.innerHTML = '';
});

function endedCall(over: Parameters<typeof popFor>[1] = {}) {
  const calls = useCallStore(desk.pinia);
  const pop = popFor('known', over);
  calls.receivePop(pop);
  calls.applyUpdate({ popId: pop.popId, callId: pop.callId, state: 'connected', at: new Date().toISOString(), answeredAt: new Date().toISOString() });
  calls.applyUpdate({ popId: pop.popId, callId: pop.callId, state: 'ended', at: new Date().toISOString() });
  return calls.byPop(pop.popId)!;
}

const dispositionPosts = () => peer.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/disposition'));

describe('WrapUpForm', () => {
  it('refuses to save without a disposition and sends nothing', async () => {
    const w = desk.mount(WrapUpForm, { entry: endedCall() });
    await w.get('[data-test=wrap-up-notes]').setValue('询问献血间隔');
    await w.get('form').trigger('submit');
    await waitFor(() => w.find('[data-test=disposition-required]').exists(), 5000, 'required message');
    expect(w.get('[data-test=disposition-required]').text()).toBe('请选择来电类型');
    await new Promise((r) => setTimeout(r, 50));
    expect(dispositionPosts()).toHaveLength(0);
    expect(w.find('[data-test=wrap-up-saved]').exists()).toBe(false);
  });

  it('saves the disposition, notes, donor and follow-up', async () => {
    const entry = endedCall();
    const w = desk.mount(WrapUpForm, { entry });
    await w.get('[data-test=disposition-eligibility]').trigger('click');
    expect(w.get('[data-test=disposition-eligibility]').attributes('aria-checked')).toBe('true');
    await w.get('[data-test=wrap-up-notes]').setValue('  询问献血间隔，已说明 6 个月  ');
    await w.get('[data-test=follow-up-toggle] input').setValue(true);
    await w.get('form').trigger('submit');
    expect(w.text()).toContain('请填写跟进事项');
    expect(dispositionPosts()).toHaveLength(0);

    await w.get('[data-test=follow-up-subject]').setValue('1月4日前回电提醒');
    await w.get('form').trigger('submit');
    await waitFor(() => w.find('[data-test=wrap-up-saved]').exists(), 5000, 'saved');
    const post = dispositionPosts()[0]!;
    expect(post.path).toBe(`/api/calls/${entry.callId}/disposition`);
    expect(post.body).toEqual({
      disposition: 'eligibility',
      notes: '询问献血间隔，已说明 6 个月',
      donorId: entry.pop.donors[0]!.id,
      followUp: { kind: 'callback', subject: '1月4日前回电提醒', dueAt: null },
    });
  });

  it('suggests the IVR topic without choosing it (English)', async () => {
    await desk.close();
    desk = await openDesk({ peer, connect: false, locale: 'en' });
    const w = desk.mount(WrapUpForm, { entry: endedCall() });
    const booking = w.get('[data-test=disposition-booking]');
    expect(booking.text()).toContain('Suggested');
    expect(booking.attributes('aria-checked')).toBe('false');
    await w.get('form').trigger('submit');
    await waitFor(() => w.find('[data-test=disposition-required]').exists(), 5000, 'required');
    expect(w.get('[data-test=disposition-required]').text()).toBe('Choose a disposition');
  });

  it('suggests 预约 only on the call the booking was made on — never on the calls after it; the badge is 推荐, not 建议', async () => {
    const noTopic = { ivr: { ...popFor('known').ivr, topic: null } };
    const booked = endedCall(noTopic);
    const booking = useBookingStore(desk.pinia);
    const slot = peer.slots[0]!;
    await booking.book(booked.pop.donors[0]!.id, slot, booked.callId);
    const w1 = desk.mount(WrapUpForm, { entry: booked });
    expect(w1.get('[data-test=disposition-booking]').text()).toContain('推荐');
    expect(w1.get('[data-test=disposition-suggestion]').text()).toBe('意见建议');
    w1.unmount();
    const next = endedCall(noTopic);
    const w2 = desk.mount(WrapUpForm, { entry: next });
    expect(w2.get('[data-test=disposition-booking]').text()).not.toContain('推荐');
  });

  it('an outbound call asks for the 去电类型, and a note shows its limit as a counter', async () => {
    const w = desk.mount(WrapUpForm, { entry: endedCall({ direction: 'outbound' }) });
    expect(w.get('[data-test=disposition-legend]').text()).toBe('去电类型（必选）');
    await w.get('[data-test=wrap-up-notes]').setValue('回访');
    expect(w.get('.el-input__count').text()).toBe('2 / 4000');
    expect(w.get('[data-test=wrap-up-notes]').attributes('maxlength')).toBe('4000');
  });

  it('offers the dispositions the server lists (administration → lists): their order and labels, an added one, not a disabled one', async () => {
    const item = (code: string, labelZh: string, labelEn: string, sortOrder: number, active = true, builtin = true): DeskListItemDto => ({
      list: 'disposition', code, labelZh, labelEn, sortOrder, active, builtin, updatedAt: new Date().toISOString(),
    });
    const builtins = BUILTIN_LIST_ITEMS.disposition.filter((d) => d.code !== 'recall').map((d, i) => item(d.code, d.zh, d.en, (i + 2) * 10));
    peer.lists = {
      pauseReasons: [],
      dispositions: [item('blood-supply', '医院用血', 'Hospital supply', 10, true, false), ...builtins.map((d) => (d.code === 'care' ? { ...d, labelZh: '关怀回访' } : d))],
      disabled: [item('recall', '流失召回', 'Recall', 900, false)],
    };
    await useDeskListsStore(desk.pinia).load(true);
    const w = desk.mount(WrapUpForm, { entry: endedCall() });
    await waitFor(() => w.find('[data-test=disposition-blood-supply]').exists(), 5000, 'the added disposition');
    const shown = w.findAll('[role=radio]').map((b) => b.attributes('data-test'));
    expect(shown[0]).toBe('disposition-blood-supply');
    expect(shown).not.toContain('disposition-recall');
    expect(w.get('[data-test=disposition-care]').text()).toBe('关怀回访');
    await w.get('[data-test=disposition-blood-supply]').trigger('click');
    await w.get('form').trigger('submit');
    await waitFor(() => w.find('[data-test=wrap-up-saved]').exists(), 5000, 'saved');
    expect((dispositionPosts()[0]!.body as { disposition: string }).disposition).toBe('blood-supply');
  });
});
