/**
 * The contact policy on click-to-dial, end to end over real sockets and the simulated PBX (issue 13: a do-not-call
 * donor was click-dialled, answered and recorded). Refused dials never reach the PBX and the desk's ack says why in
 * words; the agent says a call is a service call and it goes out; its outcome is recorded when it ends.
 * SQLite only: the same decision runs on MariaDB in apps/cti-bridge/test/db/click-to-dial-policy.test.ts.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEMO_DONORS } from '@donorline/domain/node';
import { describeEachDb } from '@donorline/domain/testing';
import type { Desk } from './support/desk.js';
import { Harness, until } from './support/harness.js';

describeEachDb('click-to-dial under the contact policy', (ctx) => {
  let h: Harness;
  let agent: Desk;
  const donorId = async (key: string): Promise<number> => (await h.services.lookup.findDonorIdsByPhone(DEMO_DONORS.find((d) => d.key === key)!.e164))[0]!;

  beforeAll(async () => {
    h = await Harness.start(ctx.db);
    agent = await h.seatedDesk('agent1', '8001');
    await agent.command('agent:pause', { reason: 'callback' });
  }, 60_000);
  afterAll(async () => h?.close(), 30_000);

  it('a do-not-call donor cannot be click-dialled for recruitment (nor by their number); the ack says why; audited', async () => {
    const id = await donorId('deferred');
    await h.services.ds.query('UPDATE donor SET do_not_call = 1 WHERE id = ?', [id]);
    const byDonor = await agent.ack('call:dial', { donorId: id, purpose: 'recruitment' });
    expect(byDonor).toMatchObject({ ok: false, error: { code: 'CONTACT_BLOCKED', message: expect.stringMatching(/请勿来电.*do-not-call/) } });
    const byNumber = await agent.ack('call:dial', { number: '199-0532-0002' });
    expect(byNumber).toMatchObject({ ok: false, error: { code: 'CONTACT_BLOCKED' } });
    expect((h.sim.state() as { channels: unknown[] }).channels).toHaveLength(0);
    const audit = await h.services.audit.list({ action: 'contact.blocked', subjectId: String(id) });
    expect(audit.items).toHaveLength(2);
  }, 20_000);

  it('an open complaint blocks recruitment; a declared service call goes out, and its attempt is recorded when it ends', async () => {
    const id = await donorId('open-complaint');
    expect(await agent.ack('call:dial', { donorId: id })).toMatchObject({ ok: false, error: { code: 'CONTACT_BLOCKED', message: expect.stringContaining('open complaint') } });
    const { callId } = await agent.command('call:dial', { donorId: id, purpose: 'service' });
    await agent.waitPop((p) => p.callId === callId);
    await agent.command('call:answer', { callId });
    await agent.waitUpdate((u) => u.callId === callId && u.state === 'connected', 8000);
    await agent.command('call:hangup', { callId });
    await agent.waitUpdate((u) => u.callId === callId && u.state === 'ended');
    const rows = await until(async () => {
      const r = (await h.services.ds.query('SELECT purpose, outcome, channel FROM contact_attempt WHERE call_id = ?', [callId])) as unknown[];
      return r.length ? r : null;
    }, 8000, 'the recorded attempt');
    expect(rows).toEqual([{ purpose: 'service', outcome: 'reached', channel: 'voice' }]);
  }, 20_000);
}, ['sqlite']);
