import type { FastifyPluginAsync } from 'fastify';

const startedAt = Date.now();

export const healthRoutes: FastifyPluginAsync<{ version: string; extractsDir: string }> = async (app, options) => {
  app.get('/health', {
    schema: {
      response: {
        200: {
          type: 'object',
          required: ['status', 'version', 'uptimeSeconds', 'extractsDir'],
          properties: {
            status: { type: 'string', enum: ['ok'] },
            version: { type: 'string' },
            uptimeSeconds: { type: 'number' },
            extractsDir: { type: 'string' },
          },
        },
      },
    },
  }, async () => ({
    status: 'ok' as const,
    version: options.version,
    uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
    extractsDir: options.extractsDir,
  }));
};
