/**
 * Issue 10: a CallerID name that is a number ("13800138000") went into the pop unmasked. The simulated Asterisk
 * sends it as CallerIDName over real AMI; the pop, the live call, the wallboard and the stored record only ever hold
 * it masked.
 */
import { afterAll, expect, it } from 'vitest';
import { describeEachDb } from '@donorline/domain/testing';
import type { Desk } from './support/desk.js';
import { Harness, until } from './support/harness.js';

describeEachDb('a CallerID name that is a number is masked (simulator + bridge + real sockets)', (ctx) => {
  let h: Harness;
  let agent: Desk;
  let supervisor: Desk;
  afterAll(async () => h?.close());

  it('starts the platform with agent1 seated and a supervisor watching the wallboard', async () => {
    h = await Harness.start(ctx.db);
    agent = await h.seatedDesk('agent1', '8001');
    supervisor = await h.desk('supervisor');
  }, 60_000);

  it('the pop, socket traffic, the live call and the record never carry the full number in the name', async () => {
    const frames: string[] = [];
    for (const d of [agent, supervisor]) d.socket.onAny((event: string, ...args: unknown[]) => void frames.push(`${event} ${JSON.stringify(args.filter((a) => typeof a !== 'function'))}`));
    const cases = [
      { from: '13955550777', name: '13800138000', shown: '138****8000' },
      { from: '13955550778', name: '张三 +86 138-0013-8001', shown: '张三 138****8001' },
    ];
    for (const c of cases) {
      const call = h.sim.placeCall({ from: c.from, callerName: c.name, to: '96607' });
      const pop = await agent.waitPop((p) => p.callId === call.linkedid);
      expect(pop.callerName).toBe(c.shown);
      expect(pop.callerMasked).toBe(`${c.from.slice(0, 3)}****${c.from.slice(-4)}`);
      expect(h.bridge.registry.get(call.linkedid)?.callerName).toBe(c.shown);
      await until(() => frames.some((f) => f.startsWith('wallboard:calls') && f.includes(call.linkedid)), 8000, 'the call on the wallboard');
      h.sim.hangupCaller(call.callId);
      await agent.waitUpdate((u) => u.callId === call.linkedid && u.state === 'ended');
      await h.record(call.linkedid); // flushed to the database
      const [row] = (await h.services.ds.query('SELECT * FROM call_record WHERE linkedid = ?', [call.linkedid])) as Record<string, unknown>[];
      expect(row).toBeDefined();
      expect(JSON.stringify(row)).not.toContain('13800138');
    }
    const traffic = frames.join('\n');
    expect(traffic).toContain('138****8000');
    expect(traffic).not.toMatch(/1380013800[01]/);
    expect(traffic).not.toContain('138-0013-8001');
  }, 30_000);
});
