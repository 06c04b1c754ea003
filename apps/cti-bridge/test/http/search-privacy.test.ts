/**
 * Issue 10: an agent recovered any donor's full phone number and national ID with no unmask right and no audit row —
 * a `phone=` with a letter became a suffix search of any length (199****0002 completed digit by digit), the 360°
 * view gave the birth date next to the ID's first and last four, and a full-ID search confirmed the guess.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEMO_DONORS } from '@donorline/domain/node';
import type { AuditEntryDto, Donor360, DonorSummary, ErrorBody, Page } from '@donorline/domain';
import { describeEachDb } from '@donorline/domain/testing';
import { buildTestApp, type TestApp } from './test-app.js';

const li = DEMO_DONORS.find((d) => d.key === 'deferred')!; // 李秀英, 199 0532 0002
const digits = li.e164.replace(/^\+86/, ''); // 19905320002

describeEachDb('donor search and the 360° view cannot be used to recover numbers (HTTP)', (ctx) => {
  let t: TestApp;
  let liId: number;
  let nid: string;
  const lookups = async (userId: number): Promise<AuditEntryDto[]> => (await t.services.audit.list({ actorId: userId, action: 'donor.lookup.exact', pageSize: 100 })).items;

  beforeAll(async () => {
    t = await buildTestApp(ctx.kind, { env: { PII_LOOKUPS_PER_HOUR: '3' } });
    liId = (await t.services.lookup.findDonorIdsByPhone(li.e164))[0]!;
    nid = (await t.services.donors.unmask(liId, 'nationalId', t.users.admin.user.id, 'test setup')).value;
  }, 120_000);
  afterAll(async () => t?.close());

  it('a masked number or any fragment but the last 4 digits is refused (400) — the digit-by-digit completion fails at step one', async () => {
    const { agent1 } = t.users;
    const probes = ['199****0002', `199${'*'.repeat(4)}0002`, `${digits.slice(0, 4)}x0002`, digits.slice(-5), digits.slice(-7), digits.slice(0, 9), `x${digits.slice(-8)}`, '002'];
    for (const p of probes) {
      const r = await t.call<ErrorBody>('GET', `/api/donors?phone=${encodeURIComponent(p)}`, { token: agent1.token });
      expect(r.status, p).toBe(400);
      expect(r.body.message, p).toMatch(/完整的电话号码.*后4位 \/ give the full phone number, or exactly its last 4 digits/);
    }
    // exactly the last 4 digits: allowed (they are on every masked number anyway), and not a "lookup"
    const last4 = await t.call<Page<DonorSummary>>('GET', `/api/donors?phone=${digits.slice(-4)}&pageSize=100`, { token: agent1.token });
    expect(last4.status).toBe(200);
    expect(last4.body.items.map((d) => d.id)).toContain(liId);
    expect(last4.body.items.every((d) => d.phoneMasked.endsWith(digits.slice(-4)) || d.phoneMasked === '')).toBe(true);
    // the call and recording searches follow the same rule
    expect((await t.call('GET', `/api/calls?phone=${digits.slice(-7)}`, { token: t.users.supervisor.token })).status).toBe(400);
    expect((await t.call('GET', `/api/recordings?phone=${digits.slice(-6)}`, { token: t.users.quality.token })).status).toBe(400);
    expect(await lookups(agent1.user.id)).toEqual([]);
  });

  it('an agent\'s 360° view has the ID\'s last 4 and the age, never the birth date; oversight roles see the birth date', async () => {
    const birth = `${nid.slice(6, 10)}-${nid.slice(10, 12)}-${nid.slice(12, 14)}`;
    const a = await t.call<Donor360>('GET', `/api/donors/${liId}`, { token: t.users.agent1.token });
    expect(a.status).toBe(200);
    expect(a.body.birthDate).toBeNull();
    expect(a.body.age).toBeGreaterThanOrEqual(18);
    expect(a.body.nationalIdMasked).toBe(`**************${nid.slice(-4)}`);
    const json = JSON.stringify(a.body);
    expect(json).not.toContain(nid.slice(0, 6)); // no county prefix
    expect(json).not.toContain(nid.slice(6, 14)); // no birth date digits …
    expect(json).not.toContain(birth); // … in any spelling
    // search results and pops carry the same masked form
    const s = await t.call<Page<DonorSummary>>('GET', `/api/donors?name=${encodeURIComponent(li.name)}`, { token: t.users.agent1.token });
    expect(s.body.items.find((d) => d.id === liId)?.nationalIdMasked).toBe(`**************${nid.slice(-4)}`);
    for (const u of [t.users.supervisor, t.users.quality, t.users.admin]) {
      expect((await t.call<Donor360>('GET', `/api/donors/${liId}`, { token: u.token })).body.birthDate).toBe(birth);
    }
  });

  it('full-number and full-ID searches are audited (masked) and limited per user: the 4th in an hour is 429 with Retry-After', async () => {
    const { agent2, agent1 } = t.users;
    const byPhone = await t.call<Page<DonorSummary>>('GET', `/api/donors?phone=${encodeURIComponent(li.phone)}`, { token: agent2.token });
    expect(byPhone.body.items.map((d) => d.id)).toEqual([liId]);
    const byId = await t.call<Page<DonorSummary>>('GET', `/api/donors?q=${nid}`, { token: agent2.token });
    expect(byId.body.items.map((d) => d.id)).toEqual([liId]);
    const miss = await t.call<Page<DonorSummary>>('GET', `/api/donors?q=${encodeURIComponent('+86 199 0532 7777')}`, { token: agent2.token });
    expect(miss.body.total).toBe(0);
    const over = await t.call<ErrorBody>('GET', `/api/donors?phone=${digits}`, { token: agent2.token });
    expect(over.status).toBe(429);
    expect(over.body.code).toBe('RATE_LIMITED');
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(3000);
    expect(over.body.message).toMatch(/每小时最多3次.*at most 3 an hour/);
    // registering a donor with an ID already on file is the same confirmation: refused too once over the limit
    const create = await t.call<ErrorBody>('POST', '/api/donors', { token: agent2.token, json: { name: '探测', phone: '13955557777', nationalId: nid } });
    expect(create.status).toBe(429);

    const rows = await lookups(agent2.user.id);
    expect(rows).toHaveLength(3);
    expect(rows.map((r) => r.detail?.criteria)).toEqual([
      [{ by: 'phone', masked: '199****7777' }],
      [{ by: 'nationalId', masked: `**************${nid.slice(-4)}` }],
      [{ by: 'phone', masked: '199****0002' }],
    ]);
    expect(rows[2]).toMatchObject({ ip: '127.0.0.1', detail: { results: 1, donorIds: [liId] } });
    expect(JSON.stringify(rows)).not.toContain(digits);
    expect(JSON.stringify(rows)).not.toContain(nid.slice(0, 14));
    // the admins' audit view lists them; another user's budget is their own
    const view = await t.call<Page<AuditEntryDto>>('GET', `/api/audit?action=donor.lookup.exact&actorId=${agent2.user.id}`, { token: t.users.admin.token });
    expect(view.body.total).toBe(3);
    expect((await t.call('GET', `/api/donors?phone=${digits}`, { token: agent1.token })).status).toBe(200);
  });

  it('unmasking stays role-gated and audited', async () => {
    const agentTry = await t.call<ErrorBody>('POST', `/api/donors/${liId}/unmask`, { token: t.users.agent1.token, json: { field: 'nationalId', reason: '核对身份' } });
    expect(agentTry.status).toBe(403);
    const sup = await t.call<{ value: string }>('POST', `/api/donors/${liId}/unmask`, { token: t.users.supervisor.token, json: { field: 'nationalId', reason: '核对身份' } });
    expect(sup.body.value).toBe(nid);
    expect((await t.services.audit.list({ actorId: t.users.supervisor.user.id, action: 'donor.unmask' })).total).toBe(1);
  });
});
