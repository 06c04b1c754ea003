/**
 * Issue 10: full phone numbers and national IDs were in the request log (search query strings at info level),
 * although the README promises masked logs. Real requests against the real HTTP layer, the log captured as pino
 * writes it (info level), then grepped for every full number, ID, name and token the requests carried.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEMO_DONORS } from '@donorline/domain/node';
import { describeEachDb } from '@donorline/domain/testing';
import { buildTestApp, type TestApp } from './test-app.js';

const wang = DEMO_DONORS.find((d) => d.key === 'repeat-platelet')!;
const digits = wang.e164.replace(/^\+86/, '');

describeEachDb('the request log carries no full number, ID or token (HTTP)', (ctx) => {
  let t: TestApp;
  const lines: string[] = [];
  let wangId: number;
  let nid: string;

  beforeAll(async () => {
    t = await buildTestApp(ctx.kind, { log: { level: 'info', stream: { write: (l) => void lines.push(l) } } });
    wangId = (await t.services.lookup.findDonorIdsByPhone(wang.e164))[0]!;
    nid = (await t.services.donors.unmask(wangId, 'nationalId', t.users.admin.user.id, 'test setup')).value;
  }, 120_000);
  afterAll(async () => t?.close());

  it('searches by full number, ID, name and ID last 4, failed probes, the audio token and unmasking leave only masked values', async () => {
    const { agent1, supervisor, quality } = t.users;
    const tok = { token: agent1.token };
    const requests: Array<[string, string, object?]> = [
      ['GET', `/api/donors?phone=${digits}`],
      ['GET', `/api/donors?phone=${encodeURIComponent(wang.e164)}`],
      ['GET', `/api/donors?phone=${encodeURIComponent(`0086 ${digits.slice(0, 3)} ${digits.slice(3, 7)} ${digits.slice(7)}`)}`],
      ['GET', `/api/donors?q=${nid}`],
      ['GET', `/api/donors?q=${digits}&page=1`],
      ['GET', `/api/donors?name=${encodeURIComponent(wang.name)}`],
      ['GET', `/api/donors?idLast4=${nid.slice(-4)}`],
      ['GET', `/api/donors?phone=${encodeURIComponent(`${digits.slice(0, 3)}****${digits.slice(-4)}`)}`], // refused probe (400)
      ['GET', `/api/donors?phone=${digits.slice(2)}`], // refused probe (400)
      ['GET', `/api/calls?phone=${digits}`],
      ['GET', `/api/recordings/999999/audio?token=${quality.token}`],
    ];
    for (const [method, url] of requests) {
      const r = await t.http(method, url, tok);
      expect(r.status, url).toBeLessThan(500);
      await r.arrayBuffer();
    }
    const unmasked = await t.call<{ value: string }>('POST', `/api/donors/${wangId}/unmask`, { token: supervisor.token, json: { field: 'phone', reason: '回拨' } });
    expect(unmasked.body.value).toBe(wang.e164);

    const log = lines.join('');
    // the log is really there (info level, every request) …
    expect(lines.filter((l) => l.includes('"incoming request"')).length).toBeGreaterThanOrEqual(requests.length + 1);
    expect(log).toContain('/api/donors?phone=199****0001');
    expect(log).toContain(`/api/donors?q=${nid.slice(0, 4)}**********${nid.slice(-4)}`);
    // … and holds no full number in any spelling, no ID, no name, no ID last 4, no token
    for (const secret of [digits, digits.slice(2), wang.e164, encodeURIComponent(wang.e164), nid, nid.slice(0, 14), wang.name, encodeURIComponent(wang.name), `idLast4=${nid.slice(-4)}`, quality.token, quality.token.split('.')[2]!]) {
      expect(log, secret).not.toContain(secret);
    }
  });
});
