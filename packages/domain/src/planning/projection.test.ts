import { describe, expect, it } from 'vitest';
import { addDays } from '../time/local-date.js';
import { planCollections, project } from './projection.js';

const days = Array.from({ length: 7 }, (_, i) => addDays('2026-12-07', i));
const life = { shelfLifeDays: 5, releaseLagDays: 1 };

describe('planning — stock projection (FIFO, expiry at day 5)', () => {
  it('issues the oldest expiry first and wastes what expires unused', () => {
    const r = project({ days, lots: [{ expiresOn: '2026-12-08', units: 5 }, { expiresOn: '2026-12-10', units: 5 }], demand: [2, 1, 0, 0, 0, 0, 0], collections: [], ...life });
    // day 0: 2 from the 12-08 lot; day 1: 1 more, the 2 left expire at the end of 12-08
    expect(r.stock.slice(0, 3)).toEqual([8, 5, 5]);
    expect(r.waste.slice(0, 4)).toEqual([0, 2, 0, 5]);
    expect(r.shortage.every((s) => s === 0)).toBe(true);
  });

  it('a collection reaches the shelf the next day and keeps 5 days from collection', () => {
    const r = project({ days, lots: [], demand: [0, 0, 0, 0, 0, 0, 0], collections: [4], ...life });
    expect(r.stock).toEqual([0, 4, 4, 4, 0, 0, 0]);
    expect(r.waste[4]).toBe(4); // collected 12-07, last usable day 12-11: wasted at its end
  });

  it('counts shortage when demand exceeds the shelf', () => {
    const r = project({ days, lots: [{ expiresOn: '2026-12-11', units: 3 }], demand: [5, 0, 0, 0, 0, 0, 0], collections: [], ...life });
    expect(r.shortage[0]).toBe(2);
    expect(r.stock[0]).toBe(0);
  });

  it('plans the smallest collections that keep stock at safety, freshest first, no waste', () => {
    const cap = days.map(() => 100);
    const { planned, result } = planCollections({ days, lots: [{ expiresOn: '2026-12-09', units: 10 }], demand: [3, 3, 3, 3, 3, 3, 3], base: [0, 0, 0, 0, 0, 0, 0], safety: 4, capacityUnits: cap, ...life });
    for (let i = 1; i < 7; i++) expect(result.stock[i]).toBeGreaterThanOrEqual(4);
    // the only waste is the 1 unit of the old lot that expires on 12-09 (FIFO could not use it up)
    expect(result.waste).toEqual([0, 0, 1, 0, 0, 0, 0]);
    expect(planned[6]).toBe(0); // nothing collected on the last day can help inside the horizon
    expect(planned.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(3 * 6 + 4 - 10 + 4);
  });

  it('moves a collection to an earlier day when the day before has no capacity, and reports shortage when none fits', () => {
    const cap = [100, 0, 100, 100, 100, 100, 100];
    const { planned } = planCollections({ days, lots: [{ expiresOn: '2026-12-11', units: 8 }], demand: [2, 2, 2, 2, 2, 2, 2], base: [0, 0, 0, 0, 0, 0, 0], safety: 4, capacityUnits: cap, ...life });
    expect(planned[1]).toBe(0);
    const none = planCollections({ days, lots: [], demand: [5, 5, 5, 5, 5, 5, 5], base: [0, 0, 0, 0, 0, 0, 0], safety: 0, capacityUnits: days.map(() => 0), ...life });
    expect(none.result.shortage.reduce((a, b) => a + b, 0)).toBe(35);
  });
});
