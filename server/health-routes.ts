// GET /api/health: that the server answers, its version and rollups; nothing about where it keeps data.
import type { FastifyPluginAsync } from 'fastify';

const startedAt = Date.now();

export interface HealthOptions {
  version: string;
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
            rollups: {
              type: 'object', required: ['built', 'building'], additionalProperties: false,
              properties: { built: { type: 'integer' }, building: { type: 'boolean' } },
            },
          },
        },
      },
    },
  }, async () => ({
    status: 'ok' as const,
    version: options.version,
    uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
    ...(options.rollups() ? { rollups: options.rollups()! } : {}),
    // No folder of the server: a path tells an attacker where the patient data lies and who runs it.
  }));
};
