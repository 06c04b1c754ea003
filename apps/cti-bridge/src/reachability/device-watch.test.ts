import { describe, expect, it } from 'vitest';
import type { AmiMessage } from '../ami/ami-message.js';
import { DeviceWatch, type Availability } from './device-watch.js';

const ev = (event: string, h: Record<string, string>): AmiMessage => ({ event, response: undefined, actionId: undefined, h, vars: undefined, at: 0 });

function watch(): { w: DeviceWatch; log: string[] } {
  const log: string[] = [];
  const w = new DeviceWatch({
    phone: (ext: string, a: Availability) => log.push(`phone ${ext} ${a}`),
    trunk: (a: Availability) => log.push(`trunk ${a}`),
    trunkDialFailed: (callId: string, s: string) => log.push(`dial-failed ${callId} ${s}`),
  });
  return { w, log };
}

describe('DeviceWatch', () => {
  it('phones: UNAVAILABLE/INVALID are unavailable, every other state available; told only on change', () => {
    const { w, log } = watch();
    w.handle(ev('DeviceStateChange', { device: 'PJSIP/8001', state: 'UNAVAILABLE' }));
    w.handle(ev('DeviceStateChange', { device: 'PJSIP/8001', state: 'UNAVAILABLE' }));
    w.handle(ev('DeviceStateChange', { device: 'PJSIP/8001', state: 'NOT_INUSE' }));
    w.handle(ev('DeviceStateChange', { device: 'PJSIP/8001', state: 'INUSE' }));
    w.handle(ev('DeviceStateChange', { device: 'Queue:hotline_avail', state: 'NOT_INUSE' }));
    w.handle(ev('DeviceStateChange', { device: 'PJSIP/8501', state: 'INVALID' }));
    expect(log).toEqual(['phone 8001 unavailable', 'phone 8001 available', 'phone 8501 unavailable']);
    expect(w.phone('8001')).toBe('available');
    expect(w.phone('8002')).toBe('unknown');
  });

  it('the carrier trunk, and a dial the trunk refused (CHANUNAVAIL/CONGESTION — not the donor\'s BUSY/NOANSWER)', () => {
    const { w, log } = watch();
    w.load([ev('DeviceStateChange', { device: 'PJSIP/carrier', state: 'UNAVAILABLE' }), ev('DeviceStateChange', { device: 'PJSIP/8002', state: 'NOT_INUSE' })]);
    w.handle(ev('DialEnd', { destchannel: 'PJSIP/carrier-0000000a', dialstatus: 'CHANUNAVAIL', linkedid: '1765.7' }));
    w.handle(ev('DialEnd', { destchannel: 'PJSIP/carrier-0000000b', dialstatus: 'BUSY', linkedid: '1765.9' }));
    w.handle(ev('DialEnd', { destchannel: 'PJSIP/8001-0000000c', dialstatus: 'CHANUNAVAIL', linkedid: '1765.11' }));
    // what a real Asterisk 22 sends when the trunk has no reachable contact: no carrier channel, only DIALSTATUS
    w.handle(ev('VarSet', { channel: 'PJSIP/8050-0000020b', context: 'dl-outbound', variable: 'DIALSTATUS', value: 'CHANUNAVAIL', linkedid: '1796639404.539' }));
    w.handle(ev('VarSet', { channel: 'PJSIP/8050-0000020b', context: 'dl-outbound', variable: 'DIALSTATUS', value: 'CHANUNAVAIL', linkedid: '1796639404.539' }));
    w.handle(ev('VarSet', { channel: 'PJSIP/carrier-1', context: 'dl-queue', variable: 'DIALSTATUS', value: 'CHANUNAVAIL', linkedid: '1796639404.600' }));
    w.handle(ev('VarSet', { channel: 'PJSIP/8050-0000020c', context: 'dl-outbound', variable: 'DIALSTATUS', value: 'BUSY', linkedid: '1796639404.700' }));
    w.forget();
    expect(log).toEqual(['trunk unavailable', 'phone 8002 available', 'dial-failed 1765.7 CHANUNAVAIL', 'dial-failed 1796639404.539 CHANUNAVAIL', 'phone 8002 unknown', 'trunk unknown']);
  });

  it('events it does not know — a real Asterisk sends ~20 % more kinds than the simulator — pass by without effect', () => {
    const { w, log } = watch();
    for (const name of ['RTCPSent', 'ContactStatus', 'PeerStatus', 'Registry', 'ChallengeSent', 'SuccessfulAuth', 'Newexten', 'AorDetail', 'SomethingNew2030']) {
      w.handle(ev(name, { device: 'PJSIP/8001', state: 'UNAVAILABLE', destchannel: 'PJSIP/carrier-1', dialstatus: 'CHANUNAVAIL', linkedid: 'x' }));
    }
    expect(log).toEqual([]);
  });
});
