import type { FastifyPluginAsync } from 'fastify';

const startedAt = Date.now();

export const healthRoutes: FastifyPluginAsync<{ version: string; extractsDir: string }> = async (app, options) => {
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
          },
        },
      },
    },
  }, async (request) => ({
    status: 'ok' as const,
    version: options.version,
    uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
    // A folder on the server is for people who have logged in, not for anyone who asks.
    ...(request.user ? { extractsDir: options.extractsDir } : {}),
  }));
};
