/**
 * The SMPP adapter against the simulated gateway's SMPP port over real TCP (smpp@0.5.1 on both sides): bind, a long
 * Chinese text in UCS2 parts joined by the gateway, receipts back as deliver_sm, every kind of submit_sm_resp in the
 * right outbox outcome, a refused bind as a clear reason, and a reconnect after the gateway drops the link.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { renderTemplate } from '@donorline/domain';
import { createDomainServices, DEMO_PII_KEYS, type DomainServices } from '@donorline/domain/node';
import { openTestDatabase, type TestDatabase } from '@donorline/domain/testing';
import { startSmsSim, type SmsSim } from '@donorline/sms-sim';
import type { Logger } from '../logger.js';
import { silentLogger } from '../logger.js';
import { SIM_SMPP, type SmppConfig } from './smpp-config.js';
import { parseReceiptText, ucs2Parts } from './smpp-text.js';
import { SmppSmsAdapter } from './smpp.adapter.js';

const SIGN = '青岛市中心血站';
const BOOKED = { name: '韩冬', when: '12月9日 09:30', site: '五四广场献血屋', typeLabel: '捐献全血' };

describe('SMPP text', () => {
  it('70 UCS2 units fit one SMS; longer texts go as 67-unit parts with a concatenation UDH, a surrogate pair never split', () => {
    expect(ucs2Parts('字'.repeat(70), 1)).toEqual([{ short_message: '字'.repeat(70) }]);
    const parts = ucs2Parts('字'.repeat(71), 9);
    expect(parts.map((p) => typeof p.short_message === 'object' && [p.short_message.udh.toString('hex'), p.short_message.message.length])).toEqual([['050003090201', 67], ['050003090202', 4]]);
    const pair = ucs2Parts(`${'字'.repeat(66)}😀${'字'.repeat(10)}`, 1);
    expect(pair.map((p) => typeof p.short_message === 'object' && p.short_message.message.length)).toEqual([66, 12]);
    expect(parseReceiptText('id:ABC123 sub:001 dlvrd:000 submit date:2612072330 done date:2612072331 stat:UNDELIV err:001 text:')).toEqual({ id: 'ABC123', stat: 'UNDELIV', err: '001' });
    expect(parseReceiptText('hello')).toBeNull();
  });
});

describe('SMPP adapter ↔ simulated gateway (SMPP over TCP)', () => {
  let sim: SmsSim;
  let db: TestDatabase;
  let services: DomainServices;
  const adapters: SmppSmsAdapter[] = [];
  const adapter = (o: { smpp?: Partial<SmppConfig>; timeoutMs?: number; logger?: Logger } = {}): SmppSmsAdapter => {
    const a = new SmppSmsAdapter({
      smpp: { host: '127.0.0.1', port: sim.smppPort!, ...SIM_SMPP, systemType: '', enquireLinkMs: 30_000, window: 4, reconnectMaxMs: 200, ...o.smpp },
      signName: SIGN, timeoutMs: o.timeoutMs ?? 2000, services, logger: o.logger ?? silentLogger,
    });
    adapters.push(a);
    a.start();
    return a;
  };
  beforeAll(async () => {
    db = await openTestDatabase('sqlite');
    services = createDomainServices(db.ds, { pii: DEMO_PII_KEYS, lookupCache: false });
    sim = await startSmsSim({ accessKeyId: 'LTAIx', accessKeySecret: 'y', reportDelayMs: 10, smpp: { systemId: SIM_SMPP.systemId, password: SIM_SMPP.password } });
  }, 60_000);
  afterAll(async () => {
    for (const a of adapters) await a.stop();
    await sim?.stop();
    await db?.close();
  });

  it('binds as a transceiver and sends a long Chinese text as UCS2 parts the gateway joins; both parts\' receipts come back as deliver_sm', async () => {
    const a = adapter();
    const out = await a.send({ id: 601, to: '+8613955558821', template: 'appointment-booked', params: BOOKED });
    expect(out).toMatchObject({ kind: 'sent', providerId: expect.stringMatching(/^[0-9A-F]{16}$/) });
    const text = renderTemplate('appointment-booked', BOOKED, SIGN);
    expect(text.length).toBeGreaterThan(70);
    const m = sim.store.get((out as { providerId: string }).providerId);
    expect(m).toMatchObject({ api: 'smpp', phone: '13955558821', text, signName: SIGN, fee: 2, source: SIM_SMPP.sourceAddr });
    // both receipts in: one report for the message (no outbox row here, so it is counted as unmatched — the system test checks 已送达)
    await vi.waitFor(() => expect(a.deliver.stats.receipts).toBe(1), { timeout: 5000 });
    expect(sim.stats()).toMatchObject({ smpp: { binds: 1, submits: 2, receiptsSent: 2, receiptsWaiting: 0 } });
    const short = await a.send({ id: 602, to: '+8613955558821', template: 'survey', params: {} });
    expect(short.kind).toBe('sent');
    expect(sim.store.get((short as { providerId: string }).providerId)).toMatchObject({ fee: 1, text: renderTemplate('survey', {}, SIGN) });
  });

  it('maps the gateway\'s answers: throttled / system error → retry, bad destination → park, no submit_sm_resp → unknown', async () => {
    const a = adapter({ timeoutMs: 400 });
    expect(await a.link.waitBound(2000)).toBe(true);
    try {
      sim.setFaults({ http5xxRate: 1 });
      expect(await a.send({ id: 611, to: '+8613955558822', template: 'survey', params: {} })).toEqual({ kind: 'retry', reason: 'ESME_RTHROTTLED' });
      sim.setFaults({ http5xxRate: 0, errorRate: 1 });
      expect(await a.send({ id: 612, to: '+8613955558822', template: 'survey', params: {} })).toEqual({ kind: 'retry', reason: 'ESME_RSYSERR' });
      sim.setFaults({ errorRate: 0, timeoutRate: 1 });
      expect(await a.send({ id: 613, to: '+8613955558822', template: 'survey', params: {} })).toMatchObject({ kind: 'unknown', reason: expect.stringContaining('no submit_sm_resp (timeout 400 ms)') });
    } finally {
      sim.setFaults({ http5xxRate: 0, errorRate: 0, timeoutRate: 0 });
    }
    expect(await a.send({ id: 614, to: '+85291234567', template: 'survey', params: {} })).toMatchObject({ kind: 'park', reason: expect.stringContaining('mainland') });
    expect(sim.store.list('13955558822')).toHaveLength(0);
  });

  it('a wrong password is a clear bind refusal: logged as an error, sends are retried with that reason, nothing reaches the gateway', async () => {
    const errors: string[] = [];
    const logger: Logger = { ...silentLogger, error: (_o: unknown, msg?: string) => void errors.push(String(msg ?? _o)), child: () => logger };
    const before = sim.store.accepted;
    const a = adapter({ smpp: { password: 'wrong' }, timeoutMs: 300, logger });
    const out = await a.send({ id: 621, to: '+8613955558823', template: 'survey', params: {} });
    expect(out).toMatchObject({ kind: 'retry', reason: expect.stringContaining('ESME_RINVPASWD') });
    expect((out as { reason: string }).reason).toContain('SMS_SMPP_PASSWORD');
    expect(a.link.lastError).toContain('密码错误');
    expect(errors.some((e) => e.includes('SMPP gateway refused the bind') && e.includes('ESME_RINVPASWD'))).toBe(true);
    expect(sim.store.accepted).toBe(before);
    expect(sim.stats()).toMatchObject({ smpp: { bindsRefused: expect.any(Number) } });
  });

  it('reconnects and binds again after the gateway drops the link; a submit while down waits for the bind', async () => {
    const a = adapter();
    expect(await a.link.waitBound(2000)).toBe(true);
    const binds = a.link.stats.binds;
    sim.smpp!.dropAll();
    await vi.waitFor(() => expect(a.link.stats.binds).toBe(binds + 1), { timeout: 5000 });
    expect(a.link.stats.drops).toBe(1);
    expect(await a.send({ id: 631, to: '+8613955558824', template: 'survey', params: {} })).toMatchObject({ kind: 'sent' });
  });

  it('12 concurrent sends through a window of 4: all sent, each once', async () => {
    const a = adapter();
    const outs = await Promise.all(Array.from({ length: 12 }, (_, i) => a.send({ id: 700 + i, to: '+8613955558825', template: 'survey', params: {} })));
    expect(outs.every((o) => o.kind === 'sent')).toBe(true);
    expect(new Set(outs.map((o) => (o as { providerId: string }).providerId)).size).toBe(12);
    expect(sim.store.list('13955558825')).toHaveLength(12);
  });
});
