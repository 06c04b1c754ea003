/** The 360's past bookings: a no-show is said in words with its hint, the show-up figure counts settled bookings only. */
import { afterEach, describe, expect, it } from 'vitest';
import type { AppointmentBrief } from '@donorline/domain';
import { openDesk, type Desk } from '../../../test/helpers.js';
import AppointmentHistory from './AppointmentHistory.vue';

let desk: Desk;
afterEach(async () => {
  await desk.close();
  document.body.innerHTML = '';
});

const appt = (id: number, startsAt: string, status: AppointmentBrief['status']): AppointmentBrief => ({ id, siteId: 1, siteName: '五四广场献血屋', type: 'platelets', startsAt, status, channel: 'agent' });

describe('AppointmentHistory', () => {
  it('lists past bookings newest first with their state; 到场 2/3 over arrived and no-show only', async () => {
    desk = await openDesk();
    const w = desk.mount(AppointmentHistory, {
      appointments: [
        appt(1, '2026-09-01T01:30:00Z', 'arrived'), appt(2, '2026-10-01T01:30:00Z', 'no-show'), appt(3, '2026-11-01T01:30:00Z', 'arrived'),
        appt(4, '2026-11-15T01:30:00Z', 'cancelled'), appt(5, '2099-01-01T01:30:00Z', 'booked'),
      ],
    });
    expect(w.findAll('li').map((l) => l.attributes('data-test'))).toEqual(['history-appointment-4', 'history-appointment-3', 'history-appointment-2', 'history-appointment-1']);
    const noShow = w.find('[data-test=history-appointment-2] [data-test=appointment-status-no-show]');
    expect(noShow.text()).toBe('未到场');
    expect(noShow.classes()).toContain('dl-chip--warn');
    expect(noShow.attributes('title')).toContain('献血系统没有该献血者的献血记录');
    expect(w.find('[data-test=show-up-rate]').text()).toBe('预约到场 2/3');
  });
});
