// Saved charts: a name, a description and a config (the MetricQuery to ask and how to draw the
// answer). A chart holds no numbers, so opening one runs its query with the reader's own access.
// Authors see and change their own charts, admins every chart; a query that would not compile
// for its author is refused when saved, with the reason.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { MetricQuery } from '../../metrics/compile.ts';
// The chart types the web draws: a saved chart may name only these.
import { chartTypes } from '../../web/charts/chartConfig.ts';
import type { MetadataStore, SavedChart } from '../store/metadata-store.ts';
import { errorSchema } from '../error-schema.ts';
import { signedIn } from '../auth/authentication.ts';
import { accessOf } from '../access/user-access.ts';
import { answering } from '../query/query-routes.ts';
import { metricQuerySchema } from '../query/query-schemas.ts';
import type { QueryService } from '../query/query-service.ts';


/** A saved chart's config; a dashboard's chart tile holds the same. */
export const chartConfigSchema = {
  type: 'object', required: ['query', 'chart'], additionalProperties: false,
  properties: {
    query: metricQuerySchema,
    // How to draw it: the type, and options (shelves, formats, thresholds, colours) the builder owns.
    chart: { type: 'object', required: ['type'], maxProperties: 40, properties: { type: { type: 'string', enum: chartTypes } }, additionalProperties: true },
  },
} as const;

const chartSchema = {
  type: 'object', required: ['id', 'owner', 'name', 'description', 'config', 'createdAt', 'updatedAt'],
  properties: {
    id: { type: 'string' }, owner: { type: 'string' }, name: { type: 'string' }, description: { type: 'string' },
    config: { type: 'object', additionalProperties: true }, createdAt: { type: 'string' }, updatedAt: { type: 'string' },
  },
} as const;

const idParams = { type: 'object', required: ['id'], additionalProperties: false, properties: { id: { type: 'string', format: 'uuid' } } } as const;
const name = { type: 'string', minLength: 1, maxLength: 100 } as const;
const description = { type: 'string', maxLength: 2000 } as const;

interface ChartConfig { query: MetricQuery; chart: { type: string } & Record<string, unknown> }

export const chartRoutes: FastifyPluginAsync<{ store: MetadataStore; queries: QueryService }> = async (app, { store, queries }) => {
  /** The chart when the caller may see it; a chart of someone else's is "not found", not "forbidden". */
  const readable = async (request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply): Promise<SavedChart | null> => {
    const user = signedIn(request);
    const chart = await store.charts.get(request.params.id);
    if (!chart || (chart.owner !== user.username && user.role !== 'admin')) {
      await reply.code(404).send({ statusCode: 404, error: 'Not Found', message: `no chart ${request.params.id} of yours` });
      return null;
    }
    return chart;
  };
  const checked = async (request: FastifyRequest, config: ChartConfig) => queries.check(await accessOf(signedIn(request), store.policies), config.query);
  const audit = (request: FastifyRequest, action: 'chart_saved' | 'chart_removed', chart: SavedChart) =>
    store.audit.append({ username: signedIn(request).username, action, outcome: 'ok', detail: { chart: chart.id, name: chart.name, owner: chart.owner }, rows: null });

  app.get('/charts', {
    schema: { summary: 'Your saved charts (every chart, for admins), newest change first', response: { 200: { type: 'object', required: ['charts'], properties: { charts: { type: 'array', items: chartSchema } } } } },
  }, async (request) => {
    const user = signedIn(request);
    return { charts: await store.charts.list(user.role === 'admin' ? undefined : user.username) };
  });

  app.get<{ Params: { id: string } }>('/charts/:id', {
    schema: { summary: 'A saved chart', params: idParams, response: { 200: chartSchema, 404: errorSchema } },
  }, async (request, reply) => (await readable(request, reply)) ?? reply);

  app.post<{ Body: { name: string; description?: string; config: ChartConfig } }>('/charts', {
    config: { grant: 'edit_charts' },
    schema: {
      summary: 'Save a chart',
      body: { type: 'object', required: ['name', 'config'], additionalProperties: false, properties: { name, description, config: chartConfigSchema } },
      response: { 201: chartSchema, 400: errorSchema, 403: errorSchema },
    },
  }, async (request, reply) => answering(reply, async () => {
    await checked(request, request.body.config);
    const chart = await store.charts.create({ owner: signedIn(request).username, name: request.body.name, description: request.body.description ?? '', config: { ...request.body.config } });
    await audit(request, 'chart_saved', chart);
    return reply.code(201).send(chart);
  }));

  app.put<{ Params: { id: string }; Body: { name?: string; description?: string; config?: ChartConfig } }>('/charts/:id', {
    config: { grant: 'edit_charts' },
    schema: {
      summary: 'Change a saved chart',
      params: idParams,
      body: { type: 'object', minProperties: 1, additionalProperties: false, properties: { name, description, config: chartConfigSchema } },
      response: { 200: chartSchema, 400: errorSchema, 403: errorSchema, 404: errorSchema },
    },
  }, async (request, reply) => answering(reply, async () => {
    if (!await readable(request, reply)) return reply;
    if (request.body.config) await checked(request, request.body.config);
    const { config, ...rest } = request.body;
    const chart = (await store.charts.update(request.params.id, { ...rest, ...(config ? { config: { ...config } } : {}) }))!;
    await audit(request, 'chart_saved', chart);
    return chart;
  }));

  app.post<{ Params: { id: string }; Body: { name?: string } }>('/charts/:id/duplicate', {
    config: { grant: 'edit_charts' },
    schema: {
      summary: 'Copy a chart as a new chart of yours',
      params: idParams, body: { type: 'object', additionalProperties: false, properties: { name } },
      response: { 201: chartSchema, 404: errorSchema },
    },
  }, async (request, reply) => {
    const original = await readable(request, reply);
    if (!original) return reply;
    const chart = await store.charts.create({
      owner: signedIn(request).username, name: request.body?.name ?? `${original.name}（副本）`, description: original.description, config: original.config,
    });
    await audit(request, 'chart_saved', chart);
    return reply.code(201).send(chart);
  });

  app.delete<{ Params: { id: string } }>('/charts/:id', {
    config: { grant: 'edit_charts' },
    schema: { summary: 'Remove a saved chart', params: idParams, response: { 204: { type: 'null' }, 404: errorSchema } },
  }, async (request, reply) => {
    const chart = await readable(request, reply);
    if (!chart) return reply;
    await store.charts.remove(chart.id);
    await audit(request, 'chart_removed', chart);
    return reply.code(204).send();
  });
};
