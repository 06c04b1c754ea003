/**
 * The domain refuses what a person must not write — on SQLite and MariaDB, with nothing half-written:
 * control characters in text others read (RTL override, NUL), role/ownership rules on donor and ticket changes
 * (with old → new in the audit), and search that cannot complete a masked number or confirm IDs without limit.
 */
import type { DataSource } from 'typeorm';
import { beforeAll, expect, it } from 'vitest';
import { completeNationalId, createDomainServices, DEMO_PII_KEYS, type Actor, type DomainServices } from '../src/node.js';
import { buildDonor, buildUser, describeEachDb, uniqueMobile } from '../src/testing/index.js';

const RLO = '\u202E';
const NOW = new Date('2026-11-22T02:00:00Z');

async function count(ds: DataSource, table: string, where = '1 = 1', params: unknown[] = []): Promise<number> {
  const [r] = (await ds.query(`SELECT COUNT(*) AS n FROM ${table} WHERE ${where}`, params)) as { n: number }[];
  return Number(r!.n);
}

describeEachDb('guarded writes', (ctx) => {
  let svc: DomainServices;
  let agent: Actor;
  let other: Actor;
  let supervisor: Actor;
  let clock = NOW;
  beforeAll(async () => {
    svc = createDomainServices(ctx.ds, { pii: DEMO_PII_KEYS, clock: () => clock, defaultAreaCode: '0532', sensitiveLookupsPerHour: 3 });
    agent = { id: (await buildUser(ctx.ds)).id, role: 'agent' };
    other = { id: (await buildUser(ctx.ds)).id, role: 'agent' };
    supervisor = { id: (await buildUser(ctx.ds, { role: 'supervisor' })).id, role: 'supervisor' };
  });

  it('RTL-override and NUL characters are refused in names, notes and ticket text, with the field named; nothing is written', async () => {
    const d = await buildDonor(ctx.ds, { name: '王建华' });
    const donors = await count(ctx.ds, 'donor');
    const tickets = await count(ctx.ds, 'ticket');
    const contacts = await count(ctx.ds, 'contact_record');
    await expect(svc.donors.create({ name: `王${RLO}1234`, phone: uniqueMobile() }, agent)).rejects.toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'name', problem: 'bidi-control' } });
    await expect(svc.donors.create({ name: '李\u0000四', phone: uniqueMobile() }, agent)).rejects.toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'name', problem: 'control-character' } });
    await expect(svc.donors.update(d.id, { name: `${RLO}华建王` }, agent)).rejects.toMatchObject({ details: { field: 'name' } });
    await expect(svc.donors.update(d.id, { notes: `ok${RLO}evil` }, agent)).rejects.toMatchObject({ details: { field: 'notes' } });
    await expect(svc.donors.update(d.id, { tags: ['稀有', `x${RLO}`] }, agent)).rejects.toMatchObject({ details: { field: 'tags' } });
    await expect(svc.tickets.create({ kind: 'complaint', subject: `投诉${RLO}`, donorId: d.id }, agent)).rejects.toMatchObject({ details: { field: 'subject' } });
    await expect(svc.tickets.create({ kind: 'complaint', subject: '投诉', body: 'a\u0000b', donorId: d.id }, agent)).rejects.toMatchObject({ details: { field: 'body' } });
    await expect(svc.contacts.create({ donorId: d.id, channel: 'call', category: 'consultation', notes: `回电${RLO}` }, agent.id)).rejects.toMatchObject({ details: { field: 'notes' } });
    expect(await count(ctx.ds, 'donor')).toBe(donors);
    expect(await count(ctx.ds, 'ticket')).toBe(tickets);
    expect(await count(ctx.ds, 'contact_record')).toBe(contacts);
    const [row] = (await ctx.ds.query('SELECT name, notes FROM donor WHERE id = ?', [d.id])) as { name: string; notes: string | null }[];
    expect(row).toEqual({ name: '王建华', notes: null });
    // line breaks in notes are fine
    await svc.donors.update(d.id, { notes: '第一行\n第二行' }, agent);
  });

  it('donor writes follow the rules per role, checked against the stored record; the audit has old → new, masked', async () => {
    const nid = completeNationalId('37020219850302151');
    const d = await buildDonor(ctx.ds, { name: '李建国', nationalId: nid, doNotCall: false, consentSms: false, accountManagerId: null });
    await expect(svc.donors.update(d.id, { accountManagerId: agent.id }, agent)).rejects.toMatchObject({ code: 'FORBIDDEN', details: { rule: 'donor.account-manager' } });
    await expect(svc.donors.update(d.id, { nationalId: completeNationalId('37020219850302152') }, agent)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(svc.donors.update(d.id, { consentSms: true }, agent)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    // the donor asks not to be called: any agent records it; only a supervisor lifts it
    await svc.donors.update(d.id, { doNotCall: true, name: '李建国' }, agent);
    await expect(svc.donors.update(d.id, { doNotCall: false }, agent)).rejects.toMatchObject({ code: 'FORBIDDEN', details: { rule: 'donor.do-not-call.clear' } });
    const newNid = completeNationalId('37020319850302153');
    const v = await svc.donors.update(d.id, { doNotCall: false, accountManagerId: other.id, nationalId: newNid }, supervisor);
    expect(v.doNotCall).toBe(false);
    expect(v.birthDate).toBe('1985-03-02'); // a supervisor's view
    const audit = (await svc.audit.list({ action: 'donor.update', subjectType: 'donor', subjectId: String(d.id) })).items;
    expect(audit).toHaveLength(2);
    expect(audit[0]).toMatchObject({ actor: { id: supervisor.id }, detail: { changes: {
      doNotCall: { from: true, to: false },
      accountManagerId: { from: null, to: other.id },
      nationalId: { from: `**************${nid.slice(-4)}`, to: `**************${newNid.slice(-4)}` },
    } } });
    expect(audit[1]).toMatchObject({ actor: { id: agent.id }, detail: { changes: { doNotCall: { from: false, to: true } } } });
    expect(Object.keys(audit[1]!.detail!.changes as object)).toEqual(['doNotCall']); // the unchanged name is not a change
    expect(JSON.stringify(audit)).not.toContain(nid.slice(0, 14));
    expect(JSON.stringify(audit)).not.toContain(newNid.slice(0, 14));
  });

  it('tickets: only the owner, a supervisor or an admin closes or reassigns; old → new in the audit', async () => {
    const d = await buildDonor(ctx.ds);
    const t = await svc.tickets.create({ kind: 'complaint', subject: '等候太久', donorId: d.id, ownerId: other.id }, supervisor);
    await expect(svc.tickets.create({ kind: 'callback', subject: '回电', ownerId: other.id }, agent)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(svc.tickets.update(t.id, { status: 'closed' }, agent)).rejects.toMatchObject({ code: 'FORBIDDEN', details: { rule: 'ticket.status' } });
    await expect(svc.tickets.update(t.id, { ownerId: agent.id }, agent)).rejects.toMatchObject({ code: 'FORBIDDEN', details: { rule: 'ticket.reassign' } });
    expect((await svc.tickets.get(t.id))).toMatchObject({ status: 'assigned', owner: { id: other.id } });
    await svc.tickets.update(t.id, { note: '已联系献血者' }, agent); // anyone may add a note
    await expect(svc.tickets.update(t.id, { status: 'resolved' }, other)).rejects.toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'outcome' } });
    await svc.tickets.update(t.id, { status: 'resolved', outcome: '已致歉并调整预约' }, other); // the owner
    await svc.tickets.update(t.id, { status: 'assigned', ownerId: agent.id }, supervisor);
    const rows = (await svc.audit.list({ action: 'ticket.update', subjectType: 'ticket', subjectId: String(t.id) })).items;
    expect(rows.map((r) => r.detail)).toEqual([
      { changes: { status: { from: 'resolved', to: 'assigned' }, ownerId: { from: other.id, to: agent.id } }, note: false },
      { changes: { status: { from: 'assigned', to: 'resolved' }, outcome: { from: null, to: '已致歉并调整预约' } }, note: false },
      { changes: {}, note: true },
    ]);
  });

  it('a phone fragment other than exactly the last four digits is refused — a masked number cannot be completed', async () => {
    const phone = uniqueMobile();
    const d = await buildDonor(ctx.ds, { phones: [phone] });
    const masked = `${phone.slice(3, 6)}****${phone.slice(-4)}`;
    for (const probe of [masked, phone.slice(3, 10), `${phone.slice(3, 6)}*${phone.slice(-7)}`, phone.slice(-5), '123']) {
      await expect(svc.donors.search({ phone: probe }, { actor: agent })).rejects.toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'phone' } });
    }
    await expect(svc.calls.list({ phone: phone.slice(-7) })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    const last4 = await svc.donors.search({ phone: phone.slice(-4), pageSize: 100 }, { actor: agent });
    expect(last4.items.map((x) => x.id)).toContain(d.id);
    // neither a refused fragment nor a last-4 search is a lookup
    expect(await count(ctx.ds, 'audit_log', "actor_id = ? AND action = 'donor.lookup.exact'", [agent.id])).toBe(0);
  });

  it('full-number and full-ID lookups are audited (masked) and limited per user per hour, counted from the audit log', async () => {
    clock = new Date(NOW.getTime() + 10 * 86_400_000);
    const lookups = (id: number): Promise<number> => count(ctx.ds, 'audit_log', "actor_id = ? AND action = 'donor.lookup.exact'", [id]);
    const nid = completeNationalId('37021119900101201');
    const phone = uniqueMobile();
    const d = await buildDonor(ctx.ds, { phones: [phone], nationalId: nid });
    const who: Actor = { id: (await buildUser(ctx.ds)).id, role: 'agent' };
    expect((await svc.donors.search({ phone }, { actor: who, ip: '10.1.2.3' })).items.map((x) => x.id)).toEqual([d.id]);
    expect((await svc.donors.search({ q: nid }, { actor: who })).items.map((x) => x.id)).toEqual([d.id]);
    // a create with a registered ID confirms it too: counted and audited like a search, nothing created
    await expect(svc.donors.create({ name: '探测', phone: uniqueMobile(), nationalId: nid }, who)).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await lookups(who.id)).toBe(3);
    // the 4th in the hour is refused before it runs (limit 3 here), with Retry-After
    await expect(svc.donors.search({ phone: uniqueMobile() }, { actor: who })).rejects.toMatchObject({ code: 'RATE_LIMITED', details: { limit: 3 } });
    await expect(svc.donors.create({ name: '探测', phone: uniqueMobile(), nationalId: completeNationalId('37021119900101202') }, who)).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    expect(await lookups(who.id)).toBe(3);
    // name and last-4 searches are not lookups; another user has their own budget
    await svc.donors.search({ phone: phone.slice(-4) }, { actor: who });
    await svc.donors.search({ phone }, { actor: { id: other.id, role: 'agent' } });
    const audit = (await svc.audit.list({ actorId: who.id, action: 'donor.lookup.exact' })).items;
    expect(audit.map((a) => a.detail?.criteria)).toEqual([
      [{ by: 'nationalId', masked: `**************${nid.slice(-4)}` }],
      [{ by: 'nationalId', masked: `**************${nid.slice(-4)}` }],
      [{ by: 'phone', masked: `${phone.slice(3, 6)}****${phone.slice(-4)}` }],
    ]);
    expect(audit.at(-1)).toMatchObject({ ip: '10.1.2.3', detail: { results: 1, donorIds: [d.id] } });
    expect(JSON.stringify(audit)).not.toContain(phone.slice(3));
    expect(JSON.stringify(audit)).not.toContain(nid.slice(0, 14));
    // an hour later the budget is back
    clock = new Date(clock.getTime() + 3_600_001);
    await svc.donors.search({ phone }, { actor: who });
  });
});
