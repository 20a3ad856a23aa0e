// JSON schemas of the query API's bodies: the MetricQuery of DESIGN.md, a drill-through request,
// and the result. Names are checked by pattern here and against the model by the planner.
import { relativeRanges } from '../../metrics/plan/time-range.ts';

const name = { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]{0,63}$' } as const;
/** The shape of a day; that it exists on the calendar (not 2024-02-30) is checked by the query service, naming the field. */
const day = { type: 'string', pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' } as const;
const grain = { type: 'string', enum: ['day', 'week', 'month', 'quarter', 'year'] } as const;

const timeRange = {
  oneOf: [
    { type: 'object', required: ['from', 'to'], additionalProperties: false, properties: { from: day, to: day } },
    { type: 'object', required: ['relative'], additionalProperties: false, properties: { relative: { type: 'string', enum: relativeRanges } } },
  ],
} as const;

export const metricQuerySchema = {
  type: 'object', required: ['metrics'], additionalProperties: false,
  properties: {
    metrics: { type: 'array', minItems: 1, maxItems: 20, items: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]{0,63}(@[1-9][0-9]{0,5})?$' } },
    dimensions: { type: 'array', maxItems: 8, items: name },
    grain,
    where: { type: 'string', maxLength: 4000 },
    timeRange,
    asOf: day,
    compare: { type: 'array', maxItems: 3, uniqueItems: true, items: { type: 'string', enum: ['yoy', 'mom', 'previous_period'] } },
    percentOfTotal: { type: 'boolean' },
    order: { type: 'array', maxItems: 8, items: { type: 'object', required: ['by'], additionalProperties: false, properties: { by: { type: 'string', maxLength: 100 }, desc: { type: 'boolean' } } } },
    limit: { type: 'integer', minimum: 1, maximum: 100000 },
  },
} as const;

export const detailQuerySchema = {
  type: 'object', required: ['metric'], additionalProperties: false,
  properties: {
    metric: metricQuerySchema.properties.metrics.items,
    where: metricQuerySchema.properties.where,
    timeRange,
    asOf: day,
    cell: { type: 'object', maxProperties: 9, propertyNames: name, additionalProperties: { anyOf: [{ type: 'string', maxLength: 200 }, { type: 'number' }, { type: 'null' }] } },
    grain,
    offset: { type: 'integer', minimum: 0, maximum: 10_000_000 },
    limit: { type: 'integer', minimum: 1, maximum: 1000 },
  },
} as const;

const { offset: _offset, limit: _limit, ...exportedDetail } = detailQuerySchema.properties;
export const detailExportSchema = { ...detailQuerySchema, properties: exportedDetail } as const;

const label = { type: 'object', required: ['zh', 'en'], properties: { zh: { type: 'string' }, en: { type: 'string' } } } as const;
const cell = { type: ['string', 'number', 'boolean', 'null'] } as const;

export const queryResultSchema = {
  type: 'object', required: ['columns', 'rows', 'metricVersions', 'dataVersion', 'cached'],
  properties: {
    columns: {
      type: 'array',
      items: {
        type: 'object', required: ['name', 'role', 'type', 'label'],
        properties: {
          name: { type: 'string' }, role: { type: 'string' }, type: { type: 'string' }, label, unit: { type: 'string' }, format: { type: 'string' },
          masked: { type: 'boolean' }, direction: { type: 'string' }, target: { type: 'number' },
        },
      },
    },
    rows: { type: 'array', items: { type: 'object', additionalProperties: cell } },
    metricVersions: { type: 'object', additionalProperties: { type: 'integer' } },
    dataVersion: { type: ['integer', 'null'] },
    cached: { type: 'boolean' },
    closedDatasets: { type: 'array', items: { type: 'string' } },
    labels: { type: 'object', additionalProperties: { type: 'object', additionalProperties: { type: 'string' } } },
    sql: { type: 'object', properties: { text: { type: 'string' }, params: { type: 'array' } } },
    plan: { type: 'object', additionalProperties: true },
  },
} as const;

export const detailPageSchema = {
  type: 'object', required: ['metric', 'dataset', 'columns', 'rows', 'total', 'offset', 'limit', 'metricVersion', 'dataVersion'],
  properties: {
    metric: { type: 'string' }, dataset: { type: 'string' },
    columns: {
      type: 'array',
      items: { type: 'object', required: ['name', 'type'], properties: { name: { type: 'string' }, type: { type: 'string' }, label: label, pii: { type: 'string' }, masked: { type: 'boolean' } } },
    },
    rows: { type: 'array', items: { type: 'object', additionalProperties: cell } },
    total: { type: 'integer' }, offset: { type: 'integer' }, limit: { type: 'integer' },
    metricVersion: { type: 'integer' }, dataVersion: { type: ['integer', 'null'] },
  },
} as const;
