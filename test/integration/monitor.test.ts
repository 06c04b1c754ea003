/**
 * Listen, whisper, barge (监听 / 耳语 / 强插) over real sockets with the simulated Asterisk (issue 15): a caller talks
 * with agent1; the seated supervisor starts listening from the wallboard — their (simulated) phone is originated
 * into [dl-spy] and answered for them, ChanSpy attaches to agent1's channel; the mode goes to whisper and barge
 * (ChanSpy's keys over PlayDTMF Receive), the agent's desk is told (MONITOR_ANNOUNCE=speak), the supervisor stops;
 * the audit trail has who, whom, each mode and its from–to. The spy leg never becomes a call of its own.
 */
import { afterAll, beforeEach, expect, it, onTestFailed } from 'vitest';
import type { AuditEntryDto, MonitorSessionDto, Page } from '@donorline/domain';
import { describeEachDb } from '@donorline/domain/testing';
import type { Desk } from './support/desk.js';
import { Harness, until } from './support/harness.js';

describeEachDb('live monitoring: listen, whisper, barge', (ctx) => {
  let h: Harness;
  let agent1: Desk;
  let supervisor: Desk;
  const states: MonitorSessionDto[] = [];
  const spies: Array<{ spyer: string; spyee: string; mode: string; state: string }> = [];

  beforeEach(() => {
    onTestFailed(() => {
      if (h) console.log(`STATE AT FAILURE ${ctx.kind}:`, h.dump());
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('listen → whisper → barge → stop on a live call, audited', async () => {
    h = await Harness.start(ctx.db);
    // the production AMI user (asterisk/manager.conf [donorline]: no system/command/config) is all monitoring needs
    expect(h.sim.amiClasses.source).toMatch(/manager\.conf \[donorline\]$/);
    h.sim.events.on('chanspy', (e: (typeof spies)[number]) => spies.push(e));
    agent1 = await h.seatedDesk('agent1', '8001');
    supervisor = await h.seatedDesk('supervisor', '8009');
    supervisor.socket.on('monitor:state', (s) => states.push(s));
    // the supervisor's seat takes no queue calls meanwhile
    await supervisor.command('agent:pause', { reason: 'break' });

    const call = h.sim.placeCall({ from: '13600002222', to: '96607' });
    await agent1.waitPop((p) => p.callId === call.linkedid);
    await agent1.command('call:answer', { callId: call.linkedid });
    await agent1.waitUpdate((u) => u.callId === call.linkedid && u.state === 'connected');

    // an agent may not monitor; the supervisor may not monitor a call that is not connected to an agent
    expect(await agent1.ack('monitor:start', { callId: call.linkedid, mode: 'listen' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await supervisor.ack('monitor:start', { callId: 'nope.1', mode: 'listen' })).toMatchObject({ ok: false, error: { code: 'NO_ACTIVE_CALL' } });

    const started = await supervisor.command('monitor:start', { agent: '8001', mode: 'listen' });
    expect(started).toMatchObject({ callId: call.linkedid, agentExtension: '8001', extension: '8009', mode: 'listen', state: 'ringing' });
    // the supervisor's phone joins: answered for them (training), ChanSpy on agent1's channel
    const active = await until(() => states.find((s) => s.state === 'active'), 8000, 'monitoring active');
    expect(active.spans).toHaveLength(1);
    expect(spies.at(-1)).toMatchObject({ mode: 'spy', state: 'started' });
    expect(spies.at(-1)!.spyer).toMatch(/^PJSIP\/8009-/);
    expect(spies.at(-1)!.spyee).toMatch(/^PJSIP\/8001-/);
    // the spy leg is no call: no second live call, no pop on the supervisor's desk
    expect([...h.bridge.registry.all()].map((c) => c.callId)).toEqual([call.linkedid]);
    expect(supervisor.pops).toEqual([]);
    expect(await supervisor.ack('monitor:start', { callId: call.linkedid, mode: 'listen' })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });

    const whisper = await supervisor.command('monitor:mode', { mode: 'whisper' });
    expect(whisper.mode).toBe('whisper');
    await until(() => spies.at(-1)?.mode === 'whisper', 5000, 'ChanSpy in whisper');
    await until(() => agent1.notices.find((n) => n.code === 'MONITOR_WHISPER'), 5000, 'the agent is told of the whisper');
    const barge = await supervisor.command('monitor:mode', { mode: 'barge' });
    expect(barge.spans.map((s) => s.mode)).toEqual(['listen', 'whisper', 'barge']);
    await until(() => spies.at(-1)?.mode === 'barge', 5000, 'ChanSpy in barge');
    await until(() => agent1.notices.find((n) => n.code === 'MONITOR_BARGE'), 5000, 'the agent is told of the barge');

    const stopped = await supervisor.command('monitor:stop', {});
    expect(stopped).toMatchObject({ state: 'ended', endReason: 'stopped' });
    await until(() => spies.at(-1)?.state === 'stopped', 5000, 'ChanSpy stopped');
    await until(() => agent1.notices.find((n) => n.code === 'MONITOR_ENDED'), 5000, 'the agent is told it ended');
    // the monitored call goes on
    expect(h.bridge.registry.get(call.linkedid)?.state).toBe('connected');

    const token = await h.token('admin');
    const audit = await until(async () => {
      const r = await h.api<Page<AuditEntryDto>>('GET', `/api/audit?subjectType=call&subjectId=${encodeURIComponent(call.linkedid)}`, token);
      const rows = r.body.items?.filter((a) => a.action.startsWith('monitor.')) ?? [];
      return rows.length === 4 ? rows.reverse() : null;
    }, 5000, 'four audit rows');
    expect(audit.map((a) => a.action)).toEqual(['monitor.start', 'monitor.mode', 'monitor.mode', 'monitor.stop']);
    expect(audit.every((a) => a.actor?.username === 'supervisor' && a.detail?.agentExtension === '8001')).toBe(true);
    expect(audit.slice(1, 3).map((a) => `${a.detail?.from}→${a.detail?.to}`)).toEqual(['listen→whisper', 'whisper→barge']);
    const spans = audit[3]!.detail?.spans as Array<{ mode: string; from: string; to: string }>;
    expect(spans.map((s) => s.mode)).toEqual(['listen', 'whisper', 'barge']);
    expect(spans.every((s) => s.to >= s.from)).toBe(true);
    expect(audit[3]!.detail).toMatchObject({ reason: 'stopped' });
    h.sim.hangupCaller(call.callId);
  }, 30_000);
});
