import { STATE, type Channel } from '../channel.js';
import { callOutgoing, createOutgoing, type Outgoing } from '../dialer.js';
import type { Indication } from '../engine.js';
import { splitArgs } from '../expressions.js';
import { rollingAverage, type QueueDef, type QueueEntry, type QueueMember } from '../queue.js';
import type { DialplanApp, SimServices } from '../services.js';
import { memberGosub } from './queue-gosub.js';

interface Attempt {
  member: QueueMember;
  out: Outgoing;
  startedAt: number;
  state: 'ringing' | 'answered' | 'failed';
  /** app_queue updates the member channel's connected line when it first rings or answers. */
  connUpdated: boolean;
}

function updateMemberConnected(sim: SimServices, ch: Channel, a: Attempt): void {
  if (a.connUpdated) return;
  a.connUpdated = true;
  const out = a.out.ch;
  sim.engine.newexten(out, 'AppQueue', '(Outgoing Line)', { context: out.context, exten: ch.exten, priority: 1 });
  sim.engine.setConnectedLine(out, ch.callerNum, ch.callerName);
}

const INTERFACE_VARS = ['MEMBERINTERFACE', 'MEMBERNAME', 'MEMBERCALLS', 'MEMBERLASTCALL', 'MEMBERPENALTY', 'MEMBERDYNAMIC', 'MEMBERREALTIME'];

function interfaceVars(m: QueueMember): string[] {
  return [m.interface, m.name, String(m.callsTaken), String(m.lastCall), String(m.penalty), m.dynamic ? '1' : '0', '0'];
}

function setQueueVars(sim: SimServices, ch: Channel, q: QueueDef): void {
  const total = q.completed + q.abandoned;
  const perf = total > 0 ? ((q.completedInSl / total) * 100).toFixed(1) : q.completed > 0 ? '100.0' : '0.0';
  const vars: Array<[string, string]> = [
    ['QUEUENAME', q.name],
    ['QUEUEMAX', String(q.maxlen)],
    ['QUEUESTRATEGY', q.strategy],
    ['QUEUECALLS', String(q.entries.length)],
    ['QUEUEHOLDTIME', String(q.holdtime)],
    ['QUEUETALKTIME', String(q.talktime)],
    ['QUEUECOMPLETED', String(q.completed)],
    ['QUEUEABANDONED', String(q.abandoned)],
    ['QUEUESRVLEVEL', String(q.servicelevel)],
    ['QUEUESRVLEVELPERF', perf],
  ];
  for (const [k, v] of vars) sim.engine.setVar(ch, k, v);
}

/**
 * Where a caller joins (app_queue's join_queue): ahead of the first caller of lower priority; with a `position`
 * (1 = the head), at that place if no caller of higher priority is there — never ahead of a higher priority.
 */
export function joinIndex(entries: readonly Pick<QueueEntry, 'priority'>[], prio: number, position: number): number {
  for (let i = 0; i < entries.length; i++) {
    const cur = entries[i]!;
    if (prio > cur.priority) return i;
    if (position > 0 && prio >= cur.priority && position <= i + 1) return i;
  }
  return entries.length;
}

/**
 * `Queue(name[,options[,URL[,announce[,timeout[,AGI[,gosub[,rule[,position]]]]]]]])` as app_queue behaves in Asterisk 22: join,
 * music on hold, ring members per strategy with the ring timeout and retry pause, AgentCalled/RingNoAnswer/
 * Connect/Complete, queue variables, abandon, and the queue's statistics. Caller priority from QUEUE_PRIO; `position`
 * places the caller (joinIndex); `rule` (queuerules.conf) is not simulated.
 * `gosub` runs on the answering member's channel before the bridge (queue-gosub.ts); AGI is not simulated.
 */
export const queueApp: DialplanApp = async (sim, ch, data) => {
  const engine = sim.engine;
  const [name = '', options = '', , , timeoutArg = '', , gosubArg = '', , positionArg = ''] = splitArgs(data);
  const found = sim.queues.get(name.trim());
  if (!found) {
    engine.log.warn(`Queue(${name}): no such queue`);
    engine.setVar(ch, 'QUEUESTATUS', 'UNKNOWN');
    return 0;
  }
  const q: QueueDef = found;
  const startedAt = engine.now();
  for (const v of ['ANSWEREDTIME', 'ANSWEREDTIME_MS', 'DIALEDTIME', 'DIALEDTIME_MS', 'QUEUEWAIT', 'QUEUEWAIT_MS']) engine.setVar(ch, v, '');

  const hasMembers = q.members.some((m) => sim.engine.deviceStatus(m.stateInterface) !== 5 && sim.engine.deviceStatus(m.stateInterface) !== 4);
  if (/^(no|strict|paused|penalty|unavailable|invalid|unknown|loose|inuse|ringing|wrapup)/i.test(q.joinempty) && q.joinempty !== 'yes' && !hasMembers) {
    engine.setVar(ch, 'QUEUESTATUS', 'JOINEMPTY');
    return 0;
  }
  if (q.maxlen > 0 && q.entries.length >= q.maxlen) {
    engine.setVar(ch, 'QUEUESTATUS', 'FULL');
    return 0;
  }

  const prio = Number(ch.getVar('QUEUE_PRIO') ?? '0') || 0;
  const entry: QueueEntry = { ch, queue: q, joinedAt: startedAt, originalPosition: 0, priority: prio, done: false, pending: false, waiter: undefined };
  const position = Number(positionArg.trim());
  const insertAt = joinIndex(q.entries, prio, Number.isInteger(position) && position > 0 ? position : 0);
  q.entries.splice(insertAt, 0, entry);
  entry.originalPosition = insertAt + 1;
  if (q.entries.length === 1) engine.publishDeviceState(`Queue:${q.name}`, 'RINGING');
  engine.emit({ t: 'QueueCallerJoin', ch, queue: q, position: insertAt + 1, count: q.entries.length });
  const ringInstead = options.includes('r');
  if (!ringInstead) sim.media.startMoh(ch, q.musicclass || 'default');
  else if (ch.state !== STATE.Up) engine.setState(ch, STATE.Ringing);
  sim.observer.emit('queue:join', { queue: q.name, channel: ch.name, linkedid: ch.linkedid, position: insertAt + 1 });

  const queueTimeoutMs = Number(timeoutArg) > 0 ? Number(timeoutArg) * 1000 : Infinity;
  const deadline = startedAt + queueTimeoutMs;

  const leave = (): number => {
    const pos = q.entries.indexOf(entry) + 1;
    if (pos > 0) q.entries.splice(pos - 1, 1);
    entry.done = true;
    if (q.entries.length === 0) engine.publishDeviceState(`Queue:${q.name}`, 'NOT_INUSE');
    engine.emit({ t: 'QueueCallerLeave', ch, queue: q, position: pos, count: q.entries.length });
    sim.queues.kick(q);
    return pos;
  };

  for (;;) {
    if (ch.softHangup || ch.hungUp) return abandon();
    if (ch.pendingGoto) {
      sim.media.stopMoh(ch);
      leave();
      return 0;
    }
    const remaining = deadline - engine.now();
    if (remaining <= 0) {
      sim.media.stopMoh(ch);
      leave();
      engine.setVar(ch, 'QUEUESTATUS', 'TIMEOUT');
      return 0;
    }
    // callers ahead of us get members first (app_queue's is_our_turn); otherwise sleep until the queue says so
    const members = sim.queues.isOurTurn(entry) ? sim.queues.choose(q) : [];
    if (members.length === 0) {
      const r = await sim.queues.waitForTurn(entry, remaining);
      if (r === 'hangup') return abandon();
      continue;
    }
    const result = await ringMembers(sim, ch, q, entry, members, remaining);
    if (result.kind === 'hangup') return abandon(result.attempts);
    if (result.kind === 'goto') {
      sim.media.stopMoh(ch);
      leave();
      return 0;
    }
    if (result.kind === 'answered') return connected(result.attempt, result.ringMs);
    // no answer: pause `retry` seconds (still in queue), then next attempt
    const r = await engine.wait(ch, Math.min(q.retry * 1000, Math.max(0, deadline - engine.now())));
    if (r === 'hangup') return abandon();
  }

  function abandon(attempts: Attempt[] = []): number {
    sim.media.stopMoh(ch);
    for (const a of attempts) {
      if (a.state !== 'ringing') continue;
      engine.emit({ t: 'DialEnd', caller: ch, dest: a.out.ch, status: 'CANCEL' });
      engine.emit({ t: 'DialEnd', caller: ch, dest: a.out.ch, status: 'CANCEL' });
      sim.queues.mark(a.member, 'ringing', false);
      engine.own(a.out.ch, false);
      engine.destroy(a.out.ch, 0);
    }
    const waitedMs = engine.now() - startedAt;
    engine.setVar(ch, 'QUEUEWAIT', String(Math.floor(waitedMs / 1000)));
    engine.setVar(ch, 'QUEUEWAIT_MS', String(Math.floor(waitedMs)));
    engine.setVar(ch, 'DIALEDTIME', String(Math.floor(waitedMs / 1000)));
    engine.setVar(ch, 'DIALEDTIME_MS', String(Math.floor(waitedMs)));
    engine.setVar(ch, 'ANSWEREDTIME', '0');
    engine.setVar(ch, 'ANSWEREDTIME_MS', '0');
    engine.setVar(ch, 'ABANDONED', 'TRUE');
    const pos = q.entries.indexOf(entry) + 1;
    q.abandoned++;
    engine.emit({
      t: 'QueueCallerAbandon',
      ch,
      queue: q,
      position: pos,
      originalPosition: entry.originalPosition,
      holdTime: Math.floor(waitedMs / 1000),
    });
    const p = leave();
    engine.setVar(ch, 'QUEUEPOSITION', String(p));
    // a caller the dialplan had answered (96606/96607 Answer() first) stays ANSWERED in the CDR (real 22.10.1)
    ch.cdrDisposition = ch.answeredAt > 0 ? 'ANSWERED' : 'NO ANSWER';
    sim.observer.emit('queue:abandon', { queue: q.name, channel: ch.name, linkedid: ch.linkedid });
    return -1;
  }

  async function connected(a: Attempt, ringMs: number): Promise<number> {
    const out = a.out.ch;
    const m = a.member;
    const holdSecs = Math.floor((engine.now() - startedAt) / 1000);
    updateMemberConnected(sim, ch, a);
    engine.emit({ t: 'DialEnd', caller: ch, dest: out, status: 'ANSWER' });
    if (ch.state !== STATE.Up) sim.engine.answer(ch);
    sim.media.stopMoh(ch);
    if (q.setinterfacevar) {
      const values = interfaceVars(m);
      INTERFACE_VARS.forEach((k, i) => engine.setVar(ch, k, values[i]!));
      INTERFACE_VARS.forEach((k, i) => engine.setVar(out, k, values[i]!));
    }
    if (q.setqueueentryvar) {
      for (const c of [ch, out]) {
        engine.setVar(c, 'QEHOLDTIME', String(holdSecs));
        engine.setVar(c, 'QEORIGINALPOS', String(entry.originalPosition));
      }
    }
    if (q.setqueuevar) {
      setQueueVars(sim, ch, q);
      setQueueVars(sim, out, q);
    }
    q.holdtime = rollingAverage(q.holdtime, holdSecs);
    const pos = leave();
    engine.setVar(ch, 'QUEUEPOSITION', String(pos));
    const waitedMs = engine.now() - startedAt;
    engine.setVar(ch, 'QUEUEWAIT', String(Math.floor(waitedMs / 1000)));
    engine.setVar(ch, 'QUEUEWAIT_MS', String(Math.floor(waitedMs)));
    if (gosubArg.trim()) {
      const after = await memberGosub(sim, ch, out, gosubArg);
      if (after !== 'ok') return after === 'caller-gone' || !options.includes('c') ? -1 : 0;
    }
    sim.queues.mark(m, 'inCall', true);
    engine.emit({ t: 'AgentConnect', ch, dest: out, queue: q, member: m, holdTime: holdSecs, ringTime: Math.floor(ringMs / 1000) });
    sim.observer.emit('queue:connect', { queue: q.name, channel: ch.name, member: m.interface, linkedid: ch.linkedid });

    const bridgeStartedAt = engine.now();
    const bridge = engine.createBridge('basic');
    engine.own(out, false);
    engine.bridgeJoin(bridge, out);
    engine.bridgeJoin(bridge, ch);
    ch.cdrPeer = out.name;
    ch.cdrDisposition = 'ANSWERED';
    let completed = false;
    const complete = (reason: string): void => {
      if (completed) return;
      completed = true;
      const talk = Math.floor((engine.now() - bridgeStartedAt) / 1000);
      // wrap-up first, so that the member is never free in between; its timer offers the member again
      sim.queues.startWrapUp(q, m);
      sim.queues.mark(m, 'inCall', false);
      m.callsTaken++;
      m.lastCall = Math.floor(engine.now() / 1000);
      q.completed++;
      if (q.servicelevel === 0 || holdSecs <= q.servicelevel) q.completedInSl++;
      q.talktime = q.completed === 1 ? talk : rollingAverage(q.talktime, talk);
      engine.emit({ t: 'AgentComplete', ch, dest: out, queue: q, member: m, holdTime: holdSecs, talkTime: talk, reason });
    };
    engine.dissolveHooks.set(bridge, (leaving, why) => {
      if (why === 'goto' && leaving === ch) {
        // Redirected out of the queue bridge: AgentComplete waits for the caller's hangup.
        engine.onGone(ch, () => complete('caller'));
        sim.queues.mark(m, 'inCall', false);
        return;
      }
      if (why === 'transfer') complete('transfer');
      else complete(leaving === ch ? 'caller' : 'agent');
    });
    sim.observer.emit('call:bridged', { linkedid: ch.linkedid, channels: [ch.name, out.name], queue: q.name });
    for (;;) {
      const r = await engine.wait(ch, Infinity);
      if (r === 'goto') {
        if (ch.bridge) engine.bridgeLeave(ch, 'goto');
        return 0;
      }
      if (r === 'hangup' || !ch.bridge || ch.hungUp) break;
    }
    if (ch.hungUp) return -1;
    if (ch.bridge) engine.bridgeLeave(ch, 'hangup');
    if (q.setqueuevar) setQueueVars(sim, ch, q);
    const total = engine.now() - startedAt;
    const talked = engine.now() - bridgeStartedAt;
    engine.setVar(ch, 'ANSWEREDTIME', String(Math.floor(talked / 1000)));
    engine.setVar(ch, 'ANSWEREDTIME_MS', String(Math.floor(talked)));
    engine.setVar(ch, 'DIALEDTIME', String(Math.floor(total / 1000)));
    engine.setVar(ch, 'DIALEDTIME_MS', String(Math.floor(total)));
    if (q.setqueuevar) setQueueVars(sim, ch, q);
    if (ch.pendingGoto) return 0;
    return options.includes('c') ? 0 : -1;
  }
};

type RingResult =
  | { kind: 'answered'; attempt: Attempt; ringMs: number; attempts: Attempt[] }
  | { kind: 'noanswer'; attempts: Attempt[] }
  | { kind: 'hangup'; attempts: Attempt[] }
  | { kind: 'goto'; attempts: Attempt[] };

/** Ring the chosen members until one answers, all fail, the ring timeout passes or the caller leaves. */
async function ringMembers(sim: SimServices, ch: Channel, q: QueueDef, entry: QueueEntry, members: QueueMember[], remainingMs: number): Promise<RingResult> {
  const engine = sim.engine;
  const attempts: Attempt[] = [];
  entry.pending = true;
  for (const m of members) {
    q.rrLast = m.interface;
    const out = createOutgoing(sim, { target: m.interface, flavor: 'queue', caller: ch });
    if (!out) continue;
    sim.queues.mark(m, 'ringing', true);
    engine.own(out.ch, true);
    const a: Attempt = { member: m, out, startedAt: engine.now(), state: 'ringing', connUpdated: false };
    attempts.push(a);
    engine.emit({ t: 'AgentCalled', ch, dest: out.ch, queue: q, member: m });
    engine.emit({ t: 'DialBegin', caller: ch, dest: out.ch, dialString: m.interface });
  }
  if (attempts.length === 0) {
    entry.pending = false;
    return { kind: 'noanswer', attempts };
  }
  // a caller ringing members no longer counts against the callers behind it
  sim.queues.kick(q);
  return new Promise<RingResult>((resolve) => {
    let settled = false;
    const offOut: Array<() => void> = [];
    const finish = (r: RingResult): void => {
      if (settled) return;
      settled = true;
      off();
      for (const f of offOut) f();
      engine.scheduler.cancel(timer);
      entry.pending = false;
      for (const a of attempts) engine.watchIndications(a.out.ch, undefined);
      resolve(r);
    };
    const failOne = (a: Attempt, status: string, cause: number): void => {
      if (a.state !== 'ringing') return;
      a.state = 'failed';
      sim.queues.mark(a.member, 'ringing', false);
      engine.emit({ t: 'DialEnd', caller: ch, dest: a.out.ch, status });
      engine.own(a.out.ch, false);
      engine.destroy(a.out.ch, cause);
      engine.emit({ t: 'AgentRingNoAnswer', ch, dest: a.out.ch, queue: q, member: a.member, ringTime: Math.floor((engine.now() - a.startedAt) / 1000) });
      sim.observer.emit('queue:ringnoanswer', { queue: q.name, member: a.member.interface, linkedid: ch.linkedid });
      if (attempts.every((x) => x.state === 'failed')) finish({ kind: 'noanswer', attempts });
    };
    for (const a of attempts) {
      engine.watchIndications(a.out.ch, (ind: Indication) => {
        if (settled) return;
        if (ind === 'ringing') {
          updateMemberConnected(sim, ch, a);
          engine.emit({ t: 'DialState', caller: ch, dest: a.out.ch, status: 'RINGING' });
        }
        else if (ind === 'busy') failOne(a, 'BUSY', 17);
        else if (ind === 'congestion') failOne(a, 'CONGESTION', 34);
        else if (ind === 'hangup') failOne(a, 'NOANSWER', 16);
        else if (ind === 'answer') {
          updateMemberConnected(sim, ch, a);
          a.state = 'answered';
          sim.queues.mark(a.member, 'ringing', false);
          for (const o of attempts) {
            if (o === a || o.state !== 'ringing') continue;
            o.state = 'failed';
            sim.queues.mark(o.member, 'ringing', false);
            engine.emit({ t: 'DialEnd', caller: ch, dest: o.out.ch, status: 'CANCEL' });
            engine.own(o.out.ch, false);
            engine.destroy(o.out.ch, 26);
          }
          finish({ kind: 'answered', attempt: a, ringMs: engine.now() - a.startedAt, attempts });
        }
      });
      // AMI Hangup of a member channel that still rings (a desk's reject): app_queue reads nothing more from it and
      // counts the member as not answering at once — it does not ring on until the timeout
      offOut.push(a.out.ch.onWake((reason) => {
        if (reason === 'hangup' && !settled && a.state === 'ringing') failOne(a, 'NOANSWER', a.out.ch.hangupCause || 16);
      }));
      // the dialled channel itself hung up (e.g. the Local ;2 ran out of dialplan)
      engine.onGone(a.out.ch, () => {
        if (!settled && a.state === 'ringing') {
          a.state = 'failed';
          sim.queues.mark(a.member, 'ringing', false);
          engine.emit({ t: 'DialEnd', caller: ch, dest: a.out.ch, status: 'NOANSWER' });
          engine.emit({ t: 'AgentRingNoAnswer', ch, dest: a.out.ch, queue: q, member: a.member, ringTime: Math.floor((engine.now() - a.startedAt) / 1000) });
          if (attempts.every((x) => x.state === 'failed')) finish({ kind: 'noanswer', attempts });
        }
      });
    }
    const off = ch.onWake((reason) => {
      if (reason === 'hangup') finish({ kind: 'hangup', attempts });
      else if (reason === 'goto') {
        for (const a of attempts) {
          if (a.state !== 'ringing') continue;
          a.state = 'failed';
          sim.queues.mark(a.member, 'ringing', false);
          engine.emit({ t: 'DialEnd', caller: ch, dest: a.out.ch, status: 'CANCEL' });
          engine.own(a.out.ch, false);
          engine.destroy(a.out.ch, 0);
        }
        finish({ kind: 'goto', attempts });
      }
    });
    const ringFor = Math.min(q.timeout > 0 ? q.timeout * 1000 : Infinity, remainingMs);
    const timer = Number.isFinite(ringFor)
      ? engine.scheduler.after(ringFor, () => {
          for (const a of attempts) failOne(a, 'NOANSWER', 0);
          finish({ kind: 'noanswer', attempts });
        })
      : undefined;
    for (const a of attempts) {
      if (!callOutgoing(sim, a.out)) failOne(a, 'CHANUNAVAIL', 20);
    }
  });
}
