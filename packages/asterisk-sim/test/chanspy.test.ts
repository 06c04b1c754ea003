/**
 * ChanSpy through the donorline dialplan ([dl-spy] in asterisk/extensions.conf), driven as the bridge drives it: AMI
 * Originate of the supervisor's phone (ChannelId, DL_SPY_CHANNEL), PlayDTMF Receive: true for the mode keys 4/5/6,
 * Hangup of the spy leg — with the AMI events a real Asterisk 22 sends (ChanSpyStart/Stop, class call, Spyer…/
 * Spyee… snapshots; no Spyee… block once the spyee is gone).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Simulator } from '../src/index.js';
import { parseSpyOptions, initialMode, type ChanSpyInfo } from '../src/model/apps/chanspy-app.js';
import { actionResponse, amiSession } from './support/ami-session.js';
import { get, type AmiMsg } from './support/ami-transcript.js';
import { record, testSim, until } from './support/fixtures.js';

let sim: Simulator | undefined;
const closers: Array<() => void> = [];
afterEach(async () => {
  for (const c of closers.splice(0)) c();
  await sim?.stop();
  sim = undefined;
});

type Session = Awaited<ReturnType<typeof amiSession>>;

/** A caller (96607, straight to the queue) talking with agent 8001; returns the agent's channel. */
async function liveCall(s: Simulator): Promise<{ c: Session; agentChannel: string; callId: string }> {
  const c = await amiSession(s);
  closers.push(() => c.close());
  await actionResponse(c, 'add', { Action: 'QueueAdd', Queue: 'hotline', Interface: 'PJSIP/8001', MemberName: 'Agent 8001' });
  const call = s.placeCall({ from: '13800138000', to: '96607' });
  const connect = await c.waitFor((m) => m.name === 'AgentConnect', 5000, 'AgentConnect');
  return { c, agentChannel: get(connect, 'DestChannel')!, callId: call.callId };
}

function spy(c: Session, id: string, mode: string, target: string, uniqueid: string): Promise<AmiMsg> {
  return actionResponse(c, id, {
    Action: 'Originate', Channel: 'PJSIP/8005', Context: 'dl-spy', Exten: mode, Priority: '1', Async: 'true', Timeout: '20000',
    ChannelId: uniqueid, Variable: `DL_SPY_CHANNEL=${target}`,
  });
}

describe('ChanSpy options', () => {
  it('reads the option letters (skipping arguments) and the mode ChanSpy starts in', () => {
    expect([...parseSpyOptions('qESd')]).toEqual(['q', 'E', 'S', 'd']);
    expect([...parseSpyOptions('qv(2)x(#)B')]).toEqual(['q', 'v', 'x', 'B']);
    expect(initialMode(parseSpyOptions('qESd'))).toBe('spy');
    expect(initialMode(parseSpyOptions('qESdw'))).toBe('whisper');
    expect(initialMode(parseSpyOptions('qESdB'))).toBe('barge');
  });
});

describe('ChanSpy in [dl-spy]', () => {
  it('listen → whisper → barge by PlayDTMF Receive, ended by the supervisor hanging up: ChanSpyStart/Stop with both snapshots', async () => {
    sim = await testSim({ autoAnswerMs: 100 });
    const { c, agentChannel } = await liveCall(sim);
    const spies = record<ChanSpyInfo>(sim, 'chanspy');
    expect(get(await spy(c, 'spy', 'listen', agentChannel, 'dlspy-1'), 'Response')).toBe('Success');

    const start = await c.waitFor((m) => m.name === 'ChanSpyStart', 5000, 'ChanSpyStart');
    expect(get(start, 'Privilege')).toBe('call,all');
    expect(get(start, 'SpyerUniqueid')).toBe('dlspy-1');
    expect(get(start, 'SpyerLinkedid')).toBe('dlspy-1');
    expect(get(start, 'SpyerChannel')).toMatch(/^PJSIP\/8005-/);
    expect(get(start, 'SpyerContext')).toBe('dl-spy');
    expect(get(start, 'SpyerChannelStateDesc')).toBe('Up');
    expect(get(start, 'SpyeeChannel')).toBe(agentChannel);
    // the supervisor leg: originated (DialBegin without a caller), answered, into the dialplan running ChanSpy
    const spyer = get(start, 'SpyerChannel')!;
    expect(c.events('Newchannel').some((m) => get(m, 'Channel') === spyer && get(m, 'Uniqueid') === 'dlspy-1')).toBe(true);
    expect(c.events('DialEnd').some((m) => get(m, 'DestChannel') === spyer && get(m, 'DialStatus') === 'ANSWER')).toBe(true);
    expect(c.events('Newexten').some((m) => get(m, 'Channel') === spyer && get(m, 'Application') === 'ChanSpy' && get(m, 'AppData') === `${agentChannel},qESd`)).toBe(true);
    expect(spies.at(-1)).toEqual({ spyer, spyee: agentChannel, mode: 'spy', state: 'started' });

    for (const [digit, mode] of [['5', 'whisper'], ['6', 'barge'], ['4', 'spy']] as const) {
      const r = await actionResponse(c, `k${digit}`, { Action: 'PlayDTMF', Channel: spyer, Digit: digit, Receive: 'true' });
      expect(get(r, 'Response')).toBe('Success');
      await until(() => spies.at(-1)?.mode === mode, 3000, `mode ${mode}`);
    }
    // the key reaches ChanSpy as received DTMF on the spy leg; no event of its own for the mode change
    expect(c.events('DTMFEnd').filter((m) => get(m, 'Channel') === spyer).map((m) => `${get(m, 'Digit')}:${get(m, 'Direction')}`)).toEqual(['5:Received', '6:Received', '4:Received']);

    await actionResponse(c, 'stop', { Action: 'Hangup', Channel: spyer });
    const stop = await c.waitFor((m) => m.name === 'ChanSpyStop', 5000, 'ChanSpyStop');
    expect(get(stop, 'SpyeeChannel')).toBe(agentChannel);
    await c.waitFor((m) => m.name === 'Hangup' && get(m, 'Channel') === spyer, 5000, 'spy leg hangup');
    const order = c.events().map((m) => (m.name === 'Hangup' ? `Hangup ${get(m, 'Channel')}` : m.name));
    expect(order.indexOf('ChanSpyStop')).toBeLessThan(order.indexOf(`Hangup ${spyer}`));
    // the monitored call goes on
    expect(c.events('Hangup').some((m) => get(m, 'Channel') === agentChannel)).toBe(false);
  });

  it('the spy leg ends with the call: the agent’s Hangup, then ChanSpyStop still with the Spyee block (E), as Asterisk 22.10.1', async () => {
    sim = await testSim({ autoAnswerMs: 100 });
    const { c, agentChannel, callId } = await liveCall(sim);
    await spy(c, 'spy', 'barge', agentChannel, 'dlspy-2');
    const start = await c.waitFor((m) => m.name === 'ChanSpyStart', 5000, 'ChanSpyStart');
    const spyer = get(start, 'SpyerChannel')!;
    expect(c.events('Newexten').some((m) => get(m, 'Channel') === spyer && get(m, 'AppData') === `${agentChannel},qESdB`)).toBe(true);

    sim.hangupCaller(callId);
    const stop = await c.waitFor((m) => m.name === 'ChanSpyStop', 5000, 'ChanSpyStop');
    expect(get(stop, 'SpyerUniqueid')).toBe('dlspy-2');
    expect(get(stop, 'SpyeeChannel')).toBe(agentChannel);
    const seen = c.events().map((m) => `${m.name} ${get(m, 'Channel') ?? get(m, 'SpyerChannel') ?? ''}`);
    expect(seen.indexOf(`Hangup ${agentChannel}`)).toBeLessThan(seen.indexOf(`ChanSpyStop ${spyer}`));
    await c.waitFor((m) => m.name === 'Hangup' && get(m, 'Channel') === spyer, 5000, 'spy leg hangup');
  });

  it('a call already gone (S) or no target at all: the spy leg hangs up without spying on anything', async () => {
    sim = await testSim({ autoAnswerMs: 100 });
    const { c, agentChannel } = await liveCall(sim);
    await spy(c, 'gone', 'listen', 'PJSIP/8001-deadbeef', 'dlspy-3');
    await c.waitFor((m) => m.name === 'Hangup' && get(m, 'Uniqueid') === 'dlspy-3', 5000, 'spy leg 3 hangup');
    // an empty DL_SPY_CHANNEL would match every channel: [dl-spy] refuses it before ChanSpy runs
    await spy(c, 'empty', 'whisper', '', 'dlspy-4');
    await c.waitFor((m) => m.name === 'Hangup' && get(m, 'Uniqueid') === 'dlspy-4', 5000, 'spy leg 4 hangup');
    expect(c.events('ChanSpyStart')).toEqual([]);
    expect(c.events('Newexten').filter((m) => get(m, 'Uniqueid') === 'dlspy-4' && get(m, 'Application') === 'ChanSpy')).toEqual([]);
    expect(c.events('Hangup').some((m) => get(m, 'Channel') === agentChannel)).toBe(false);
  });
});
