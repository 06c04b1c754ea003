import type { DataSource } from 'typeorm';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createDomainServices, trainingDonors, DEMO_DONORS, DEMO_FAMILY_NUMBER, DEMO_PII_KEYS, DEMO_UNKNOWN_NUMBER, normalizePhone, seedDemoData, type DomainServices, type SeedSummary,
} from '../src/node.js';
import { describeEachDb, openTestDatabase } from '../src/testing/index.js';

const TODAY = '2026-11-23';
const NOW = new Date('2026-11-23T03:00:00Z'); // 11:00 in Shanghai

async function snapshot(ds: DataSource): Promise<unknown[]> {
  return [
    await ds.query('SELECT id, name, gender, birth_date, national_id_hash, national_id_last4, national_id_masked, blood_abo, blood_rh, segment, tags, do_not_call, account_manager_id, points FROM donor ORDER BY id'),
    await ds.query('SELECT donor_id, e164, kind, is_primary FROM donor_phone ORDER BY donor_id, e164'),
    await ds.query('SELECT donor_id, type, date, volume_ml, units, outcome, site_id FROM donation ORDER BY donor_id, date, id'),
    await ds.query('SELECT donor_id, slot_id, status FROM appointment ORDER BY donor_id, slot_id'),
    await ds.query('SELECT donor_id, outcome, at FROM contact_attempt ORDER BY donor_id, at, id'),
  ];
}

describe('seedDemoData determinism', () => {
  it('two seeds with the same options produce identical donors; another seed does not', async () => {
    const dbs = await Promise.all([openTestDatabase('sqlite'), openTestDatabase('sqlite'), openTestDatabase('sqlite')]);
    try {
      await seedDemoData(dbs[0]!.ds, { pii: DEMO_PII_KEYS, donors: 400, seed: 7, today: TODAY });
      await seedDemoData(dbs[1]!.ds, { pii: DEMO_PII_KEYS, donors: 400, seed: 7, today: TODAY });
      await seedDemoData(dbs[2]!.ds, { pii: DEMO_PII_KEYS, donors: 400, seed: 8, today: TODAY });
      const [a, b, c] = await Promise.all(dbs.map((d) => snapshot(d.ds)));
      expect((a![0] as unknown[]).length).toBe(406);
      expect(b).toEqual(a);
      expect(c).not.toEqual(a);
    } finally {
      await Promise.all(dbs.map((d) => d.close()));
    }
  }, 60_000);
});

describeEachDb('seedDemoData content', (ctx) => {
  let svc: DomainServices;
  let summary: SeedSummary;
  beforeAll(async () => {
    summary = await seedDemoData(ctx.ds, { pii: DEMO_PII_KEYS, donors: 600, seed: 11, today: TODAY, demoUsers: true });
    svc = createDomainServices(ctx.ds, { pii: DEMO_PII_KEYS, clock: () => NOW, lookupCache: false });
  }, 60_000);

  it('is skipped on a database that already has data', async () => {
    expect(summary.skipped).toBe(false);
    expect((await seedDemoData(ctx.ds, { pii: DEMO_PII_KEYS, donors: 10 })).skipped).toBe(true);
  });

  it('every stored number is valid E.164; demo numbers resolve as documented', async () => {
    const phones = (await ctx.ds.query('SELECT e164 FROM donor_phone')) as { e164: string }[];
    for (const p of phones) expect(normalizePhone(p.e164)?.e164).toBe(p.e164);
    for (const d of DEMO_DONORS.filter((x) => x.key !== 'family-daughter')) {
      const ids = await svc.lookup.findDonorIdsByPhone(d.e164);
      expect(ids, d.name).toHaveLength(1);
      expect((await svc.donors.summary(ids[0]!, TODAY)).name).toBe(d.name);
    }
    const family = await svc.lookup.findDonorIdsByPhone(DEMO_FAMILY_NUMBER.e164);
    expect((await svc.donors.summaries(family, TODAY)).map((s) => s.name).sort()).toEqual(['张伟', '张丽'].sort());
    expect(await svc.lookup.findDonorIdsByPhone(DEMO_UNKNOWN_NUMBER.e164)).toEqual([]);
  });

  it('trainingDonors lists every demo donor with a masked number and the right id', async () => {
    const list = await trainingDonors(svc);
    expect(list.map((d) => d.name)).toEqual(DEMO_DONORS.map((d) => d.name));
    for (const t of list) expect((await svc.donors.summary(t.donorId, TODAY)).name).toBe(t.name);
    expect(list.find((d) => d.name === '张丽')!.phoneMasked).toBe('0532-****6666');
  });

  it('the demo donors behave as their stories say', async () => {
    const id = async (key: string): Promise<number> => (await svc.lookup.findDonorIdsByPhone(DEMO_DONORS.find((d) => d.key === key)!.e164))[0]!;
    const plt = await svc.donors.view360(await id('repeat-platelet'), TODAY);
    expect(plt).toMatchObject({ honour: 'silver', greenChannel: true, accountManager: { extension: '8001' } });
    expect(plt.eligibility.platelets.eligibleNow).toBe(true);
    expect(plt.upcomingAppointments).toHaveLength(1);
    const deferred = await svc.donors.summary(await id('deferred'), TODAY);
    expect(deferred.activeDeferral?.reason).toBe('感冒服药');
    expect(deferred.eligibility['whole-blood'].eligibleNow).toBe(false);
    const complaint = await svc.contactPolicy.decide(await id('open-complaint'), 'recruitment', 'voice', NOW);
    expect(complaint.reasons).toContain('open-complaint');
    const first = await svc.donors.summary(await id('first-timer'), TODAY);
    expect(first.donationCount).toBe(0);
  });

  it('realistic shape: most platelet donors gave once; sites, buses, slots for 14 days; users; suppressed donors', async () => {
    const per = (await ctx.ds.query("SELECT donor_id, COUNT(*) AS n FROM donation WHERE type = 'platelets' GROUP BY donor_id")) as { n: number }[];
    const once = per.filter((r) => Number(r.n) === 1).length / per.length;
    expect(once).toBeGreaterThan(0.7);
    expect(once).toBeLessThan(0.9);
    const sites = (await svc.appointments.sites());
    expect(sites.filter((s) => s.kind === 'fixed').every((s) => s.capabilities.includes('platelets'))).toBe(true);
    expect(sites.filter((s) => s.kind === 'bus').every((s) => s.capabilities.join() === 'whole-blood')).toBe(true);
    const days = new Set<string>();
    for (let d = 0; d < 14; d++) {
      const day = `2026-${d < 8 ? '11' : '12'}-${String(d < 8 ? 23 + d : d - 7).padStart(2, '0')}`;
      if ((await svc.appointments.availableSlots({ type: 'whole-blood', from: day, to: day, onlyAvailable: false })).length) days.add(day);
    }
    expect(days.size).toBe(14);
    const users = (await svc.users.list()).map((u) => u.username);
    expect(users).toEqual(expect.arrayContaining(['agent1', 'agent2', 'supervisor', 'qa', 'admin']));
    expect(await svc.users.verifyPassword('agent1', 'demo123')).toMatchObject({ username: 'agent1', extension: '8001', role: 'agent' });
    expect(await svc.users.verifyPassword('agent1', 'wrong')).toBeNull();
    const targets = (await ctx.ds.query("SELECT donor_id FROM campaign_target WHERE status = 'suppressed'")) as { donor_id: number }[];
    expect(targets.length).toBeGreaterThan(0);
    const decision = await svc.contactPolicy.decide(Number(targets[0]!.donor_id), 'recruitment', 'voice', NOW);
    expect(decision.reasons).toContain('suppressed');
    // the booked counters match the appointments
    const mismatch = (await ctx.ds.query("SELECT s.id FROM appointment_slot s WHERE s.booked <> (SELECT COUNT(*) FROM appointment a WHERE a.slot_id = s.id AND a.status = 'booked')")) as unknown[];
    expect(mismatch).toEqual([]);
  }, 30_000);
});

describe('demo users only for the embedded demo database', () => {
  it('no demoUsers → no agent1…admin', async () => {
    const db = await openTestDatabase('sqlite');
    try {
      await seedDemoData(db.ds, { pii: DEMO_PII_KEYS, donors: 20, today: TODAY });
      const names = ((await db.ds.query('SELECT username FROM app_user')) as { username: string }[]).map((u) => u.username);
      expect(names).not.toContain('agent1');
      expect(names).not.toContain('admin');
    } finally {
      await db.close();
    }
  });
});
