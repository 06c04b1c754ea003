/**
 * Who may act, end to end over real sockets against the simulated Asterisk (SQLite and MariaDB):
 *  - seats are bound to people: quality managers cannot sit, nobody sits at an extension not assigned to them, a seat
 *    someone else holds is refused with who holds it; a supervisor frees it;
 *  - a fresh seat starts paused (未就绪, AGENT_START_PAUSED) until the agent becomes ready;
 *  - signing out with a live call asks first (CONFLICT), then frees the seat while the call goes on;
 *  - disabling or demoting someone closes their socket within seconds and frees their seat (QueueRemove) — whether
 *    done through Administration → Staff (at once) or straight in the database (the next re-check round);
 *  - logout revokes the session: its socket closes and the token is refused at the next handshake;
 *  - the IVR PIN lock-out reaches admins' and supervisors' desks as a notice.
 */
import { createSigner } from 'fast-jwt';
import { beforeEach, expect, it, onTestFailed } from 'vitest';
import type { StaffDto } from '@donorline/domain';
import { describeEachDb } from '@donorline/domain/testing';
import { JWT_AUDIENCE, JWT_ISSUER } from '../../apps/cti-bridge/src/auth/index.js';
import { Desk } from './support/desk.js';
import { Harness, until } from './support/harness.js';

interface SimMember { interface: string; name: string; paused: boolean; reason: string }
interface SimQueue { name: string; members: SimMember[] }

describeEachDb('access: seats bound to people, sessions that end when access ends', (ctx) => {
  let h: Harness;
  let adminToken = '';
  const ended = new Map<Desk, { reason: string }>();

  beforeEach(() => {
    onTestFailed(() => {
      if (h) console.log(`STATE AT FAILURE ${ctx.kind}:`, h.dump());
    });
  });

  const members = (ext: string): Array<SimMember & { queue: string }> =>
    (h.sim.state() as { queues: SimQueue[] }).queues.flatMap((q) => q.members.filter((m) => m.interface === `PJSIP/${ext}`).map((m) => ({ ...m, queue: q.name })));
  const desk = async (username: string): Promise<Desk> => {
    const d = await h.desk(username);
    d.socket.on('session:ended', (e) => ended.set(d, e));
    return d;
  };
  /** Closes a desk and waits until the bridge has seen it go (as a desk that is really gone). */
  const closeDesk = async (d: Desk): Promise<void> => {
    const id = d.socket.id;
    d.close();
    await until(() => !id || !h.bridge.io.sockets.sockets.has(id), 3000, 'the bridge to see the desk go');
  };
  const userId = async (username: string): Promise<number> => (await h.services.users.findByUsername(username))!.id;
  const patch = (id: number, json: unknown) => h.api<StaffDto>('PATCH', `/api/admin/staff/${id}`, adminToken, json);

  it('starts with the production default: seats start paused (未就绪)', async () => {
    h = await Harness.start(ctx.db, { env: { AGENT_START_PAUSED: 'true', AUTH_RECHECK_SECONDS: '1' } });
    adminToken = await h.token('admin');
  }, 60_000);

  it('a new seat starts paused with reason not-ready until the agent becomes ready', async () => {
    const a1 = await desk('agent1');
    const s = await a1.command('agent:login', { extension: '8001' });
    expect(s).toMatchObject({ state: 'paused', pauseReason: 'not-ready', extension: '8001' });
    expect(members('8001').map((m) => [m.queue, m.paused, m.reason])).toEqual([['hotline', true, 'not-ready'], ['complaints', true, 'not-ready']]);
    // no call is offered to a not-ready seat
    const call = h.sim.placeCall({ from: '13600002222', to: '96607' });
    await until(() => h.bridge.registry.get(call.linkedid)?.state === 'queued', 5000, 'the call to queue');
    expect(a1.pops).toEqual([]);
    const ready = await a1.command('agent:ready', {});
    expect(ready.pauseReason).toBeNull();
    await a1.waitPop((p) => p.callId === call.linkedid);
    await a1.command('call:answer', { callId: call.linkedid });
    await a1.waitSession((x) => x.state === 'on-call');
    // signing out during a live call is refused first …
    const refused = await a1.ack('agent:logout', {});
    expect(refused).toMatchObject({ ok: false, error: { code: 'CONFLICT', details: { reason: 'on-call' } } });
    // … and when the agent confirms, the seat is freed while the call goes on
    const out = await a1.command('agent:logout', { force: true });
    expect(out.state).toBe('logged-out');
    expect(members('8001')).toEqual([]);
    expect(h.bridge.registry.get(call.linkedid)?.state).toBe('connected');
    h.sim.hangupCaller(call.callId);
    await until(() => !h.bridge.registry.get(call.linkedid), 5000, 'the call to end');
    await closeDesk(a1);
  }, 30_000);

  it('seats are bound to people: qa cannot sit; an extension not assigned is refused naming the right ones', async () => {
    const qa = await desk('qa');
    const r = await qa.ack('agent:login', { extension: '8009' });
    expect(r).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', details: { reason: 'role' } } });
    expect(members('8009')).toEqual([]);
    const a2 = await desk('agent2');
    const other = await a2.ack('agent:login', { extension: '8009' });
    expect(other).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', details: { reason: 'extension', allowed: ['8002'] } } });
    expect(!other.ok && other.error.message).toMatch(/分机 8009 未分配给您，可用分机：8002/);
    expect(members('8009')).toEqual([]);
    // not a dead end: the same desk takes its own seat
    expect((await a2.command('agent:login', { extension: '8002' })).extension).toBe('8002');
    await a2.command('agent:logout', {});
    await closeDesk(qa);
    await closeDesk(a2);
  });

  it('a shared extension held by a colleague: refused with who holds it; a supervisor frees it; then it can be taken', async () => {
    const a1 = await desk('agent1');
    await a1.command('agent:login', { extension: '8001' });
    // the admin lets agent2 use 8001 too (a shared desk phone)
    const agent2Id = await userId('agent2');
    expect((await patch(agent2Id, { extensions: ['8002', '8001'] })).status).toBe(200);
    const a2 = await desk('agent2');
    const taken = await a2.ack('agent:login', { extension: '8001' });
    expect(taken).toMatchObject({
      ok: false, error: { code: 'CONFLICT', details: { reason: 'seat-taken', canForce: false, holder: { extension: '8001', displayName: '坐席一号 林晓', employeeNo: '1001' } } },
    });
    expect(!taken.ok && taken.error.message).toMatch(/分机 8001 正由坐席一号 林晓（工号 1001）使用/);
    // an agent cannot force
    expect(await a2.ack('agent:login', { extension: '8001', force: true })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    // agents cannot free seats; a supervisor can
    const agentToken = await h.token('agent2');
    expect((await h.api('POST', '/api/seats/8001/release', agentToken)).status).toBe(403);
    const sup = await h.token('supervisor');
    const rel = await h.api<{ released: boolean; userId: number }>('POST', '/api/seats/8001/release', sup);
    expect(rel.body).toEqual({ released: true, userId: await userId('agent1') });
    await a1.waitSession((s) => s.state === 'logged-out');
    await until(() => a1.notices.find((n) => n.code === 'SEAT_RELEASED'), 3000, 'the holder to be told');
    expect(members('8001')).toEqual([]);
    expect((await a2.command('agent:login', { extension: '8001' })).extension).toBe('8001');
    expect(members('8001').map((m) => m.name)).toEqual(['agent2', 'agent2']);
    await a2.command('agent:logout', {});
    expect((await patch(agent2Id, { extensions: ['8002'] })).status).toBe(200);
    await closeDesk(a1);
    await closeDesk(a2);
  });

  it('disabled through Administration → Staff: the socket closes and the seat is freed at once; no more pops', async () => {
    const a2 = await desk('agent2');
    await a2.command('agent:login', { extension: '8002' });
    await a2.command('agent:ready', {});
    expect(members('8002')).toHaveLength(2);
    const id = await userId('agent2');
    const t0 = Date.now();
    expect((await patch(id, { active: false })).status).toBe(200);
    await until(() => ended.get(a2), 2000, 'session:ended');
    expect(ended.get(a2)).toMatchObject({ reason: 'disabled' });
    await until(() => !a2.socket.connected, 2000, 'the socket to close');
    await until(() => members('8002').length === 0, 2000, 'QueueRemove');
    expect(Date.now() - t0).toBeLessThan(2000);
    // a call now is not offered to agent2's phone
    const call = h.sim.placeCall({ from: '13600003333', to: '96607' });
    await until(() => h.bridge.registry.get(call.linkedid)?.state === 'queued', 5000, 'the call to queue');
    expect(a2.pops.some((p) => p.callId === call.linkedid)).toBe(false);
    h.sim.hangupCaller(call.callId);
    // the old token no longer connects
    await expect(Desk.connect(h.baseUrl, (a2.socket.auth as { token: string }).token)).rejects.toThrow(/UNAUTHENTICATED/);
    expect((await patch(id, { active: true })).status).toBe(200);
  }, 20_000);

  it('demoted through Administration → Staff: the supervisor\'s socket closes and the seat is freed', async () => {
    const sup = await desk('supervisor');
    await sup.command('agent:login', { extension: '8009' });
    expect(members('8009')).toHaveLength(2);
    const id = await userId('supervisor');
    expect((await patch(id, { role: 'quality' })).status).toBe(200);
    await until(() => ended.get(sup), 2000, 'session:ended');
    expect(ended.get(sup)).toMatchObject({ reason: 'role-changed' });
    await until(() => members('8009').length === 0, 2000, 'QueueRemove');
    expect((await patch(id, { role: 'supervisor' })).status).toBe(200);
  });

  it('disabled straight in the database (another instance): dropped and freed within the re-check interval', async () => {
    const a2 = await desk('agent2');
    await a2.command('agent:login', { extension: '8002' });
    const id = await userId('agent2');
    const t0 = Date.now();
    await h.services.ds.query('UPDATE app_user SET active = 0 WHERE id = ?', [id]);
    await until(() => ended.get(a2), 5000, 'session:ended');
    await until(() => members('8002').length === 0, 5000, 'QueueRemove');
    const took = Date.now() - t0;
    expect(took).toBeLessThan(h.config.auth.recheckSeconds * 1000 + 2000);
    console.log(`[access] disabled in the DB → socket closed and seat freed in ${took} ms (AUTH_RECHECK_SECONDS=${h.config.auth.recheckSeconds})`);
    await h.services.ds.query('UPDATE app_user SET active = 1 WHERE id = ?', [id]);
  });

  it('logout: the session\'s socket closes, its token is refused at the next handshake; other sessions go on', async () => {
    const token = await h.token('agent1');
    const a = await Desk.connect(h.baseUrl, token);
    const b = await desk('agent1');
    let endedA: { reason: string } | null = null;
    a.socket.on('session:ended', (e) => (endedA = e));
    expect((await h.api('POST', '/api/auth/logout', token)).status).toBe(200);
    await until(() => endedA, 2000, 'session:ended');
    expect(endedA).toMatchObject({ reason: 'logout' });
    await until(() => !a.socket.connected, 2000, 'the socket to close');
    await expect(Desk.connect(h.baseUrl, token)).rejects.toThrow(/UNAUTHENTICATED/);
    expect(b.socket.connected).toBe(true);
    // a token without exp (or iss) never gets a socket
    const sid = (h.bridge.auth.verifyToken(await h.token('agent1'))).sid;
    const noExp = createSigner({ key: h.config.auth.jwtSecret, iss: JWT_ISSUER, aud: JWT_AUDIENCE })({ sub: String(await userId('agent1')), username: 'agent1', role: 'agent', sid });
    await expect(Desk.connect(h.baseUrl, noExp)).rejects.toThrow(/UNAUTHENTICATED/);
    b.close();
  });

  it('the IVR PIN lock-out reaches admins and supervisors as a notice, not agents', async () => {
    const adminDesk = await desk('admin');
    const supDesk = await desk('supervisor');
    const agentDesk = await desk('agent1');
    await until(() => adminDesk.sessions.length > 0 && supDesk.sessions.length > 0 && agentDesk.sessions.length > 0, 3000, 'desks');
    for (let i = 0; i < 5; i++) await h.services.staff.verifyIvrPin('2001', '000111', { maxFailures: 5, callId: `ivr-${i}` });
    const n = await until(() => adminDesk.notices.find((x) => x.code === 'IVR_PIN_LOCKOUT'), 5000, 'the admin notice');
    expect(n.message).toMatch(/质检 赵倩（工号 2001）/);
    await until(() => supDesk.notices.find((x) => x.code === 'IVR_PIN_LOCKOUT'), 5000, 'the supervisor notice');
    expect(agentDesk.notices.some((x) => x.code === 'IVR_PIN_LOCKOUT')).toBe(false);
  });

  it('shuts down', async () => {
    await h?.close();
  }, 30_000);
});
