import { beforeAll, expect, it } from 'vitest';
import { createDomainServices, DEMO_PII_KEYS, type DomainServices } from '../src/node.js';
import { buildDonor, buildUser, describeEachDb } from '../src/testing/index.js';

describeEachDb('campaign dialer (targets, claim, retries, board)', (ctx) => {
  let svc: DomainServices;
  let now = new Date('2026-12-07T03:00:00Z'); // 11:00 Shanghai
  beforeAll(() => {
    svc = createDomainServices(ctx.ds, { pii: DEMO_PII_KEYS, clock: () => now });
  });

  const base = { name: '血小板召回', mode: 'progressive', startsOn: '2026-12-01', maxAttempts: 2, retryMinutes: [30] };

  it('a campaign needs agents and donors; nothing is half-written when refused', async () => {
    const agent = await buildUser(ctx.ds);
    const d = await buildDonor(ctx.ds);
    const before = (await svc.dialer.list()).length;
    await expect(svc.dialer.create({ ...base, agentIds: [], donorIds: [d.id] }, agent.id)).rejects.toMatchObject({ code: 'VALIDATION_FAILED', message: /至少指派一名坐席/ });
    await expect(svc.dialer.create({ ...base, agentIds: [agent.id], donorIds: [] }, agent.id)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(svc.dialer.create({ ...base, agentIds: [agent.id], donorIds: [d.id, 99_999_999] }, agent.id)).rejects.toMatchObject({ message: /99999999/ });
    expect((await svc.dialer.list()).length).toBe(before);
  });

  it('two agents claiming at once never get the same donor; the list order is kept', async () => {
    const [a1, a2] = [await buildUser(ctx.ds), await buildUser(ctx.ds)];
    const donors = [await buildDonor(ctx.ds), await buildDonor(ctx.ds), await buildDonor(ctx.ds)];
    const c = await svc.dialer.create({ ...base, agentIds: [a1.id, a2.id], donorIds: donors.map((d) => d.id) }, a1.id);
    await expect(svc.dialer.claimNext(c.id, a1.id)).resolves.toBeTruthy(); // claims need not wait for start: the dialer checks the status
    await svc.dialer.release((await svc.dialer.heldBy(c.id, a1.id))!, a1.id);
    const claims = await Promise.all([svc.dialer.claimNext(c.id, a1.id), svc.dialer.claimNext(c.id, a2.id), svc.dialer.claimNext(c.id, a1.id), svc.dialer.claimNext(c.id, a2.id)]);
    const got = claims.filter((x) => x !== null).map((x) => x.donorId);
    expect(got.length).toBe(3);
    expect(new Set(got).size).toBe(3);
    expect(claims.filter((x) => x === null)).toHaveLength(1);
  });

  it('each call ends in one attempt; failures wait by the retry schedule, then the cap ends the target; a second report changes nothing', async () => {
    const a = await buildUser(ctx.ds);
    const d = await buildDonor(ctx.ds);
    const c = await svc.dialer.create({ ...base, agentIds: [a.id], donorIds: [d.id] }, a.id);
    const t = (await svc.dialer.claimNext(c.id, a.id))!;
    expect(await svc.dialer.finish(t.targetId, 'busy', 'call-1', a.id)).toEqual({ status: 'pending', attempts: 1 });
    expect(await svc.dialer.finish(t.targetId, 'busy', 'call-1', a.id)).toBeNull();
    expect(await svc.dialer.claimNext(c.id, a.id)).toBeNull(); // not due for 30 minutes
    now = new Date(now.getTime() + 31 * 60_000);
    const again = (await svc.dialer.claimNext(c.id, a.id))!;
    expect(again.targetId).toBe(t.targetId);
    expect(await svc.dialer.finish(again.targetId, 'rejected', 'call-2', a.id)).toEqual({ status: 'exhausted', attempts: 2 });
    const attempts = await svc.campaigns.attempts(d.id);
    expect(attempts.map((x) => x.outcome)).toEqual(['rejected', 'busy']);
    const board = await svc.dialer.board(c.id);
    expect(board).toMatchObject({ targets: 1, attempted: 1, attempts: 2, exhausted: 1, reached: 0 });
    // the failed attempts count for the contact policy
    expect((await svc.contactPolicy.decide(d.id, 'recruitment', 'voice', now)).failedAttemptsInWindow).toBe(2);
  });

  it('a reached donor: the agent records booked (only their own call); blocked targets are counted by reason', async () => {
    const [a, other] = [await buildUser(ctx.ds), await buildUser(ctx.ds)];
    const d = await buildDonor(ctx.ds);
    const dnc = await buildDonor(ctx.ds, { doNotCall: true });
    const c = await svc.dialer.create({ ...base, agentIds: [a.id], donorIds: [d.id, dnc.id] }, a.id);
    const t1 = (await svc.dialer.claimNext(c.id, a.id))!;
    const t2 = (await svc.dialer.claimNext(c.id, a.id))!;
    const [reach, blocked] = t1.donorId === d.id ? [t1, t2] : [t2, t1];
    await svc.dialer.block(blocked.targetId, ['do-not-call']);
    await svc.dialer.finish(reach.targetId, 'reached', 'call-9', a.id);
    await expect(svc.dialer.setOutcome(reach.targetId, 'reached-booked', { id: other.id, oversight: false })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(svc.dialer.setOutcome(reach.targetId, 'maybe', { id: a.id, oversight: false })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await svc.dialer.setOutcome(reach.targetId, 'reached-booked', { id: a.id, oversight: false })).toEqual({ status: 'booked' });
    expect(await svc.dialer.board(c.id)).toMatchObject({ targets: 2, reached: 1, booked: 1, blocked: 1, blockedByReason: { 'do-not-call': 1 }, attempts: 1 });
    await expect(svc.dialer.setOutcome(blocked.targetId, 'reached-booked', { id: a.id, oversight: true })).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('start / pause / stop follow the lifecycle', async () => {
    const a = await buildUser(ctx.ds);
    const c = await svc.dialer.create({ ...base, agentIds: [a.id], donorIds: [(await buildDonor(ctx.ds)).id] }, a.id);
    expect((await svc.dialer.transition(c.id, 'start', a.id)).status).toBe('running');
    expect((await svc.dialer.runningFor(a.id)).map((x) => x.id)).toContain(c.id);
    expect((await svc.dialer.transition(c.id, 'pause', a.id)).status).toBe('paused');
    await expect(svc.dialer.transition(c.id, 'pause', a.id)).rejects.toMatchObject({ code: 'CONFLICT' });
    expect((await svc.dialer.transition(c.id, 'stop', a.id)).status).toBe('stopped');
    await expect(svc.dialer.transition(c.id, 'start', a.id)).rejects.toMatchObject({ code: 'CONFLICT' });
  });
});
