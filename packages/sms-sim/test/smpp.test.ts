/**
 * The simulator's SMPP front door with a plain smpp client over TCP: bind checks, bind states, the destination check,
 * a receipt waiting for a receiver to bind, and an MO reply refused when no client is bound.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import smpp from 'smpp';
import { startSmsSim, type SmsSim } from '../src/index.js';

function client(sim: SmsSim): smpp.Session {
  const s = smpp.connect({ host: '127.0.0.1', port: sim.smppPort! });
  s.on('error', () => undefined);
  return s;
}
const call = (s: smpp.Session, command: string, o: Record<string, unknown>): Promise<smpp.PDU> => new Promise((resolve) => s.send(new smpp.PDU(command, o), resolve));

describe('simulated gateway over SMPP', () => {
  let sim: SmsSim;
  const sessions: smpp.Session[] = [];
  beforeAll(async () => {
    sim = await startSmsSim({ accessKeyId: 'x', accessKeySecret: 'y', reportDelayMs: 10, smpp: { systemId: 'center', password: 'pw' } });
  });
  afterAll(async () => {
    for (const s of sessions) s.destroy();
    await sim.stop();
  });

  it('refuses an unknown system_id and a wrong password, and a second bind on a bound session', async () => {
    const a = client(sim);
    sessions.push(a);
    expect((await call(a, 'bind_transceiver', { system_id: 'other', password: 'pw' })).command_status).toBe(smpp.ESME_RINVSYSID);
    const b = client(sim);
    sessions.push(b);
    expect((await call(b, 'bind_transceiver', { system_id: 'center', password: 'nope' })).command_status).toBe(smpp.ESME_RINVPASWD);
    const c = client(sim);
    sessions.push(c);
    expect((await call(c, 'bind_transceiver', { system_id: 'center', password: 'pw' })).command_status).toBe(smpp.ESME_ROK);
    expect((await call(c, 'bind_transceiver', { system_id: 'center', password: 'pw' })).command_status).toBe(smpp.ESME_RALYBND);
    expect(sim.stats()).toMatchObject({ smpp: { binds: 1, bindsRefused: 3 } });
  });

  it('a transmitter submits, its receipt waits for a receiver to bind; a submit before the bind and a bad destination are refused', async () => {
    const tx = client(sim);
    sessions.push(tx);
    expect((await call(tx, 'submit_sm', { destination_addr: '8613900001111', short_message: 'x' })).command_status).toBe(smpp.ESME_RINVBNDSTS);
    expect((await call(tx, 'bind_transmitter', { system_id: 'center', password: 'pw' })).command_status).toBe(smpp.ESME_ROK);
    expect((await call(tx, 'submit_sm', { destination_addr: '12345', data_coding: 8, short_message: '你好' })).command_status).toBe(smpp.ESME_RINVDSTADR);
    // close the transceiver of the first test: no receiver left
    for (const s of sessions.splice(0, 3)) s.destroy();
    await vi.waitFor(() => expect(sim.stats()).toMatchObject({ smpp: { bound: false } }));
    const r = await call(tx, 'submit_sm', { source_addr: '10690001', destination_addr: '8613900001111', data_coding: 8, short_message: '【血站】你好', registered_delivery: 1 });
    expect(r.command_status).toBe(smpp.ESME_ROK);
    expect(sim.store.get(r.message_id!)).toMatchObject({ api: 'smpp', phone: '13900001111', text: '【血站】你好', signName: '血站', fee: 1, source: '10690001' });
    await vi.waitFor(() => expect(sim.stats()).toMatchObject({ smpp: { receiptsWaiting: 1 } }));
    expect(await sim.reply('13900001111', '满意')).toMatchObject({ via: 'smpp', pushed: false, error: expect.stringContaining('no SMPP client bound') });
    const rx = client(sim);
    sessions.push(rx);
    const receipts: smpp.PDU[] = [];
    rx.on('deliver_sm', (p: smpp.PDU) => {
      receipts.push(p);
      rx.send(p.response());
    });
    expect((await call(rx, 'bind_receiver', { system_id: 'center', password: 'pw' })).command_status).toBe(smpp.ESME_ROK);
    await vi.waitFor(() => expect(receipts).toHaveLength(1));
    expect(receipts[0]).toMatchObject({ esm_class: 4, receipted_message_id: r.message_id, message_state: 2 });
    expect((receipts[0]!.short_message as { message: string }).message).toMatch(new RegExp(`^id:${r.message_id} sub:001 dlvrd:001 submit date:\\d{10} done date:\\d{10} stat:DELIVRD err:000`));
    await vi.waitFor(() => expect(sim.store.get(r.message_id!)).toMatchObject({ state: 'delivered', reportPushed: true }));
    expect(sim.stats()).toMatchObject({ smpp: { receiptsSent: 1, receiptsWaiting: 0 } });
  });
});
