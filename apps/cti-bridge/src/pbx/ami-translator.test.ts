import { describe, expect, it } from 'vitest';
import { replayTranscript } from '../../test/support/replay.js';
import { AmiTranslator } from './ami-translator.js';
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
    expect(types(evs)).toEqual(['call.started', 'call.caller', 'call.queued', 'call.ringing', 'call.dequeued', 'call.answered', 'call.agent-left', 'call.ended']);
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
    expect(rec[0]).toMatchObject({ active: true, file: '/var/spool/asterisk/monitor/hotline-1795375896.1.wav' });
    expect(rec[1]).toMatchObject({ active: false, file: '/var/spool/asterisk/monitor/hotline-1795375896.1.wav' });
  });
});
