import { describe, expect, it } from 'vitest';
import { replayTranscript } from '../../test/support/replay.js';
import { AmiTranslator } from './ami-translator.js';
import type { AmiMessage } from '../ami/ami-message.js';
import type { PbxEvent } from './pbx-events.js';

async function translate(name: string): Promise<PbxEvent[]> {
  const t = new AmiTranslator({ ivrApps: ['ivr-app'] });
  const out: PbxEvent[] = [];
  for (const m of await replayTranscript(name)) t.handle(m, (e) => out.push(e));
  expect(t.liveCalls).toBe(0);
  expect(t.liveChannels).toBe(0);
  return out;
}

const types = (evs: PbxEvent[]): string[] => evs.filter((e) => e.type.startsWith('call.')).map((e) => e.type);

describe('AmiTranslator on real Asterisk 22 transcripts', () => {
  it('ami-a: a queue call over Local channel pairs becomes one call: queued → ringing 8001 → answered → ended by the agent', async () => {
    const evs = await translate('ami-a-queue-answered.txt');
    expect(types(evs)).toEqual(['call.started', 'call.caller', 'call.queued', 'call.ringing', 'call.dequeued', 'call.answered', 'call.hangup-party', 'call.agent-left', 'call.ended']);
    // the agent's phone asked to hang up (SoftHangupRequest on Local/8001@agents;2) before any leg's Hangup
    expect(evs.find((e) => e.type === 'call.hangup-party')).toMatchObject({ party: 'agent' });
    const callIds = new Set(evs.flatMap((e) => ('callId' in e ? [e.callId] : [])));
    expect([...callIds]).toEqual(['1795375724.0']);
    expect(evs.find((e) => e.type === 'call.started')).toMatchObject({ direction: 'inbound', dialed: '4000' });
    expect(evs.find((e) => e.type === 'call.caller')).toMatchObject({ caller: { number: '13800138000', name: 'Donor Zhang' } });
    expect(evs.find((e) => e.type === 'call.ringing')).toMatchObject({ agentExt: '8001', queue: 'hotline' });
    expect(evs.find((e) => e.type === 'call.answered')).toMatchObject({ agentExt: '8001', queue: 'hotline' });
    expect(evs.find((e) => e.type === 'call.ended')).toMatchObject({ hangupBy: 'agent', cause: 16, causeText: 'Normal Clearing' });
    // the static members' status changes are agent facts
    expect(evs.filter((e) => e.type === 'agent.member').map((e) => (e as { agentExt: string }).agentExt)).toContain('8001');
  });

  it('ami-b: the caller gives up while the member rings: ring cancelled, abandoned, ended by the caller', async () => {
    const evs = await translate('ami-b-queue-abandon.txt');
    expect(types(evs)).toEqual(['call.started', 'call.caller', 'call.queued', 'call.ringing', 'call.ring-ended', 'call.dequeued', 'call.ended']);
    expect(evs.find((e) => e.type === 'call.ring-ended')).toMatchObject({ agentExt: '8099', reason: 'cancelled' });
    expect(evs.find((e) => e.type === 'call.dequeued')).toMatchObject({ queue: 'hotline-noanswer', abandoned: true });
    expect(evs.find((e) => e.type === 'call.ended')).toMatchObject({ hangupBy: 'caller' });
  });

  it('ami-d: click-to-dial is an outbound call of agent 8001 to the donor number, answered, then ended', async () => {
    const evs = await translate('ami-d-click-to-dial.txt');
    expect(evs.find((e) => e.type === 'call.started')).toMatchObject({ direction: 'outbound', agentExt: '8001', caller: { number: null } });
    expect(evs.find((e) => e.type === 'call.caller')).toMatchObject({ caller: { number: '13800138000' } });
    expect(evs.find((e) => e.type === 'call.answered')).toMatchObject({ agentExt: '8001', queue: null });
    expect(types(evs).at(-1)).toBe('call.ended');
    expect(types(evs).filter((t) => t === 'call.ringing')).toEqual([]);
  });

  it('ami-f: MixMonitor on the caller leg gives the recording file from VarSet MIXMONITOR_FILENAME, start and stop', async () => {
    const evs = await translate('ami-f-mixmonitor.txt');
    const rec = evs.filter((e) => e.type === 'call.recording');
    expect(rec).toHaveLength(2);
    // on the channel that carries it (here the caller's Local ;2 half): no agent's leg
    expect(rec[0]).toMatchObject({ active: true, paused: false, key: '1795375896.1', agentExt: null, file: '/var/spool/asterisk/monitor/hotline-1795375896.1.wav' });
    expect(rec[1]).toMatchObject({ active: false, key: '1795375896.1', file: '/var/spool/asterisk/monitor/hotline-1795375896.1.wav' });
  });
});

describe('AmiTranslator: recordings started by the dialplan on an agent leg', () => {
  const A = '1795400000.0';
  const B = '1795400000.1';
  let at = 1000;
  const chan = (name: string, id: string): Record<string, string> => ({
    channel: name, channelstate: '6', channelstatedesc: 'Up', calleridnum: '13800138000', calleridname: '张三', context: 'dl-queue', exten: 'hotline',
    priority: '6', uniqueid: id, linkedid: A,
  });
  const msg = (event: string, h: Record<string, string>): AmiMessage => ({ event, response: undefined, actionId: undefined, h: { event, ...h }, vars: undefined, at: at++ });
  const agent = chan('PJSIP/8001-00000001', B);

  it('links MIXMONITOR_FILENAME of the agent channel to that agent, follows MixMonitorMute (paused only when both directions are muted)', () => {
    const t = new AmiTranslator();
    const out: PbxEvent[] = [];
    const feed = (m: AmiMessage): void => t.handle(m, (e) => out.push(e));
    feed(msg('Newchannel', chan('PJSIP/carrier-00000000', A)));
    feed(msg('Newchannel', agent));
    feed(msg('VarSet', { ...agent, variable: 'MIXMONITOR_FILENAME', value: '/var/spool/asterisk/monitor/20261122/x.wav' }));
    feed(msg('MixMonitorStart', agent));
    const recs = (): PbxEvent[] => out.filter((e) => e.type === 'call.recording');
    expect(recs()).toEqual([expect.objectContaining({ callId: A, key: B, agentExt: '8001', active: true, paused: false, file: '/var/spool/asterisk/monitor/20261122/x.wav' })]);
    expect(t.recordingLegs(A)).toEqual([{ name: 'PJSIP/8001-00000001', agentExt: '8001', paused: false }]);
    feed(msg('MixMonitorMute', { ...agent, direction: 'read', state: '1' }));
    expect(recs()).toHaveLength(1);
    feed(msg('MixMonitorMute', { ...agent, direction: 'write', state: '1' }));
    expect(recs().at(-1)).toMatchObject({ paused: true, active: true });
    feed(msg('MixMonitorMute', { ...agent, direction: 'both', state: '1' }));
    expect(recs()).toHaveLength(2);
    feed(msg('MixMonitorMute', { ...agent, direction: 'both', state: '0' }));
    expect(recs().at(-1)).toMatchObject({ paused: false, active: true });
    feed(msg('Hangup', { ...agent, cause: '16', 'cause-txt': 'Normal Clearing' }));
    expect(recs().at(-1)).toMatchObject({ active: false, key: B });
    expect(t.recordingLegs(A)).toEqual([]);
  });

  it('a resync adopts a running recording and its pause from the channel variables', () => {
    const t = new AmiTranslator();
    const out: PbxEvent[] = [];
    const item = (h: Record<string, string>): AmiMessage => ({ event: 'CoreShowChannel', response: undefined, actionId: undefined, h, vars: undefined, at });
    const status = (id: string, vars: Record<string, string>): AmiMessage => ({ event: 'Status', response: undefined, actionId: undefined, h: { uniqueid: id }, vars, at });
    t.adoptSnapshot({
      channels: [item({ ...chan('PJSIP/carrier-00000000', A), bridgeid: 'b1', application: 'Queue', applicationdata: 'hotline' }), item({ ...agent, bridgeid: 'b1', application: 'AppQueue' })],
      status: [status(B, { MIXMONITOR_FILENAME: '/m/x.wav', DLREC_PAUSED: '1' })],
      queue: [],
      at,
    }, (e) => out.push(e));
    const snap = out.find((e) => e.type === 'call.snapshot');
    expect(snap).toMatchObject({ phase: 'connected', agentExt: '8001', recordings: [{ key: B, file: '/m/x.wav', active: true, paused: true, agentExt: '8001' }] });
    expect(t.recordingLegs(A)).toEqual([{ name: 'PJSIP/8001-00000001', agentExt: '8001', paused: true }]);
  });
});
