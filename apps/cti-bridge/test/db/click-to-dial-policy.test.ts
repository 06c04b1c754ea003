/**
 * The contact policy on click-to-dial (issue 13 regression: a do-not-call donor was click-dialled, answered and
 * recorded). The real CallControl, call registry and domain services on SQLite and MariaDB; only the PBX is a
 * recorder of Originates. Refused dials never reach the PBX, are audited and say why; a declared service call goes
 * out; each placed dial's outcome is recorded when its call ends.
 */
import { beforeAll, expect, it } from 'vitest';
import { createDomainServices, DEFAULT_CONTACT_RULES, DEMO_PII_KEYS, type DomainServices } from '@donorline/domain/node';
import { buildDonor, buildUser, describeEachDb } from '@donorline/domain/testing';
import { CallControl, type CallPbx } from '../../src/calls/call-control.js';
import { CallRegistry } from '../../src/calls/call-registry.js';
import { DIAL_VAR, DialBook } from '../../src/calls/dial-book.js';
import { newLiveCall } from '../../src/calls/live-call.js';
import { OutboundAttempts } from '../../src/calls/outbound-attempts.js';
import { silentLogger } from '../../src/logger.js';

describeEachDb('click-to-dial under the contact policy', (ctx) => {
  let svc: DomainServices;
  let control: CallControl;
  let attempts: OutboundAttempts;
  const originated: string[] = [];
  let agentId: number;
  let seq = 0;

  beforeAll(async () => {
    // calling hours around the clock: this suite is about who may be called, not when
    svc = createDomainServices(ctx.ds, { pii: DEMO_PII_KEYS, contactRules: { ...DEFAULT_CONTACT_RULES, hours: { start: '00:00', end: '24:00', weekdays: [1, 2, 3, 4, 5, 6, 7] } } });
    const dials = new DialBook();
    const pbx = {
      async originate(_ext: string, number: string, vars: Record<string, string>) {
        originated.push(number);
        dials.take(vars[DIAL_VAR]!)?.resolve(`dial-${++seq}`);
        return { result: Promise.resolve({ ok: true, reason: 'answered' }) };
      },
    } as unknown as CallPbx;
    attempts = new OutboundAttempts(svc.contactPolicy, silentLogger);
    control = new CallControl({
      registry: new CallRegistry({ phone: {}, dials }), pbx, dials, phone: null, donors: svc.donors, phoneOptions: {}, queues: ['hotline'],
      policy: { enforce: (a) => svc.contactPolicy.enforce(a), donorsOfNumber: (e164) => svc.lookup.findDonorIdsByPhone(e164) },
      attempts,
    });
    agentId = (await buildUser(ctx.ds)).id;
  });

  const agent = () => ({ id: agentId, role: 'agent' as const });

  it('a do-not-call donor cannot be click-dialled for recruitment — by donor or by their number; refused in words and audited', async () => {
    const dnc = await buildDonor(ctx.ds, { doNotCall: true, phones: ['13977770001'] });
    const before = originated.length;
    await expect(control.dial(agent(), '8001', { donorId: dnc.id, purpose: 'recruitment' })).rejects.toMatchObject({ code: 'CONTACT_BLOCKED', message: expect.stringMatching(/请勿来电.*do-not-call/) });
    // unsaid purpose = recruitment
    await expect(control.dial(agent(), '8001', { donorId: dnc.id })).rejects.toMatchObject({ code: 'CONTACT_BLOCKED' });
    // the raw number belongs to the donor
    await expect(control.dial(agent(), '8001', { number: '139 7777 0001' })).rejects.toMatchObject({ code: 'CONTACT_BLOCKED', details: { donorId: dnc.id } });
    // do-not-call wins over a declared service call too
    await expect(control.dial(agent(), '8001', { donorId: dnc.id, purpose: 'service' })).rejects.toMatchObject({ code: 'CONTACT_BLOCKED' });
    expect(originated.length).toBe(before);
    const audit = await svc.audit.list({ action: 'contact.blocked', subjectId: String(dnc.id) });
    expect(audit.items).toHaveLength(4);
    expect(audit.items.map((a) => (a.detail as { via: string }).via)).toContain('click-to-dial');
  });

  it('an open complaint blocks recruitment; the agent says it is a service call and it goes out (audited); the outcome is recorded on hang-up', async () => {
    const d = await buildDonor(ctx.ds, { phones: ['13977770002'] });
    await svc.tickets.create({ kind: 'complaint', subject: '排队太久', donorId: d.id }, { id: agentId, role: 'agent' });
    await expect(control.dial(agent(), '8001', { donorId: d.id, purpose: 'recruitment' })).rejects.toMatchObject({ details: { reasons: ['open-complaint'] } });
    const { callId } = await control.dial(agent(), '8001', { donorId: d.id, purpose: 'service' });
    expect(originated.at(-1)).toBe('13977770002');
    expect((await svc.audit.list({ action: 'contact.service', subjectId: String(d.id) })).items).toHaveLength(1);
    const call = newLiveCall(callId, Date.now(), 'outbound');
    call.answeredAt = Date.now();
    call.endedAt = Date.now();
    attempts.onCallChange(call, { kind: 'ended', at: Date.now() } as never);
    await expect.poll(async () => (await ctx.ds.query('SELECT purpose, outcome, call_id FROM contact_attempt WHERE donor_id = ?', [d.id])) as unknown[]).toEqual([{ purpose: 'service', outcome: 'reached', call_id: callId }]);
    expect(attempts.size).toBe(0);
  });

  it('no consent to recruitment: refused for recruitment, allowed for care; a number of nobody goes out', async () => {
    const d = await buildDonor(ctx.ds, { consentRecruitment: false, phones: ['13977770003'] });
    await expect(control.dial(agent(), '8001', { donorId: d.id })).rejects.toMatchObject({ details: { reasons: ['no-consent'] } });
    await control.dial(agent(), '8001', { donorId: d.id, purpose: 'care' });
    await control.dial(agent(), '8001', { number: '13977779999' });
    expect(originated.slice(-2)).toEqual(['13977770003', '13977779999']);
    await expect(control.dial(agent(), '8001', { donorId: d.id, purpose: 'bribe' as never })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});
