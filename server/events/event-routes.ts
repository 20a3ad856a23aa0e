// GET /api/events: server-sent events for a logged-in page. Each event is one `ServerEvent` as
// JSON, named by its type; a comment line every `heartbeatMs` keeps proxies from closing an idle
// stream. The stream carries no data a user could not already read: only that data changed.
import type { FastifyPluginAsync } from 'fastify';
import type { ServerEvent } from '../../web/api/types.ts';
import type { ServerEvents } from './data-events.ts';
import type { MetadataStore } from '../store/metadata-store.ts';
import { intervalTicker, watchSession, type Ticker } from '../auth/session-watch.ts';

// The stream is re-checked against its session (auth/session-watch.ts): once the user logs out,
// is disabled or changes role or department, it gets `session_ended` and is closed.
export const eventRoutes: FastifyPluginAsync<{ events: ServerEvents; store: MetadataStore; ticker?: Ticker; heartbeatMs?: number }> = async (app, { events, store, ticker = intervalTicker, heartbeatMs = 25_000 }) => {
  app.get('/events', {
    schema: { summary: 'Server-sent events: `data_published` after each load that publishes new data' },
  }, async (request, reply) => {
    reply.hijack();
    reply.raw.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive' });
    // Tells the browser's EventSource it is connected, so a page can show it is live.
    reply.raw.write(': connected\n\n');
    const send = (event: ServerEvent) => reply.raw.write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
    const stop = events.subscribe(send);
    const stopHeartbeat = ticker(heartbeatMs, () => reply.raw.write(': heartbeat\n\n'));
    const stopWatch = watchSession(store, request, ticker, () => {
      reply.raw.end('event: session_ended\ndata: {}\n\n');
    });
    request.raw.on('close', () => {
      stopHeartbeat();
      stopWatch();
      stop();
    });
  });
};
