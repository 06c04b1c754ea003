import { afterEach, describe, expect, it } from 'vitest';
import { FakeAmiServer, fixtureMessages, fixtureReply } from '../../test/support/fake-ami-server.js';
import { AmiClient, type AmiClientOptions } from './ami-client.js';
import { AmiError } from './ami-errors.js';
import type { AmiMessage } from './ami-message.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(server: FakeAmiServer, opts: Partial<AmiClientOptions> = {}): Promise<AmiClient> {
  const port = server.port || (await server.listen());
  const client = new AmiClient({ host: '127.0.0.1', port, username: 'cti', secret: 'cti-secret', ...opts });
  cleanups.push(() => server.close(), () => client.stop());
  return client;
}

function until<T>(fn: () => T | undefined | false, timeoutMs = 3000): Promise<T> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const tick = (): void => {
      const v = fn();
      if (v) return resolve(v);
      if (Date.now() - started > timeoutMs) return reject(new Error('condition not met in time'));
      setTimeout(tick, 5);
    };
    tick();
  });
}

function connected(c: AmiClient): Promise<number> {
  return new Promise((resolve) => c.once('connected', ({ session }) => resolve(session)));
}

describe('AmiClient over real TCP', () => {
  it('logs in and delivers the events of a real queue call (ami-a) in order, normalised', async () => {
    const server = new FakeAmiServer();
    const client = await setup(server);
    const events: AmiMessage[] = [];
    client.on('event', (e) => events.push(e));
    client.start();
    await connected(client);
    expect(client.state).toBe('up');
    // everything after the login response: Asterisk's own bytes, one write
    server.broadcast(fixtureMessages('ami-a-queue-answered.txt').slice(1).join(''));
    await until(() => events.some((e) => e.event === 'Cdr' && e.h.uniqueid === '1795375724.0'));
    const names = events.map((e) => e.event);
    expect(names.filter((n) => n === 'Newchannel')).toHaveLength(4);
    expect(names.indexOf('AgentCalled')).toBeLessThan(names.indexOf('AgentConnect'));
    expect(names.indexOf('AgentConnect')).toBeLessThan(names.indexOf('AgentComplete'));
    const called = events.find((e) => e.event === 'AgentCalled')!;
    expect(called.h).toMatchObject({ queue: 'hotline', interface: 'Local/8001@agents', linkedid: '1795375724.0', destuniqueid: '1795375724.2' });
    const varset = events.find((e) => e.event === 'VarSet' && e.h.variable === 'HOLD_SECS');
    expect(varset?.h.value).toBe('30');
    const hangup = events.find((e) => e.event === 'Hangup')!;
    expect(hangup.h['cause-txt']).toBe('Normal Clearing');
    // the empty AccountCode header stays an empty string, not ' '
    expect(hangup.h.accountcode).toBe('');
  });

  it('collects EventLists into arrays (CoreShowChannels, QueueStatus) and resolves empty lists', async () => {
    const server = new FakeAmiServer({
      onAction: (a) => {
        if (a.action === 'CoreShowChannels') return fixtureReply('ami-g-lists.txt', 'g-coreshowchannels', a.actionid);
        if (a.action === 'QueueStatus' && a.queue === 'no-such-queue') return fixtureReply('ami-g-lists.txt', 'g-queuestatus-unknown', a.actionid);
        if (a.action === 'QueueStatus') return fixtureReply('ami-g-lists.txt', 'g-queuestatus-all', a.actionid);
        return undefined;
      },
    });
    const client = await setup(server);
    const live: AmiMessage[] = [];
    client.on('event', (e) => live.push(e));
    client.start();
    await connected(client);
    const chans = await client.list('CoreShowChannels');
    expect(chans.items).toHaveLength(8);
    expect(chans.items.every((i) => i.event === 'CoreShowChannel')).toBe(true);
    expect(chans.items[0]!.h.linkedid).toBe('1795375925.5');
    const qs = await client.list('QueueStatus');
    expect(qs.items.map((i) => i.event)).toEqual(['QueueParams', 'QueueMember', 'QueueMember', 'QueueParams', 'QueueMember', 'QueueEntry']);
    // the ActionID is the last header of QueueMember items — still matched
    expect(qs.items[1]!.h.location).toBe('Local/8001@agents');
    const empty = await client.list('QueueStatus', { Queue: 'no-such-queue' });
    expect(empty.items).toEqual([]);
    // list items are not repeated as live events
    expect(live.filter((e) => e.event === 'CoreShowChannel' || e.event === 'QueueMember')).toEqual([]);
  });

  it('gives every action a definite outcome: rejected, timeout, not-connected — never replayed later', async () => {
    const server = new FakeAmiServer({
      onAction: (a) => {
        if (a.action === 'QueueAdd') return `Response: Error\r\nActionID: ${a.actionid}\r\nMessage: Unable to add interface: Already there\r\n\r\n`;
        if (a.action === 'Getvar') return null; // never answered
        return undefined;
      },
    });
    const client = await setup(server);
    await expect(client.action('Ping')).rejects.toMatchObject({ failure: 'not-connected' });
    client.start();
    await connected(client);
    await expect(client.action('QueueAdd', { Queue: 'hotline', Interface: 'PJSIP/8001' })).rejects.toMatchObject({
      failure: 'rejected',
      message: 'Unable to add interface: Already there',
    });
    const t0 = Date.now();
    await expect(client.action('Getvar', { Variable: 'X' }, { timeoutMs: 150 })).rejects.toMatchObject({ failure: 'timeout' });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
    await expect(client.action('NoSuchAction')).rejects.toBeInstanceOf(AmiError);
    // the 'not-connected' Ping above was never sent, not even after login
    expect(server.received.filter((a) => a.action === 'Ping')).toHaveLength(0);
  });

  it('strips CR/LF from values so a value cannot inject headers', async () => {
    const server = new FakeAmiServer({ onAction: (a) => `Response: Success\r\nActionID: ${a.actionid}\r\n\r\n` });
    const client = await setup(server);
    client.start();
    await connected(client);
    await client.action('Setvar', { Channel: 'PJSIP/8001-00000001', Variable: 'X', Value: 'a\r\nAction: Hangup' });
    const setvar = server.received.find((a) => a.action === 'Setvar')!;
    expect(setvar.value).toBe('a Action: Hangup');
    expect(server.received.some((a) => a.action === 'Hangup')).toBe(false);
  });

  it('detects a dead link by its own keepalive and reconnects as soon as Asterisk answers again', async () => {
    const server = new FakeAmiServer();
    const client = await setup(server, { pingIntervalMs: 100, pingTimeoutMs: 150 });
    client.start();
    await connected(client);
    const states: string[] = [];
    client.on('state', (s) => states.push(s));
    server.silentPings = true;
    const t0 = Date.now();
    await until(() => states.includes('connecting'));
    expect(Date.now() - t0).toBeLessThan(1000);
    server.silentPings = false;
    await until(() => client.state === 'up' && client.session === 2);
    expect(client.reconnects).toBe(1);
  });

  it('fails pending actions with link-lost when the link drops, and reconnects within a second of Asterisk coming back', async () => {
    const server = new FakeAmiServer({ onAction: () => null });
    const client = await setup(server);
    client.start();
    await connected(client);
    const pending = client.action('Getvar', { Variable: 'X' }, { timeoutMs: 10_000 });
    const port = server.port;
    await server.close(); // Asterisk goes away: connections dropped, port refuses
    await expect(pending).rejects.toMatchObject({ failure: 'link-lost' });
    expect(client.state).toBe('connecting');
    await new Promise((r) => setTimeout(r, 1500));
    const back = Date.now();
    await server.listen(port);
    await until(() => client.state === 'up', 3000);
    expect(Date.now() - back).toBeLessThan(1500);
    expect(client.session).toBe(2);
  });

  it('survives a wrong secret: no exception, link down with the reason, no tight retry loop', async () => {
    const server = new FakeAmiServer({ secret: 'the-right-one' });
    const client = await setup(server, { authRetryMs: 600 });
    client.start();
    await until(() => client.authFailed);
    expect(client.state).toBe('down');
    expect(client.lastReason).toMatch(/Authentication failed/);
    await new Promise((r) => setTimeout(r, 900));
    // first attempt + at most one retry after authRetryMs
    expect(server.loginAttempts).toBeGreaterThanOrEqual(1);
    expect(server.loginAttempts).toBeLessThanOrEqual(2);
  });

  it('resolves an async Originate with its OriginateResponse (ami-d)', async () => {
    const server = new FakeAmiServer({
      onAction: (a, s) => {
        if (a.action !== 'Originate') return undefined;
        setTimeout(() => s.write(fixtureReply('ami-d-click-to-dial.txt', 'd-c2d-1', a.actionid).split('\r\n\r\n').slice(1).join('\r\n\r\n')), 20);
        return `Response: Success\r\nActionID: ${a.actionid}\r\nMessage: Originate successfully queued\r\n\r\n`;
      },
    });
    const client = await setup(server);
    client.start();
    await connected(client);
    const o = client.originate({ Channel: 'PJSIP/8001', Context: 'dl-outbound', Exten: '13800138000', Priority: 1 }, { resultTimeoutMs: 2000 });
    await expect(o.accepted).resolves.toMatchObject({ response: 'Success' });
    const r = await o.result;
    expect(r.event).toBe('OriginateResponse');
    expect(r.h.reason).toBe('4');
  });
});
