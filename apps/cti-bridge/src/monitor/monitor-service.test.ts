/**
 * MonitorService's rules and its reading of the PBX, with the AMI link as a stub port (the wire itself is covered
 * by the simulator's ChanSpy tests and test/integration/monitor.test.ts): who may, what must hold, what the PBX is
 * asked, how each end is named, what is audited and what the agent is told per MONITOR_ANNOUNCE.
 */
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { type DomainError, type MonitorSessionDto } from '@donorline/domain';
import type { AmiMessage } from '../ami/ami-message.js';
import { newLiveCall, type LiveCall } from '../calls/live-call.js';
import type { MonitorAnnounce } from './monitor-config.js';
import { MonitorService, type Supervisor } from './monitor-service.js';

const msg = (event: string, h: Record<string, string>, response?: string): AmiMessage => ({ event, response, actionId: undefined, h, vars: undefined, at: Date.now() });

function setup(announce: MonitorAnnounce = 'speak') {
  const bus = new EventEmitter();
  const sent: Array<{ name: string; fields: Record<string, unknown> }> = [];
  let settle: (m: AmiMessage) => void = () => undefined;
  const ami = {
    on: (ev: 'event', fn: (m: AmiMessage) => void) => bus.on(ev, fn),
    action: async (name: string, fields: Record<string, string | number> = {}) => (sent.push({ name, fields }), msg('', {}, 'Success')),
    originate: (fields: Record<string, unknown>) => {
      sent.push({ name: 'Originate', fields });
      return { accepted: Promise.resolve(msg('', {}, 'Success')), result: new Promise<AmiMessage>((r) => (settle = r)) };
    },
  };
  const call: LiveCall = newLiveCall('1700.1', Date.now(), 'inbound');
  call.state = 'connected';
  call.agentExt = '8001';
  call.legs.set('8001', { ext: '8001', ringingAt: 1, queue: 'hotline', answeredAt: 2, endedAt: null, outcome: 'answered', holdMs: 0, endReason: null });
  const audits: Array<{ action: string; detail: Record<string, unknown>; actorId: number }> = [];
  const notices: Array<{ userId: number; code: string }> = [];
  const pushed: MonitorSessionDto[] = [];
  const answered: string[] = [];
  const svc = new MonitorService({
    ami,
    calls: { get: (id) => (id === call.callId ? call : undefined), callsOfAgent: (ext) => (ext === '8001' ? [call] : []) },
    channelsOf: () => ({ agents: [{ ext: '8001', name: 'PJSIP/8001-00000007' }] }),
    seats: {
      seatOf: (id) => (id === 9 ? { ext: '8009' } : id === 11 ? { ext: '8001' } : null),
      userAtExtension: (ext) => (ext === '8001' ? 7 : null),
      nameOf: (id) => (id === 7 ? '林晓' : null),
    },
    answerPhone: async (ext) => answered.push(ext),
    audit: async (e) => audits.push(e),
    push: (_u, s) => pushed.push(s),
    notice: (userId, n) => notices.push({ userId, code: n.code }),
    config: { announce, ringSeconds: 30 },
  });
  const spyLeg = (): { id: string; name: string } => ({ id: String((sent.find((s) => s.name === 'Originate')!.fields as { ChannelId: string }).ChannelId), name: 'PJSIP/8009-0000000a' });
  const pbx = (event: string, h: Record<string, string>): void => void bus.emit('event', msg(event, h));
  return { svc, sent, audits, notices, pushed, answered, call, spyLeg, pbx, settle: (m: AmiMessage) => settle(m) };
}

const SUP: Supervisor = { id: 9, role: 'supervisor', displayName: '孙敏' };
const code = async (p: Promise<unknown>): Promise<string> => p.then(() => 'ok', (e: DomainError) => e.code);

describe('MonitorService', () => {
  it('refuses what the rules forbid: agents, quality whispering, no seat, own call, a call not connected, a second session', async () => {
    const t = setup();
    expect(await code(t.svc.start({ id: 7, role: 'agent', displayName: 'a' }, { callId: '1700.1', mode: 'listen' }))).toBe('FORBIDDEN');
    expect(await code(t.svc.start({ id: 12, role: 'quality', displayName: 'q' }, { callId: '1700.1', mode: 'whisper' }))).toBe('FORBIDDEN');
    expect(await code(t.svc.start({ id: 12, role: 'quality', displayName: 'q' }, { callId: '1700.1', mode: 'listen' }))).toBe('NOT_LOGGED_IN');
    expect(await code(t.svc.start({ id: 11, role: 'supervisor', displayName: 's' }, { agent: '8001', mode: 'listen' }))).toBe('CONFLICT');
    expect(await code(t.svc.start(SUP, { callId: 'nope', mode: 'listen' }))).toBe('NO_ACTIVE_CALL');
    expect(await code(t.svc.start(SUP, { agent: '8002', mode: 'listen' }))).toBe('NO_ACTIVE_CALL');
    expect(t.sent).toEqual([]);
    await t.svc.start(SUP, { agent: '8001', mode: 'listen' });
    expect(await code(t.svc.start(SUP, { callId: '1700.1', mode: 'barge' }))).toBe('CONFLICT');
  });

  it('originates the supervisor’s phone into [dl-spy], answers it for them, switches by PlayDTMF Receive, hangs up on stop', async () => {
    const t = setup('speak');
    const s = await t.svc.start(SUP, { callId: '1700.1', mode: 'listen' });
    expect(s).toMatchObject({ state: 'ringing', agentExtension: '8001', agentName: '林晓', extension: '8009', mode: 'listen' });
    expect(t.sent[0]).toMatchObject({
      name: 'Originate',
      fields: { Channel: 'PJSIP/8009', Context: 'dl-spy', Exten: 'listen', Priority: 1, Timeout: 30_000, Variable: { DL_SPY_CHANNEL: 'PJSIP/8001-00000007' } },
    });
    const leg = t.spyLeg();
    expect(leg.id).toMatch(/^dlspy-/);
    expect(await code(t.svc.mode(9, 'whisper'))).toBe('CONFLICT'); // not answered yet
    t.pbx('Newchannel', { channel: leg.name, uniqueid: leg.id, linkedid: leg.id, channelstate: '0' });
    t.pbx('Newstate', { channel: leg.name, uniqueid: leg.id, linkedid: leg.id, channelstate: '5' });
    expect(t.answered).toEqual(['8009']);
    t.pbx('ChanSpyStart', { spyerchannel: leg.name, spyeruniqueid: leg.id, spyeechannel: 'PJSIP/8001-00000007' });
    expect(t.svc.current(9)).toMatchObject({ state: 'active', spans: [{ mode: 'listen', to: null }] });
    expect(t.notices).toEqual([]); // speak: listening is not announced

    await t.svc.mode(9, 'whisper');
    await t.svc.mode(9, 'whisper'); // no-op
    await t.svc.mode(9, 'barge');
    expect(t.sent.filter((x) => x.name === 'PlayDTMF').map((x) => x.fields)).toEqual([
      { Channel: leg.name, Digit: '5', Receive: 'true', Duration: 100 },
      { Channel: leg.name, Digit: '6', Receive: 'true', Duration: 100 },
    ]);
    expect(t.notices.map((n) => `${n.userId}:${n.code}`)).toEqual(['7:MONITOR_WHISPER', '7:MONITOR_BARGE']);

    const pending = t.svc.stop(9);
    t.pbx('Hangup', { channel: leg.name, uniqueid: leg.id, linkedid: leg.id });
    const ended = await pending;
    expect(ended).toMatchObject({ state: 'ended', endReason: 'stopped' });
    expect(t.sent.at(-1)).toEqual({ name: 'Hangup', fields: { Channel: leg.name, Cause: 16 } });
    expect(ended!.spans.map((x) => x.mode)).toEqual(['listen', 'whisper', 'barge']);
    expect(ended!.spans.every((x) => x.to !== null)).toBe(true);
    expect(t.audits.map((a) => a.action)).toEqual(['monitor.start', 'monitor.mode', 'monitor.mode', 'monitor.stop']);
    expect(t.audits.every((a) => a.actorId === 9 && a.detail.agentExtension === '8001' && a.detail.agentId === 7)).toBe(true);
    expect(t.notices.at(-1)).toEqual({ userId: 7, code: 'MONITOR_ENDED' });
    expect(t.svc.current(9)).toBeNull();
  });

  it('names each end: the call ended (the agent channel hung up first), the supervisor hung up, the phone never answered', async () => {
    const a = setup('all');
    await a.svc.start(SUP, { callId: '1700.1', mode: 'listen' });
    const l = a.spyLeg();
    a.pbx('ChanSpyStart', { spyerchannel: l.name, spyeruniqueid: l.id });
    expect(a.notices).toEqual([{ userId: 7, code: 'MONITOR_LISTEN' }]); // all: listening is announced too
    // as a real Asterisk 22 sends it (captured on 22.10.1): the spyee's Hangup, then ChanSpyStop still WITH the Spyee block
    a.pbx('Hangup', { channel: 'PJSIP/8001-00000007', uniqueid: '1700.2' });
    a.pbx('ChanSpyStop', { spyerchannel: l.name, spyeruniqueid: l.id, spyeechannel: 'PJSIP/8001-00000007' });
    a.pbx('Hangup', { channel: l.name, uniqueid: l.id });
    expect(a.pushed.at(-1)).toMatchObject({ state: 'ended', endReason: 'call-ended' });
    expect(a.notices).toHaveLength(1); // no "stopped monitoring" to a desk whose call is over

    const b = setup('off');
    await b.svc.start(SUP, { callId: '1700.1', mode: 'barge' });
    const m = b.spyLeg();
    b.pbx('ChanSpyStart', { spyerchannel: m.name, spyeruniqueid: m.id, spyeechannel: 'PJSIP/8001-00000007' });
    b.pbx('Hangup', { channel: m.name, uniqueid: m.id });
    expect(b.pushed.at(-1)).toMatchObject({ state: 'ended', endReason: 'supervisor-hangup' });
    expect(b.notices).toEqual([]); // off: never told
    expect(b.audits.map((x) => x.action)).toEqual(['monitor.start', 'monitor.stop']);

    const c = setup();
    await c.svc.start(SUP, { callId: '1700.1', mode: 'listen' });
    c.settle(msg('OriginateResponse', { reason: '3' }, 'Failure'));
    await new Promise((r) => setImmediate(r));
    expect(c.pushed.at(-1)).toMatchObject({ state: 'ended', endReason: 'not-answered' });
    expect(c.audits).toEqual([]); // nothing was heard: no audit row
    expect(c.svc.current(9)).toBeNull();
  });
});
