// GET /api/events: server-sent events for a logged-in page. Each event is one `ServerEvent` as
// JSON, named by its type; a comment line every `heartbeatMs` keeps proxies from closing an idle
// stream. The stream carries no data a user could not already read: only that data changed.
import type { FastifyPluginAsync } from 'fastify';
import type { ServerEvent } from '../../web/api/types.ts';
import type { ServerEvents } from './data-events.ts';

export const eventRoutes: FastifyPluginAsync<{ events: ServerEvents; heartbeatMs?: number }> = async (app, { events, heartbeatMs = 25_000 }) => {
  app.get('/events', {
    schema: { summary: 'Server-sent events: `data_published` after each load that publishes new data' },
  }, async (request, reply) => {
    reply.hijack();
    reply.raw.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive' });
    // Tells the browser's EventSource it is connected, so a page can show it is live.
    reply.raw.write(': connected\n\n');
    const send = (event: ServerEvent) => reply.raw.write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
    const stop = events.subscribe(send);
    const heartbeat = setInterval(() => reply.raw.write(': heartbeat\n\n'), heartbeatMs);
    heartbeat.unref();
    request.raw.on('close', () => {
      clearInterval(heartbeat);
      stop();
    });
  });
};
