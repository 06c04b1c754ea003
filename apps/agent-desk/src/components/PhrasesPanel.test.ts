/**
 * Standard phrases: the general script plus the call type's, in seed 002's order, each placeholder filled with the
 * one fact it names — and, while the phone rings and nobody's record is open, the missing facts read as their
 * names, never as a "____" blank.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addDays, phraseFacts, type AppointmentBrief } from '@donorline/domain';
import { openDesk, waitFor, type Desk } from '../../test/helpers.js';
import { donor360, today } from '../../test/peer/fixtures.js';
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

const agent = { name: '李晓梅', number: '8001' };
const t = today();
/** Whole blood 50 days ago, then deferred (medication) until t+30. */
const deferred = donor360({
  id: 2001, name: '李秀英', gender: 'female', birthDate: '1990-02-02', phone: '+8619905320002', nationalId: '', bloodType: 'A+',
  donations: [{ type: 'whole-blood', date: addDays(t, -250), outcome: 'completed', volumeMl: 400, siteName: '台东献血屋' }],
  deferral: { from: addDays(t, -2), until: addDays(t, 30), reason: '感冒服药' },
});
const md = (d: string): string => `${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;

describe('PhrasesPanel', () => {
  it('orders opening → bad news → choices → commitment → closing; the commitment names the booking of this call', async () => {
    const appt: AppointmentBrief = { id: 9, siteId: 2, siteName: '台东献血屋', type: 'whole-blood', startsAt: `${addDays(t, 40)}T06:00:00.000Z`, status: 'booked', channel: 'agent' };
    const facts = phraseFacts({ agent, donor: deferred, bookedOnCall: appt });
    const w = desk.mount(PhrasesPanel, { callType: 'booking', facts });
    await waitFor(() => w.findAll('[data-test=phrase-stage]').length === 5, 5000, 'phrases');
    expect(w.findAll('[data-test=phrase-stage]').map((g) => g.attributes('data-stage'))).toEqual(['opening', 'bad-news', 'choices', 'commitment', 'closing']);
    const texts = w.findAll('[data-test=phrase]').map((p) => p.text());
    expect(texts[0]).toBe('您好，青岛市中心血站献血服务热线，工号8001为您服务。');
    expect(texts[1]).toBe(`先跟您说明一下：最早${md(addDays(t, 30))}可以献血。`);
    expect(texts[3]).toBe(`好的，给您约在${md(addDays(t, 40))}14:00，台东献血屋。您看这个时间您能来吗？`);
    expect(texts.join('')).not.toMatch(/[{}]|＿|____/);
    expect(texts.slice(-2)).toEqual(['预约成功，请携带身份证。谢谢您又一次伸出援手！', '感谢您对无偿献血事业的支持，再见！']);
    expect(peer.requests.filter((r) => r.path === '/api/phrases').map((r) => r.query.callType).sort()).toEqual(['booking', 'inbound']);
  });

  it('a deferred donor: last donation, the end of the deferral and its reason are three different facts', async () => {
    const w = desk.mount(PhrasesPanel, { callType: 'eligibility', facts: phraseFacts({ agent, donor: deferred }) });
    await waitFor(() => w.findAll('[data-test=phrase]').length === 4, 5000, 'phrases');
    const texts = w.findAll('[data-test=phrase]').map((p) => p.text());
    expect(texts[1]).toBe(`您目前暂缓献血（感冒服药），${md(addDays(t, 30))}以后才能再献。`);
    expect(texts[2]).toBe(`您上次献血是${md(addDays(t, -250))}，全血最早${md(addDays(t, 30))}可以再献。`);
  });

  it('while ringing with nobody identified: every missing fact shows its name, no blank; a fact this donor lacks dims the phrase', async () => {
    const w = desk.mount(PhrasesPanel, { callType: 'booking', facts: phraseFacts({ agent, donor: null }) });
    await waitFor(() => w.findAll('[data-test=phrase]').length === 6, 5000, 'phrases');
    const all = w.findAll('[data-test=phrase]').map((p) => p.text()).join('\n');
    expect(all).not.toMatch(/＿|____|[{}]/);
    expect(w.findAll('[data-test=phrase-missing]').map((m) => m.text())).toEqual(['最早可献日期', '最早可献日期', '预约日期', '预约时间', '预约地点']);
    expect(w.findAll('[data-test=phrase]')[0]!.text()).toContain('工号8001');
    // the donor is known and has nothing booked: the commitment does not fit yet
    await w.setProps({ facts: phraseFacts({ agent, donor: { ...deferred, activeDeferral: null, upcomingAppointments: [] } }) });
    const commitment = w.findAll('[data-test=phrase]')[3]!;
    expect(commitment.classes()).toContain('ph__phrase--na');
    expect(commitment.attributes('title')).toContain('预约日期');
  });

  it('switches to English texts and English fact names', async () => {
    await desk.close();
    desk = await openDesk({ peer, connect: false, locale: 'en' });
    const w = desk.mount(PhrasesPanel, { callType: 'complaint', facts: phraseFacts({ agent, donor: null }) });
    await waitFor(() => w.findAll('[data-test=phrase]').length === 3, 5000, 'phrases');
    expect(w.findAll('[data-test=phrase]').map((p) => p.text())).toEqual(['Hello, donor hotline, agent 8001 speaking.', 'I am sorry you had to wait.', 'Thank you for supporting blood donation, goodbye!']);
    expect(w.text()).toContain('Bad news first — and quickly');
  });
});
