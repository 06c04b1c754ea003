/**
 * The satisfaction survey end to end on the simulator: with IVR_SURVEY=1 the IVR sets DL_SURVEY=1; the donor's
 * account manager (tried first by the dialplan) answers, talks and hangs up; the dialplan sends the caller back to
 * Stasis(donorline-ivr,survey,<linkedid>); a low score is stored with the call and opens a callback ticket.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '@donorline/asterisk-sim';
import { completeNationalId, createDomainServices, localDateOf } from '@donorline/domain/node';
import { buildDonor, buildUser, openTestDatabase, type TestDatabase } from '@donorline/domain/testing';
import { DomainBackend } from '../src/backend/domain-backend.js';
import { loadConfig } from '../src/config.js';
import { startIvr, type IvrHandle } from '../src/ivr.js';
import { silentLogger } from '../src/runtime/logger.js';
import { SimDriver } from './support/sim-driver.js';

const at = (day: string, hhmm: string): Date => new Date(`${day}T${hhmm}:00+08:00`);

describe('satisfaction survey after the agent hangs up', () => {
  let db: TestDatabase;
  let sim: Simulator;
  let ivr: IvrHandle;
  let driver: SimDriver;
  let services: ReturnType<typeof createDomainServices>;

  beforeAll(async () => {
    db = await openTestDatabase('sqlite');
    sim = await startSimulator({ profile: 'donorline', amiPort: 0, ariPort: 0, timeScale: 0.05, speech: false });
    services = createDomainServices(db.ds, { pii: 'none', lookupCache: false });
    ivr = await startIvr(loadConfig({ ARI_URL: sim.ariUrl.replace('http://', `http://${sim.username}:${sim.secret}@`), IVR_SURVEY: '1' }), {
      backend: new DomainBackend({ services, ariRecordingsDir: '/tmp' }), log: silentLogger, clock: () => at(localDateOf(new Date()), '10:00'),
    });
    driver = await SimDriver.open(sim.ariUrl, sim.username, sim.secret);
  }, 30_000);
  afterAll(async () => {
    driver?.close();
    await ivr?.stop();
    await sim?.stop();
    await db?.close();
  });

  it('a low score after the call is stored with the call and opens a callback ticket', async () => {
    const am = await buildUser(db.ds, { extension: '8001' });
    const nid = completeNationalId('37020219870707123');
    const donor = await buildDonor(db.ds, { phones: ['+8613912340009'], nationalId: nid, accountManagerId: am.id });
    // the manager is signed in and free, as the bridge would log it (no bridge runs here)
    await services.reports.recordAgentState({ userId: am.id, ext: '8001', state: 'ready', reason: null, callId: null, at: new Date() });
    const phone = sim.device('8001');
    phone.setAutoAnswer(100);
    phone.setTalkTime(1000);

    const call = sim.placeCall({ from: '13912340009', to: '96606' });
    const ch = call.uniqueid;
    let from = driver.events.indexOf(await driver.prompt(ch, 'main-menu'));
    sim.sendDtmf(call.callId, '1');
    from = driver.events.indexOf(await driver.prompt(ch, 'id-enter-last4', from));
    sim.sendDtmf(call.callId, nid.slice(-4), 60);
    from = driver.events.indexOf(await driver.prompt(ch, 'offer-booking', from));
    sim.sendDtmf(call.callId, '*');
    from = driver.events.indexOf(await driver.prompt(ch, 'main-menu', from));
    sim.sendDtmf(call.callId, '0');
    from = driver.events.indexOf(await driver.prompt(ch, 'to-account-manager', from));
    // the account manager answers, talks, hangs up; the caller comes back for the survey
    from = driver.events.indexOf(await driver.prompt(ch, 'survey-intro', from, 20_000));
    sim.sendDtmf(call.callId, '2');
    await driver.prompt(ch, 'survey-sorry', from);

    const [s] = await db.ds.query('SELECT donor_id, call_id, channel, score, ticket_id FROM survey_response');
    expect(s).toMatchObject({ donor_id: donor.id, call_id: call.linkedid, channel: 'ivr', score: 2 });
    const [t] = await db.ds.query('SELECT kind, donor_id FROM ticket WHERE id = ?', [s.ticket_id]);
    expect(t).toEqual({ kind: 'callback', donor_id: donor.id });
  }, 40_000);
});
