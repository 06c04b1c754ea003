import { expect, it } from 'vitest';
import { completeNationalId, createDomainServices, DomainError, KeylessPiiCipher, type PiiCipher } from '../src/node.js';
import { buildDonor, describeEachDb, uniqueMobile } from '../src/testing/index.js';

it('a keyless cipher refuses every use of a key', () => {
  const c: PiiCipher = new KeylessPiiCipher();
  const nid = completeNationalId('37020219900101123');
  for (const use of [() => c.hash(nid), () => c.encrypt(nid), () => c.decrypt('v1.AAAA'), () => c.protectNationalId(nid)]) {
    expect(use).toThrow(DomainError);
    expect(use).toThrow(/no PII key/);
  }
});

describeEachDb('services without a PII key (the IVR)', (ctx) => {
  it('look callers up and read donors, but refuse to store or search a national ID — and write nothing', async () => {
    const svc = createDomainServices(ctx.ds, { pii: 'none', lookupCache: false });
    const phone = uniqueMobile();
    const d = await buildDonor(ctx.ds, { name: '钱多多', phones: [phone] });
    expect(await svc.lookup.findDonorIdsByPhone(phone)).toEqual([d.id]);
    expect((await svc.donors.summaries([d.id], '2026-11-22'))[0]).toMatchObject({ id: d.id, name: '钱多多' });

    const other = uniqueMobile();
    const nid = completeNationalId('37020219900101123');
    await expect(svc.donors.create({ name: '孙无钥', phone: other, nationalId: nid }, null)).rejects.toMatchObject({ code: 'INTERNAL', details: { reason: 'pii-key-unavailable' } });
    const [row] = (await ctx.ds.query('SELECT COUNT(*) AS n FROM donor_phone WHERE e164 = ?', [other])) as { n: number }[];
    expect(Number(row!.n)).toBe(0);
    await expect(svc.donors.search({ q: nid })).rejects.toMatchObject({ code: 'INTERNAL' });
  });
});
