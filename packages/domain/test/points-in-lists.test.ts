import { expect, it } from 'vitest';
import { convertReferrals } from '../src/db/loyalty/referrals.js';
import { settleDonationPoints } from '../src/db/loyalty/points-ledger.js';
import { describeEachDb } from '../src/testing/index.js';

/**
 * The points subscriber of a bulk import runs on the shared pool's connections, where MariaDB plans an IN (…) list
 * of 200 values or more from index statistics — and after a bulk load those made it scan the whole donation table
 * for every 500 donors (the import of 1M donors fell to ~100 rows/s). Every IN list it sends stays under 200 values.
 */
describeEachDb('points settlement: IN (…) lists shorter than MariaDB\'s index-dive limit', (ctx) => {
  it('settling and converting referrals for 450 donors sends no IN list of 200 values or more', async () => {
    const seen: string[] = [];
    const logger = ctx.ds.logger;
    const original = logger.logQuery.bind(logger);
    logger.logQuery = (query, parameters, runner) => {
      seen.push(query);
      original(query, parameters, runner);
    };
    try {
      const ids = Array.from({ length: 450 }, (_, i) => 9_000_000 + i);
      await settleDonationPoints(ctx.ds, ids, new Date('2026-11-22T02:00:00Z'));
      await convertReferrals(ctx.ds, ids, new Date('2026-11-22T02:00:00Z'));
    } finally {
      logger.logQuery = original;
    }
    const lists = seen.flatMap((q) => [...q.matchAll(/IN \(([?, ]*)\)/g)].map((m) => ({ q: q.slice(0, 100), n: m[1]!.split('?').length - 1 })));
    expect(lists.some((l) => /FROM donation/.test(l.q))).toBe(true);
    expect(lists.some((l) => /FROM donor_phone/.test(l.q))).toBe(true);
    expect(lists.filter((l) => l.n >= 200)).toEqual([]);
    // all 450 donors were asked about
    expect(lists.filter((l) => /FROM donation WHERE donor_id/.test(l.q)).reduce((a, l) => a + l.n, 0)).toBe(450);
  });
});
