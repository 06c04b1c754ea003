/**
 * Recording by the dialplan, as production does it with the least-privilege AMI user: Gosub/Return, Queue's gosub
 * argument and Dial's U() run [dl-record] on the answered callee; MIXMONITOR_FILENAME on that channel; MixMonitorMute
 * silences a direction in the file; the donorline profile's AMI user has manager.conf's classes (MixMonitor denied).
 */
import { copyFileSync, existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Simulator } from '../src/index.js';
import { defaultConfigDir } from '../src/model/profiles.js';
import { readPcm8k } from '../src/wav/wav-reader.js';
import { actionResponse, amiSession } from './support/ami-session.js';
import { get, type AmiMsg } from './support/ami-transcript.js';
import { sleep, tempDir, testSim, until } from './support/fixtures.js';

let sim: Simulator | undefined;
const closers: Array<() => void> = [];
afterEach(async () => {
  for (const c of closers.splice(0)) c();
  await sim?.stop();
  sim = undefined;
});

type Session = Awaited<ReturnType<typeof amiSession>>;

async function session(s: Simulator): Promise<Session> {
  const c = await amiSession(s);
  closers.push(() => c.close());
  return c;
}

const on = (c: Session, name: string, channelPrefix: string): AmiMsg[] => c.events(name).filter((m) => (get(m, 'Channel') ?? '').startsWith(channelPrefix));
const varSets = (c: Session, variable: string): AmiMsg[] => c.events('VarSet').filter((m) => get(m, 'Variable') === variable);

/** RMS of 16-bit samples [fromMs, toMs) of a PCM buffer. */
function rmsOf(pcm: Int16Array, fromMs: number, toMs: number): number {
  const a = Math.floor(fromMs * 8);
  const b = Math.min(pcm.length, Math.floor(toMs * 8));
  let sum = 0;
  for (let i = a; i < b; i++) sum += pcm[i]! * pcm[i]!;
  return b > a ? Math.sqrt(sum / (b - a)) : 0;
}

function filesUnder(dir: string): string[] {
  return existsSync(dir) ? (readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith('.wav')).sort() : [];
}

/**
 * The mute tests compare what the file holds with when the AMI action landed: at the default timeScale (0.02) the
 * caller's first spurt starts 6 ms of wall clock after the bridge, which a loaded machine overshoots. A quarter of
 * real time gives the AMI round trip ~75–100 ms of slack.
 */
const MUTE_SCALE = 0.25;

describe('recording in the dialplan (donorline profile)', () => {
  it('a queue call: Queue(…,dl-record) runs on the answering member before the bridge and records its leg', async () => {
    const dir = tempDir('rec-');
    sim = await testSim({ recordingsDir: dir });
    const c = await session(sim);
    await actionResponse(c, 'add', { Action: 'QueueAdd', Queue: 'hotline', Interface: 'PJSIP/8001' });
    sim.device('8001').setAutoAnswer(0);
    const call = sim.placeCall({ from: '13800138000', to: '96607' });
    const connect = await c.waitFor((m) => m.name === 'AgentConnect');
    const agentChannel = get(connect, 'DestChannel')!;
    expect(agentChannel).toMatch(/^PJSIP\/8001-/);
    const agentId = get(connect, 'DestUniqueid')!;

    // the routine's steps on the agent's channel, in the order app_queue runs them
    const seq = c.messages().filter((m) => m.kind === 'event' && (get(m, 'Channel') === agentChannel || m.name === 'AgentConnect' || m.name === 'QueueCallerLeave'));
    const names = seq.map((m) => (m.name === 'Newexten' ? `Newexten(${get(m, 'Application')})` : m.name === 'VarSet' ? `VarSet(${get(m, 'Variable')})` : m.name));
    const from = names.indexOf('QueueCallerLeave');
    expect(names.slice(from).filter((n) => n !== 'VarSet(BRIDGEPEER)')).toEqual(
      expect.arrayContaining(['QueueCallerLeave', 'VarSet(LOCAL(ARGC))', 'Newexten(MixMonitor)', 'VarSet(MIXMONITOR_FILENAME)', 'MixMonitorStart', 'Newexten(Return)', 'VarSet(GOSUB_RETVAL)', 'AgentConnect']),
    );
    const order = ['QueueCallerLeave', 'Newexten(MixMonitor)', 'VarSet(MIXMONITOR_FILENAME)', 'MixMonitorStart', 'Newexten(Return)', 'AgentConnect', 'BridgeEnter'].map((n) => names.indexOf(n, from));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    const mixExten = seq.find((m) => m.name === 'Newexten' && get(m, 'Application') === 'MixMonitor')!;
    expect([get(mixExten, 'Context'), get(mixExten, 'Exten'), get(mixExten, 'Priority')]).toEqual(['dl-record', 's', '1']);

    // MIXMONITOR_FILENAME on the agent's channel: <monitor dir>/<YYYYMMDD>/<linkedid>-queue-<uniqueid>.wav
    const fileVar = varSets(c, 'MIXMONITOR_FILENAME')[0]!;
    expect(get(fileVar, 'Channel')).toBe(agentChannel);
    expect(get(fileVar, 'Linkedid')).toBe(call.linkedid);
    const path = get(fileVar, 'Value')!;
    expect(path).toMatch(new RegExp(`^${dir}/\\d{8}/${call.linkedid.replace('.', '\\.')}-queue-${agentId.replace('.', '\\.')}\\.wav$`));
    // after the routine the channel is back where it was (its next events are not in dl-record)
    const enter = c.events('BridgeEnter').find((m) => get(m, 'Channel') === agentChannel)!;
    expect(get(enter, 'Context')).not.toBe('dl-record');

    await sleep(3000 * 0.02);
    sim.hangupCaller(call.callId);
    await until(() => sim!.engine.channels.size === 0);
    expect(on(c, 'MixMonitorStart', 'PJSIP/8001')).toHaveLength(1);
    const pcm = readPcm8k(path)!;
    expect(pcm.length / 8).toBeGreaterThan(2500);
    expect(rmsOf(pcm, 0, pcm.length / 8)).toBeGreaterThan(300);
    expect(filesUnder(dir)).toHaveLength(1);
  });

  it('the account manager first: Dial(…,gU(dl-record^agent)) records the callee with ARG1 = agent', async () => {
    const dir = tempDir('rec-');
    sim = await testSim({ recordingsDir: dir });
    const c = await session(sim);
    sim.device('8002').setAutoAnswer(0);
    sim.placeCall({ from: '13800138000', to: '96607', variables: { DL_PREFERRED_AGENT: '8002', DL_PREFERRED_SECS: '10' } });
    const fileVar = await c.waitFor((m) => m.name === 'VarSet' && get(m, 'Variable') === 'MIXMONITOR_FILENAME');
    expect(get(fileVar, 'Channel')).toMatch(/^PJSIP\/8002-/);
    expect(get(fileVar, 'Value')).toMatch(/-agent-[\d.]+\.wav$/);
    const arg1 = varSets(c, 'LOCAL(ARG1)').find((m) => get(m, 'Channel') === get(fileVar, 'Channel'))!;
    expect(get(arg1, 'Value')).toBe('agent');
    await c.waitFor((m) => m.name === 'BridgeEnter' && get(m, 'Channel') === get(fileVar, 'Channel'));
    expect(c.events('MixMonitorStart').map((m) => get(m, 'Channel'))).toEqual([get(fileVar, 'Channel')]);
  });

  it('click-to-dial: the donor leg is recorded once the donor answers (U(dl-record^outbound)); a busy donor leaves no file', async () => {
    const dir = tempDir('rec-');
    sim = await testSim({ recordingsDir: dir });
    const c = await session(sim);
    sim.device('8003').setAutoAnswer(0);
    sim.setDonorBehaviour({ behaviour: 'answer', answerAfterMs: 500, talkMs: 4000 });
    const r = await actionResponse(c, 'o1', { Action: 'Originate', Channel: 'PJSIP/8003', Context: 'dl-outbound', Exten: '13900139000', Priority: '1', Async: 'true' });
    expect(get(r, 'Response')).toBe('Success');
    const fileVar = await c.waitFor((m) => m.name === 'VarSet' && get(m, 'Variable') === 'MIXMONITOR_FILENAME');
    expect(get(fileVar, 'Channel')).toMatch(/^PJSIP\/carrier-/);
    expect(get(fileVar, 'Value')).toMatch(/-outbound-[\d.]+\.wav$/);
    const agentNew = c.events('Newchannel').find((m) => (get(m, 'Channel') ?? '').startsWith('PJSIP/8003'))!;
    expect(get(fileVar, 'Linkedid')).toBe(get(agentNew, 'Uniqueid'));
    await until(() => sim!.engine.channels.size === 0, 5000, 'the call to end');
    expect(filesUnder(dir)).toHaveLength(1);

    sim.setDonorBehaviour({ behaviour: 'busy' }, '13900139001');
    await actionResponse(c, 'o2', { Action: 'Originate', Channel: 'PJSIP/8003', Context: 'dl-outbound', Exten: '13900139001', Priority: '1', Async: 'true' });
    await c.waitFor((m) => m.name === 'DialEnd' && get(m, 'DialStatus') === 'BUSY');
    await until(() => sim!.engine.channels.size === 0, 5000, 'the busy call to end');
    expect(filesUnder(dir)).toHaveLength(1);
  });

  it('a blind transfer to another agent gives the target its own recording of the same call', async () => {
    const dir = tempDir('rec-');
    sim = await testSim({ recordingsDir: dir });
    const c = await session(sim);
    await actionResponse(c, 'add', { Action: 'QueueAdd', Queue: 'hotline', Interface: 'PJSIP/8001' });
    sim.device('8001').setAutoAnswer(0);
    sim.device('8002').setAutoAnswer(0);
    const call = sim.placeCall({ from: '13800138000', to: '96607' });
    const connect = await c.waitFor((m) => m.name === 'AgentConnect');
    const t = await actionResponse(c, 'bt', { Action: 'BlindTransfer', Channel: get(connect, 'DestChannel')!, Context: 'dl-transfer', Exten: '8002' });
    expect(get(t, 'Response')).toBe('Success');
    await until(() => varSets(c, 'MIXMONITOR_FILENAME').length === 2, 5000, 'the second recording');
    const [first, second] = varSets(c, 'MIXMONITOR_FILENAME');
    expect(get(second!, 'Channel')).toMatch(/^PJSIP\/8002-/);
    expect(get(second!, 'Value')).toMatch(/-transfer-[\d.]+\.wav$/);
    expect([get(first!, 'Linkedid'), get(second!, 'Linkedid')]).toEqual([call.linkedid, call.linkedid]);
    sim.hangupCaller(call.callId);
    await until(() => sim!.engine.channels.size === 0);
    expect(filesUnder(dir)).toHaveLength(2);
  });
});

describe('MixMonitorMute', () => {
  it('answers as app_mixmonitor does, raises MixMonitorMute, and silences the muted stretch in the file', async () => {
    const dir = tempDir('rec-');
    sim = await testSim({ recordingsDir: dir, timeScale: MUTE_SCALE });
    const c = await session(sim);
    await actionResponse(c, 'add', { Action: 'QueueAdd', Queue: 'hotline', Interface: 'PJSIP/8001' });
    sim.device('8001').setAutoAnswer(0);
    let bridgedAt = 0;
    sim.events.once('call:bridged', () => (bridgedAt = sim!.engine.now()));
    const call = sim.placeCall({ from: '13800138000', to: '96607' });
    const connect = await c.waitFor((m) => m.name === 'AgentConnect');
    const agent = get(connect, 'DestChannel')!;
    const err = async (id: string, fields: Record<string, string>): Promise<string | undefined> => {
      const r = await actionResponse(c, id, { Action: 'MixMonitorMute', ...fields });
      expect(get(r, 'Response')).toBe('Error');
      return get(r, 'Message');
    };
    expect(await err('e1', { Channel: agent, State: '1' })).toBe('No direction specified. Must be read, write or both');
    expect(await err('e2', { Channel: agent, Direction: 'up', State: '1' })).toBe('Invalid direction specified. Must be read, write or both');
    expect(await err('e3', { Direction: 'both', State: '1' })).toBe('No channel specified');
    expect(await err('e4', { Channel: agent, Direction: 'both' })).toBe('No state specified');
    expect(await err('e5', { Channel: 'PJSIP/9999-00000000', Direction: 'both', State: '1' })).toBe('No such channel');
    expect(await err('e6', { Channel: call.channel, Direction: 'both', State: '1' })).toBe('Cannot set mute flag');

    await sleep(4000 * MUTE_SCALE);
    const mutedFrom = sim.engine.now() - bridgedAt;
    const ok = await actionResponse(c, 'm1', { Action: 'MixMonitorMute', Channel: agent, Direction: 'both', State: '1' });
    expect(ok.headers).toEqual([['Response', 'Success'], ['ActionID', 'm1']]);
    const ev = await c.waitFor((m) => m.name === 'MixMonitorMute');
    expect([get(ev, 'Privilege'), get(ev, 'Channel'), get(ev, 'Direction'), get(ev, 'State')]).toEqual(['call,all', agent, 'both', '1']);
    const keys = ev.headers.map(([k]) => k);
    expect(keys.slice(-4)).toEqual(['Uniqueid', 'Linkedid', 'Direction', 'State']);
    const all = c.messages();
    const iOk = all.findIndex((m) => m.kind === 'response' && get(m, 'ActionID') === 'm1');
    expect(iOk).toBeGreaterThan(-1);
    expect(iOk).toBeLessThan(all.findIndex((m) => m.name === 'MixMonitorMute'));
    await sleep(6000 * MUTE_SCALE);
    const mutedTo = sim.engine.now() - bridgedAt;
    await actionResponse(c, 'm2', { Action: 'MixMonitorMute', Channel: agent, Direction: 'both', State: '0' });
    await c.waitFor((m) => m.name === 'MixMonitorMute' && get(m, 'State') === '0');
    await sleep(5000 * MUTE_SCALE);
    sim.hangupCaller(call.callId);
    await until(() => sim!.engine.channels.size === 0);
    const pcm = readPcm8k(varSets(c, 'MIXMONITOR_FILENAME').map((m) => get(m, 'Value')!)[0]!)!;
    // allow for the real milliseconds between the observations (× 1/timeScale)
    expect(rmsOf(pcm, mutedFrom + 400, mutedTo - 400)).toBe(0);
    expect(rmsOf(pcm, 0, mutedFrom - 400)).toBeGreaterThan(200);
    expect(rmsOf(pcm, mutedTo + 400, pcm.length / 8)).toBeGreaterThan(200);
  });

  it('muting one direction silences one party: write on the agent leg is the caller', async () => {
    const dir = tempDir('rec-');
    sim = await testSim({ recordingsDir: dir, timeScale: MUTE_SCALE });
    const c = await session(sim);
    await actionResponse(c, 'add', { Action: 'QueueAdd', Queue: 'hotline', Interface: 'PJSIP/8001' });
    sim.device('8001').setAutoAnswer(0);
    const call = sim.placeCall({ from: '13800138000', to: '96607' });
    const connect = await c.waitFor((m) => m.name === 'AgentConnect');
    await actionResponse(c, 'm', { Action: 'MixMonitorMute', Channel: get(connect, 'DestChannel')!, Direction: 'write', State: 'yes' });
    await sleep(12_000 * MUTE_SCALE);
    sim.hangupCaller(call.callId);
    await until(() => sim!.engine.channels.size === 0);
    const pcm = readPcm8k(get(varSets(c, 'MIXMONITOR_FILENAME')[0]!, 'Value')!)!;
    // the first spurt (the caller's, from 300 ms) is silent, the second (the agent's) is not
    expect(rmsOf(pcm, 400, 1100)).toBe(0);
    expect(rmsOf(pcm, 0, pcm.length / 8)).toBeGreaterThan(200);
  });
});

describe('AMI privilege classes', () => {
  it('the donorline user has manager.conf\'s classes: MixMonitor and Command are denied, the call/agent/originate actions work', async () => {
    sim = await testSim();
    expect(sim.amiClasses.source).toMatch(/manager\.conf \[donorline\]$/);
    const c = await session(sim);
    const mm = await actionResponse(c, 'mm', { Action: 'MixMonitor', Channel: 'PJSIP/8001-00000000', File: 'x.wav' });
    expect(mm.headers).toEqual([['Response', 'Error'], ['ActionID', 'mm'], ['Message', 'Permission denied']]);
    expect(get(await actionResponse(c, 'cmd', { Action: 'Command', Command: 'core show version' }), 'Message')).toBe('Permission denied');
    // permitted through call: the checks of the action itself answer
    expect(get(await actionResponse(c, 'stop', { Action: 'StopMixMonitor', Channel: 'PJSIP/8001-00000000' }), 'Message')).toBe('No such channel');
    expect(get(await actionResponse(c, 'mute', { Action: 'MixMonitorMute', Channel: 'PJSIP/8001-00000000', Direction: 'both', State: '1' }), 'Message')).toBe('No such channel');
    expect(get(await actionResponse(c, 'add', { Action: 'QueueAdd', Queue: 'hotline', Interface: 'PJSIP/8001' }), 'Response')).toBe('Success');
    expect(get(await actionResponse(c, 'o', { Action: 'Originate', Channel: 'PJSIP/8001', Context: 'dl-outbound', Exten: '13900139000', Async: 'true' }), 'Response')).toBe('Success');
    expect(get(await actionResponse(c, 'unknown', { Action: 'NoSuchAction' }), 'Message')).toMatch(/^Invalid\/unknown command: NoSuchAction/);
    const list = await actionResponse(c, 'lc', { Action: 'ListCommands' });
    const listed = list.headers.map(([k]) => k.toLowerCase());
    expect(listed).toContain('mixmonitormute');
    expect(listed).toContain('originate');
    expect(listed).not.toContain('mixmonitor');
    expect(listed).not.toContain('command');
    expect(get(list, 'stopmixmonitor')).toBe('stopmixmonitor (Priv: system,call)');
  });

  it('the lab profile (read/write all) and amiPrivileges: all may start MixMonitor over AMI', async () => {
    sim = await testSim({ profile: 'lab' });
    expect(sim.amiClasses.write).toBe('all');
    let c = await session(sim);
    expect(get(await actionResponse(c, 'mm', { Action: 'MixMonitor', Channel: 'Local/1@x-00000000;1', File: 'x.wav' }), 'Message')).toBe('No such channel');
    await sim.stop();
    sim = await testSim({ amiPrivileges: 'all' });
    c = await session(sim);
    expect(get(await actionResponse(c, 'mm', { Action: 'MixMonitor', Channel: 'PJSIP/8001-00000000', File: 'x.wav' }), 'Message')).toBe('No such channel');
    await sim.stop();
    sim = await testSim({ amiPrivileges: { write: 'call,agent' } });
    c = await session(sim);
    expect(get(await actionResponse(c, 'o', { Action: 'Originate', Channel: 'PJSIP/8001', Context: 'dl-outbound', Exten: '1', Async: 'true' }), 'Message')).toBe('Permission denied');
  });
});

describe('Gosub and Return', () => {
  /** The donorline configuration plus a context exercising the stack applications. */
  function configWithStack(): string {
    const dir = mkdtempSync(join(tmpdir(), 'sim-conf-'));
    for (const f of ['extensions.conf', 'queues.conf', 'features.conf', 'musiconhold.conf']) copyFileSync(join(defaultConfigDir('donorline'), f), join(dir, f));
    writeFileSync(
      join(dir, 'extensions.conf'),
      `[from-carrier]
exten => 555,1,Gosub(sub-a,s,1(one,two))
 same => n,Set(AFTER=\${GOSUB_RETVAL}|\${ARG1}|\${ARGC})
 same => n,GosubIf($[1 = 1]?sub-a,s,1(x):sub-b,s,1)
 same => n,Gosub(s,1(z))
 same => n,Wait(100)

exten => s,1,Set(SAME_CONTEXT=\${ARG1})
 same => n,Return()

exten => 556,1,Gosub(nowhere,s,1)
 same => n,Set(NEVER=1)

[sub-a]
exten => s,1,Set(SEEN=\${ARG1}+\${ARG2}+\${ARGC})
 same => n,Gosub(sub-b,s,1(only))
 same => n,Set(INNER_DONE=\${GOSUB_RETVAL})
 same => n,Return(ok)

[sub-b]
exten => s,1,Set(B_SEEN=\${ARG1}/\${ARG2}/\${ARGC})
 same => n,Return(b)
`,
      { flag: 'a' },
    );
    return dir;
  }

  it('passes arguments as LOCAL variables, returns to the next priority with GOSUB_RETVAL, nests and blanks outer arguments', async () => {
    sim = await testSim({ configDir: configWithStack() });
    const c = await session(sim);
    const call = sim.placeCall({ from: '13800138000', to: '555' });
    await c.waitFor((m) => m.name === 'Newexten' && get(m, 'Application') === 'Wait');
    const ch = sim.engine.findChannel(call.channel)!;
    // sub-a twice: Gosub(sub-a,s,1(one,two)), then GosubIf's true branch sub-a,s,1(x)
    expect(varSets(c, 'SEEN').map((m) => get(m, 'Value'))).toEqual(['one+two+2', 'x++1']);
    // the nested call with one argument blanks ARG2 of the outer frame (app_stack's max_argc)
    expect(ch.getVar('B_SEEN')).toBe('only//1');
    expect(ch.getVar('INNER_DONE')).toBe('b');
    // back in the caller: the frame's ARGn are gone, GOSUB_RETVAL is the Return value
    expect(ch.getVar('AFTER')).toBe('ok||');
    expect(ch.getVar('SAME_CONTEXT')).toBe('z');
    const locals = varSets(c, 'LOCAL(ARG1)').map((m) => [get(m, 'Context'), get(m, 'Value')]);
    expect(locals[0]).toEqual(['sub-a', 'one']);
    // GosubIf took the true branch
    expect(locals.map(([, v]) => v)).toContain('x');
    sim.hangupCaller(call.callId);
  });

  it('a Gosub to a location that does not exist ends the dialplan; Return without Gosub too', async () => {
    sim = await testSim({ configDir: configWithStack() });
    const c = await session(sim);
    const call = sim.placeCall({ from: '13800138000', to: '556' });
    await c.waitFor((m) => m.name === 'Hangup' && get(m, 'Channel') === call.channel);
    expect(c.events('VarSet').some((m) => get(m, 'Variable') === 'NEVER')).toBe(false);
  });
});
