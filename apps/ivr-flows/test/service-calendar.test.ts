/**
 * The IVR reads the hotline's service calendar from the database (Administration → 服务日历) through its backend:
 * the migrated 2027 holidays and 调休 days, an admin's change reaching the next call after a refresh, the
 * environment's IVR_HOURS / IVR_WEEKDAYS / IVR_HOLIDAYS overriding their field, the configured hours standing
 * when the database cannot tell — on SQLite and MariaDB, with real calls through the flows.
 */
import { describe, expect, it } from 'vitest';
import { createDomainServices, DEFAULT_ROUTING_RULES, type ServiceCalendar } from '@donorline/domain/node';
import { describeEachDb } from '@donorline/domain/testing';
import { DomainBackend } from '../src/backend/domain-backend.js';
import { MemoryBackend } from '../src/backend/memory-backend.js';
import { mergeCalendar, ServiceHoursSource } from '../src/calendar/service-hours-source.js';
import { loadConfig } from '../src/config.js';
import { createFlows } from '../src/flows/index.js';
import { agentAvailability, DEFAULT_SERVICE_HOURS } from '../src/flows/service-hours.js';
import { startCall } from '../src/runtime/call-runner.js';
import { silentLogger } from '../src/runtime/logger.js';
import { FakeChannel } from '../src/runtime/testing/fake-channel.js';

const at = (local: string): Date => new Date(`${local}+08:00`);
const NO_ENV = { hours: false, weekdays: false, holidays: false };

async function menuAt(source: ServiceHoursSource, backend: DomainBackend | MemoryBackend, now: Date): Promise<string[]> {
  const deps = { backend, get hours() { return source.current; }, routing: DEFAULT_ROUTING_RULES, survey: false, bookingWindowDays: 7, log: silentLogger };
  const channel = new FakeChannel(['silence', 'hangup'], { caller: { number: '13600136000' } });
  await startCall(channel, ['inbound', '96606'], { ...createFlows(deps), log: silentLogger, context: { clock: () => now } }).done;
  return channel.prompts;
}

describe('mergeCalendar', () => {
  const db: ServiceCalendar = { open: '09:00', close: '17:00', weekdays: [1, 2, 3, 4, 5], days: [{ date: '2027-10-01', kind: 'holiday', name: '国庆节' }, { date: '2027-10-09', kind: 'workday', name: '国庆节调休上班' }] };
  it('the database decides; fields set in the environment win; no calendar → the configured hours', () => {
    expect(mergeCalendar(DEFAULT_SERVICE_HOURS, db, NO_ENV)).toMatchObject({ open: '09:00', close: '17:00', weekdays: [1, 2, 3, 4, 5], holidays: [{ date: '2027-10-01', name: '国庆节' }], extraWorkdays: ['2027-10-09'] });
    const env = loadConfig({ IVR_HOURS: '07:00-23:00' });
    expect(env.hoursFromEnv).toEqual({ hours: true, weekdays: false, holidays: false });
    expect(mergeCalendar(env.hours, db, env.hoursFromEnv)).toMatchObject({ open: '07:00', close: '23:00', weekdays: [1, 2, 3, 4, 5] });
    expect(mergeCalendar(DEFAULT_SERVICE_HOURS, null, NO_ENV)).toBe(DEFAULT_SERVICE_HOURS);
  });

  it('a backend that fails keeps the last hours; one without a calendar keeps the configured ones', async () => {
    const backend = new MemoryBackend();
    backend.state.calendar = db;
    const source = new ServiceHoursSource(DEFAULT_SERVICE_HOURS, backend, NO_ENV);
    await source.refresh();
    expect(source.source).toBe('db');
    backend.failing.add('serviceCalendar');
    await source.refresh();
    expect(source.current.open).toBe('09:00');
    expect(agentAvailability(at('2027-10-09T10:00:00'), source.current)).toEqual({ open: true }); // Saturday 调休
    expect(agentAvailability(at('2027-10-10T10:00:00'), source.current)).toEqual({ open: false, reason: 'after-hours' });
    expect(await menuAt(source, backend, at('2027-10-01T10:00:00'))).toContain('holiday');
  });
});

describeEachDb('the IVR reads the service calendar from the database', (ctx) => {
  it('2027 holidays from the migration; an admin change reaches the next call after a refresh; env overrides its field', async () => {
    const services = createDomainServices(ctx.ds, { pii: 'none', lookupCache: false });
    const backend = new DomainBackend({ services, ariRecordingsDir: '/tmp' });
    const source = new ServiceHoursSource(DEFAULT_SERVICE_HOURS, backend, NO_ENV);
    await source.refresh();
    expect(source.source).toBe('db');
    // 2027-10-04 is a Monday inside 国庆节: the holiday notice, no agent
    const holiday = await menuAt(source, backend, at('2027-10-04T10:00:00'));
    expect(holiday).toContain('holiday');
    expect(holiday).toContain('main-menu-after-hours');
    // an ordinary Monday: agents (the migrated hours 08:00–20:00)
    expect(await menuAt(source, backend, at('2027-10-11T10:00:00'))).toContain('main-menu');

    // the admin moves to weekdays 09:00–17:00; the Saturday make-up day (调休) has agents, the Sunday not
    await services.calendar.setHours({ open: '09:00', close: '17:00', weekdays: [1, 2, 3, 4, 5] }, null);
    expect(agentAvailability(at('2027-10-11T18:00:00'), source.current).open).toBe(true); // not yet refreshed
    await source.refresh();
    expect(agentAvailability(at('2027-10-11T18:00:00'), source.current)).toEqual({ open: false, reason: 'after-hours' });
    expect(agentAvailability(at('2027-10-09T10:00:00'), source.current)).toEqual({ open: true });
    expect(agentAvailability(at('2027-10-10T10:00:00'), source.current)).toEqual({ open: false, reason: 'after-hours' });
    expect(await menuAt(source, backend, at('2027-10-11T18:00:00'))).toContain('main-menu-after-hours');

    // a holiday added in the desk closes that day for the next call
    await services.calendar.setDay('2027-10-11', 'holiday', '测试闭馆', null);
    await source.refresh();
    expect(await menuAt(source, backend, at('2027-10-11T10:00:00'))).toContain('holiday');

    // IVR_HOURS set in the environment keeps its hours over the database's
    const env = loadConfig({ IVR_HOURS: '07:00-22:00' });
    const withEnv = new ServiceHoursSource(env.hours, backend, env.hoursFromEnv);
    await withEnv.refresh();
    expect(withEnv.current).toMatchObject({ open: '07:00', close: '22:00', weekdays: [1, 2, 3, 4, 5] });
    await services.calendar.deleteDay('2027-10-11', null);
    await services.calendar.setHours({ open: '08:00', close: '20:00', weekdays: [1, 2, 3, 4, 5, 6, 7] }, null);
  });
});
