/** Contact records show their channel, category and outcome in words — never a raw wire value. */
import { afterEach, describe, expect, it } from 'vitest';
import type { ContactBrief } from '@donorline/domain';
import { openDesk, type Desk } from '../../test/helpers.js';
import ContactHistory from './ContactHistory.vue';

let desk: Desk | null = null;
afterEach(async () => {
  await desk?.close();
  document.body.innerHTML = '';
});

let seq = 0;
const contact = (over: Partial<ContactBrief>): ContactBrief => ({
  id: ++seq, at: new Date(Date.UTC(2026, 10, 20, 2, 60 - seq)).toISOString(), channel: 'call', category: 'consultation', summary: `记录${seq}`, outcome: null, agent: null, ...over,
});
const contacts = [
  contact({ category: 'booking', summary: '预约单采血小板', outcome: 'booked' }), // seed data: a booking status
  contact({ category: 'booking', summary: '小结：预约', outcome: 'booking' }), // a wrap-up: the disposition repeats the category
  contact({ category: 'other', summary: '打错了', outcome: 'wrong-number' }), // a disposition that maps to 'other'
  contact({ channel: 'sms', category: 'recruitment', summary: '招募短信', outcome: 'reached-later' }), // a recruitment attempt
  contact({ channel: 'wechat', category: 'consultation', summary: '咨询献血证', outcome: '已寄送献血证' }), // free text
];

async function rows(locale: 'zh-CN' | 'en'): Promise<string[]> {
  desk = await openDesk({ locale });
  const w = desk.mount(ContactHistory, { contacts });
  return w.findAll('.ch__item').map((li) => li.text());
}

describe('ContactHistory', () => {
  it('zh-CN: outcomes, channels and categories in Chinese; an outcome that only repeats the category is not shown twice', async () => {
    const [booked, wrapUp, wrong, attempt, free] = await rows('zh-CN');
    expect(booked).toContain('预约单采血小板 — 已预约');
    expect(booked).not.toContain('booked');
    expect(wrapUp).toMatch(/预约.*小结：预约$/);
    expect(wrapUp).not.toContain('—');
    expect(wrong).toContain('打错了 — 打错电话');
    expect(attempt).toContain('短信');
    expect(attempt).toContain('招募短信 — 接通·约定再联系');
    expect(free).toContain('微信');
    expect(free).toContain('咨询献血证 — 已寄送献血证');
  });

  it('English', async () => {
    const [booked, , wrong, attempt] = await rows('en');
    expect(booked).toContain('— Booked');
    expect(wrong).toContain('— Wrong number');
    expect(attempt).toContain('— Reached · call again later');
  });
});
