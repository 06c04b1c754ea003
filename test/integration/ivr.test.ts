/**
 * The IVR's findings reach the agent's pop: the real IVR (startIvr, in-process, on the same simulator and
 * database) serves the call, sets the DL_* channel variables and hands it to the queue; the bridge reads them.
 * Routing by caller ID: a number of exactly one donor rings that donor's account manager first — only when the
 * manager's seat (the bridge's state log) is ready — with the reason on the manager's pop, then the queue.
 */
import path from 'node:path';
import { beforeEach, expect, it, onTestFailed } from 'vitest';
import { DEMO_DONORS, DEMO_FAMILY_NUMBER } from '@donorline/domain/node';
import { describeEachDb } from '@donorline/domain/testing';
import { DomainBackend, loadConfig as loadIvrConfig, startIvr, type IvrHandle } from '@donorline/ivr-flows';
import type { Desk } from './support/desk.js';
import { Harness, until } from './support/harness.js';

const quietIvr = { info: () => undefined, warn: () => undefined, error: () => undefined };

describeEachDb('IVR findings in the pop', (ctx) => {
  let h: Harness;
  let ivr: IvrHandle;
  let agent1: Desk;
  let agent2: Desk;
  let agent1Id: number;
  /** The manager's seat as the IVR reads it (the bridge's state log): wait until it shows `state`. */
  const managerState = (state: string): Promise<unknown> =>
    until(async () => ((await h.services.reports.currentAgentState(agent1Id)).state === state ? true : undefined), 8000, `agent1 ${state} in the state log`);

  beforeEach(() => {
    onTestFailed(() => {
      if (h) console.log(`STATE AT FAILURE ${ctx.kind}:`, h.dump());
    });
  });

  it('starts the platform with the IVR (agents reachable around the clock)', async () => {
    h = await Harness.start(ctx.db, { timeScale: 0.1 });
    const config = loadIvrConfig({
      ARI_URL: `http://donorline:donorline@127.0.0.1:${h.sim.ariPort}`,
      IVR_HOURS: '00:00-24:00',
      IVR_HOLIDAYS: '[]', // not the built-in calendar: the suite runs on public holidays too
      IVR_WEEKDAYS: '1-7',
      IVR_AREA_CODE: '0532',
      IVR_ARI_RECORDINGS_DIR: path.join(h.dir, 'recordings', 'ari'),
      IVR_PREFERRED_SECS: '8', // simulated seconds the account manager rings before the queue
    });
    ivr = await startIvr(config, { backend: new DomainBackend({ services: h.services, ariRecordingsDir: config.recordings.ariDir, defaultAreaCode: '0532' }), log: quietIvr });
    agent1 = await h.seatedDesk('agent1', '8001');
    agent2 = await h.seatedDesk('agent2', '8002');
    agent1Id = (await h.services.users.findByUsername('agent1'))!.id;
    // the repeat platelet donor's account manager is agent1 (the demo seed says so only when it creates the demo users)
    const donor = DEMO_DONORS.find((d) => d.key === 'repeat-platelet')!;
    const [donorId] = await h.services.lookup.findDonorIdsByPhone(donor.e164);
    const before = (await h.services.donors.summary(donorId!)).accountManager?.id ?? null;
    const admin = (await h.services.users.findByUsername('admin'))!;
    if (before !== agent1Id) await h.services.accountManagers.assign(donorId!, agent1Id, before, admin.id);
  }, 60_000);

  it('a repeat donor asks for an agent without identifying: recognised by number, the account manager rings first with the reason, then the queue with the green channel', async () => {
    const donor = DEMO_DONORS.find((d) => d.key === 'repeat-platelet')!; // account manager: agent1
    await managerState('ready');
    const call = h.sim.placeCall({ from: donor.phone.replace(/\D/g, ''), to: '96606', dtmf: '0' });
    const pop = await agent1.waitPop((p) => p.callId === call.linkedid, 20_000);
    expect(pop.match).toBe('known');
    expect(pop.donors[0]?.name).toBe(donor.name);
    expect(pop.ivr.path).toEqual(expect.arrayContaining(['welcome', 'menu:0', 'agent']));
    expect(pop.ivr.topic).toBe('consultation');
    // recognised, not verified: no identity claimed in the findings
    expect(pop.ivr).toMatchObject({ verified: false, verifiedBy: null, donorId: null, lang: 'zh' });
    // the manager's own phone rang directly (no queue), and the pop says why; the green channel rides along
    expect(pop).toMatchObject({ queue: null, priority: 10, greenChannel: true, routeReason: 'account-manager-caller-id' });
    expect(agent2.pops.some((p) => p.callId === call.linkedid)).toBe(false);
    // nobody answers within the manager's ring time: the queue, with the green channel's priority and no reason
    const queued = await until(() => [...agent1.pops, ...agent2.pops].find((p) => p.callId === call.linkedid && p.queue === 'hotline'), 20_000, 'the queue\'s pop');
    expect(queued).toMatchObject({ priority: 10, routeReason: null });
    h.sim.hangupCaller(call.callId);
    await until(() => agent1.updates.some((u) => u.callId === call.linkedid && u.state === 'ended') || undefined, 8000, 'the end');
    const rec = await h.record(call.linkedid);
    expect(rec.ivrPath).toEqual(expect.arrayContaining(['welcome', 'menu:0', 'agent']));
    await agent1.waitSession((s) => s.state === 'ready', 8000);
    await agent2.waitSession((s) => s.state === 'ready', 8000);
  }, 60_000);

  it('with the manager paused, the same caller goes straight to the queue with the green channel priority', async () => {
    const donor = DEMO_DONORS.find((d) => d.key === 'repeat-platelet')!;
    await agent1.command('agent:pause', { reason: 'meal' });
    await managerState('paused');
    const call = h.sim.placeCall({ from: donor.phone.replace(/\D/g, ''), to: '96606', dtmf: '0' });
    const pop = await agent2.waitPop((p) => p.callId === call.linkedid, 20_000);
    expect(pop).toMatchObject({ queue: 'hotline', priority: 10, greenChannel: true, routeReason: null, match: 'known' });
    h.sim.hangupCaller(call.callId);
    await agent2.waitUpdate((u) => u.callId === call.linkedid && u.state === 'ended');
    expect(agent1.pops.some((p) => p.callId === call.linkedid)).toBe(false);
    await agent1.command('agent:ready', {});
    await managerState('ready');
    await agent2.waitSession((s) => s.state === 'ready', 8000);
  }, 40_000);

  it('a family phone, verified by the ID\'s last four: the verified donor first among the candidates', async () => {
    const [fatherId, daughterId] = await Promise.all(
      ['family-father', 'family-daughter'].map(async (key) => {
        const d = DEMO_DONORS.find((x) => x.key === key)!;
        const page = await h.services.donors.search({ name: d.name, pageSize: 5 });
        return page.items.find((i) => i.name === d.name)!.id;
      }),
    );
    const admin = (await h.services.users.findByUsername('admin'))!;
    const id = (await h.services.donors.unmask(daughterId!, 'nationalId', admin.id, 'system test: the daughter keys her ID')).value;
    const last4 = id.slice(-4).replace(/x/i, '*');
    const call = h.sim.placeCall({ from: DEMO_FAMILY_NUMBER.phone.replace(/\D/g, ''), to: '96606', dtmf: ['1', `${last4}#`, '*', '0'].join(',') });
    // the daughter has no account manager: the queue, so either seat
    const pop = await until(() => [...agent1.pops, ...agent2.pops].find((p) => p.callId === call.linkedid), 30_000, 'the pop');
    const desk = agent1.pops.includes(pop) ? agent1 : agent2;
    expect(pop.ivr).toMatchObject({ verified: true, verifiedBy: 'id-last4', donorId: daughterId, topic: 'eligibility' });
    expect(pop.ivr.path).toEqual(expect.arrayContaining(['menu:1', 'identity:ok', 'menu:0', 'agent']));
    expect(pop.match).toBe('shared');
    expect(pop.donors.map((d) => d.id)).toEqual([daughterId, fatherId]);
    h.sim.hangupCaller(call.callId);
    await desk.waitUpdate((u) => u.callId === call.linkedid && u.state === 'ended');
    const rec = await h.record(call.linkedid);
    expect(rec.ivrVerified).toBe(true);
    expect(rec.donor?.id).toBe(daughterId);
  }, 60_000);

  it('shuts down', async () => {
    await ivr?.stop();
    await h?.close();
  }, 30_000);
});
