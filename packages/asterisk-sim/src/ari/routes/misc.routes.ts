import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ariTimestamp } from '../../core/time-format.js';
import type { SimServices } from '../../model/services.js';
import { playbackJson, recordingJson } from '../../model/stasis.js';
import { playbackJsonOut, recordingJsonOut } from '../ari-json.js';
import { AriReply, badRequest, conflict, error, noContent, notFound, notImplemented, ok, type AriRouter } from '../ari-router.js';

export interface MiscDeps {
  sim: SimServices;
  asteriskId: string;
  version: string;
  appJson: (name: string) => Record<string, unknown> | undefined;
  appNames: () => string[];
  subscribe: (app: string, sources: string[], on: boolean) => AriReply | undefined;
}

const SOUND_EXT = ['wav', 'sln', 'sln16', 'gsm', 'ulaw', 'alaw', 'g722'];

function scanSounds(dir: string): Map<string, Array<{ language: string; format: string }>> {
  const out = new Map<string, Array<{ language: string; format: string }>>();
  if (!existsSync(dir)) return out;
  const walk = (d: string, lang: string, prefix: string, depth: number): void => {
    for (const f of readdirSync(d, { withFileTypes: true }).sort((x, y) => x.name.localeCompare(y.name))) {
      if (f.isDirectory()) {
        if (depth === 0 && /^[a-z]{2}(_[A-Z]{2})?$/.test(f.name)) walk(join(d, f.name), f.name, '', depth + 1);
        else if (depth < 4) walk(join(d, f.name), lang, `${prefix}${f.name}/`, depth + 1);
        continue;
      }
      const dot = f.name.lastIndexOf('.');
      const ext = f.name.slice(dot + 1);
      if (dot <= 0 || !SOUND_EXT.includes(ext)) continue;
      const id = prefix + f.name.slice(0, dot);
      const list = out.get(id) ?? [];
      list.push({ language: lang, format: ext });
      out.set(id, list);
    }
  };
  walk(dir, 'en', '', 0);
  return out;
}

export function miscRoutes(router: AriRouter, deps: MiscDeps): void {
  const { sim } = deps;
  const engine = sim.engine;
  const recs = sim.stasis.recordings;

  // --- playbacks
  router.on('GET', '/ari/playbacks/{playbackId}', (a) => {
    const pb = sim.stasis.playbacks.get(a.path.playbackId!);
    return pb ? ok(playbackJsonOut(playbackJson(pb))) : notFound('Playback not found');
  });
  router.on('DELETE', '/ari/playbacks/{playbackId}', (a) => {
    const pb = sim.stasis.playbacks.get(a.path.playbackId!);
    if (!pb) return notFound('Playback not found');
    sim.stasis.stopPlayback(pb);
    return noContent();
  });
  router.on('POST', '/ari/playbacks/{playbackId}/control', (a) => {
    const pb = sim.stasis.playbacks.get(a.path.playbackId!);
    const op = a.str('operation');
    if (!op || !['restart', 'pause', 'unpause', 'reverse', 'forward'].includes(op)) return badRequest('Invalid operation');
    if (!pb) return notFound('Playback not found');
    if (pb.state !== 'playing' && pb.state !== 'paused') return conflict('Playback not playing');
    if (op === 'pause') pb.state = 'paused';
    if (op === 'unpause') pb.state = 'playing';
    return noContent();
  });

  // --- recordings
  router.on('GET', '/ari/recordings/stored', () => ok(recs.listStored()));
  router.on('GET', '/ari/recordings/stored/{recordingName}', (a) => {
    const s = recs.findStored(a.path.recordingName!);
    return s ? ok({ name: s.name, format: s.format }) : notFound('Recording not found');
  });
  router.on('DELETE', '/ari/recordings/stored/{recordingName}', (a) => (recs.deleteStored(a.path.recordingName!) ? noContent() : notFound('Recording not found')));
  router.on('GET', '/ari/recordings/stored/{recordingName}/file', (a) => {
    const s = recs.findStored(a.path.recordingName!);
    if (!s) return notFound('Recording not found');
    let data: Buffer;
    try {
      data = readFileSync(s.path);
    } catch {
      return error(403, 'Forbidden', 'Recording file could not be opened');
    }
    const type = s.format === 'wav' || s.format === 'wav16' ? 'audio/wav' : 'application/octet-stream';
    return new AriReply(200, 'OK', undefined, [['Content-Disposition', `attachment; filename="${s.name.split('/').pop()}.${s.format}"`]], { data, type });
  });
  router.on('POST', '/ari/recordings/stored/{recordingName}/copy', (a) => {
    const dest = a.str('destinationRecordingName');
    if (!dest) return badRequest('Missing required field destinationRecordingName');
    const r = recs.copyStored(a.path.recordingName!, dest);
    if (r === 'missing') return notFound('Recording not found');
    if (r === 'exists') return conflict('A recording with the same name already exists on the system');
    return ok(r);
  });
  router.on('GET', '/ari/recordings/live/{recordingName}', (a) => {
    const r = recs.liveName(a.path.recordingName!);
    return r ? ok(recordingJsonOut(recordingJson(r))) : notFound('Recording not found');
  });
  const liveOp = (fn: (r: NonNullable<ReturnType<typeof recs.liveName>>) => AriReply | undefined) => (a: { path: Record<string, string> }) => {
    const r = recs.liveName(a.path.recordingName!);
    if (!r) return notFound('Recording not found');
    return fn(r) ?? noContent();
  };
  router.on('POST', '/ari/recordings/live/{recordingName}/stop', liveOp((r) => void r.finish?.('stop')));
  router.on('DELETE', '/ari/recordings/live/{recordingName}', liveOp((r) => void r.finish?.('cancel')));
  router.on(
    'POST',
    '/ari/recordings/live/{recordingName}/pause',
    liveOp((r) => {
      if (r.state !== 'recording') return conflict('Recording not in session');
      r.state = 'paused';
      r.pausedAt = engine.now();
      return undefined;
    }),
  );
  router.on(
    'DELETE',
    '/ari/recordings/live/{recordingName}/pause',
    liveOp((r) => {
      if (r.state !== 'paused') return conflict('Recording not in session');
      r.state = 'recording';
      r.pausedMs += engine.now() - r.pausedAt;
      return undefined;
    }),
  );
  router.on('POST', '/ari/recordings/live/{recordingName}/mute', liveOp((r) => void (r.muted = true)));
  router.on('DELETE', '/ari/recordings/live/{recordingName}/mute', liveOp((r) => void (r.muted = false)));

  // --- sounds
  router.on('GET', '/ari/sounds', (a) => {
    const lang = a.str('lang');
    const format = a.str('format');
    const out = [];
    for (const [id, formats] of scanSounds(sim.options.soundsDir)) {
      const f = formats.filter((x) => (!lang || x.language === lang) && (!format || x.format === format));
      if (f.length) out.push({ id, text: '', formats: f });
    }
    return ok(out);
  });
  router.on('GET', '/ari/sounds/{soundId}', (a) => {
    const formats = scanSounds(sim.options.soundsDir).get(a.path.soundId!);
    return formats ? ok({ id: a.path.soundId, text: '', formats }) : notFound('Sound not found');
  });

  // --- applications
  router.on('GET', '/ari/applications', () => ok(deps.appNames().map((n) => deps.appJson(n))));
  router.on('GET', '/ari/applications/{applicationName}', (a) => {
    const j = deps.appJson(a.path.applicationName!);
    return j ? ok(j) : notFound('Application not found');
  });
  const sub = (on: boolean) => (a: { path: Record<string, string>; list: (n: string) => string[] }) => {
    const app = a.path.applicationName!;
    const sources = a.list('eventSource');
    if (sources.length === 0) return badRequest('Missing parameter eventSource');
    if (!deps.appJson(app)) return notFound('Application not found');
    return deps.subscribe(app, sources, on) ?? ok(deps.appJson(app));
  };
  router.on('POST', '/ari/applications/{applicationName}/subscription', (a) => sub(true)(a));
  router.on('DELETE', '/ari/applications/{applicationName}/subscription', (a) => sub(false)(a));
  router.on('PUT', '/ari/applications/{applicationName}/eventFilter', (a) => {
    const j = deps.appJson(a.path.applicationName!);
    return j ? ok(j) : notFound('Application not found');
  });

  // --- asterisk
  router.on('GET', '/ari/asterisk/info', (a) => {
    const only = a.list('only');
    const all = {
      build: { os: 'Linux', kernel: '6.1.0', options: 'BUILD_NATIVE, OPTIONAL_API', machine: 'x86_64', date: '2026-11-01 00:00:00 UTC', user: 'donorline-sim' },
      system: { version: deps.version, entity_id: deps.asteriskId },
      config: { name: 'donorline-sim', default_language: 'en', setid: { user: '', group: '' } },
      status: { startup_time: ariTimestamp(engine.startedAtMs), last_reload_time: ariTimestamp(engine.reloadedAtMs) },
    };
    if (only.length === 0) return ok(all);
    return ok(Object.fromEntries(Object.entries(all).filter(([k]) => only.includes(k))));
  });
  router.on('GET', '/ari/asterisk/ping', () => ok({ asterisk_id: deps.asteriskId, ping: 'pong', timestamp: ariTimestamp(engine.now()) }));
  const modules = ['res_ari.so', 'res_stasis.so', 'app_queue.so', 'app_mixmonitor.so', 'chan_pjsip.so', 'cdr_manager.so'];
  router.on('GET', '/ari/asterisk/modules', () => ok(modules.map((name) => ({ name, description: name, use_count: 0, status: 'Running', support_level: 'core' }))));
  router.on('GET', '/ari/asterisk/modules/{moduleName}', (a) =>
    modules.includes(a.path.moduleName!) ? ok({ name: a.path.moduleName, description: a.path.moduleName, use_count: 0, status: 'Running', support_level: 'core' }) : notFound('Module could not be found in running modules'),
  );
  router.on('POST', '/ari/asterisk/modules/{moduleName}', () => conflict('Module could not be loaded'));
  router.on('DELETE', '/ari/asterisk/modules/{moduleName}', () => conflict('Module could not be unloaded'));
  router.on('PUT', '/ari/asterisk/modules/{moduleName}', () => noContent());
  router.on('GET', '/ari/asterisk/logging', () => ok([{ channel: 'console', type: 'Console', status: 'Enabled', configuration: 'notice,warning,error' }]));
  router.on('POST', '/ari/asterisk/logging/{logChannelName}', () => noContent());
  router.on('DELETE', '/ari/asterisk/logging/{logChannelName}', () => notFound('Log channel does not exist'));
  router.on('PUT', '/ari/asterisk/logging/{logChannelName}/rotate', () => notFound('Log channel does not exist'));
  router.on('GET', '/ari/asterisk/variable', (a) => {
    const v = a.str('variable');
    if (!v) return badRequest('Variable name is required');
    return ok({ value: engine.globals.get(v) ?? '' });
  });
  router.on('POST', '/ari/asterisk/variable', (a) => {
    const v = a.str('variable');
    if (!v) return badRequest('Variable name is required');
    engine.globals.set(v, a.str('value') ?? '');
    return noContent();
  });
  for (const m of ['GET', 'PUT', 'DELETE']) router.on(m, '/ari/asterisk/config/dynamic/{configClass}/{objectType}/{id}', () => notImplemented('dynamic configuration'));

  // --- endpoints
  const endpointJson = (ext: string): Record<string, unknown> => {
    const p = sim.devices.phone(ext)!;
    return { technology: 'PJSIP', resource: ext, state: p.registered ? 'online' : 'offline', channel_ids: [...p.channels].filter((c) => !c.hungUp).map((c) => c.uniqueid) };
  };
  const carrier = (): Record<string, unknown> => ({
    technology: 'PJSIP',
    resource: 'carrier',
    state: 'online',
    channel_ids: [...engine.channels.values()].filter((c) => c.name.startsWith('PJSIP/carrier-')).map((c) => c.uniqueid),
  });
  const allEndpoints = (): Array<Record<string, unknown>> => (sim.options.profile === 'donorline' ? [carrier(), ...[...sim.devices.phones.keys()].map(endpointJson)] : []);
  router.on('GET', '/ari/endpoints', () => ok(allEndpoints()));
  router.on('GET', '/ari/endpoints/{tech}', (a) => {
    const list = allEndpoints().filter((e) => e.technology === a.path.tech);
    return list.length ? ok(list) : notFound('Endpoints not found');
  });
  router.on('GET', '/ari/endpoints/{tech}/{resource}', (a) => {
    if (a.path.tech !== 'PJSIP') return notFound('Endpoint not found');
    if (a.path.resource === 'carrier' && sim.options.profile === 'donorline') return ok(carrier());
    return sim.devices.phone(a.path.resource!) ? ok(endpointJson(a.path.resource!)) : notFound('Endpoint not found');
  });
  router.on('PUT', '/ari/endpoints/sendMessage', () => notImplemented('messaging'));
  router.on('POST', '/ari/endpoints/refer', () => notImplemented('refer'));
  router.on('PUT', '/ari/endpoints/{tech}/{resource}/sendMessage', () => notImplemented('messaging'));
  router.on('POST', '/ari/endpoints/{tech}/{resource}/refer', () => notImplemented('refer'));

  // --- device states (only Stasis: devices are controllable)
  const stasisDevices = new Map<string, string>();
  router.on('GET', '/ari/deviceStates', () => ok([...stasisDevices].map(([name, state]) => ({ name, state }))));
  router.on('GET', '/ari/deviceStates/{deviceName}', (a) => ok({ name: a.path.deviceName, state: stasisDevices.get(a.path.deviceName!) ?? engine.deviceState(a.path.deviceName!) }));
  router.on('PUT', '/ari/deviceStates/{deviceName}', (a) => {
    const name = a.path.deviceName!;
    if (!name.startsWith('Stasis:')) return conflict('Uncontrolled device specified');
    const st = a.str('deviceState');
    if (!st) return badRequest('Missing required field deviceState');
    stasisDevices.set(name, st);
    engine.publishDeviceState(name, st as Parameters<typeof engine.publishDeviceState>[1]);
    return noContent();
  });
  router.on('DELETE', '/ari/deviceStates/{deviceName}', (a) => {
    const name = a.path.deviceName!;
    if (!name.startsWith('Stasis:')) return conflict('Uncontrolled device specified');
    return stasisDevices.delete(name) ? noContent() : notFound('Device name is missing');
  });

  // --- events
  router.on('POST', '/ari/events/user/{eventName}', (a) => {
    const app = a.str('application');
    if (!app) return badRequest('Missing required field application');
    if (!deps.appJson(app)) return notFound('Application does not exist.');
    const sources = a.list('source');
    let ch;
    for (const s of sources) {
      if (s.startsWith('channel:')) {
        ch = engine.findChannel(s.slice(8));
        if (!ch) return error(422, 'Unprocessable Entity', 'Event source not found.');
      }
    }
    const fields = Object.entries(a.variables() ?? {}).map(([k, v]) => [k, String(v)] as [string, string]);
    engine.emit({ t: 'UserEvent', ch, name: a.path.eventName!, fields });
    return noContent();
  });
  router.on('POST', '/ari/events/claim', () => notImplemented('call claiming'));
  void statSync;
}
