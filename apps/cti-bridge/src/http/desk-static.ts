/**
 * The agent desk's built files (config.http.publicDir) at `/`, with the SPA fallback: any other GET that accepts
 * HTML gets index.html, so deep links (/recordings/12) survive a reload. Never for /api, /socket.io or /metrics,
 * which answer a JSON 404. Hashed assets are cached for a year; index.html is always revalidated.
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { DomainError } from '@donorline/domain';
import type { BridgeConfig } from '../config.js';
import { sendError } from './error-handler.js';

const NOT_SPA = /^\/(api|socket\.io|metrics)(\/|$)/;

export function isSpaPath(url: string): boolean {
  const p = url.split('?')[0]!;
  return !NOT_SPA.test(p) && !/\.[a-z0-9]{1,8}$/i.test(p);
}

export async function registerDesk(app: FastifyInstance, config: Readonly<BridgeConfig>): Promise<{ served: boolean; dir: string | null }> {
  const dir = config.http.publicDir;
  const served = !!dir && existsSync(path.join(dir, 'index.html'));
  // @fastify/static is also what streams recordings (reply.sendFile with an explicit root), so it is registered even
  // without a desk; then it serves nothing by itself.
  if (!served) mkdirSync(config.pbx.recordingsDir, { recursive: true });
  await app.register(fastifyStatic, {
    root: served ? dir! : config.pbx.recordingsDir,
    serve: served,
    prefix: '/',
    index: ['index.html'],
    cacheControl: false,
    setHeaders(reply, file) {
      const desk = served && path.resolve(file).startsWith(path.resolve(dir!) + path.sep);
      // recordings (and anything else sent through reply.sendFile) are personal data: never cached anywhere
      void reply.header('cache-control', !desk ? 'private, no-store' : /[\\/]assets[\\/]/.test(file) ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  if (!served) app.log.warn({ dir }, 'agent desk not built: the bridge serves the API only (run npm run desk:build)');

  app.setNotFoundHandler((req, reply) => {
    const url = req.url;
    const spa = (req.method === 'GET' || req.method === 'HEAD') && isSpaPath(url);
    if (!spa) return sendError(reply, new DomainError('NOT_FOUND', `没有该接口 / no route ${req.method} ${url.split('?')[0]}`));
    if (!served) {
      return reply.code(404).type('text/html; charset=utf-8')
        .send('<!doctype html><meta charset="utf-8"><title>Donorline</title><p>坐席端尚未构建 / the agent desk is not built: run <code>npm run desk:build</code>. API docs: <a href="/api/docs">/api/docs</a></p>');
    }
    void reply.header('cache-control', 'no-cache');
    return reply.sendFile('index.html', dir!);
  });
  return { served, dir };
}
