import type { DataSource } from 'typeorm';
import { beforeAll, expect, it } from 'vitest';
import { completeNationalId, createDomainServices, DEMO_PII_KEYS, DomainError, type DomainServices } from '../src/node.js';
import { buildDeferral, buildDonation, buildDonor, buildUser, describeEachDb, uniqueMobile } from '../src/testing/index.js';

const TODAY = '2026-11-22';
const NOW = new Date('2026-11-22T02:00:00Z'); // 10:00 in Shanghai

async function count(ds: DataSource, table: string): Promise<number> {
  const [r] = (await ds.query(`SELECT COUNT(*) AS n FROM ${table}`)) as { n: number }[];
  return Number(r!.n);
}

describeEachDb('DonorService', (ctx) => {
  let svc: DomainServices;
  beforeAll(() => {
    svc = createDomainServices(ctx.ds, { pii: DEMO_PII_KEYS, clock: () => NOW, defaultAreaCode: '0532' });
  });

  it('summaries: history, eligibility per type, honours, masked phone (the matched one), account manager', async () => {
    const am = await buildUser(ctx.ds, { displayName: '王经理', extension: '8101' });
    const mobile = uniqueMobile();
    const d = await buildDonor(ctx.ds, { name: '李建国', phones: [uniqueMobile(), mobile], accountManagerId: am.id, birthDate: '1985-03-02' });
    await buildDonation(ctx.ds, d.id, { type: 'platelets', date: '2026-11-15', units: 2 });
    await buildDonation(ctx.ds, d.id, { type: 'whole-blood', date: '2025-01-10', volumeMl: 400 });
    await buildDonation(ctx.ds, d.id, { type: 'whole-blood', date: '2024-01-10', outcome: 'rejected' });
    const [s] = await svc.donors.summaries([d.id], TODAY, mobile);
    expect(s).toMatchObject({
      id: d.id, name: '李建国', age: 41, bloodType: 'O+', donationCount: 2, donationUnits: 4, honour: null,
      lastDonationByType: { platelets: '2026-11-15', 'whole-blood': '2025-01-10' },
      accountManager: { id: am.id, displayName: '王经理', extension: '8101' }, greenChannel: true, doNotCall: false,
    });
    expect(s!.phoneMasked).toBe(`${mobile.slice(3, 6)}****${mobile.slice(-4)}`);
    expect(s!.eligibility.platelets).toMatchObject({ eligibleNow: false, eligibleFrom: '2026-11-29' });
    expect(s!.eligibility['whole-blood']).toMatchObject({ eligibleNow: false, eligibleFrom: '2026-12-13' });
  });

  it('an active deferral shows on the summary and blocks eligibility', async () => {
    const d = await buildDonor(ctx.ds);
    await buildDeferral(ctx.ds, d.id, { fromDate: '2026-11-01', until: '2027-01-01', reason: '近期服用抗生素' });
    const s = await svc.donors.summary(d.id, TODAY);
    expect(s.activeDeferral).toMatchObject({ until: '2027-01-01', reason: '近期服用抗生素' });
    expect(s.eligibility['whole-blood'].eligibleFrom).toBe('2027-01-01');
  });

  it('search finds by the full number in any spelling, shows it masked; by ID last 4; by name prefix', async () => {
    const nid = completeNationalId('37020219900101123');
    const d = await buildDonor(ctx.ds, { name: '赵敏华', phones: ['+8613912345678'], nationalId: nid });
    for (const phone of ['139 1234 5678', '0086-139-1234-5678', '+86 13912345678']) {
      const page = await svc.donors.search({ phone });
      expect(page.items.map((x) => x.id)).toEqual([d.id]);
      expect(page.items[0]!.phoneMasked).toBe('139****5678');
    }
    expect((await svc.donors.search({ idLast4: nid.slice(-4) })).items.map((x) => x.id)).toContain(d.id);
    expect((await svc.donors.search({ q: nid })).items.map((x) => x.id)).toEqual([d.id]);
    expect((await svc.donors.search({ name: '赵敏' })).items.map((x) => x.id)).toContain(d.id);
    expect((await svc.donors.search({ q: '赵敏华' })).items.map((x) => x.id)).toContain(d.id);
    await expect(svc.donors.search({})).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('create validates (phone, national ID, name) and writes nothing on failure', async () => {
    const donorsBefore = await count(ctx.ds, 'donor');
    const phonesBefore = await count(ctx.ds, 'donor_phone');
    await expect(svc.donors.create({ name: '张三', phone: '12345' }, null)).rejects.toMatchObject({ code: 'INVALID_PHONE' });
    await expect(svc.donors.create({ name: '张三', phone: '13800138000', nationalId: '370202199001011235' }, null)).rejects.toMatchObject({ code: 'INVALID_NATIONAL_ID' });
    await expect(svc.donors.create({ name: '  ', phone: '13800138000' }, null)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(svc.donors.create({ name: '张三', phone: '13800138000', bloodType: 'C+' as never }, null)).rejects.toBeInstanceOf(DomainError);
    // a national ID already on file → CONFLICT, after the donor insert would have happened: the transaction rolls back
    const nid = completeNationalId('37021119880808441');
    await svc.donors.create({ name: '孙丽', phone: uniqueMobile(), nationalId: nid }, null);
    const mid = await count(ctx.ds, 'donor');
    await expect(svc.donors.create({ name: '孙丽二', phone: uniqueMobile(), nationalId: nid }, null)).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await count(ctx.ds, 'donor')).toBe(mid);
    expect(mid).toBe(donorsBefore + 1);
    expect(await count(ctx.ds, 'donor_phone')).toBe(phonesBefore + 1);
  });

  it('create derives birth date and gender from the ID, stores it protected, and links the call', async () => {
    const nid = completeNationalId('37020319921224062');
    await svc.calls.upsert('lk-create-1', { caller: '13700001111', startedAt: NOW });
    const v = await svc.donors.create({ name: '周婷', nationalId: nid, callId: 'lk-create-1', bloodType: 'AB-' }, null);
    // the ID's last four only; the birth date is in the oversight view, an agent's view has the age (access/donor-view.ts)
    expect(v).toMatchObject({ name: '周婷', birthDate: null, age: 33, gender: 'female', bloodType: 'AB-', nationalIdMasked: `**************${nid.slice(-4)}` });
    expect((await svc.donors.view360(v.id, TODAY, { role: 'supervisor' })).birthDate).toBe('1992-12-24');
    expect(v.phones).toHaveLength(1);
    expect(v.phones[0]!.masked).toBe('137****1111');
    const [row] = (await ctx.ds.query('SELECT national_id_hash, national_id_cipher, national_id_last4 FROM donor WHERE id = ?', [v.id])) as Record<string, string>[];
    expect(row!.national_id_cipher).not.toContain(nid);
    expect(row!.national_id_hash).toBe(svc.pii.hash(nid));
    expect(row!.national_id_last4).toBe(nid.slice(-4));
    expect((await svc.calls.getByLinkedid('lk-create-1')).donor).toEqual({ id: v.id, name: '周婷' });
  }, 20_000);

  it('unmask returns the value and writes an audit row in the same transaction; a missing reason writes nothing', async () => {
    const actor = await buildUser(ctx.ds);
    const nid = completeNationalId('37028119750606001');
    const d = await buildDonor(ctx.ds, { phones: ['13655556666'], nationalId: nid });
    const before = await count(ctx.ds, 'audit_log');
    await expect(svc.donors.unmask(d.id, 'nationalId', actor.id, '', '10.0.0.1')).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await count(ctx.ds, 'audit_log')).toBe(before);
    expect(await svc.donors.unmask(d.id, 'nationalId', actor.id, '核对身份', '10.0.0.1')).toEqual({ value: nid });
    expect(await svc.donors.unmask(d.id, 'phone', actor.id, '回拨', null)).toEqual({ value: '+8613655556666' });
    const audit = await svc.audit.list({ actorId: actor.id, action: 'donor.unmask' });
    expect(audit.total).toBe(2);
    expect(audit.items.map((a) => a.detail?.field).sort()).toEqual(['nationalId', 'phone']);
    expect(audit.items.find((a) => a.detail?.field === 'nationalId')).toMatchObject({ subjectType: 'donor', subjectId: String(d.id), ip: '10.0.0.1', actor: { id: actor.id } });
  });

  it('update changes fields, validates the account manager, and view360 shows the shared number and policy', async () => {
    const d = await buildDonor(ctx.ds, { phones: ['0532-86661234'] });
    await buildDonor(ctx.ds, { phones: ['053286661234'] });
    await expect(svc.donors.update(d.id, { accountManagerId: 999_999 }, null)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    const v = await svc.donors.update(d.id, { doNotCall: true, tags: ['稀有血型', '稀有血型'], notes: '只在晚上联系' }, null);
    expect(v).toMatchObject({ doNotCall: true, tags: ['稀有血型'], notes: '只在晚上联系' });
    expect(v.phones[0]).toMatchObject({ masked: '0532-****1234', sharedWith: 1, kind: 'fixed-line' });
    expect(v.contactPolicy.recruitmentAllowed).toBe(false);
    expect(v.contactPolicy.reasons).toContain('do-not-call');
    await expect(svc.donors.view360(987_654)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
