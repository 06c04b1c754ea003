import { beforeAll, expect, it } from 'vitest';
import { CallerLookup, createDomainServices, DEMO_PII_KEYS, type DomainServices } from '../src/node.js';
import { buildDonor, describeEachDb, uniqueMobile } from '../src/testing/index.js';

describeEachDb('CallerLookup', (ctx) => {
  let svc: DomainServices;
  let single: number;
  let familyA: number;
  let familyB: number;
  const mobile = uniqueMobile();
  const family = '+8653280001234';

  beforeAll(async () => {
    svc = createDomainServices(ctx.ds, { pii: DEMO_PII_KEYS });
    single = (await buildDonor(ctx.ds, { phones: [mobile] })).id;
    familyA = (await buildDonor(ctx.ds, { phones: [uniqueMobile(), '0532-8000 1234'] })).id;
    familyB = (await buildDonor(ctx.ds, { phones: ['(0532) 80001234'] })).id;
  });

  it('finds the one donor of a number', async () => {
    expect(await svc.lookup.findDonorIdsByPhone(mobile)).toEqual([single]);
  });

  it('finds every donor on a shared family number, in id order', async () => {
    expect(await svc.lookup.findDonorIdsByPhone(family)).toEqual([familyA, familyB].sort((a, b) => a - b));
  });

  it('returns nothing for an unknown number', async () => {
    expect(await svc.lookup.findDonorIdsByPhone('+8613000000000')).toEqual([]);
  });

  it('caches, and linking a phone invalidates the cached entry', async () => {
    const lookup = svc.lookup;
    const n = uniqueMobile();
    expect(await lookup.findDonorIdsByPhone(n)).toEqual([]);
    const before = lookup.stats().hits;
    expect(await lookup.findDonorIdsByPhone(n)).toEqual([]);
    expect(lookup.stats().hits).toBe(before + 1);
    await svc.donors.linkPhone(single, n, '单位', null);
    expect(await lookup.findDonorIdsByPhone(n)).toEqual([single]);
  });

  it('without a cache every call reads the database (a row added behind its back is seen at once)', async () => {
    const raw = new CallerLookup(ctx.ds, false);
    const n = uniqueMobile();
    expect(await raw.findDonorIdsByPhone(n)).toEqual([]);
    await buildDonor(ctx.ds, { phones: [n] });
    expect(await raw.findDonorIdsByPhone(n)).toHaveLength(1);
  });

  it('expires cached entries after the TTL', async () => {
    let t = 1_000;
    const lookup = new CallerLookup(ctx.ds, { max: 10, ttlMs: 100 }, () => t);
    const n = uniqueMobile();
    expect(await lookup.findDonorIdsByPhone(n)).toEqual([]);
    await buildDonor(ctx.ds, { phones: [n] });
    expect(await lookup.findDonorIdsByPhone(n)).toEqual([]); // stale but within TTL
    t += 101;
    expect(await lookup.findDonorIdsByPhone(n)).toHaveLength(1);
  });
});
