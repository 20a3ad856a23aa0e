import type { FastifyPluginAsync } from 'fastify';

const startedAt = Date.now();

export interface HealthOptions {
  version: string;
  extractsDir: string;
  /** How many rollups are built for the current data, and whether a build is under way. */
  rollups: () => { built: number; building: boolean } | null;
}

export const healthRoutes: FastifyPluginAsync<HealthOptions> = async (app, options) => {
  app.get('/health', {
    config: { public: true },
    schema: {
      response: {
        200: {
          type: 'object',
          required: ['status', 'version', 'uptimeSeconds'],
          properties: {
            status: { type: 'string', enum: ['ok'] },
            version: { type: 'string' },
            uptimeSeconds: { type: 'number' },
            extractsDir: { type: 'string' },
            rollups: {
              type: 'object', required: ['built', 'building'], additionalProperties: false,
              properties: { built: { type: 'integer' }, building: { type: 'boolean' } },
            },
          },
        },
      },
    },
  }, async (request) => ({
    status: 'ok' as const,
    version: options.version,
    uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
    ...(options.rollups() ? { rollups: options.rollups()! } : {}),
    // A folder on the server is for people who have logged in, not for anyone who asks.
    ...(request.user ? { extractsDir: options.extractsDir } : {}),
  }));
};
