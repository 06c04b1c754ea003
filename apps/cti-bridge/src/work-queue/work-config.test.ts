import { describe, expect, it } from 'vitest';
import { workConfig } from './work-config.js';

const fail = (m: string): Error => new Error(m);

describe('work queue configuration (env)', () => {
  it('defaults: complaints and unsatisfied-donor callbacks within 24 h, the hotline pool, a 15 s tick', () => {
    const c = workConfig({}, fail);
    expect(c.rules.dueHours).toMatchObject({ complaint: 24, callback: 24, 'callback:survey': 24 });
    expect(c).toMatchObject({ rules: { defaultTeam: 'hotline' }, tickSeconds: 15, contactHours: null });
  });
  it('WORK_DUE_HOURS per kind and per callback source, WORK_TEAM, CONTACT_HOURS', () => {
    const c = workConfig({ WORK_DUE_HOURS: 'complaint=8, callback:abandoned=2', WORK_TEAM: 'recall', CONTACT_HOURS: '08:30-21:00' }, fail);
    expect(c.rules.dueHours).toMatchObject({ complaint: 8, 'callback:abandoned': 2, suggestion: 72 });
    expect(c.rules.defaultTeam).toBe('recall');
    expect(c.contactHours).toEqual({ start: '08:30', end: '21:00' });
    expect(workConfig({ CONTACT_HOURS: '00:00-24:00' }, fail).contactHours).toEqual({ start: '00:00', end: '24:00' });
  });
  it('refuses what it cannot read, naming the variable', () => {
    expect(() => workConfig({ WORK_DUE_HOURS: 'complaint' }, fail)).toThrow(/WORK_DUE_HOURS: "complaint"/);
    expect(() => workConfig({ WORK_DUE_HOURS: 'bogus=3' }, fail)).toThrow(/WORK_DUE_HOURS/);
    expect(() => workConfig({ WORK_DUE_HOURS: 'callback:nowhere=3' }, fail)).toThrow(/WORK_DUE_HOURS/);
    expect(() => workConfig({ WORK_DUE_HOURS: 'complaint=0' }, fail)).toThrow(/WORK_DUE_HOURS/);
    expect(() => workConfig({ WORK_TEAM: 'a b' }, fail)).toThrow(/WORK_TEAM/);
    expect(() => workConfig({ WORK_TICK_SECONDS: '0' }, fail)).toThrow(/WORK_TICK_SECONDS/);
    expect(() => workConfig({ CONTACT_HOURS: '20:00-09:00' }, fail)).toThrow(/CONTACT_HOURS/);
  });
});
