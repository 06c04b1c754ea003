/**
 * The IVR's findings reach the agent's pop: the real IVR (startIvr, in-process, on the same simulator and
 * database) serves the call, sets the DL_* channel variables and hands it to the queue; the bridge reads them.
 */
import path from 'node:path';
import { beforeEach, expect, it, onTestFailed } from 'vitest';
import { DEMO_DONORS, DEMO_FAMILY_NUMBER } from '@donorline/domain/node';
import { describeEachDb } from '@donorline/domain/testing';
import { DomainBackend, loadConfig as loadIvrConfig, startIvr, type IvrHandle } from '@donorline/ivr-flows';
import type { Desk } from './support/desk.js';
import { Harness } from './support/harness.js';

const quietIvr = { info: () => undefined, warn: () => undefined, error: () => undefined };

describeEachDb('IVR findings in the pop', (ctx) => {
  let h: Harness;
  let ivr: IvrHandle;
  let agent1: Desk;

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
    });
    ivr = await startIvr(config, { backend: new DomainBackend({ services: h.services, ariRecordingsDir: config.recordings.ariDir, defaultAreaCode: '0532' }), log: quietIvr });
    agent1 = await h.seatedDesk('agent1', '8001');
  }, 60_000);

  it('a repeat donor asks for an agent without identifying: the IVR path and topic in the pop, the caller recognised by number', async () => {
    const donor = DEMO_DONORS.find((d) => d.key === 'repeat-platelet')!;
    const call = h.sim.placeCall({ from: donor.phone.replace(/\D/g, ''), to: '96606', dtmf: '0' });
    const pop = await agent1.waitPop((p) => p.callId === call.linkedid, 20_000);
    expect(pop.match).toBe('known');
    expect(pop.donors[0]?.name).toBe(donor.name);
    expect(pop.ivr.path).toEqual(expect.arrayContaining(['welcome', 'menu:0', 'agent']));
    expect(pop.ivr.topic).toBe('consultation');
    expect(pop.ivr).toMatchObject({ verified: false, verifiedBy: null, donorId: null, lang: 'zh' });
    // not identified in the IVR, so no routing by donor (no account manager first, no priority) — the number still
    // finds the donor, and the card shows the green channel of a repeat donor
    expect(pop).toMatchObject({ queue: 'hotline', priority: 0, greenChannel: true });
    h.sim.hangupCaller(call.callId);
    await agent1.waitUpdate((u) => u.callId === call.linkedid && u.state === 'ended');
    const rec = await h.record(call.linkedid);
    expect(rec.ivrPath).toEqual(expect.arrayContaining(['welcome', 'menu:0', 'agent']));
    await agent1.waitSession((s) => s.state === 'ready', 8000);
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
    const pop = await agent1.waitPop((p) => p.callId === call.linkedid, 30_000);
    expect(pop.ivr).toMatchObject({ verified: true, verifiedBy: 'id-last4', donorId: daughterId, topic: 'eligibility' });
    expect(pop.ivr.path).toEqual(expect.arrayContaining(['menu:1', 'identity:ok', 'menu:0', 'agent']));
    expect(pop.match).toBe('shared');
    expect(pop.donors.map((d) => d.id)).toEqual([daughterId, fatherId]);
    h.sim.hangupCaller(call.callId);
    await agent1.waitUpdate((u) => u.callId === call.linkedid && u.state === 'ended');
    const rec = await h.record(call.linkedid);
    expect(rec.ivrVerified).toBe(true);
    expect(rec.donor?.id).toBe(daughterId);
  }, 60_000);

  it('shuts down', async () => {
    await ivr?.stop();
    await h?.close();
  }, 30_000);
});
