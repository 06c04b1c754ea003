import type { Bridge } from './bridge.js';
import type { Channel } from './channel.js';
import { callOutgoing, createOutgoing } from './dialer.js';
import type { Indication } from './engine.js';
import { asyncGoto } from './pbx.js';
import type { SimServices } from './services.js';

export type TransferResult = { ok: true } | { ok: false; message: string };

/**
 * AMI Redirect: send a channel (and optionally a second one) to a dialplan location. A channel in a
 * two-party bridge leaves it (the bridge dissolves); a channel in Stasis leaves the application.
 */
export function redirect(sim: SimServices, ch: Channel, context: string, exten: string, priority: number, extra?: { ch: Channel; context: string; exten: string; priority: number }): TransferResult {
  if (!sim.engine.config.dialplan.find(context, exten)) return { ok: false, message: 'Extension does not exist.' };
  const go = (c: Channel, ctx: string, ex: string, prio: number): void => {
    const control = sim.stasis.controlOf(c);
    if (control) {
      control.exit = { kind: 'continue', context: ctx, exten: ex, priority: prio };
      c.wake('signal');
      return;
    }
    if (c.inPbx) {
      asyncGoto(sim, c, ctx, ex, prio);
      return;
    }
    // not running dialplan (e.g. the agent leg of a queue call): leave the bridge and start one
    c.pendingGoto = { context: ctx, exten: ex, priority: prio };
    if (c.bridge) sim.engine.bridgeLeave(c, 'goto');
    if (c.pendingGoto && !c.hungUp) {
      const g = c.pendingGoto;
      c.pendingGoto = undefined;
      sim.runPbx(c, g.context, g.exten, g.priority);
    }
  };
  if (extra) {
    // both leave together: mark both before either leaves so the bridge does not hang the other up
    extra.ch.pendingGoto = { context: extra.context, exten: extra.exten, priority: extra.priority };
    go(ch, context, exten, priority);
    if (!extra.ch.hungUp && extra.ch.pendingGoto) go(extra.ch, extra.context, extra.exten, extra.priority);
  } else go(ch, context, exten, priority);
  return { ok: true };
}

/** AMI BlindTransfer: the transferer's bridge peer goes to exten@context, the transferer is hung up. */
export function blindTransfer(sim: SimServices, transferer: Channel, context: string, exten: string): TransferResult {
  const engine = sim.engine;
  const bridge = transferer.bridge;
  if (!bridge) return { ok: false, message: 'Transfer not permitted' };
  if (!engine.config.dialplan.find(context, exten)) return { ok: false, message: 'Transfer failed' };
  const transferee = bridge.channels.find((c) => c !== transferer);
  engine.emit({ t: 'BlindTransfer', transferer, transferee, bridge, context, exten, result: 'Success' });
  if (transferee) transferee.pendingGoto = { context, exten, priority: 1 };
  engine.dissolve(bridge, transferer, 'transfer');
  if (!transferer.hungUp) {
    if (transferer.inPbx) engine.requestHangup(transferer, 16, 'soft', 16);
    else engine.destroy(transferer, 16);
  }
  sim.observer.emit('transfer:blind', { transferer: transferer.name, transferee: transferee?.name, context, exten });
  return { ok: true };
}

/**
 * AMI Atxfer (feature `atxfer`, `*2` in features.conf): the transferee hears music on hold, the transferer
 * consults the target in a new bridge; when the transferer hangs up the bridges merge (AttendedTransfer +
 * BridgeMerge) and the transferee talks to the target. If the target does not answer, the transferer
 * returns to the transferee.
 */
export function attendedTransfer(sim: SimServices, transferer: Channel, context: string, exten: string): TransferResult {
  const engine = sim.engine;
  const features = engine.config.features;
  if (!features.get('atxfer')) return { ok: false, message: 'No attended transfer feature code found' };
  const b1 = transferer.bridge;
  if (!b1) return { ok: false, message: 'Transfer not permitted' };
  if (!engine.config.dialplan.find(context, exten)) return { ok: false, message: 'Transfer failed' };
  const transferee = b1.channels.find((c) => c !== transferer);
  // the transferee's bridge stays up while the transferer consults
  b1.dissolveOnLeave = false;
  engine.bridgeLeave(transferer, 'move');
  if (transferee) sim.media.startMoh(transferee, 'default');
  const out = createOutgoing(sim, { target: `Local/${exten}@${context}`, flavor: 'dial', caller: transferer });
  if (!out) {
    b1.dissolveOnLeave = true;
    if (transferee) sim.media.stopMoh(transferee);
    engine.bridgeJoin(b1, transferer);
    return { ok: false, message: 'Transfer failed' };
  }
  const target = out.ch;
  engine.own(target, true);
  const b2: Bridge = engine.createBridge('basic');
  b2.dissolveOnLeave = false;
  engine.bridgeJoin(b2, transferer);
  engine.emit({ t: 'DialBegin', caller: transferer, dest: target, dialString: out.target.resource });
  let answered = false;
  let done = false;

  const abort = (): void => {
    if (done) return;
    done = true;
    engine.watchIndications(target, undefined);
    if (!target.hungUp) {
      engine.own(target, false);
      engine.destroy(target, 16);
    }
    if (!transferer.hungUp) {
      engine.removeFromBridgePublic(b2, transferer);
      engine.destroyBridge(b2);
      b1.dissolveOnLeave = true;
      if (transferee && !transferee.hungUp) {
        sim.media.stopMoh(transferee);
        engine.bridgeJoin(b1, transferer);
      } else engine.destroy(transferer, 16);
    } else {
      engine.destroyBridge(b2);
      b1.dissolveOnLeave = true;
      if (transferee && !transferee.hungUp) engine.dissolve(b1, undefined, 'hangup');
    }
  };

  const complete = (): void => {
    if (done) return;
    done = true;
    engine.emit({
      t: 'AttendedTransfer',
      origTransferer: transferer,
      origBridge: b1,
      secondTransferer: transferer,
      secondBridge: b2,
      transferee,
      target,
      destType: 'Bridge',
      destBridge: b1,
      result: 'Success',
    });
    const hook = engine.dissolveHooks.get(b1);
    if (hook) {
      engine.dissolveHooks.delete(b1);
      hook(transferer, 'transfer');
    }
    engine.emit({ t: 'BridgeMerge', to: b1, from: b2 });
    engine.removeFromBridgePublic(b2, target);
    engine.destroyBridge(b2);
    if (transferee) sim.media.stopMoh(transferee);
    engine.bridgeJoin(b1, target);
    engine.setBridgePeers(b1);
    b1.dissolveOnLeave = true;
    engine.own(target, false);
    sim.observer.emit('transfer:attended', { transferee: transferee?.name, target: target.name });
  };

  engine.watchIndications(target, (ind: Indication) => {
    if (ind === 'answer' && !answered) {
      answered = true;
      engine.emit({ t: 'DialEnd', caller: transferer, dest: target, status: 'ANSWER' });
      engine.bridgeJoin(b2, target);
      engine.setBridgePeers(b2);
    } else if (ind === 'busy' || ind === 'congestion') {
      engine.emit({ t: 'DialEnd', caller: transferer, dest: target, status: ind === 'busy' ? 'BUSY' : 'CONGESTION' });
      abort();
    }
  });
  engine.onGone(target, () => abort());
  engine.onGone(transferer, () => {
    if (answered && !target.hungUp) complete();
    else abort();
  });
  const noAnswerMs = Number(features.get('atxfernoanswertimeout') ?? '15') * 1000;
  engine.channelTimer(target, noAnswerMs, () => {
    if (!answered) {
      engine.emit({ t: 'DialEnd', caller: transferer, dest: target, status: 'NOANSWER' });
      abort();
    }
  });
  callOutgoing(sim, out);
  return { ok: true };
}
