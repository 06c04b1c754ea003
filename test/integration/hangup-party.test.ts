/**
 * Who hung up (issue 10 / issue 16): decided from what Asterisk says — the first HangupRequest/SoftHangupRequest of
 * the connected call and AgentComplete's Reason — never from which leg's Hangup event comes first. The simulator
 * is run with both orders (SIM_HANGUP_ORDER caller-first and agent-first): the stored party must not change.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFailed } from 'vitest';
import { DEMO_DONORS } from '@donorline/domain/node';
import { describeEachDb } from '@donorline/domain/testing';
import type { Desk } from './support/desk.js';
import { Harness } from './support/harness.js';

describeEachDb('who hung up, whatever the order of the Hangup events', (ctx) => {
  for (const order of ['agent-first', 'caller-first'] as const) {
    describe(`Hangup order ${order}`, () => {
      let h: Harness;
      let agent: Desk;

      beforeAll(async () => {
        h = await Harness.start(ctx.db, { sim: { hangupOrder: order } });
        agent = await h.seatedDesk('agent1', '8001');
      }, 60_000);
      afterAll(async () => h?.close(), 30_000);
      beforeEach(() => {
        onTestFailed(() => {
          if (h) console.log(`STATE AT FAILURE ${ctx.kind} ${order}:`, h.dump());
        });
      });

      async function queueCall(from: string): Promise<{ callId: string; linkedid: string }> {
        await agent.waitSession((s) => s.state === 'ready' || s.state === 'wrap-up' || s.state === 'paused', 8000);
        if (agent.session?.state !== 'ready') await agent.command('agent:ready', {});
        const call = h.sim.placeCall({ from, to: '96607' });
        await agent.waitPop((p) => p.callId === call.linkedid);
        await agent.command('call:answer', { callId: call.linkedid });
        await agent.waitUpdate((u) => u.callId === call.linkedid && u.state === 'connected');
        return call;
      }

      it('the caller hangs up: 来电人挂断 (caller), and the agent\'s segment says so', async () => {
        const call = await queueCall('13900007001');
        h.sim.hangupCaller(call.callId);
        await agent.waitUpdate((u) => u.callId === call.linkedid && u.state === 'ended');
        const rec = await h.record(call.linkedid);
        expect(rec.hangupBy).toBe('caller');
        expect(rec.segments.map((s) => s.endReason)).toEqual(['caller-hangup']);
      }, 30_000);

      it('the agent hangs up from the desk: 坐席挂断 (agent)', async () => {
        const call = await queueCall('13900007002');
        await agent.command('call:hangup', { callId: call.linkedid });
        await agent.waitUpdate((u) => u.callId === call.linkedid && u.state === 'ended');
        const rec = await h.record(call.linkedid);
        expect(rec.hangupBy).toBe('agent');
        expect(rec.segments.map((s) => s.endReason)).toEqual(['agent-hangup']);
      }, 30_000);

      it('click-to-dial, the agent hangs up: agent (was stored as 来电人挂断)', async () => {
        await agent.command('agent:pause', { reason: 'callback' });
        const donor = DEMO_DONORS.find((d) => d.key === 'first-timer')!;
        const [donorId] = await h.services.lookup.findDonorIdsByPhone(donor.e164);
        const { callId } = await agent.command('call:dial', { donorId: donorId! });
        await agent.waitPop((p) => p.callId === callId);
        await agent.command('call:answer', { callId });
        await agent.waitUpdate((u) => u.callId === callId && u.state === 'connected', 8000);
        await agent.command('call:hangup', { callId });
        await agent.waitUpdate((u) => u.callId === callId && u.state === 'ended');
        const rec = await h.record(callId);
        expect(rec).toMatchObject({ direction: 'outbound', outcome: 'answered', hangupBy: 'agent' });
      }, 30_000);
    });
  }
});
