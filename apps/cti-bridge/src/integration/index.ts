/**
 * The BECS integration on the bridge: the ingest API (API keys), the file import (upload, background worker,
 * progress, error report), API keys and mappings for admins. registerIntegration runs inside the API scope; the
 * worker starts with it and stops when Fastify closes.
 */
import multipart from '@fastify/multipart';
import type { Api, HttpDeps } from '../http/http-deps.js';
import type { Logger } from '../logger.js';
import { installApiKeyHook } from './api-key.hook.js';
import { apiKeyRoutes } from './api-keys.routes.js';
import { ImportWorker } from './import-worker.js';
import { importRoutes } from './imports.routes.js';
import { ingestRoutes } from './ingest.routes.js';

export { ImportWorker } from './import-worker.js';

export async function registerIntegration(app: Api, deps: HttpDeps): Promise<ImportWorker> {
  await app.register(multipart, { limits: { fileSize: deps.config.imports.maxBytes, files: 1, fields: 10 }, throwFileSizeLimit: true });
  installApiKeyHook(app, deps.services.integration);
  const worker = new ImportWorker(deps.services.integration, (app.log as unknown as Logger).child({ mod: 'import' }));
  ingestRoutes(app, deps);
  apiKeyRoutes(app, deps);
  importRoutes(app, deps, worker);
  app.addHook('onClose', async () => worker.stop());
  await worker.start();
  return worker;
}
