import { afterEach, describe, expect, it } from 'vitest';
import type { Simulator } from '../src/index.js';
import { actionResponse, amiSession } from './support/ami-session.js';
import { EventSocket, rest } from './support/ari-client.js';
import { get } from './support/ami-transcript.js';
import { existsSync, readFileSync } from 'node:fs';
import { nth, record, sleep, tempDir, testSim, until } from './support/fixtures.js';

let sim: Simulator | undefined;
const closers: Array<() => void> = [];
let rings: Array<{ ext: string; callerNum: string; callerName: string }> = [];

/** Start a donorline simulator and log every device ring from the first moment. */
async function start(): Promise<Simulator> {
  sim = await testSim();
  rings = record(sim, 'device:ringing');
  return sim;
}

/** The n-th ring of a phone (or of any phone). */
function ring(ext?: string, n = 1, timeoutMs = 5000): Promise<{ ext: string; callerNum: string; callerName: string }> {
  return nth(rings, n, (e) => !ext || e.ext === ext, timeoutMs);
}
afterEach(async () => {
  for (const c of closers.splice(0)) c();
  await sim?.stop();
  sim = undefined;
});

async function session(): ReturnType<typeof amiSession> {
  const s = await amiSession(sim!);
  closers.push(() => s.close());
  return s;
}

async function addAgents(c: Awaited<ReturnType<typeof amiSession>>, queue: string, exts: string[]): Promise<void> {
  for (const ext of exts) {
    const r = await actionResponse(c, `add-${queue}-${ext}`, { Action: 'QueueAdd', Queue: queue, Interface: `PJSIP/${ext}`, MemberName: `Agent ${ext}` });
    expect(get(r, 'Response')).toBe('Success');
  }
}

const DL_VARS: Record<string, string> = {
  DL_DONOR_ID: 'D-000123',
  DL_VERIFIED: '1',
  DL_VERIFIED_BY: 'callerid',
  DL_IVR_PATH: '1>2',
  DL_TOPIC: 'appointment',
  DL_LANG: 'zh',
  DL_PREFERRED_AGENT: '8002',
  DL_PREFERRED_SECS: '5',
  DL_PRIORITY: '5',
};

describe('donorline profile', () => {
  it('an inbound call to 96607 arrives as PJSIP/carrier-N with the caller ID and queues for the agents the bridge added', async () => {
    sim = await start();
    const c = await session();
    await addAgents(c, 'hotline', ['8001', '8002']);
    const placed = sim.placeCall({ from: '13800138000', callerName: '张三', to: '96607' });
    expect(placed.channel).toMatch(/^PJSIP\/carrier-[0-9a-f]{8}$/);
    expect(placed.callId).toBe(placed.linkedid);
    const rang = await ring();
    expect(rang).toMatchObject({ ext: '8001', callerNum: '13800138000', callerName: '张三' });
    sim.device('8001').answer();
    await c.waitFor((m) => m.name === 'AgentConnect');
    sim.hangupCaller(placed.callId);
    const done = await c.waitFor((m) => m.name === 'AgentComplete');
    expect(get(done, 'Reason')).toBe('caller');
    await until(() => sim!.engine.channels.size === 0);
    const first = c.events('Newchannel')[0]!;
    expect(get(first, 'Channel')).toBe(placed.channel);
    expect(get(first, 'CallerIDNum')).toBe('13800138000');
    expect(get(first, 'CallerIDName')).toBe('张三');
    expect(get(first, 'Context')).toBe('from-carrier');
    expect(get(first, 'Exten')).toBe('96607');
    expect(get(first, 'ChannelStateDesc')).toBe('Ring');
    const agentChan = c.events('AgentConnect').map((m) => get(m, 'DestChannel'))[0]!;
    expect(agentChan).toMatch(/^PJSIP\/8001-[0-9a-f]{8}$/);
    // every channel of the call carries the caller's Uniqueid as Linkedid
    const linked = new Set(c.events('Newchannel').map((m) => get(m, 'Linkedid')));
    expect([...linked]).toEqual([placed.linkedid]);
  });

  it('96606 enters the IVR (Stasis donorline-ivr); the IVR sets DL_* variables (AMI VarSet) and continues to dl-queue, where the preferred agent rings first', async () => {
    sim = await start();
    const c = await session();
    await addAgents(c, 'hotline', ['8001', '8002', '8003']);
    const ws = await EventSocket.open(sim.ariUrl, 'app=donorline-ivr&api_key=donorline:donorline');
    closers.push(() => ws.close());
    const base = sim.ariUrl;
    const auth = 'donorline:donorline';
    const placed = sim.placeCall({ from: '13900139000', callerName: '李四', to: '96606', dtmf: '1' });
    const stasisStart = await ws.waitFor((e) => e.type === 'StasisStart');
    expect(stasisStart.args).toEqual(['inbound', '96606']);
    const id = (stasisStart.channel as { id: string }).id;
    expect(id).toBe(placed.uniqueid);
    // the caller presses 1 once the IVR stops talking
    const pb = await rest(base, 'POST', `/ari/channels/${id}/play?media=sound:dl-welcome&playbackId=welcome`, { auth });
    expect(pb.status).toBe(201);
    const fin = await ws.waitFor((e) => e.type === 'PlaybackFinished');
    expect((fin.playback as { state: string }).state).toBe('failed'); // no such sound in the test sounds dir
    const dtmf = await ws.waitFor((e) => e.type === 'ChannelDtmfReceived');
    expect(dtmf.digit).toBe('1');
    for (const [k, v] of Object.entries(DL_VARS)) {
      expect((await rest(base, 'POST', `/ari/channels/${id}/variable?variable=${k}&value=${encodeURIComponent(v)}`, { auth })).status).toBe(204);
    }
    expect((await rest(base, 'POST', `/ari/channels/${id}/continue?context=dl-queue&extension=hotline&priority=1`, { auth })).status).toBe(204);
    await ws.waitFor((e) => e.type === 'StasisEnd');
    const preferred = await nth(rings, 1);
    expect(preferred.ext).toBe('8002'); // the account manager, by Dial before the queue
    const dial = await c.waitFor((m) => m.name === 'DialBegin' && get(m, 'Channel') === placed.channel);
    expect(get(dial, 'DialString')).toBe('8002');
    // 5 s of ringing, then the queue takes over
    const queueRing = await nth(rings, 2, () => true, 3000);
    expect(queueRing.ext).toBe('8001');
    const vars = c.events('VarSet').filter((m) => get(m, 'Channel') === placed.channel && get(m, 'Variable')!.startsWith('DL_'));
    // the IVR's variables, then the dialplan's own: the place kept while the manager rang (nobody waited: the head)
    expect(vars.map((m) => `${get(m, 'Variable')}=${get(m, 'Value')}`)).toEqual([...Object.entries(DL_VARS).map(([k, v]) => `${k}=${v}`), 'DL_QUEUE_POS=1']);
    const prio = c.events('VarSet').find((m) => get(m, 'Variable') === 'QUEUE_PRIO');
    expect(get(prio!, 'Value')).toBe('5');
    expect(get(c.events('QueueCallerJoin')[0]!, 'Queue')).toBe('hotline');
  });

  it('a higher DL_PRIORITY caller overtakes callers already waiting', async () => {
    sim = await start();
    const low1 = sim.placeCall({ from: '13700000001', to: '96607' });
    const low2 = sim.placeCall({ from: '13700000002', to: '96607' });
    const high = sim.placeCall({ from: '13700000003', to: '96607', variables: { DL_PRIORITY: '9' } });
    await until(() => (sim!.services.queues.get('hotline')?.entries.length ?? 0) === 3);
    // the variable is read by Set(QUEUE_PRIO=${DL_PRIORITY}) in dl-queue
    const order = sim.services.queues.get('hotline')!.entries.map((e) => e.ch.callerNum);
    expect(order).toEqual(['13700000003', '13700000001', '13700000002']);
    expect([low1, low2, high].every((p) => sim!.getCall(p.callId)?.application === 'Queue')).toBe(true);
  });

  it('a member that does not answer within the ring timeout gets AgentRingNoAnswer and the next member rings after `retry`', async () => {
    sim = await start();
    const c = await session();
    await addAgents(c, 'hotline', ['8001', '8002']);
    sim.placeCall({ from: '13800138000', to: '96607' });
    const first = await ring();
    const second = await ring(undefined, 2, 3000);
    expect([first.ext, second.ext]).toEqual(['8001', '8002']);
    const rna = c.events('AgentRingNoAnswer')[0]!;
    expect(get(rna, 'Interface')).toBe('PJSIP/8001');
    expect(Number(get(rna, 'RingTime'))).toBeGreaterThanOrEqual(14);
    const dialEnd = c.events('DialEnd').find((m) => get(m, 'DestChannel')?.startsWith('PJSIP/8001'));
    expect(get(dialEnd!, 'DialStatus')).toBe('NOANSWER');
  });

  it('a rejected ring (busy) moves on; wrap-up keeps an agent out of the next call for 5 s', async () => {
    sim = await start();
    const c = await session();
    await addAgents(c, 'hotline', ['8001', '8002']);
    const call1 = sim.placeCall({ from: '13800000001', to: '96607' });
    await ring('8001');
    sim.device('8001').reject();
    await ring('8002');
    expect(get(c.events('DialEnd').find((m) => get(m, 'DestChannel')?.startsWith('PJSIP/8001'))!, 'DialStatus')).toBe('BUSY');
    sim.device('8002').answer();
    await c.waitFor((m) => m.name === 'AgentConnect');
    sim.device('8002').hangup();
    await c.waitFor((m) => m.name === 'AgentComplete' && get(m, 'Reason') === 'agent');
    await until(() => !sim!.getCall(call1.callId));
    // rrmemory would offer 8001 next anyway; make 8001 busy so only 8002 (in wrap-up) could take it
    sim.device('8001').setDnd(true);
    sim.placeCall({ from: '13800000002', to: '96607' });
    await sleep(3000 * 0.02);
    expect(sim.listDevices().find((d) => d.ext === '8002')!.ringing).toEqual([]);
    await ring('8002', 1, 3000);
  });

  it('strategies: ringall rings every free member of the lowest penalty; paused members are skipped', async () => {
    sim = await start();
    const c = await session();
    await addAgents(c, 'complaints', ['8001', '8002', '8003']);
    await actionResponse(c, 'pen', { Action: 'QueuePenalty', Queue: 'complaints', Interface: 'PJSIP/8003', Penalty: '2' });
    await actionResponse(c, 'pause', { Action: 'QueuePause', Queue: 'complaints', Interface: 'PJSIP/8002', Paused: 'true', Reason: '小休' });
    sim.placeCall({ from: '13800138000', to: '96607', variables: {} });
    // route via Redirect into the complaints queue
    await until(() => sim!.listCalls().length === 1);
    const call = sim.listCalls()[0]!;
    await actionResponse(c, 'redir', { Action: 'Redirect', Channel: call.channel, Context: 'dl-queue', Exten: 'complaints', Priority: '1' });
    await ring('8001');
    await sleep(100);
    const called = c.events('AgentCalled').filter((m) => get(m, 'Queue') === 'complaints').map((m) => get(m, 'Interface'));
    expect(called).toEqual(['PJSIP/8001']);
    const pause = c.events('QueueMemberPause')[0]!;
    expect(get(pause, 'PausedReason')).toBe('小休');
  });

  it('click-to-dial: Originate PJSIP/8001 rings the agent, then dials the donor through the carrier', async () => {
    sim = await start();
    sim.setDonorBehaviour({ answerAfterMs: 2000, talkMs: 3000 });
    const c = await session();
    const r = await actionResponse(c, 'c2d', {
      Action: 'Originate',
      Channel: 'PJSIP/8001',
      Context: 'dl-outbound',
      Exten: '13800138000',
      Priority: '1',
      CallerID: '"献血热线" <96606>',
      Variable: ['DL_TASK=recall', 'DL_DONOR_ID=D-1'],
      Async: 'true',
    });
    expect(get(r, 'Message')).toBe('Originate successfully queued');
    await ring('8001');
    sim.device('8001').answer();
    const resp = await c.waitFor((m) => m.name === 'OriginateResponse');
    expect([get(resp, 'Response'), get(resp, 'Reason'), get(resp, 'ActionID')]).toEqual(['Success', '4', 'c2d']);
    const donorDial = await c.waitFor((m) => m.name === 'DialBegin' && !!get(m, 'Channel'));
    expect(get(donorDial, 'DestChannel')).toMatch(/^PJSIP\/carrier-/);
    expect(get(donorDial, 'DialString')).toBe('13800138000@carrier');
    await c.waitFor((m) => m.name === 'DialEnd' && get(m, 'DialStatus') === 'ANSWER' && !!get(m, 'Channel'));
    await c.waitFor((m) => m.name === 'BridgeEnter');
    await until(() => sim!.engine.channels.size === 0, 3000);
    expect(c.events('VarSet').some((m) => get(m, 'Variable') === 'DIALSTATUS' && get(m, 'Value') === 'ANSWER')).toBe(true);
  });

  // as a real Asterisk 22.10.1 sent it for [dl-campaign] with a carrier answering 486 / 603 / 404 after ringing
  // (test/pbx/campaign.test.ts): the carrier channel's HangupRequest carries the cause before DialEnd, and DialEnd's
  // DialStatus is ast_hangup_cause_to_dial_status() — NOANSWER for 21 and 1 — while DIALSTATUS is CHANUNAVAIL
  it('[dl-campaign]: a donor busy / declining / unallocated → HangupRequest with the cause, then DialEnd BUSY / NOANSWER / NOANSWER', async () => {
    sim = await start();
    const c = await session();
    const cases = [['13800000486', 'busy', '17', 'BUSY', 'BUSY'], ['13800000603', 'reject', '21', 'NOANSWER', 'CHANUNAVAIL'], ['13800000404', 'wrong-number', '1', 'NOANSWER', 'CHANUNAVAIL']] as const;
    for (const [number, behaviour] of cases) sim.setDonorBehaviour({ behaviour, answerAfterMs: 200 }, number);
    for (const [number, , cause, endStatus, dialStatus] of cases) {
      c.action({ Action: 'Originate', ActionID: number, Channel: 'PJSIP/8001', Context: 'dl-campaign', Exten: number, Priority: '1', Variable: ['DL_CAMPAIGN=7', 'DL_TARGET=42'], Async: 'true' });
      const r = await ring('8001', cases.findIndex((x) => x[0] === number) + 1);
      expect(r.ext).toBe('8001');
      sim.device('8001').answer();
      const begin = await c.waitFor((m) => m.name === 'DialBegin' && !!get(m, 'Channel') && get(m, 'DialString') === `${number}@carrier`);
      const donor = get(begin, 'DestUniqueid');
      const end = await c.waitFor((m) => m.name === 'DialEnd' && get(m, 'DestUniqueid') === donor);
      expect(get(end, 'DialStatus')).toBe(endStatus);
      const all = c.events();
      const reqAt = all.findIndex((m) => m.name === 'HangupRequest' && get(m, 'Uniqueid') === donor);
      expect(reqAt).toBeGreaterThanOrEqual(0);
      expect(get(all[reqAt]!, 'Cause')).toBe(cause);
      expect(reqAt).toBeLessThan(all.findIndex((m) => m.name === 'DialEnd' && get(m, 'DestUniqueid') === donor));
      await c.waitFor((m) => m.name === 'VarSet' && get(m, 'Variable') === 'DIALSTATUS' && get(m, 'Uniqueid') === get(begin, 'Uniqueid') && get(m, 'Value') === dialStatus);
      await until(() => sim!.engine.channels.size === 0, 3000);
    }
  }, 20_000);

  // captured from a real Asterisk 22.10.1 (cdr_custom, asterisk/cdr_custom.conf) for a SIP caller into 96607 who hung
  // up in the queue with no member: "1796677429.3","1796677429.3","3","1796677429.476786","1796677429.477506",
  // "1796677432.489594","3","3","ANSWERED","sipp","hotline","dl-queue","PJSIP/carrier-00000001","","Queue",
  // "hotline,tTc,,,600,,dl-record","","","hotline","1796677429","","","","" — dst/dcontext are where the dialplan
  // was last (main/cdr.c), and the caller answered by the dialplan stays ANSWERED
  it('cdr_custom: an abandoned 96607 caller is logged ANSWERED with dst hotline, dcontext dl-queue, lastapp Queue', async () => {
    const dir = tempDir('cdr-');
    sim = await testSim({ cdrDir: dir });
    rings = record(sim, 'device:ringing');
    const p = sim.placeCall({ from: '13900000099', to: '96607' });
    await until(() => sim!.getCall(p.callId)?.application === 'Queue');
    sim.hangupCaller(p.callId);
    await until(() => existsSync(sim!.cdrCustom!.files[0]!) && readFileSync(sim!.cdrCustom!.files[0]!, 'utf8').includes('PJSIP/carrier-'));
    const line = readFileSync(sim.cdrCustom!.files[0]!, 'utf8').trim().split('\n').find((l) => l.includes('PJSIP/carrier-'))!;
    const f = line.slice(1, -1).split('","');
    expect(f).toHaveLength(24);
    expect([f[8], f[9], f[10], f[11], f[13], f[14], f[15], f[18]]).toEqual(['ANSWERED', '13900000099', 'hotline', 'dl-queue', '', 'Queue', 'hotline,tTc,,,600,,dl-record,,', 'hotline']);
    expect(f[0]).toBe(f[1]);
    expect(f[3]).toMatch(/^\d{10}\.\d{6}$/);
  });

  it('Originate failures report OriginateResponse Failure with the Reason', async () => {
    sim = await start();
    const c = await session();
    const origin = (id: string, channel: string, timeout = '30000'): void =>
      c.action({ Action: 'Originate', ActionID: id, Channel: channel, Context: 'dl-outbound', Exten: '13800138000', Priority: '1', Timeout: timeout, Async: 'true' });
    origin('busy', 'PJSIP/8001');
    await ring('8001');
    sim.device('8001').reject();
    origin('noanswer', 'PJSIP/8002', '2000');
    origin('nodevice', 'PJSIP/9999');
    const reason = async (id: string): Promise<string> => get(await c.waitFor((m) => m.name === 'OriginateResponse' && get(m, 'ActionID') === id), 'Reason')!;
    expect(await reason('busy')).toBe('5');
    expect(await reason('noanswer')).toBe('3');
    expect(await reason('nodevice')).toBe('0');
    const fail = c.events('OriginateResponse').find((m) => get(m, 'ActionID') === 'nodevice')!;
    expect([get(fail, 'Response'), get(fail, 'Channel'), get(fail, 'Uniqueid')]).toEqual(['Failure', 'PJSIP/9999', '<null>']);
  });

  it('Redirect out of the queue bridge: the agent leg ends, AgentComplete (caller) waits for the caller hangup', async () => {
    sim = await start();
    const c = await session();
    await addAgents(c, 'hotline', ['8001']);
    const call = sim.placeCall({ from: '13800138000', to: '96607' });
    await ring();
    sim.device('8001').answer();
    await c.waitFor((m) => m.name === 'AgentConnect');
    await actionResponse(c, 'redir', { Action: 'Redirect', Channel: call.channel, Context: 'dl-transfer', Exten: '8002', Priority: '1' });
    await ring('8002');
    expect(c.events('AgentComplete')).toEqual([]);
    sim.device('8002').answer();
    await c.waitFor((m) => m.name === 'DialEnd' && get(m, 'DialStatus') === 'ANSWER' && get(m, 'DestChannel')!.startsWith('PJSIP/8002'));
    sim.hangupCaller(call.callId);
    const done = await c.waitFor((m) => m.name === 'AgentComplete');
    expect(get(done, 'Reason')).toBe('caller');
  });

  it('BlindTransfer: BlindTransfer event, AgentComplete reason transfer, the caller goes to the target', async () => {
    sim = await start();
    const c = await session();
    await addAgents(c, 'hotline', ['8001']);
    sim.placeCall({ from: '13800138000', to: '96607' });
    await ring();
    sim.device('8001').answer();
    const connect = await c.waitFor((m) => m.name === 'AgentConnect');
    const r = await actionResponse(c, 'bx', { Action: 'BlindTransfer', Channel: get(connect, 'DestChannel')!, Context: 'dl-transfer', Exten: '8002' });
    expect(get(r, 'Message')).toBe('Transfer succeeded');
    const bt = await c.waitFor((m) => m.name === 'BlindTransfer');
    expect([get(bt, 'Result'), get(bt, 'Context'), get(bt, 'Extension')]).toEqual(['Success', 'dl-transfer', '8002']);
    expect(get(await c.waitFor((m) => m.name === 'AgentComplete'), 'Reason')).toBe('transfer');
    await ring('8002');
  });

  it('Atxfer (*2): consultation, then AttendedTransfer and BridgeMerge when the agent hangs up', async () => {
    sim = await start();
    const c = await session();
    await addAgents(c, 'hotline', ['8001']);
    const call = sim.placeCall({ from: '13800138000', to: '96607' });
    await ring();
    sim.device('8001').answer();
    const connect = await c.waitFor((m) => m.name === 'AgentConnect');
    const r = await actionResponse(c, 'ax', { Action: 'Atxfer', Channel: get(connect, 'DestChannel')!, Context: 'dl-transfer', Exten: '8002' });
    expect(get(r, 'Message')).toBe('Atxfer successfully queued');
    await c.waitFor((m) => m.name === 'MusicOnHoldStart' && get(m, 'Channel') === call.channel);
    await ring('8002');
    sim.device('8002').answer();
    await sleep(40);
    sim.device('8001').hangup();
    await c.waitFor((m) => m.name === 'AttendedTransfer');
    await c.waitFor((m) => m.name === 'BridgeMerge');
    await c.waitFor((m) => m.name === 'MusicOnHoldStop' && get(m, 'Channel') === call.channel);
    expect(get(c.events('AgentComplete')[0]!, 'Reason')).toBe('transfer');
    expect(sim.getCall(call.callId)!.bridgedWith[0]).toMatch(/^Local\/8002@dl-transfer-[0-9a-f]{8};1$/);
  });

  it('hold from the agent phone: Hold on the agent channel, music on hold for the caller', async () => {
    sim = await start();
    const c = await session();
    await addAgents(c, 'hotline', ['8001']);
    const call = sim.placeCall({ from: '13800138000', to: '96607' });
    await ring();
    const agentCh = sim.device('8001').answer();
    await c.waitFor((m) => m.name === 'AgentConnect');
    sim.device('8001').hold();
    const hold = await c.waitFor((m) => m.name === 'Hold');
    expect([get(hold, 'Channel'), get(hold, 'MusicClass')]).toEqual([agentCh, 'default']);
    await c.waitFor((m) => m.name === 'MusicOnHoldStart' && get(m, 'Channel') === call.channel && c.events('MusicOnHoldStart').length === 2);
    expect(sim.deviceState('8001').deviceState).toBe('ONHOLD');
    sim.device('8001').unhold();
    await c.waitFor((m) => m.name === 'Unhold');
    await c.waitFor((m) => m.name === 'MusicOnHoldStop' && c.events('MusicOnHoldStop').length === 2);
  });
});

describe('AMI variables', () => {
  it('Setvar/Getvar on a channel, including dialplan functions', async () => {
    sim = await testSim();
    const c = await amiSession(sim);
    closers.push(() => c.close());
    const call = sim.placeCall({ from: '13800138000', callerName: '张三', to: '96607' });
    await actionResponse(c, 's1', { Action: 'Setvar', Channel: call.channel, Variable: 'DL_TOPIC', Value: 'complaint' });
    await actionResponse(c, 's2', { Action: 'Setvar', Channel: call.channel, Variable: 'CALLERID(name)', Value: '张三丰' });
    expect(get(await actionResponse(c, 'g1', { Action: 'Getvar', Channel: call.channel, Variable: 'DL_TOPIC' }), 'Value')).toBe('complaint');
    expect(get(await actionResponse(c, 'g2', { Action: 'Getvar', Channel: call.channel, Variable: 'CALLERID(name)' }), 'Value')).toBe('张三丰');
    expect(get(await actionResponse(c, 'g3', { Action: 'Getvar', Channel: 'PJSIP/nope-00000000', Variable: 'X' }), 'Message')).toBe('No such channel');
    expect(c.events('NewCallerid').some((m) => get(m, 'CallerIDName') === '张三丰')).toBe(true);
    expect(c.events('VarSet').some((m) => get(m, 'Variable') === 'DL_TOPIC' && get(m, 'Value') === 'complaint')).toBe(true);
  });
});
