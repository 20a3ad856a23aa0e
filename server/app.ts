// The HBI HTTP application: one Fastify instance, one plugin per area, the built web app as
// static files. Tests drive it with `app.inject()`; `hbi serve` listens on a port.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import { ExtractInventory } from '../connectors/extract-inventory.ts';
import { healthRoutes } from './health-routes.ts';
import { extractRoutes } from './extract-routes.ts';
import { datasetRoutes } from './dataset-routes.ts';
import type { Warehouse } from '../connectors/warehouse.ts';
import { hbiVersion } from './version.ts';

export interface AppOptions {
  /** Folder with the departmental extracts and their manifest.json. */
  extractsDir: string;
  /** The project's warehouse, owned by this process; without it no dataset is listed. */
  warehouse?: Warehouse;
  /** The built web app (vite build output); without it only the API is served. */
  webRoot?: string;
  logger?: boolean;
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  // Closing drops open connections too: a browser holding one must not keep Ctrl-C (or a test) waiting.
  const app = Fastify({ logger: options.logger ?? false, forceCloseConnections: true });
  // Requests a user got wrong keep their message; anything else is logged, not shown raw.
  app.setErrorHandler((error: { statusCode?: number; message: string; name?: string }, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status < 500) return reply.code(status).send({ statusCode: status, error: error.name ?? 'Bad Request', message: error.message });
    request.log.error(error);
    return reply.code(500).send({ statusCode: 500, error: 'Internal Server Error', message: 'the server could not answer this request; the details are in its log' });
  });
  const inventory = new ExtractInventory(options.extractsDir);

  await app.register(healthRoutes, { prefix: '/api', version: hbiVersion, extractsDir: options.extractsDir });
  await app.register(extractRoutes, { prefix: '/api', inventory });
  await app.register(datasetRoutes, { prefix: '/api', warehouse: options.warehouse ?? null });

  const webRoot = options.webRoot;
  const hasWebApp = webRoot !== undefined && existsSync(join(webRoot, 'index.html'));
  if (hasWebApp) await app.register(fastifyStatic, { root: webRoot, wildcard: false });

  // Unknown API paths answer JSON; any other GET is a client-side route of the web app.
  app.setNotFoundHandler((request, reply) => {
    if (request.method === 'GET' && hasWebApp && !request.url.startsWith('/api/')) {
      return reply.type('text/html').sendFile('index.html');
    }
    return reply.code(404).send({ statusCode: 404, error: 'Not Found', message: `no route ${request.method} ${request.url}` });
  });
  return app;
}
