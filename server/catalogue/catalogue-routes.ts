// The metric center as readers see it: model datasets with their dimensions and measures, the
// conformed dimensions, and each metric with its 口径, every recorded version and its lineage
// (metric → measures → datasets → columns). Dimensions reading a column hidden from the reader's
// role are left out, as they are refused on the query path.
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { dimensionColumns, metricLineage } from '../../metrics/compile.ts';
import type { SemanticModel } from '../../metrics/model/semantic-model.ts';
import type { MetricVersionStore } from '../../metrics/versions/metric-versions.ts';
import type { MetadataStore } from '../store/metadata-store.ts';
import { errorSchema } from '../error-schema.ts';
import { signedIn } from '../auth/authentication.ts';
import { accessOf } from '../access/user-access.ts';
import { answering } from '../query/query-routes.ts';
import type { QueryService } from '../query/query-service.ts';

const label = { type: 'object', required: ['zh', 'en'], properties: { zh: { type: 'string' }, en: { type: 'string' } } } as const;
const named = { type: 'object', required: ['name', 'label'], properties: { name: { type: 'string' }, label } } as const;

const lineageSchema = {
  type: 'object', required: ['measures', 'datasets', 'columns', 'dependsOn'],
  properties: {
    measures: { type: 'array', items: { type: 'object', required: ['dataset', 'measure', 'columns'], properties: { dataset: { type: 'string' }, measure: { type: 'string' }, columns: { type: 'array', items: { type: 'string' } } } } },
    datasets: { type: 'array', items: { type: 'string' } },
    columns: {
      type: 'array',
      items: { type: 'object', required: ['dataset', 'table', 'column'], properties: { dataset: { type: 'string' }, table: { type: 'string' }, column: { type: 'string' }, pii: { type: 'string' } } },
    },
    dependsOn: { type: 'array', items: { type: 'string' } },
  },
} as const;

const metricSchema = {
  type: 'object', required: ['name', 'label', 'type', 'owner', 'description', 'synonyms', 'status', 'currentVersion', 'lineage'],
  properties: {
    name: { type: 'string' }, label, type: { type: 'string' }, unit: { type: 'string' }, format: { type: 'string' }, status: { type: 'string' },
    owner: { type: 'string' }, description: { type: 'string' }, descriptionEn: { type: 'string' }, synonyms: { type: 'array', items: { type: 'string' } },
    timeDimension: { type: 'string' }, currentVersion: { type: 'integer' }, lineage: lineageSchema,
    direction: { type: 'string' }, target: { type: 'number' },
  },
} as const;

const versionSchema = {
  type: 'object', required: ['version', 'author', 'createdAt', 'reason', 'definition'],
  properties: { version: { type: 'integer' }, author: { type: 'string' }, createdAt: { type: 'string' }, reason: { type: 'string' }, definition: { type: 'object', additionalProperties: true } },
} as const;

export const catalogueRoutes: FastifyPluginAsync<{ store: MetadataStore; model: SemanticModel; versions: MetricVersionStore; queries: QueryService }> = async (app, { store, model, versions, queries }) => {
  const visibleDimensions = async (request: FastifyRequest) => {
    const access = await accessOf(signedIn(request), store.policies);
    const hidden = (dimension: string) => dimensionColumns(model, dimension).some((c) => access.hidden.some((h) => h.dataset === c.table && h.column === c.column));
    return new Set([...model.dimensions.keys()].filter((d) => !hidden(d)));
  };
  const describe = async (name: string) => {
    const metric = model.metrics.get(name)!;
    const { spec } = metric;
    const history = await versions.history(name);
    const { metric: _name, ...lineage } = metricLineage(model, name);
    return {
      name, label: spec.label, type: spec.type, ...(spec.unit ? { unit: spec.unit } : {}), ...(spec.format ? { format: spec.format } : {}),
      ...(spec.direction ? { direction: spec.direction } : {}), ...(spec.target !== undefined ? { target: spec.target } : {}),
      owner: spec.owner, description: spec.description, ...(spec.descriptionEn ? { descriptionEn: spec.descriptionEn } : {}), synonyms: spec.synonyms ?? [], status: spec.status ?? 'approved',
      ...(metric.timeDimension ? { timeDimension: `${metric.timeDimension.dataset}.${metric.timeDimension.name}` } : {}),
      currentVersion: history.at(-1)?.version ?? 1, lineage,
    };
  };

  app.get('/catalogue', {
    schema: {
      summary: 'Model datasets, conformed dimensions and metrics',
      response: {
        200: {
          type: 'object', required: ['datasets', 'dimensions', 'metrics', 'hierarchies'],
          properties: {
            datasets: {
              type: 'array',
              items: {
                type: 'object', required: ['name', 'label', 'dimensions', 'timeDimensions', 'measures'],
                properties: {
                  name: { type: 'string' }, label,
                  dimensions: { type: 'array', items: named }, timeDimensions: { type: 'array', items: named },
                  measures: { type: 'array', items: { type: 'object', required: ['name', 'label', 'agg'], properties: { name: { type: 'string' }, label, agg: { type: 'string' } } } },
                },
              },
            },
            dimensions: { type: 'array', items: { type: 'object', required: ['name', 'label', 'type', 'datasets'], properties: { name: { type: 'string' }, label, type: { type: 'string' }, datasets: { type: 'array', items: { type: 'string' } } } } },
            hierarchies: { type: 'array', items: { type: 'object', required: ['name', 'label', 'levels'], properties: { name: { type: 'string' }, label, levels: { type: 'array', items: { type: 'string' } } } } },
            metrics: { type: 'array', items: metricSchema },
          },
        },
      },
    },
  }, async (request) => {
    const visible = await visibleDimensions(request);
    return {
      datasets: [...model.datasets.values()].map((d) => ({
        name: d.name, label: d.label,
        dimensions: [...d.dimensions.values()].filter((x) => visible.has(x.name)).map((x) => ({ name: x.name, label: x.label })),
        timeDimensions: [...d.timeDimensions.values()].map((x) => ({ name: x.name, label: x.label })),
        measures: [...d.measures.values()].map((m) => ({ name: m.name, label: m.label, agg: m.agg })),
      })),
      dimensions: [...model.dimensions.entries()].filter(([name]) => visible.has(name)).map(([name, d]) => ({ name, label: d.label, type: d.type, datasets: d.datasets })),
      hierarchies: [...model.hierarchies.values()].filter((h) => h.levels.every((l) => visible.has(l))).map((h) => ({ name: h.name, label: h.label, levels: h.levels })),
      metrics: await Promise.all([...model.metrics.keys()].map(describe)),
    };
  });

  app.get<{ Params: { name: string }; Querystring: { search?: string; limit: number } }>('/dimensions/:name/values', {
    schema: {
      summary: "A dimension's values you may see, for filter pickers: those containing `search`, the first `limit` in order",
      params: { type: 'object', required: ['name'], additionalProperties: false, properties: { name: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]{0,63}$' } } },
      querystring: {
        type: 'object', additionalProperties: false,
        properties: { search: { type: 'string', maxLength: 100 }, limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 } },
      },
      response: {
        200: {
          type: 'object', required: ['dimension', 'values', 'labels'],
          properties: {
            dimension: { type: 'string' }, values: { type: 'array', items: { type: ['string', 'number', 'boolean', 'null'] } },
            // the names of those values, for a dimension with a lookup (0101 → 心血管内科)
            labels: { type: 'object', additionalProperties: { type: 'string' } },
          },
        },
        400: errorSchema, 403: errorSchema,
      },
    },
  }, async (request, reply) => answering(reply, async () => ({
    dimension: request.params.name,
    ...await queries.dimensionValues(await accessOf(signedIn(request), store.policies), {
      dimension: request.params.name, limit: request.query.limit, ...(request.query.search ? { search: request.query.search } : {}),
    }),
  })));

  app.get<{ Params: { name: string } }>('/catalogue/metrics/:name', {
    schema: {
      summary: "A metric's definition, lineage and every recorded version",
      params: { type: 'object', required: ['name'], additionalProperties: false, properties: { name: { type: 'string', pattern: '^[a-z_][a-z0-9_]{0,63}$' } } },
      response: { 200: { type: 'object', required: ['metric', 'versions'], properties: { metric: metricSchema, versions: { type: 'array', items: versionSchema } } }, 404: errorSchema },
    },
  }, async (request, reply) => {
    const { name } = request.params;
    if (!model.metrics.has(name)) return reply.code(404).send({ statusCode: 404, error: 'Not Found', message: `no metric "${name}"` });
    const history = await versions.history(name);
    return {
      metric: await describe(name),
      versions: history.map((v) => ({ version: v.version, author: v.author, createdAt: v.createdAt, reason: v.reason, definition: v.spec })),
    };
  });
};
