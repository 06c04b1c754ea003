import { STATE, type Channel } from '../../model/channel.js';
import { assign } from '../../model/apps/basic-apps.js';
import { originate, parseCallerId } from '../../model/originate.js';
import { channelScope } from '../../model/pbx.js';
import type { SimServices } from '../../model/services.js';
import type { StasisControl } from '../../model/stasis.js';
import { channelJson, playbackJsonOut, recordingJsonOut } from '../ari-json.js';
import { allocFailed, badRequest, conflict, created, error, noContent, notFound, notImplemented, ok, type AriArgs, type AriReply, type AriRouter } from '../ari-router.js';
import { playbackJson, recordingJson } from '../../model/stasis.js';

const HANGUP_REASONS: Record<string, number> = {
  normal: 16,
  busy: 17,
  congestion: 34,
  no_answer: 19,
  timeout: 18,
  rejected: 21,
  unallocated: 1,
  normal_unspecified: 31,
  number_incomplete: 28,
  codec_mismatch: 58,
  interworking: 127,
  failure: 38,
  answered_elsewhere: 26,
};

type Found = { ch: Channel; control: StasisControl };

/** Channel operations that need the channel in Stasis (404 / 409 as res_ari distinguishes them). */
function findControl(sim: SimServices, id: string): Found | AriReply {
  const ch = sim.engine.findChannel(id);
  if (!ch) return notFound('Channel not found');
  const control = sim.stasis.controlOf(ch);
  if (!control) return conflict('Channel not in Stasis application');
  return { ch, control };
}

/** Down and Ringing (outbound, not yet answered) channels refuse media and state operations: 412. */
function stateInvalid(ch: Channel): AriReply | undefined {
  if (ch.state === STATE.Down || ch.state === 1 || ch.state === STATE.Ringing) return error(412, 'Precondition Failed', 'Channel in invalid state');
  return undefined;
}

function withControl(sim: SimServices, args: AriArgs, checkState: boolean, fn: (f: Found) => AriReply | Promise<AriReply>): AriReply | Promise<AriReply> {
  const f = findControl(sim, args.path.channelId!);
  if (!('ch' in f)) return f;
  if (checkState) {
    const bad = stateInvalid(f.ch);
    if (bad) return bad;
  }
  return fn(f);
}

export function channelRoutes(router: AriRouter, sim: SimServices): void {
  const engine = sim.engine;

  router.on('GET', '/ari/channels', () => ok([...engine.channels.values()].map(channelJson)));

  const doOriginate = (args: AriArgs, channelId: string | undefined): AriReply => {
    const endpoint = args.str('endpoint');
    if (!endpoint) return badRequest('Endpoint must be specified');
    const slash = endpoint.indexOf('/');
    if (slash <= 0 || slash === endpoint.length - 1) return badRequest('Invalid endpoint specified');
    const app = args.str('app');
    const extension = args.str('extension');
    if (!app && !extension) return badRequest('Application or extension must be specified');
    const otherId = args.str('otherChannelId');
    if ((channelId && engine.byUniqueid.has(channelId)) || (otherId && engine.byUniqueid.has(otherId))) return conflict('Channel with given unique ID already exists');
    const vars = args.variables();
    const variables: Array<[string, string]> = [];
    if (vars) {
      for (const [k, v] of Object.entries(vars)) {
        if (typeof v !== 'string') return badRequest("Only string values in the 'variables' object allowed");
        variables.push([k, v]);
      }
    }
    const cid = parseCallerId(args.str('callerId'));
    const timeout = args.int('timeout', 30);
    const context = args.str('context') || 'default';
    let priority = args.int('priority', 1);
    const label = args.str('label');
    if (label && extension) {
      const p = Number.isFinite(Number(label)) ? Number(label) : engine.config.dialplan.findLabel(context, extension, label);
      if (p === undefined) return notFound('Requested label can not be found');
      priority = p;
    }
    const appArgs = args.str('appArgs');
    const req: Parameters<typeof originate>[1] = {
      channel: endpoint,
      timeoutMs: timeout > 0 ? timeout * 1000 : timeout === -1 ? 86_400_000 : 30_000,
      variables,
      amiResponse: false,
      ...(cid ? { callerId: cid } : {}),
      ...(channelId || otherId ? { uniqueids: { ...(channelId ? { one: channelId } : {}), ...(otherId ? { two: otherId } : {}) } } : {}),
    };
    if (app) req.stasis = { app, args: appArgs ? appArgs.split(',') : [] };
    else {
      req.context = context;
      req.exten = extension!;
      req.priority = priority;
    }
    const { out } = originate(sim, req);
    if (!out) return allocFailed();
    if (app) {
      // the app hears about the new channel (and the other half of a Local pair) from now on
      const reg = sim.stasis.apps.get(app);
      reg?.channels.add(out.ch.uniqueid);
      if (out.two) reg?.channels.add(out.two.uniqueid);
    }
    return ok(channelJson(out.ch));
  };

  router.on('POST', '/ari/channels', (a) => doOriginate(a, a.str('channelId')));
  router.on('POST', '/ari/channels/{channelId}', (a) => doOriginate(a, a.path.channelId));
  router.on('POST', '/ari/channels/create', () => notImplemented('channels/create'));
  router.on('POST', '/ari/channels/externalMedia', () => notImplemented('externalMedia'));

  router.on('GET', '/ari/channels/{channelId}', (a) => {
    const ch = engine.findChannel(a.path.channelId!);
    return ch ? ok(channelJson(ch)) : notFound('Channel not found');
  });

  router.on('DELETE', '/ari/channels/{channelId}', (a) => {
    const ch = engine.findChannel(a.path.channelId!);
    if (!ch) return notFound('Channel not found');
    const reason = a.str('reason');
    const code = a.str('reason_code');
    if (reason && code) return badRequest("The reason and reason_code can't both be specified");
    let cause = 16;
    if (code) {
      cause = Number.parseInt(code, 10);
      if (!Number.isFinite(cause)) return error(400, 'Invalid Reason Code', 'Invalid reason for hangup reason code provided');
    } else if (reason) {
      const c = HANGUP_REASONS[reason];
      if (c === undefined) return error(400, 'Invalid Reason', 'Invalid reason for hangup reason provided');
      cause = c;
    }
    ch.hangupCause = cause;
    engine.requestHangup(ch, cause, 'soft', 32);
    return noContent();
  });

  router.on('POST', '/ari/channels/{channelId}/continue', (a) =>
    withControl(sim, a, true, ({ ch, control }) => {
      const ctxArg = a.str('context');
      const extArg = a.str('extension');
      const context = ctxArg || ch.context;
      const exten = ctxArg ? extArg || 's' : extArg || ch.exten;
      const label = a.str('label');
      let priority: number;
      if (label) {
        const n = Number.parseInt(label, 10);
        const p = Number.isFinite(n) ? n : engine.config.dialplan.findLabel(context, exten, label);
        if (p === undefined) return notFound('Requested label can not be found');
        if (p === 0) return badRequest('Requested priority is illegal');
        priority = p;
      } else if (a.int('priority', 0)) priority = a.int('priority', 0);
      else if (!ctxArg && !extArg) priority = ch.priority + 1;
      else priority = 1;
      sim.stasis.continueInDialplan(control, context, exten, priority);
      return noContent();
    }),
  );

  router.on('POST', '/ari/channels/{channelId}/move', (a) =>
    withControl(sim, a, false, ({ control }) => {
      const app = a.str('app');
      if (!app) return badRequest('Missing required field app');
      if (!sim.stasis.isRegistered(app)) return error(500, 'Internal Server Error', 'Failed to switch Stasis applications');
      sim.stasis.move(control, app, a.list('appArgs'));
      return noContent();
    }),
  );

  router.on('POST', '/ari/channels/{channelId}/redirect', (a) =>
    withControl(sim, a, true, ({ ch }) => {
      const endpoint = a.str('endpoint');
      if (!endpoint) return error(400, 'Not Found', "Required parameter 'endpoint' not provided.");
      const slash = endpoint.indexOf('/');
      if (slash <= 0) return error(422, 'Unprocessable Entity', `Endpoint parameter '${endpoint}' does not contain tech/resource`);
      if (slash === endpoint.length - 1) return error(422, 'Unprocessable Entity', `No resource provided in endpoint parameter '${endpoint}'`);
      const tech = endpoint.slice(0, slash);
      if (tech.toLowerCase() !== ch.tech.toLowerCase()) return error(422, 'Unprocessable Entity', `Endpoint technology '${tech}' does not match channel technology '${ch.tech}'`);
      // a SIP 302: the far end re-routes the call and this channel goes away
      engine.channelTimer(ch, 50, () => engine.requestHangup(ch, 16, 'hard'));
      return noContent();
    }),
  );

  router.on('POST', '/ari/channels/{channelId}/answer', (a) =>
    withControl(sim, a, true, async ({ control }) => {
      await sim.stasis.answer(control).catch(() => undefined);
      return noContent();
    }),
  );
  const indicate = (fn: (f: Found) => void) => (a: AriArgs) =>
    withControl(sim, a, true, (f) => {
      void sim.stasis.enqueue(f.control, async () => fn(f)).catch(() => undefined);
      return noContent();
    });
  router.on('POST', '/ari/channels/{channelId}/ring', indicate(({ ch }) => (ch.localPeer ? engine.indicate(ch.localPeer, 'ringing') : ch.state !== STATE.Up && engine.setState(ch, STATE.Ringing))));
  router.on('DELETE', '/ari/channels/{channelId}/ring', indicate(() => undefined));
  router.on('POST', '/ari/channels/{channelId}/progress', indicate(({ ch }) => ch.localPeer && engine.indicate(ch.localPeer, 'progress')));
  router.on('POST', '/ari/channels/{channelId}/silence', indicate(() => undefined));
  router.on('DELETE', '/ari/channels/{channelId}/silence', indicate(() => undefined));
  router.on('POST', '/ari/channels/{channelId}/hold', indicate(({ ch }) => sim.media.holdIndication(ch, true)));
  router.on('DELETE', '/ari/channels/{channelId}/hold', indicate(({ ch }) => sim.media.holdIndication(ch, false)));
  router.on('POST', '/ari/channels/{channelId}/moh', (a) =>
    withControl(sim, a, true, ({ ch, control }) => {
      const cls = a.str('mohClass') || 'default';
      void sim.stasis.enqueue(control, async () => sim.media.startMoh(ch, cls)).catch(() => undefined);
      return noContent();
    }),
  );
  router.on('DELETE', '/ari/channels/{channelId}/moh', indicate(({ ch }) => sim.media.stopMoh(ch)));

  const mute = (on: boolean) => (a: AriArgs) =>
    withControl(sim, a, true, ({ ch }) => {
      const dir = a.str('direction') ?? 'both';
      if (!dir) return badRequest('Direction is required');
      if (!['in', 'out', 'both'].includes(dir)) return badRequest('Invalid direction specified');
      ch.setData('muted', on ? dir : undefined);
      return noContent();
    });
  router.on('POST', '/ari/channels/{channelId}/mute', mute(true));
  router.on('DELETE', '/ari/channels/{channelId}/mute', mute(false));

  router.on('POST', '/ari/channels/{channelId}/dtmf', (a) =>
    withControl(sim, a, true, ({ control }) => {
      const dtmf = a.str('dtmf');
      if (!dtmf) return badRequest('DTMF is required');
      sim.stasis.sendDtmf(control, dtmf, a.int('before', 0), a.int('between', 100), a.int('duration', 100), a.int('after', 0));
      return noContent();
    }),
  );

  const play = (a: AriArgs, playbackId: string | undefined): AriReply | Promise<AriReply> =>
    withControl(sim, a, true, ({ ch }) => {
      const media = a.list('media');
      if (media.length === 0) return badRequest('Missing required field media');
      if (a.int('skipms', 3000) < 0) return badRequest('skipms cannot be negative');
      if (a.int('offsetms', 0) < 0) return badRequest('offsetms cannot be negative');
      const pb = sim.stasis.play({ channel: ch }, media, a.str('lang') || ch.language, playbackId);
      if ('status' in pb) return error(pb.status, pb.reason, pb.message);
      return created(`/ari/playbacks/${pb.id}`, playbackJsonOut(playbackJson(pb)));
    });
  router.on('POST', '/ari/channels/{channelId}/play', (a) => play(a, a.str('playbackId')));
  router.on('POST', '/ari/channels/{channelId}/play/{playbackId}', (a) => play(a, a.path.playbackId));

  router.on('POST', '/ari/channels/{channelId}/record', (a) => {
    if (a.int('maxDurationSeconds', 0) < 0) return badRequest('max_duration_seconds cannot be negative');
    if (a.int('maxSilenceSeconds', 0) < 0) return badRequest('max_silence_seconds cannot be negative');
    return withControl(sim, a, false, async ({ control }) => {
      const name = a.str('name');
      const format = a.str('format');
      if (!name) return badRequest('Missing required field name');
      if (!format) return badRequest('Missing required field format');
      const terminateOn = a.str('terminateOn') ?? 'none';
      if (!['none', 'any', '*', '#'].includes(terminateOn) && !/^[0-9*#]+$/.test(terminateOn)) return badRequest('terminateOn invalid');
      const ifExists = a.str('ifExists') ?? 'fail';
      if (!['fail', 'overwrite', 'append'].includes(ifExists)) return badRequest('ifExists invalid');
      const rec = sim.stasis.record(control, {
        name,
        format,
        maxDurationSeconds: a.int('maxDurationSeconds', 0),
        maxSilenceSeconds: a.int('maxSilenceSeconds', 0),
        ifExists,
        beep: a.bool('beep'),
        terminateOn,
      });
      if ('status' in rec) return error(rec.status, rec.reason, rec.message);
      // if nothing is queued ahead of it the recording has started by the time Asterisk answers
      await new Promise((r) => setImmediate(r));
      return created(`/ari/recordings/live/${encodeURIComponent(name)}`, recordingJsonOut(recordingJson(rec)));
    });
  });

  router.on('GET', '/ari/channels/{channelId}/variable', (a) => {
    const variable = a.str('variable');
    if (!variable) return badRequest('Variable name is required');
    const ch = engine.findChannel(a.path.channelId!);
    if (!ch) return error(404, 'Channel Not Found', 'Provided channel was not found');
    if (variable.endsWith(')')) {
      const m = /^([A-Za-z_]+)\((.*)\)$/.exec(variable);
      const v = m ? channelScope(sim, ch).fn(m[1]!.toUpperCase(), m[2]!) : undefined;
      if (v === undefined) return error(500, 'Error With Function', 'Unable to read provided function');
      return ok({ value: v });
    }
    const scope = channelScope(sim, ch);
    const v = ch.getVar(variable) ?? (['EXTEN', 'CONTEXT', 'PRIORITY', 'UNIQUEID', 'CHANNEL', 'LANGUAGE'].includes(variable) ? scope.get(variable) : undefined);
    if (v === undefined) return error(404, 'Variable Not Found', 'Provided variable was not found');
    return ok({ value: v });
  });

  router.on('POST', '/ari/channels/{channelId}/variable', (a) => {
    const variable = a.str('variable');
    if (!variable) return badRequest('Variable name is required');
    return withControl(sim, a, false, async ({ ch, control }) => {
      const value = a.str('value') ?? '';
      // a synchronous control command: it waits behind playbacks already queued, as in Asterisk
      await sim.stasis.enqueue(control, async () => assign(sim, ch, `${variable}=${value}`)).catch(() => undefined);
      return noContent();
    });
  });

  router.on('GET', '/ari/channels/{channelId}/variables', (a) => {
    const ch = engine.findChannel(a.path.channelId!);
    if (!ch) return notFound('Channel not found');
    const names = a.list('variables');
    if (names.length === 0) return badRequest('Missing required field variables');
    return ok({ variables: Object.fromEntries(names.map((n) => [n, ch.getVar(n) ?? ''])) });
  });

  router.on('POST', '/ari/channels/{channelId}/variables', (a) =>
    withControl(sim, a, false, async ({ ch, control }) => {
      const vars = a.variables();
      if (!vars) return badRequest('Missing required field variables');
      await sim.stasis.enqueue(control, async () => {
        for (const [k, v] of Object.entries(vars)) assign(sim, ch, `${k}=${String(v)}`);
      }).catch(() => undefined);
      return noContent();
    }),
  );

  router.on('POST', '/ari/channels/{channelId}/snoop', () => notImplemented('snoop'));
  router.on('POST', '/ari/channels/{channelId}/snoop/{snoopId}', () => notImplemented('snoop'));
  router.on('POST', '/ari/channels/{channelId}/dial', () => notImplemented('channels/dial'));
  router.on('GET', '/ari/channels/{channelId}/rtp_statistics', (a) => (engine.findChannel(a.path.channelId!) ? notImplemented('rtp_statistics') : notFound('Channel not found')));
  router.on('POST', '/ari/channels/{channelId}/transfer_progress', () => notImplemented('transfer_progress'));
}
