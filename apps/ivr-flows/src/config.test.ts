import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_ARI_URL, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('defaults to the simulator and the built-in calendar, frozen', () => {
    const c = loadConfig({});
    expect(c.ari).toMatchObject({ url: DEFAULT_ARI_URL, app: 'donorline-ivr' });
    expect(c.db.url).toBeNull();
    expect(c.survey).toBe(false);
    expect(c.hours.holidays.length).toBeGreaterThan(0);
    expect(Object.isFrozen(c.hours)).toBe(true);
  });

  it('reads hours, weekdays, holidays (inline or a JSON file), survey and booking days', () => {
    const file = join(tmpdir(), `holidays-${process.pid}.json`);
    writeFileSync(file, JSON.stringify([{ date: '2027-05-01', name: '劳动节' }]));
    const c = loadConfig({ IVR_HOURS: '09:00-17:30', IVR_WEEKDAYS: '1-5', IVR_HOLIDAYS: file, IVR_SURVEY: '1', IVR_BOOKING_DAYS: '5', IVR_PREFERRED_SECS: '15' });
    expect(c.hours).toMatchObject({ open: '09:00', close: '17:30', weekdays: [1, 2, 3, 4, 5], holidays: [{ date: '2027-05-01', name: '劳动节' }] });
    expect(c.survey).toBe(true);
    expect(c.bookingWindowDays).toBe(5);
    expect(c.routing.preferAccountManagerSecs).toBe(15);
    expect(loadConfig({ IVR_HOLIDAYS: '2027-01-01,2027-01-02' }).hours.holidays.map((h) => h.date)).toEqual(['2027-01-01', '2027-01-02']);
  });

  it('lists every problem at once', () => {
    try {
      loadConfig({ ARI_URL: 'not a url', IVR_HOURS: '9-5', IVR_BOOKING_DAYS: 'many', IVR_SURVEY: 'yes' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      const msg = (e as Error).message;
      for (const v of ['ARI_URL', 'IVR_HOURS', 'IVR_BOOKING_DAYS', 'IVR_SURVEY']) expect(msg).toContain(v);
    }
  });
});
