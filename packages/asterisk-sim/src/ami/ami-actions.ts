import type { Channel } from '../model/channel.js';
import { STATE } from '../model/channel.js';
import { assign } from '../model/apps/basic-apps.js';
import { originate, parseCallerId } from '../model/originate.js';
import { channelScope } from '../model/pbx.js';
import type { RecordingService } from '../model/recording.js';
import type { SimServices } from '../model/services.js';
import { receiveDtmf } from '../model/stasis.js';
import { attendedTransfer, blindTransfer, redirect } from '../model/transfer.js';
import { getAll, getField, response, serialize, type AmiMessage } from './ami-codec.js';
import { coreShowChannels, queueShow, queueStatus, queueSummary, statusList } from './ami-lists.js';
import { privilegeLabel } from './ami-privileges.js';
import { parseEventMask, type AmiActionContext, type AmiActionHandler, type AmiServer } from './ami-server.js';

export interface AmiActionDeps {
  sim: SimServices;
  server: () => AmiServer;
  recordings: RecordingService;
  /** `core restart now` from the CLI (Command action). */
  restart: () => void;
  version: string;
}

const ok = (ctx: AmiActionContext, message?: string, rest: Array<[string, string]> = []): void =>
  ctx.session.send(response('Success', ctx.actionId, [...(message !== undefined ? [['Message', message] as [string, string]] : []), ...rest]));
const fail = (ctx: AmiActionContext, message: string): void => ctx.session.send(response('Error', ctx.actionId, [['Message', message]]));

const truthy = (v: string | undefined): boolean => /^(true|yes|1|on)$/i.test((v ?? '').trim());
/** utils.c ast_true / ast_false. */
const astTrue = (v: string): boolean => /^(yes|true|y|t|1|on)$/i.test(v.trim());
const astFalse = (v: string): boolean => /^(no|false|n|f|0|off)$/i.test(v.trim());

function findChannel(sim: SimServices, name: string | undefined): Channel | undefined {
  if (!name) return undefined;
  return sim.engine.channels.get(name) ?? sim.engine.byUniqueid.get(name);
}

/** `Variable: A=1` headers (several, or comma-separated in one) in the order given. */
function variables(msg: AmiMessage): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const v of getAll(msg, 'Variable')) {
    for (const part of v.split(/,(?=[^,=]+=)/)) {
      const i = part.indexOf('=');
      if (i > 0) out.push([part.slice(0, i).trim(), part.slice(i + 1)]);
    }
  }
  return out;
}

export function buildAmiActions(deps: AmiActionDeps): Map<string, AmiActionHandler> {
  const { sim } = deps;
  const engine = sim.engine;
  const actions = new Map<string, AmiActionHandler>();
  const def = (name: string, h: AmiActionHandler): void => {
    actions.set(name.toLowerCase(), h);
  };

  def('Login', (ctx) => deps.server().login(ctx));
  def('Logoff', (ctx) => {
    ctx.session.send(response('Goodbye', ctx.actionId, [['Message', 'Thanks for all the fish.']]));
    ctx.session.close();
  });
  def('Challenge', (ctx) => ok(ctx, undefined, [['Challenge', String(Math.floor(Math.random() * 1e9))]]));
  def('Ping', (ctx) => {
    const now = engine.now();
    ok(ctx, undefined, [
      ['Ping', 'Pong'],
      ['Timestamp', `${Math.floor(now / 1000)}.${String(Math.floor((now % 1000) * 1000)).padStart(6, '0')}`],
    ]);
  });
  def('Events', (ctx) => {
    const mask = getField(ctx.msg, 'EventMask') ?? 'on';
    ctx.session.eventMask = parseEventMask(mask);
    ok(ctx, undefined, [['Events', ctx.session.eventMask && ctx.session.eventMask.size === 0 ? 'Off' : 'On']]);
  });
  def('ListCommands', (ctx) => {
    // only what this user may run, as manager.c lists them
    const rest: Array<[string, string]> = [...actions.keys()]
      .sort()
      .filter((k) => deps.server().permits(k))
      .map((k) => [k, `${k} (Priv: ${privilegeLabel(k)})`]);
    ok(ctx, undefined, rest);
  });
  def('CoreSettings', (ctx) =>
    ok(ctx, undefined, [
      ['AMIversion', '11.0.0'],
      ['AsteriskVersion', deps.version],
      ['SystemName', ''],
      ['CoreMaxCalls', '0'],
      ['CoreMaxLoadAvg', '0.000000'],
      ['CoreRunUser', ''],
      ['CoreRunGroup', ''],
      ['CoreMaxFilehandles', '0'],
      ['CoreRealTimeEnabled', 'No'],
      ['CoreCDRenabled', 'Yes'],
      ['CoreHTTPenabled', 'Yes'],
      ['SoundsSearchCustomDir', 'No'],
    ]),
  );
  def('CoreStatus', (ctx) => {
    const start = new Date(engine.startedAtMs).toISOString();
    const reload = new Date(engine.reloadedAtMs).toISOString();
    ok(ctx, undefined, [
      ['CoreStartupDate', start.slice(0, 10)],
      ['CoreStartupTime', start.slice(11, 19)],
      ['CoreReloadDate', reload.slice(0, 10)],
      ['CoreReloadTime', reload.slice(11, 19)],
      ['CoreCurrentCalls', String(engine.channels.size)],
      ['CoreProcessedCalls', String(engine.processedCalls)],
    ]);
  });
  def('CoreShowChannels', (ctx) => ctx.session.send(coreShowChannels(sim, ctx.actionId)));
  def('Status', (ctx) => {
    const chan = getField(ctx.msg, 'Channel');
    if (chan && !findChannel(sim, chan)) return fail(ctx, 'No such channel');
    const vars = (getField(ctx.msg, 'Variables') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    ctx.session.send(statusList(sim, ctx.actionId, chan ? findChannel(sim, chan)!.name : undefined, vars));
  });
  def('QueueStatus', (ctx) => ctx.session.send(queueStatus(sim, ctx.actionId, getField(ctx.msg, 'Queue') || undefined, getField(ctx.msg, 'Member') || undefined)));
  def('QueueSummary', (ctx) => ctx.session.send(queueSummary(sim, ctx.actionId, getField(ctx.msg, 'Queue') || undefined)));

  def('QueueAdd', (ctx) => {
    const queue = getField(ctx.msg, 'Queue');
    const iface = getField(ctx.msg, 'Interface');
    if (!queue || !iface) return fail(ctx, "'Queue' and 'Interface' are required.");
    const penalty = Number(getField(ctx.msg, 'Penalty') ?? '0') || 0;
    const opts: Parameters<typeof sim.queues.add>[2] = { penalty, paused: truthy(getField(ctx.msg, 'Paused')) };
    const name = getField(ctx.msg, 'MemberName');
    if (name) opts.name = name;
    const si = getField(ctx.msg, 'StateInterface');
    if (si) opts.stateInterface = si;
    const reason = getField(ctx.msg, 'Reason');
    if (reason) opts.reason = reason;
    // the response goes out before the events the action causes
    const q = sim.queues.get(queue);
    if (!q) return fail(ctx, 'Unable to add interface to queue: No such queue');
    if (q.members.some((m) => m.interface.toLowerCase() === iface.toLowerCase())) return fail(ctx, 'Unable to add interface: Already there');
    ok(ctx, 'Added interface to queue');
    sim.queues.add(queue, iface, opts);
  });
  def('QueueRemove', (ctx) => {
    const queue = getField(ctx.msg, 'Queue');
    const iface = getField(ctx.msg, 'Interface');
    if (!queue || !iface) return fail(ctx, "'Queue' and 'Interface' are required.");
    const q = sim.queues.get(queue);
    if (!q) return fail(ctx, 'Unable to remove interface from queue: No such queue');
    const m = q.members.find((x) => x.interface.toLowerCase() === iface.toLowerCase());
    if (!m) return fail(ctx, 'Unable to remove interface: Not there');
    if (!m.dynamic) return fail(ctx, 'Member not dynamic');
    ok(ctx, 'Removed interface from queue');
    sim.queues.remove(queue, iface);
  });
  def('QueuePause', (ctx) => {
    const iface = getField(ctx.msg, 'Interface');
    const pausedRaw = getField(ctx.msg, 'Paused');
    if (!iface || pausedRaw === undefined) return fail(ctx, 'Need an interface and a paused state');
    const queue = getField(ctx.msg, 'Queue') || undefined;
    const paused = truthy(pausedRaw);
    const queues = queue ? [sim.queues.get(queue)].filter(Boolean) : sim.queues.all();
    const found = queues.some((q) => q!.members.some((m) => m.interface.toLowerCase() === iface.toLowerCase()));
    if (!found) return fail(ctx, 'Interface not found');
    ok(ctx, paused ? 'Interface paused successfully' : 'Interface unpaused successfully');
    sim.queues.pause(queue, iface, paused, getField(ctx.msg, 'Reason') ?? '');
  });
  def('QueuePenalty', (ctx) => {
    const iface = getField(ctx.msg, 'Interface');
    const penalty = Number(getField(ctx.msg, 'Penalty'));
    const queue = getField(ctx.msg, 'Queue') || undefined;
    if (!iface || !Number.isFinite(penalty) || penalty < 0) return fail(ctx, 'Invalid interface, queuename or penalty');
    const queues = queue ? [sim.queues.get(queue)].filter(Boolean) : sim.queues.all();
    if (!queues.some((q) => q!.members.some((m) => m.interface.toLowerCase() === iface.toLowerCase()))) return fail(ctx, 'Invalid interface, queuename or penalty');
    ok(ctx, 'Interface penalty set successfully');
    sim.queues.penalty(queue, iface, penalty);
  });

  def('Originate', (ctx) => {
    const m = ctx.msg;
    const channel = getField(m, 'Channel');
    if (!channel) return fail(ctx, 'Channel not specified');
    if (!channel.includes('/')) return fail(ctx, 'Invalid channel');
    const application = getField(m, 'Application');
    const exten = getField(m, 'Exten');
    const context = getField(m, 'Context');
    const priorityRaw = getField(m, 'Priority');
    const priority = priorityRaw ? Number(priorityRaw) : 1;
    if (priorityRaw && !Number.isFinite(priority)) return fail(ctx, 'Invalid priority');
    if (!application && !exten) return fail(ctx, 'Exten not specified');
    const timeout = Number(getField(m, 'Timeout') ?? '30000');
    const cid = parseCallerId(getField(m, 'CallerID'));
    const isAsync = truthy(getField(m, 'Async'));
    const req: Parameters<typeof originate>[1] = {
      channel,
      timeoutMs: Number.isFinite(timeout) && timeout > 0 ? timeout : 30000,
      variables: variables(m),
      amiResponse: true,
      ...(ctx.actionId !== undefined ? { actionId: ctx.actionId } : {}),
      ...(cid ? { callerId: cid } : {}),
    };
    // ChannelId / OtherChannelId: the Uniqueids the caller chose for the new channel (and a Local pair's ;2)
    const one = getField(m, 'ChannelId');
    const two = getField(m, 'OtherChannelId');
    if (one || two) req.uniqueids = { ...(one ? { one } : {}), ...(two ? { two } : {}) };
    if (application) {
      req.application = application;
      req.data = getField(m, 'Data') ?? '';
    } else {
      req.context = context || 'default';
      req.exten = exten!;
      req.priority = priority;
    }
    if (isAsync) {
      ok(ctx, 'Originate successfully queued');
      originate(sim, req);
      return;
    }
    const { result } = originate(sim, req);
    return result.then((r) => (r.ok ? ok(ctx, 'Originate successfully queued') : fail(ctx, 'Originate failed')));
  });

  def('Hangup', (ctx) => {
    const name = getField(ctx.msg, 'Channel');
    if (!name) return fail(ctx, 'No channel specified');
    const cause = Number(getField(ctx.msg, 'Cause') ?? '16') || 16;
    let targets: Channel[];
    if (name.length > 2 && name.startsWith('/') && name.endsWith('/')) {
      let re: RegExp;
      try {
        re = new RegExp(name.slice(1, -1));
      } catch {
        return fail(ctx, 'Invalid regex');
      }
      targets = [...engine.channels.values()].filter((c) => re.test(c.name));
    } else {
      const ch = findChannel(sim, name);
      if (!ch) return fail(ctx, 'No such channel');
      targets = [ch];
    }
    ok(ctx, 'Channel Hungup');
    for (const ch of targets) {
      ch.hangupCause = cause;
      engine.requestHangup(ch, cause, 'soft', 32);
    }
  });

  def('Redirect', (ctx) => {
    const m = ctx.msg;
    const ch = findChannel(sim, getField(m, 'Channel'));
    if (!getField(m, 'Channel')) return fail(ctx, 'Channel not specified');
    if (!ch) return fail(ctx, `Channel does not exist: ${getField(m, 'Channel')}`);
    const exten = getField(m, 'Exten');
    const context = getField(m, 'Context');
    if (!exten) return fail(ctx, 'Exten not specified');
    if (!context) return fail(ctx, 'Context not specified');
    const priority = Number(getField(m, 'Priority') ?? '1') || 1;
    const extraName = getField(m, 'ExtraChannel');
    let extra: Parameters<typeof redirect>[5];
    if (extraName) {
      const ech = findChannel(sim, extraName);
      if (!ech) return fail(ctx, `Channel does not exist: ${extraName}`);
      extra = {
        ch: ech,
        context: getField(m, 'ExtraContext') || context,
        exten: getField(m, 'ExtraExten') || exten,
        priority: Number(getField(m, 'ExtraPriority') ?? priority) || priority,
      };
    }
    if (!engine.config.dialplan.find(context, exten)) return fail(ctx, 'Extension does not exist.');
    ok(ctx, extra ? 'Dual Redirect successful' : 'Redirect successful');
    redirect(sim, ch, context, exten, priority, extra);
  });

  def('BlindTransfer', (ctx) => {
    const m = ctx.msg;
    const name = getField(m, 'Channel');
    if (!name) return fail(ctx, 'No channel specified');
    const exten = getField(m, 'Exten');
    if (!exten) return fail(ctx, 'No extension specified');
    const ch = findChannel(sim, name);
    if (!ch) return fail(ctx, 'Channel specified does not exist');
    const context = getField(m, 'Context') || ch.context;
    if (!ch.bridge) return fail(ctx, 'Transfer not permitted');
    if (!engine.config.dialplan.find(context, exten)) return fail(ctx, 'Transfer failed');
    ok(ctx, 'Transfer succeeded');
    blindTransfer(sim, ch, context, exten);
  });

  def('Atxfer', (ctx) => {
    const m = ctx.msg;
    const name = getField(m, 'Channel');
    if (!name) return fail(ctx, 'No channel specified');
    const exten = getField(m, 'Exten');
    if (!exten) return fail(ctx, 'No extension specified');
    const ch = findChannel(sim, name);
    if (!ch) return fail(ctx, 'Channel specified does not exist');
    if (!engine.config.features.get('atxfer')) return fail(ctx, 'No attended transfer feature code found');
    const context = getField(m, 'Context') || ch.context;
    if (!ch.bridge || !engine.config.dialplan.find(context, exten)) return fail(ctx, 'Transfer failed');
    ok(ctx, 'Atxfer successfully queued');
    if (sim.options.atxferSilentFail) return; // the real one's silent abort: Success, and nothing happens
    attendedTransfer(sim, ch, context, exten);
  });

  def('MixMonitor', (ctx) => {
    const name = getField(ctx.msg, 'Channel');
    if (!name) return fail(ctx, 'No channel specified');
    const ch = findChannel(sim, name);
    if (!ch) return fail(ctx, 'No such channel');
    const file = getField(ctx.msg, 'File') ?? '';
    ok(ctx);
    deps.recordings.startMixMonitor(ch, file, getField(ctx.msg, 'Options') ?? '');
  });
  def('StopMixMonitor', (ctx) => {
    const name = getField(ctx.msg, 'Channel');
    if (!name) return fail(ctx, 'No channel specified');
    const ch = findChannel(sim, name);
    if (!ch) return fail(ctx, 'No such channel');
    if (!ch.data('mixmonitor')) return fail(ctx, 'Could not stop MixMonitor');
    ok(ctx);
    deps.recordings.stopMixMonitor(ch);
  });

  def('MixMonitorMute', (ctx) => {
    // app_mixmonitor.c manager_mute_mixmonitor: the checks in its order, then Success with no Message; the
    // MixMonitorMute event (Asterisk ≥ 16.17/18.3) follows through Stasis
    const direction = getField(ctx.msg, 'Direction');
    if (!direction) return fail(ctx, 'No direction specified. Must be read, write or both');
    const dir = direction.toLowerCase();
    if (dir !== 'read' && dir !== 'write' && dir !== 'both') return fail(ctx, 'Invalid direction specified. Must be read, write or both');
    const name = getField(ctx.msg, 'Channel');
    if (!name) return fail(ctx, 'No channel specified');
    const state = getField(ctx.msg, 'State');
    if (!state) return fail(ctx, 'No state specified');
    const ch = findChannel(sim, name);
    if (!ch) return fail(ctx, 'No such channel');
    // ast_false(State) clears the mute flag; anything else sets it
    if (!deps.recordings.muteMixMonitor(ch, dir, !astFalse(state))) return fail(ctx, 'Cannot set mute flag');
    ok(ctx);
    engine.emit({ t: 'MixMonitorMute', ch, direction, state: astTrue(state) ? '1' : '0' });
  });

  def('Setvar', (ctx) => {
    const variable = getField(ctx.msg, 'Variable');
    if (!variable) return fail(ctx, 'No variable specified');
    const value = getField(ctx.msg, 'Value') ?? '';
    const name = getField(ctx.msg, 'Channel');
    if (name) {
      const ch = findChannel(sim, name);
      if (!ch) return fail(ctx, 'No such channel');
      ok(ctx, 'Variable Set');
      assign(sim, ch, `${variable}=${value}`);
      return;
    }
    engine.globals.set(variable, value);
    ok(ctx, 'Variable Set');
  });
  def('Getvar', (ctx) => {
    const variable = getField(ctx.msg, 'Variable');
    if (!variable) return fail(ctx, 'No variable specified');
    const name = getField(ctx.msg, 'Channel');
    let value: string;
    if (name) {
      const ch = findChannel(sim, name);
      if (!ch) return fail(ctx, 'No such channel');
      const fn = /^([A-Za-z_]+)\((.*)\)$/.exec(variable);
      const scope = channelScope(sim, ch);
      value = (fn ? scope.fn(fn[1]!.toUpperCase(), fn[2]!) : (ch.getVar(variable) ?? scope.get(variable))) ?? '';
    } else value = engine.globals.get(variable) ?? '';
    ok(ctx, undefined, [
      ['Variable', variable],
      ['Value', value],
    ]);
  });
  // app_senddtmf.c: without Receive the digit is SENT out of the channel (its far end hears it; a Local half passes
  // it to its other half); Receive: true emulates the channel's far end pressing it (bridged peers get it).
  def('PlayDTMF', (ctx) => {
    const ch = findChannel(sim, getField(ctx.msg, 'Channel'));
    if (!ch) return fail(ctx, 'Channel not found');
    const digit = getField(ctx.msg, 'Digit');
    if (!digit) return fail(ctx, 'No digit specified');
    const duration = getField(ctx.msg, 'Duration');
    if (duration && !/^\s*\d+/.test(duration)) return fail(ctx, 'Could not convert Duration parameter');
    const ms = Number(/\d+/.exec(duration ?? '')?.[0] ?? '0') || 100;
    ok(ctx, 'DTMF successfully queued');
    if (/^(yes|true|y|t|1|on)$/i.test(getField(ctx.msg, 'Receive')?.trim() ?? '')) {
      receiveDtmf(sim, ch, digit[0]!, ms);
      return;
    }
    engine.emit({ t: 'DTMFBegin', ch, digit: digit[0]!, durationMs: 0, direction: 'Sent' });
    engine.emit({ t: 'DTMFEnd', ch, digit: digit[0]!, durationMs: ms, direction: 'Sent' });
    sim.observer.emit('dtmf:sent', { channel: ch.name, digit: digit[0]! });
    if (ch.localPeer) receiveDtmf(sim, ch.localPeer, digit[0]!, ms);
  });
  def('UserEvent', (ctx) => {
    const name = getField(ctx.msg, 'UserEvent');
    if (!name) return fail(ctx, 'UserEvent header missing');
    const fields = ctx.msg.raw.filter(([k]) => !['action', 'actionid', 'userevent'].includes(k.toLowerCase()));
    ok(ctx, 'Event Sent');
    engine.emit({ t: 'UserEvent', ch: undefined, name, fields });
  });
  def('DeviceStateList', (ctx) => {
    const items: string[] = [];
    // every device with a cached state: the phones and the carrier trunk (qualified like a phone)
    for (const device of [...[...sim.devices.phones.values()].map((p) => `PJSIP/${p.ext}`), 'PJSIP/carrier']) {
      items.push(serialize([['Event', 'DeviceStateChange'], ...(ctx.actionId !== undefined ? [['ActionID', ctx.actionId] as [string, string]] : []), ['Device', device], ['State', engine.deviceState(device)]]));
    }
    let out = response('Success', ctx.actionId, [
      ['EventList', 'start'],
      ['Message', 'Device State Changes will follow'],
    ]);
    out += items.join('');
    out += serialize([['Event', 'DeviceStateListComplete'], ...(ctx.actionId !== undefined ? [['ActionID', ctx.actionId] as [string, string]] : []), ['EventList', 'Complete'], ['ListItems', String(items.length)]]);
    ctx.session.send(out);
  });

  def('Command', (ctx) => {
    const command = (getField(ctx.msg, 'Command') ?? '').trim();
    let lines: string[];
    const words = command.split(/\s+/);
    if (/^queue show/i.test(command)) lines = queueShow(sim, words[2]);
    else if (/^core show version/i.test(command)) lines = [`Asterisk ${deps.version} built by donorline @ simulator on a x86_64 running Linux`];
    else if (/^core show channels( concise)?/i.test(command)) {
      const chans = [...engine.channels.values()];
      lines = /concise/i.test(command)
        ? chans.map((c) => [c.name, c.context, c.exten, c.priority, c.stateDesc, c.app, c.appData, c.callerNum, '', '', '3', Math.floor((engine.now() - c.createdAt) / 1000), c.bridge?.id ?? '(None)', c.uniqueid].join('!'))
        : [
            'Channel                                                          Location                         State   Application(Data)',
            ...chans.map((c) => `${c.name.padEnd(64)} ${`${c.exten}@${c.context}:${c.priority}`.padEnd(32)} ${c.stateDesc.padEnd(7)} ${c.app}(${c.appData})`),
            `${chans.filter((c) => c.state === STATE.Up).length} active channels`,
            `${chans.length} active calls`,
            `${engine.processedCalls} calls processed`,
          ];
    } else if (/^core restart (now|gracefully|when convenient)/i.test(command)) {
      lines = [''];
      setTimeout(() => deps.restart(), 50);
    } else if (/^dialplan show/i.test(command)) {
      lines = [...engine.config.dialplan.contexts.keys()].map((c) => `[ Context '${c}' created by 'pbx_config' ]`);
    } else lines = [`No such command '${command}' (type 'core show help ${words[0] ?? ''}' for other possible commands)`];
    ctx.session.send(response('Success', ctx.actionId, [['Message', 'Command output follows'], ...lines.map((l) => ['Output', l] as [string, string])]));
  });

  return actions;
}
