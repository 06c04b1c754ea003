import { describe, expect, it } from 'vitest';
import type { CallEvent } from '../pbx/pbx-events.js';
import { CallRegistry } from './call-registry.js';
import type { CallChange } from './call-state.js';
import { deskRecording, type LiveCall } from './live-call.js';

const phone = { defaultAreaCode: '0532' };
const ID = '1795375724.0';

function registry(): { reg: CallRegistry; changes: Array<{ kind: string; ext?: string | null; state: string }>; last: () => LiveCall | undefined } {
  const reg = new CallRegistry({ phone });
  const changes: Array<{ kind: string; ext?: string | null; state: string }> = [];
  let last: LiveCall | undefined;
  reg.onChange((call, ch: CallChange) => {
    last = call;
    changes.push({ kind: ch.kind, ...('ext' in ch ? { ext: ch.ext } : {}), state: call.state });
  });
  return { reg, changes, last: () => last };
}

let t = 1_000_000;
const at = (): number => (t += 1000);
const ev = <T extends CallEvent['type']>(type: T, rest: Omit<Extract<CallEvent, { type: T }>, 'type' | 'callId' | 'at'>): CallEvent =>
  ({ type, callId: ID, at: at(), ...rest }) as CallEvent;

const started = ev('call.started', { direction: 'inbound', caller: { number: '13800138000', name: '张三' }, dialed: '96607', agentExt: null });

describe('call state machine (registry + reducer)', () => {
  it('follows a queue call: queued → ringing → connected → on hold → connected → ended, and leaves the registry', () => {
    const { reg, changes, last } = registry();
    reg.apply(started);
    reg.apply(ev('call.queued', { queue: 'hotline', position: 1 }));
    reg.apply(ev('call.ringing', { agentExt: '8001', queue: 'hotline' }));
    reg.apply(ev('call.dequeued', { queue: 'hotline', abandoned: false }));
    reg.apply(ev('call.answered', { agentExt: '8001', queue: 'hotline' }));
    reg.apply(ev('call.held', { on: true, agentExt: '8001' }));
    reg.apply(ev('call.held', { on: true, agentExt: '8001' })); // duplicate: absorbed
    reg.apply(ev('call.held', { on: false, agentExt: '8001' }));
    reg.apply(ev('call.hangup-party', { party: 'agent' }));
    reg.apply(ev('call.agent-left', { agentExt: '8001' }));
    reg.apply(ev('call.ended', { cause: 16, causeText: 'Normal Clearing', hangupBy: 'unknown' }));
    expect(changes.map((c) => `${c.kind}:${c.state}`)).toEqual([
      'started:ivr', 'queued:queued', 'ringing:ringing', 'dequeued:ringing', 'answered:connected', 'held:on-hold', 'held:connected', 'hangup-party:connected',
      'agent-left:queued', 'ended:ended',
    ]);
    const call = last()!;
    expect(call.holdMs).toBe(2000); // from the first hold to the resume (the duplicate in between changes nothing)
    expect(call.callerE164).toBe('+8613800138000');
    expect(call.callerMasked).toBe('138****8000');
    // the agent asked to hang up (the translator's hangup party), whatever the order of the legs' Hangup events
    expect(call.hangupBy).toBe('agent');
    expect(call.legs.get('8001')).toMatchObject({ holdMs: 2000, endReason: 'agent-hangup' });
    expect(reg.size).toBe(0);
    // a late event for the ended call is ignored (no resurrection)
    reg.apply(ev('call.held', { on: true, agentExt: '8001' }));
    expect(reg.size).toBe(0);
  });

  it('ringall: the agent who answers is connected, the others stop ringing as answered elsewhere', () => {
    const { reg, changes, last } = registry();
    reg.apply(started);
    reg.apply(ev('call.queued', { queue: 'complaints', position: 1 }));
    reg.apply(ev('call.ringing', { agentExt: '8001', queue: 'complaints' }));
    reg.apply(ev('call.ringing', { agentExt: '8002', queue: 'complaints' }));
    reg.apply(ev('call.answered', { agentExt: '8002', queue: 'complaints' }));
    reg.apply(ev('call.ring-ended', { agentExt: '8001', reason: 'cancelled' }));
    expect(changes.at(-1)).toMatchObject({ kind: 'ring-ended', ext: '8001', state: 'connected' });
    const call = last()!;
    expect(call.legs.get('8001')).toMatchObject({ outcome: 'missed' });
    expect(call.legs.get('8002')).toMatchObject({ outcome: 'answered' });
    expect(call.agentExt).toBe('8002');
    expect(reg.callsOfAgent('8001')).toEqual([]);
    expect(reg.callsOfAgent('8002').map((c) => c.callId)).toEqual([ID]);
  });

  it('a blind transfer hands the call on: transferring, the new agent rings, the first agent is out', () => {
    const { reg, last } = registry();
    reg.apply(started);
    reg.apply(ev('call.queued', { queue: 'hotline', position: 1 }));
    reg.apply(ev('call.ringing', { agentExt: '8001', queue: 'hotline' }));
    reg.apply(ev('call.answered', { agentExt: '8001', queue: 'hotline' }));
    reg.apply(ev('call.transferred', { kind: 'blind', target: '8002', agentExt: '8001' }));
    reg.apply(ev('call.agent-left', { agentExt: '8001' }));
    expect(last()!.state).toBe('transferring');
    reg.apply(ev('call.ringing', { agentExt: '8002', queue: null }));
    reg.apply(ev('call.answered', { agentExt: '8002', queue: null }));
    const call = last()!;
    expect(call.state).toBe('connected');
    expect(call.legs.get('8001')).toMatchObject({ outcome: 'transferred' });
    expect(call.hangupBy).toBeNull();
    reg.apply(ev('call.ended', { cause: 16, causeText: null, hangupBy: 'caller' }));
    expect(reg.size).toBe(0);
  });

  it('adopts a call from a resync snapshot (connected) and ends calls the resync no longer finds', () => {
    const { reg, changes } = registry();
    reg.apply({
      type: 'call.snapshot', callId: ID, at: at(), startedAt: t - 30_000, direction: 'inbound', caller: { number: '13800138000', name: null }, dialed: '96607',
      phase: 'connected', queue: 'hotline', agentExt: '8001', ringingExts: [], vars: { DL_VERIFIED: '1', DL_DONOR_ID: '7' }, waitSeconds: null,
      recordings: [{ key: '1795375724.3', file: '/r/x.wav', active: true, paused: true, agentExt: '8001' }],
    });
    expect(changes.map((c) => c.kind)).toEqual(['resumed', 'vars', 'answered']);
    const call = reg.get(ID)!;
    expect(call).toMatchObject({ state: 'connected', agentExt: '8001', resumed: true });
    expect(deskRecording(call, '8001')).toMatchObject({ file: '/r/x.wav', active: true, paused: true });
    reg.apply({ type: 'pbx.resynced', at: at(), callIds: [], members: [] });
    expect(reg.size).toBe(0);
    expect(changes.at(-1)).toMatchObject({ kind: 'ended', state: 'ended' });
  });

  it('keeps one recording per recorded leg: paused and resumed, a transfer target\'s own, all stopped at the end', () => {
    const { reg, changes } = registry();
    reg.apply(started);
    reg.apply(ev('call.answered', { agentExt: '8001', queue: 'hotline' }));
    const rec = (key: string, agentExt: string | null, active: boolean, paused = false): CallEvent =>
      ev('call.recording', { key, file: `/m/${key}.wav`, active, paused, agentExt });
    reg.apply(rec('a1', '8001', true));
    const call = reg.get(ID)!;
    expect(deskRecording(call, '8001')).toMatchObject({ key: 'a1', active: true, paused: false, startedAt: expect.any(Number) });
    reg.apply(rec('a1', '8001', true, true));
    reg.apply(rec('a1', '8001', true, true)); // a duplicate changes nothing
    expect(deskRecording(call, '8001')?.paused).toBe(true);
    reg.apply(rec('a1', '8001', true, false));
    // the transfer target's leg gets its own; the first agent's desk still sees its own
    reg.apply(rec('a2', '8002', true));
    expect(deskRecording(call, '8002')?.key).toBe('a2');
    expect(deskRecording(call, '8001')?.key).toBe('a1');
    reg.apply(rec('a1', '8001', false));
    expect(deskRecording(call, '8001')).toMatchObject({ key: 'a1', active: false });
    // a donor-side recording (click-to-dial) belongs to every agent's desk of the call
    reg.apply(rec('d1', null, true));
    expect(deskRecording(call, '8001')?.key).toBe('d1');
    expect(changes.filter((c) => c.kind === 'recording')).toHaveLength(6);
    reg.apply(ev('call.ended', { cause: 16, causeText: null, hangupBy: 'caller' }));
    expect([...call.recordings.values()].map((r) => r.active)).toEqual([false, false, false]);
  });

  it('ignores everything about a call it never saw start', () => {
    const { reg, changes } = registry();
    reg.apply(ev('call.answered', { agentExt: '8001', queue: null }));
    expect(reg.size).toBe(0);
    expect(changes).toEqual([]);
  });
});
