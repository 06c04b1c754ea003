import type { Bridge } from '../../model/bridge.js';
import type { SimServices } from '../../model/services.js';
import { playbackJson } from '../../model/stasis.js';
import { bridgeJson, playbackJsonOut } from '../ari-json.js';
import { badRequest, conflict, created, error, noContent, notFound, notImplemented, ok, type AriArgs, type AriReply, type AriRouter } from '../ari-router.js';

export function bridgeRoutes(router: AriRouter, sim: SimServices): void {
  const engine = sim.engine;
  const find = (a: AriArgs): Bridge | undefined => engine.bridges.get(a.path.bridgeId!);

  router.on('GET', '/ari/bridges', () => ok([...engine.bridges.values()].map(bridgeJson)));

  const create = (a: AriArgs, id: string | undefined): AriReply => {
    if (id) {
      const existing = engine.bridges.get(id);
      if (existing) {
        if (!existing.ariApp) return conflict('Bridge with id already exists and is not a Stasis bridge');
        return ok(bridgeJson(existing));
      }
    }
    const types = (a.str('type') ?? 'mixing').split(',').map((s) => s.trim());
    const type = types.includes('holding') ? 'holding' : 'mixing';
    const name = a.str('name') ?? '';
    const b = engine.createBridge(type, { ...(id ? { id } : {}), creator: 'Stasis', name: name || '<unknown>', technology: type === 'holding' ? 'holding_bridge' : 'simple_bridge' });
    b.ariApp = 'ari';
    b.dissolveOnLeave = false;
    return ok(bridgeJson(b));
  };
  router.on('POST', '/ari/bridges', (a) => create(a, a.str('bridgeId')));
  router.on('POST', '/ari/bridges/{bridgeId}', (a) => create(a, a.path.bridgeId));
  router.on('GET', '/ari/bridges/{bridgeId}', (a) => {
    const b = find(a);
    return b ? ok(bridgeJson(b)) : notFound('Bridge not found');
  });
  router.on('DELETE', '/ari/bridges/{bridgeId}', (a) => {
    const b = find(a);
    if (!b) return notFound('Bridge not found');
    engine.destroyBridge(b);
    return noContent();
  });

  router.on('POST', '/ari/bridges/{bridgeId}/addChannel', (a) => {
    const b = find(a);
    const ids = a.list('channel');
    if (ids.length === 0) return badRequest('Missing parameter channel');
    if (!b) return notFound('Bridge not found');
    const chans = [];
    for (const id of ids) {
      const ch = engine.findChannel(id);
      if (!ch) return badRequest('Channel not found');
      if (!sim.stasis.controlOf(ch)) return error(422, 'Unprocessable Entity', 'Channel not in Stasis application');
      chans.push(ch);
    }
    for (const ch of chans) {
      if (ch.bridge && ch.bridge !== b) engine.removeFromBridgePublic(ch.bridge, ch);
      engine.bridgeJoin(b, ch);
    }
    return noContent();
  });
  router.on('POST', '/ari/bridges/{bridgeId}/removeChannel', (a) => {
    const b = find(a);
    const ids = a.list('channel');
    if (ids.length === 0) return badRequest('Missing parameter channel');
    if (!b) return notFound('Bridge not found');
    for (const id of ids) {
      const ch = engine.findChannel(id);
      if (!ch) return badRequest('Channel not found');
      if (ch.bridge !== b) return error(422, 'Unprocessable Entity', 'Channel not in this bridge');
    }
    for (const id of ids) engine.removeFromBridgePublic(b, engine.findChannel(id)!);
    return noContent();
  });
  router.on('POST', '/ari/bridges/{bridgeId}/moh', (a) => {
    const b = find(a);
    if (!b) return notFound('Bridge not found');
    b.mohPlaying = true;
    for (const ch of b.channels) sim.media.startMoh(ch, a.str('mohClass') || 'default');
    return noContent();
  });
  router.on('DELETE', '/ari/bridges/{bridgeId}/moh', (a) => {
    const b = find(a);
    if (!b) return notFound('Bridge not found');
    b.mohPlaying = false;
    for (const ch of b.channels) sim.media.stopMoh(ch);
    return noContent();
  });
  const play = (a: AriArgs, id: string | undefined): AriReply => {
    const b = find(a);
    if (!b) return notFound('Bridge not found');
    const media = a.list('media');
    if (media.length === 0) return badRequest('Missing required field media');
    const pb = sim.stasis.play({ bridge: b }, media, a.str('lang') || 'en', id);
    if ('status' in pb) return error(pb.status, pb.reason, pb.message);
    return created(`/ari/playbacks/${pb.id}`, playbackJsonOut(playbackJson(pb)));
  };
  router.on('POST', '/ari/bridges/{bridgeId}/play', (a) => play(a, a.str('playbackId')));
  router.on('POST', '/ari/bridges/{bridgeId}/play/{playbackId}', (a) => play(a, a.path.playbackId));
  router.on('POST', '/ari/bridges/{bridgeId}/record', (a) => (find(a) ? notImplemented('bridge recording') : notFound('Bridge not found')));
  const bridgeVar = (a: AriArgs): AriReply => {
    const b = find(a);
    if (!b) return notFound('Bridge not found');
    const v = a.str('variable');
    if (!v) return badRequest('Variable name is required');
    const value = b.vars.get(v);
    return value === undefined ? error(404, 'Variable Not Found', 'Provided variable was not found') : ok({ value });
  };
  router.on('GET', '/ari/bridges/{bridgeId}/variable', bridgeVar);
  router.on('POST', '/ari/bridges/{bridgeId}/variable', (a) => {
    const b = find(a);
    if (!b) return notFound('Bridge not found');
    const v = a.str('variable');
    if (!v) return badRequest('Variable name is required');
    b.vars.set(v, a.str('value') ?? '');
    return noContent();
  });
  router.on('GET', '/ari/bridges/{bridgeId}/variables', (a) => {
    const b = find(a);
    if (!b) return notFound('Bridge not found');
    return ok({ variables: Object.fromEntries(a.list('variables').map((n) => [n, b.vars.get(n) ?? ''])) });
  });
  router.on('POST', '/ari/bridges/{bridgeId}/variables', (a) => {
    const b = find(a);
    if (!b) return notFound('Bridge not found');
    for (const [k, v] of Object.entries(a.variables() ?? {})) b.vars.set(k, String(v));
    return noContent();
  });
  router.on('POST', '/ari/bridges/{bridgeId}/videoSource/{channelId}', () => notImplemented('video source'));
  router.on('DELETE', '/ari/bridges/{bridgeId}/videoSource', () => notImplemented('video source'));
}
