import { STATE, type Channel } from './channel.js';
import { callOutgoing, createOutgoing, type Outgoing } from './dialer.js';
import type { Indication } from './engine.js';
import type { SimServices } from './services.js';

/** OriginateResponse Reason codes (the AST_CONTROL_* value that ended the attempt). */
export const ORIGINATE_REASON = { failure: 0, hangup: 1, ringing: 3, answered: 4, busy: 5, congestion: 8 } as const;

export interface OriginateRequest {
  channel: string;
  context?: string;
  exten?: string;
  priority?: number;
  application?: string;
  data?: string;
  timeoutMs: number;
  callerId?: { num: string; name: string };
  variables: Array<[string, string]>;
  actionId?: string;
  /** ARI: Stasis app + args instead of dialplan. */
  stasis?: { app: string; args: string[] };
  uniqueids?: { one?: string; two?: string };
  /** Whether to send OriginateResponse (AMI) at the end. */
  amiResponse: boolean;
}

export interface OriginateResult {
  ok: boolean;
  reason: number;
  channel: Channel | undefined;
}

/** Parse `"Name" <number>`, `Name <number>` or a bare number. */
export function parseCallerId(s: string | undefined): { num: string; name: string } | undefined {
  if (!s) return undefined;
  const m = /^\s*(?:"([^"]*)"|([^<]*?))\s*<([^>]*)>\s*$/.exec(s);
  if (m) return { name: (m[1] ?? m[2] ?? '').trim(), num: m[3]!.trim() };
  return /^[+\d*#]+$/.test(s.trim()) ? { num: s.trim(), name: '' } : { num: '', name: s.trim() };
}

/**
 * Originate as Asterisk's ast_pbx_outgoing does: create and call the channel, and once it answers run
 * the dialplan (or application) on it; report OriginateResponse with the Reason that ended the attempt.
 * Returns the created channel synchronously (ARI needs it) and a promise for the outcome.
 */
export function originate(sim: SimServices, req: OriginateRequest): { out: Outgoing | undefined; result: Promise<OriginateResult> } {
  const engine = sim.engine;
  const out = createOutgoing(sim, {
    target: req.channel,
    flavor: 'originate',
    ...(req.callerId ? { callerId: req.callerId } : {}),
    variables: req.variables,
    ...(req.uniqueids ? { uniqueids: req.uniqueids } : {}),
  });
  const respond = (ok: boolean, reason: number, ch: Channel | undefined): OriginateResult => {
    if (req.amiResponse) {
      engine.emit({
        t: 'OriginateResponse',
        actionId: req.actionId,
        ok,
        channel: ok && ch ? ch.name : req.channel,
        context: req.context ?? '',
        exten: req.exten ?? '',
        ...(req.application ? { application: req.application, data: req.data ?? '' } : {}),
        reason,
        uniqueid: ok && ch ? ch.uniqueid : '<null>',
        callerNum: ch?.callerNum || req.callerId?.num || '<unknown>',
        callerName: ch?.callerName || req.callerId?.name || '<unknown>',
      });
    }
    return { ok, reason, channel: ch };
  };
  if (!out) {
    return { out: undefined, result: Promise.resolve(queueMicrotaskResult(() => respond(false, ORIGINATE_REASON.failure, undefined))) };
  }
  const ch = out.ch;
  engine.processedCalls++;
  engine.own(ch, true);
  engine.emit({ t: 'DialBegin', caller: undefined, dest: ch, dialString: out.target.resource });
  const result = new Promise<OriginateResult>((resolve) => {
    let settled = false;
    let lastReason: number = ORIGINATE_REASON.failure;
    const finish = (ok: boolean, reason: number, status: string): void => {
      if (settled) return;
      settled = true;
      engine.scheduler.cancel(timer);
      engine.watchIndications(ch, undefined);
      if (!ok) {
        engine.emit({ t: 'DialEnd', caller: undefined, dest: ch, status });
        engine.own(ch, false);
        if (!ch.hungUp) engine.destroy(ch, reason === ORIGINATE_REASON.busy ? 17 : reason === ORIGINATE_REASON.ringing ? 19 : 16);
        resolve(respond(false, reason, ch));
        return;
      }
      engine.emit({ t: 'DialEnd', caller: undefined, dest: ch, status: 'ANSWER' });
      engine.own(ch, false);
      startAfterAnswer();
      resolve(respond(true, ORIGINATE_REASON.answered, ch));
    };
    engine.watchIndications(ch, (ind: Indication) => {
      if (ind === 'ringing') lastReason = ORIGINATE_REASON.ringing;
      else if (ind === 'answer') finish(true, ORIGINATE_REASON.answered, 'ANSWER');
      else if (ind === 'busy') finish(false, ORIGINATE_REASON.busy, 'BUSY');
      else if (ind === 'congestion') finish(false, ORIGINATE_REASON.congestion, 'CONGESTION');
      else if (ind === 'hangup') finish(false, ORIGINATE_REASON.hangup, 'NOANSWER');
    });
    engine.onGone(ch, () => finish(false, lastReason === ORIGINATE_REASON.ringing ? ORIGINATE_REASON.ringing : ORIGINATE_REASON.hangup, 'CANCEL'));
    const timer = engine.scheduler.after(req.timeoutMs, () => finish(false, lastReason === ORIGINATE_REASON.ringing ? ORIGINATE_REASON.ringing : ORIGINATE_REASON.failure, 'NOANSWER'));
    if (!callOutgoing(sim, out)) finish(false, ORIGINATE_REASON.failure, 'CHANUNAVAIL');
  });

  const startAfterAnswer = (): void => {
    if (ch.hungUp) return;
    if (req.stasis) {
      // ARI originate with app: the channel runs Stasis directly (no dialplan Newexten for it)
      ch.app = 'Stasis';
      ch.appData = [req.stasis.app, ...req.stasis.args].join(',');
      ch.touch();
      engine.setVar(ch, 'STASISSTATUS', '');
      const app = req.stasis.app;
      const args = req.stasis.args;
      void (async () => {
        ch.inPbx = true;
        const r = sim.stasis.isRegistered(app) ? await sim.stasis.enter(ch, app, args) : -1;
        if (r === 0 && ch.pendingGoto) {
          const g = ch.pendingGoto;
          ch.pendingGoto = undefined;
          ch.inPbx = false;
          sim.runPbx(ch, g.context, g.exten, g.priority);
          return;
        }
        if (r === 1) return;
        // pbx_exec(Stasis) outside a dialplan thread: the channel is simply hung up afterwards
        ch.inPbx = false;
        if (!ch.hungUp) engine.destroy(ch);
      })();
      return;
    }
    if (req.application) {
      const impl = sim.apps.get(req.application.toLowerCase());
      void (async () => {
        ch.inPbx = true;
        engine.newexten(ch, req.application!, req.data ?? '');
        if (impl) await impl(sim, ch, req.data ?? '');
        ch.inPbx = false;
        if (!ch.hungUp) engine.destroy(ch);
      })();
      return;
    }
    sim.runPbx(ch, req.context || 'default', req.exten || 's', req.priority ?? 1);
  };
  return { out, result };
}

function queueMicrotaskResult<T>(fn: () => T): Promise<T> {
  return new Promise((resolve) => queueMicrotask(() => resolve(fn())));
}

export function isAnswered(ch: Channel): boolean {
  return ch.state === STATE.Up;
}
