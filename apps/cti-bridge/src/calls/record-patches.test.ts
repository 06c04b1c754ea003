import { describe, expect, it } from 'vitest';
import type { CallRecordPatch } from '@donorline/domain/node';
import type { CallEvent } from '../pbx/pbx-events.js';
import { CallRegistry } from './call-registry.js';
import { patchFor } from './record-patches.js';

const ID = '1795375800.0';
const T0 = 1_800_000_000_000;

/** Plays timed events through the real registry and merges every patch the journal would write. */
function play(events: Array<[number, Omit<CallEvent, 'callId' | 'at'>]>): CallRecordPatch {
  const reg = new CallRegistry({ phone: { defaultAreaCode: '0532' } });
  const out: Record<string, unknown> = {};
  reg.onChange((call, change) => Object.assign(out, Object.fromEntries(Object.entries(patchFor(call, change) ?? {}).filter(([, v]) => v !== null && v !== undefined))));
  for (const [sec, e] of events) reg.apply({ ...e, callId: ID, at: T0 + sec * 1000 } as CallEvent);
  return out as CallRecordPatch;
}

describe('stored figures follow the definitions of call-metrics', () => {
  it('wait starts at the queue, not in the IVR; talk ends when the agent leaves, not after the survey', () => {
    const p = play([
      [0, { type: 'call.started', direction: 'inbound', caller: { number: '13800138000', name: null }, dialed: '96606', agentExt: null }],
      [0, { type: 'call.ivr' }],
      [40, { type: 'call.routed', queue: 'hotline' }],
      [41, { type: 'call.queued', queue: 'hotline', position: 1 }],
      [50, { type: 'call.ringing', agentExt: '8001', queue: 'hotline' }],
      [52, { type: 'call.answered', agentExt: '8001', queue: 'hotline' }],
      [54, { type: 'call.hangup-party', party: 'agent' }],
      [54, { type: 'call.agent-left', agentExt: '8001' }],
      // the caller rates the call in the IVR's survey until 111 s
      [111, { type: 'call.ended', cause: 16, causeText: 'Normal Clearing', hangupBy: 'agent' }],
    ] as Array<[number, Omit<CallEvent, 'callId' | 'at'>]>);
    expect(p).toMatchObject({ queue: 'hotline', waitSeconds: 12, talkSeconds: 2, hangupBy: 'agent', outcome: 'answered' });
  });

  it('a call that ends in the IVR is ivr-only with no wait', () => {
    const p = play([
      [0, { type: 'call.started', direction: 'inbound', caller: { number: '13800138000', name: null }, dialed: '96606', agentExt: null }],
      [0, { type: 'call.ivr' }],
      [3, { type: 'call.vars', vars: { DL_IVR_PATH: 'welcome>menu:2' } }],
      [9, { type: 'call.ended', cause: 16, causeText: 'Normal Clearing', hangupBy: 'caller' }],
    ] as Array<[number, Omit<CallEvent, 'callId' | 'at'>]>);
    expect(p).toMatchObject({ outcome: 'ivr-only', talkSeconds: 0, ivrPath: ['welcome', 'menu:2'] });
    expect(p.waitSeconds ?? null).toBeNull();
  });
});
