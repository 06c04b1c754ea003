/** The wallboard's queue card and alert strip: today's figures, colours at the thresholds, alert texts in both languages. */
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_WALLBOARD_THRESHOLDS, wallboardAlerts, type QueueStats, type WallboardInfoDto } from '@donorline/domain';
import { flushPromises, openDesk, type Desk } from '../../../test/helpers.js';
import QueueFigureCard from './QueueFigureCard.vue';
import ReportTable from './ReportTable.vue';
import WallboardAlerts from './WallboardAlerts.vue';

let desk: Desk | null = null;
afterEach(async () => {
  await desk?.close();
  document.body.innerHTML = '';
});

const info: WallboardInfoDto = { slThresholdSeconds: 20, slTarget: 0.8, thresholds: { ...DEFAULT_WALLBOARD_THRESHOLDS }, overdueTasks: 2 };
const q: QueueStats = {
  queue: 'hotline', waiting: 7, longestWaitSeconds: 75, agentsReady: 1, agentsBusy: 3, agentsPaused: 1, answeredToday: 3, abandonedToday: 2,
  offeredToday: 5, serviceLevel: 0.4, abandonRate: 0.4, asaSeconds: 12.7, ahtSeconds: 132.3,
};

describe('wallboard queue card', () => {
  it('shows the day\'s figures and colours them: many waiting red, long wait amber, SL under target red', async () => {
    desk = await openDesk({ locale: 'zh-CN' });
    const w = desk.mount(QueueFigureCard, { q, info, longestWait: 75 });
    expect(w.get('[data-test=service-level]').text()).toBe('40.0%');
    expect(w.get('[data-test=abandon-rate]').text()).toBe('40.0%');
    expect(w.get('[data-test=today-counts]').text()).toBe('5 / 3 / 2');
    expect(w.text()).toContain('目标 80%');
    expect(w.get('[data-test=waiting]').element.parentElement!.className).toContain('lv--alert');
    expect(w.get('[data-test=service-level]').element.parentElement!.className).toContain('lv--alert');
    expect(w.findAll('.lv--warn').length).toBe(1); // the longest wait (75 s ≥ 60 s)
  });

  it('nothing offered yet: dashes, not 0 % or NaN', async () => {
    desk = await openDesk({ locale: 'en' });
    const w = desk.mount(QueueFigureCard, { q: { ...q, waiting: 0, offeredToday: 0, serviceLevel: null, abandonRate: null, asaSeconds: null, ahtSeconds: null }, info, longestWait: 0 });
    expect(w.get('[data-test=service-level]').text()).toBe('—');
    expect(w.text()).not.toMatch(/NaN/);
  });

  it('alert strip: red first, in words, in both languages', async () => {
    const alerts = wallboardAlerts({ queues: [{ queue: 'hotline', waiting: 7, longestWaitSeconds: 75, serviceLevel: 0.4, abandonRate: 0.4 }], agents: [{ extension: '8001', state: 'paused', secondsInState: 1000 }], overdueTasks: 2, slTarget: 0.8 });
    desk = await openDesk({ locale: 'zh-CN' });
    const zh = desk.mount(WallboardAlerts, { alerts });
    const items = zh.findAll('.wba__item').map((x) => x.text());
    expect(items[0]).toMatch(/排队 7 人/);
    expect(items).toContain('坐席 8001 小休 16:40');
    expect(items).toContain('2 个工单已超期');
    await desk.close();
    desk = await openDesk({ locale: 'en' });
    const en = desk.mount(WallboardAlerts, { alerts: [] });
    expect(en.text()).toContain('All clear');
  });

  it('report table: headings from the shared column list, rates and times formatted', async () => {
    desk = await openDesk({ locale: 'en' });
    const w = desk.mount(ReportTable, {
      columns: [{ key: 'bucket', zh: '时段', en: 'Period', format: 'text' }, { key: 'serviceLevel', zh: '服务水平', en: 'Service level', format: 'pct' }, { key: 'ahtSeconds', zh: '平均处理时长', en: 'AHT', format: 'sec' }],
      rows: [{ bucket: '2026-12-01', serviceLevel: 0.4, ahtSeconds: 132.3 }],
      label: (r: Record<string, unknown>) => String(r.bucket),
    });
    await flushPromises();
    expect(w.text()).toContain('Service level');
    expect(w.text()).toContain('40.0%');
    expect(w.text()).toContain('2:12');
  });
});
