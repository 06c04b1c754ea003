/**
 * A real Asterisk 22 sends about 20 % more events than the simulator (kinds the bridge has no use for: ContactStatus,
 * ChannelTalkingStart, AorDetail, Registry, RTCP…, and whatever a later version adds). Replaying a real transcript with
 * a quarter more such events — carrying the very channels, Uniqueids and Linkedids of the call — and the events of the
 * desk's phone keys (Local channels into [dl-phone-keys]) must give exactly the same domain events.
 */
import { describe, expect, it } from 'vitest';
import { replayTranscript } from '../../test/support/replay.js';
import type { AmiMessage } from '../ami/ami-message.js';
import { AmiTranslator } from './ami-translator.js';
import type { PbxEvent } from './pbx-events.js';

const UNKNOWN = ['ContactStatus', 'ChannelTalkingStart', 'ChannelTalkingStop', 'AorDetail', 'Registry', 'RTCPSent', 'PeerStatus', 'LoadAverageLimit', 'DeviceStateChange', 'SomethingAsterisk23Adds'];

function run(msgs: readonly AmiMessage[]): PbxEvent[] {
  const t = new AmiTranslator({ ivrApps: ['ivr-app'] });
  const out: PbxEvent[] = [];
  for (const m of msgs) t.handle(m, (e) => out.push(e));
  expect(t.liveCalls).toBe(0);
  return out;
}

function phoneKey(at: number, event: string, uniqueid: string): AmiMessage {
  return {
    event, response: undefined, actionId: undefined, vars: undefined, at,
    h: { channel: 'Local/talk-8001@dl-phone-keys-0000000a;2', uniqueid, linkedid: '1795375999.1', context: 'dl-phone-keys', exten: 'talk-8001', application: 'PJSIPNotify', calleridnum: '<unknown>', cause: '16' },
  };
}

describe('unknown AMI events and the phone keys\' Local channels', () => {
  it('leave the calls exactly as they were', async () => {
    const real = await replayTranscript('ami-a-queue-answered.txt');
    const baseline = run(real);
    const noisy: AmiMessage[] = [];
    real.forEach((m, i) => {
      noisy.push(m);
      if (i % 4 === 0) {
        const name = UNKNOWN[i % UNKNOWN.length]!;
        noisy.push({ ...m, event: name, h: { ...m.h, event: name, state: 'Reachable', status: 'Unknown', device: m.h.channel ?? 'PJSIP/8001' } });
      }
      if (i === 3) for (const ev of ['Newchannel', 'Newexten', 'VarSet', 'Hangup']) noisy.push(phoneKey(m.at, ev, '1795375999.1'));
    });
    expect(noisy.length).toBeGreaterThan(real.length * 1.2);
    const out = run(noisy);
    expect(out.map(({ type }) => type)).toEqual(baseline.map(({ type }) => type));
    expect(out).toEqual(baseline);
  });
});
