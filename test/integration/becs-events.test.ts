/**
 * A donation arriving from the BECS is an event the platform acts on: through the real bridge (simulator, HTTP,
 * Socket.IO), an ingest API batch with an API key reaches a desk that watches the donor's 360° view as
 * `donor:changed` (ids only — no name, phone or national ID on the wire), a domain subscriber sees
 * `donation.recorded` after the commit, and the donor's points follow the donation.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { DonationRecordedEvent, DonorChanged } from '@donorline/domain';
import { becsDonor, describeEachDb } from '@donorline/domain/testing';
import type { Desk } from './support/desk.js';
import { Harness, until } from './support/harness.js';

describeEachDb('BECS data in: donation events reach subscribers and desks', (ctx) => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start(ctx.db);
  }, 120_000);
  afterAll(async () => h?.close());

  it('an ingested donation refreshes the desk watching that donor (ids only) and recomputes points', async () => {
    const admin = await h.token('admin');
    const key = (await h.api<{ key: string }>('POST', '/api/integration/api-keys', admin, { name: 'BECS trigger', scopes: ['donors', 'donations'] })).body.key;
    const post = async (entity: string, records: unknown[]): Promise<{ status: number; body: { results: { id: number | null; outcome: string }[] } }> => {
      const r = await fetch(`${h.baseUrl}/api/integration/${entity}`, { method: 'POST', headers: { 'x-api-key': key, 'content-type': 'application/json' }, body: JSON.stringify({ records }) });
      return { status: r.status, body: (await r.json()) as { results: { id: number | null; outcome: string }[] } };
    };
    const d = becsDonor(7, 'EVT');
    const donor = await post('donors', [{ donorNo: d.donorNo, name: d.name, nationalId: d.nationalId, phones: [d.mobile] }]);
    expect(donor.body.results[0]!.outcome).toBe('created');
    const donorId = donor.body.results[0]!.id!;

    const seen: DonationRecordedEvent[] = [];
    const off = h.services.integration.events.on('donation.recorded', (e) => void seen.push(e));
    const watching: Desk = await h.desk('agent1');
    const other: Desk = await h.desk('agent2');
    const got: DonorChanged[] = [];
    const otherGot: DonorChanged[] = [];
    const raw: string[] = [];
    watching.socket.on('donor:changed', (e) => got.push(e));
    watching.socket.onAny((name, ...args) => raw.push(`${String(name)} ${JSON.stringify(args)}`));
    other.socket.on('donor:changed', (e) => otherGot.push(e));
    expect(await watching.ack('donor:watch', { donorIds: [donorId] })).toMatchObject({ ok: true, data: { watching: [donorId] } });
    expect(await other.ack('donor:watch', { donorIds: [donorId + 100_000] })).toMatchObject({ ok: true });
    expect((await watching.ack('donor:watch', { donorIds: Array.from({ length: 21 }, (_, i) => i + 1) })).ok).toBe(false);
    await watching.ack('donor:watch', { donorIds: [donorId] });

    const r = await post('donations', [{ donationNo: 'EVT-B1', donorNo: d.donorNo, date: '2026-10-01', product: '机采血小板', volume: '2治疗量' }]);
    expect(r.status).toBe(200);
    const ev = await until(() => got.find((e) => e.donorId === donorId), 5000, 'donor:changed on the watching desk');
    expect(ev).toEqual({ donorId, what: ['donations'] });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ source: 'api', donations: [{ donorId, type: 'platelets', created: true }] });
    const wire = raw.join('\n');
    expect(wire).not.toContain(d.mobile);
    expect(wire).not.toContain(d.name);
    expect(wire).not.toContain(d.nationalId);
    expect(otherGot).toEqual([]);
    const view = await h.api<{ points: number; donationCount: number }>('GET', `/api/donors/${donorId}`, await h.token('agent1'));
    expect(view.body).toMatchObject({ points: 20, donationCount: 1 });
    off();
  });
});
