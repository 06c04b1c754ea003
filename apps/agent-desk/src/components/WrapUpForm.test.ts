/** Wrap-up needs a disposition; with one, it posts exactly what the agent entered. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDesk, waitFor, type Desk } from '../../test/helpers.js';
import { startPeer, type ContractPeer } from '../../test/peer/contract-peer.js';
import { popFor } from '../../test/peer/fixtures.js';
import { useCallStore } from '../stores/call.store.js';
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

function endedCall() {
  const calls = useCallStore(desk.pinia);
  const pop = popFor('known');
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
});
