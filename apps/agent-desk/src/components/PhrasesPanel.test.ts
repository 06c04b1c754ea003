/** Standard phrases: the general script plus the call type's, in seed 002's order, with the call's facts filled in. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDesk, waitFor, type Desk } from '../../test/helpers.js';
import { startPeer, type ContractPeer } from '../../test/peer/contract-peer.js';
import PhrasesPanel from './PhrasesPanel.vue';

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

describe('PhrasesPanel', () => {
  it('orders opening → bad news → choices → commitment → closing and fills the placeholders it knows', async () => {
    const w = desk.mount(PhrasesPanel, { callType: 'booking', context: { 工号: '8001', 日期: '1月4日', 地点: '台东献血屋' } });
    await waitFor(() => w.findAll('[data-test=phrase-stage]').length === 5, 5000, 'phrases');
    expect(w.findAll('[data-test=phrase-stage]').map((g) => g.attributes('data-stage'))).toEqual(['opening', 'bad-news', 'choices', 'commitment', 'closing']);
    const texts = w.findAll('[data-test=phrase]').map((p) => p.text());
    expect(texts[0]).toBe('您好，青岛市中心血站献血服务热线，工号8001为您服务。');
    expect(texts[1]).toBe('先跟您说明一下：最早1月4日可以献血。');
    // Unknown facts stay a visible blank to fill in, never a raw {placeholder}.
    expect(texts[3]).toBe('好的，给您约在1月4日＿＿，台东献血屋。您看这个时间您能来吗？');
    expect(texts.join('')).not.toMatch(/[{}]/);
    // Both closings (booking's, then the general one) come last.
    expect(texts.slice(-2)).toEqual(['预约成功，请携带身份证。谢谢您又一次伸出援手！', '感谢您对无偿献血事业的支持，再见！']);
    expect(peer.requests.filter((r) => r.path === '/api/phrases').map((r) => r.query.callType).sort()).toEqual(['booking', 'inbound']);
  });

  it('switches to English texts', async () => {
    await desk.close();
    desk = await openDesk({ peer, connect: false, locale: 'en' });
    const w = desk.mount(PhrasesPanel, { callType: 'complaint', context: { id: '8001' } });
    await waitFor(() => w.findAll('[data-test=phrase]').length === 3, 5000, 'phrases');
    expect(w.findAll('[data-test=phrase]').map((p) => p.text())).toEqual(['Hello, donor hotline, agent 8001 speaking.', 'I am sorry you had to wait.', 'Thank you for supporting blood donation, goodbye!']);
    expect(w.text()).toContain('Bad news first — and quickly');
  });
});
