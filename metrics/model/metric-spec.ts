// Metric definitions (口径) as written in metrics/*.yaml: one governed definition per indicator.
import { Ajv } from 'ajv';
import { readYamlSpec } from '../../connectors/yaml-spec.ts';
import type { Label } from './model-spec.ts';

export type MetricType = 'simple' | 'ratio' | 'derived' | 'cumulative';

export interface MetricSpec {
  name: string;
  label: Label;
  type: MetricType;
  /** simple and cumulative: `dataset.measure`. */
  measure?: string;
  /** ratio: each `dataset.measure` or a metric name; aggregated separately, divided afterwards. */
  numerator?: string;
  denominator?: string;
  /** derived: a formula over other metrics. */
  formula?: string;
  /** simple and ratio: rows counted, on top of the measures' own filters. */
  filter?: string;
  /** cumulative: a running total, or a rolling window of N days. */
  window?: 'running' | { days: number };
  /** `dataset.time_dimension` the metric is counted by unless a query says otherwise. */
  timeDimension?: string;
  unit?: string;
  format?: string;
  owner: string;
  /** The 口径 in Chinese: what the SQL counts (which extract, period edges, same-day stays, transfers). */
  description: string;
  /** The same 口径 in English. */
  descriptionEn?: string;
  synonyms?: string[];
  /** Where the definition stands with the governance committee; without it, approved. */
  status?: MetricStatus;
  /** Which way is good: KPI cards colour a change by it (出院人数 up: good; 死亡率 up: bad). Without it, neutral. */
  direction?: MetricDirection;
  /** The goal, in stored units (a percent as a fraction: 0.9 for 90 %); cards and charts show it. */
  target?: number;
}

export const metricDirections = ['higher_better', 'lower_better', 'neutral'] as const;
export type MetricDirection = (typeof metricDirections)[number];

/** draft → in_review → approved (认证, in force) → deprecated (kept answerable, not for new boards). */
export const metricStatuses = ['draft', 'in_review', 'approved', 'deprecated'] as const;
export type MetricStatus = (typeof metricStatuses)[number];

const metricSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'label', 'type', 'owner', 'description'],
  properties: {
    name: { type: 'string', pattern: '^[a-z_][a-z0-9_]*$' },
    label: { type: 'object', additionalProperties: false, required: ['zh', 'en'], properties: { zh: { type: 'string' }, en: { type: 'string' } } },
    type: { enum: ['simple', 'ratio', 'derived', 'cumulative'] },
    measure: { type: 'string', pattern: '^[a-z_][a-z0-9_]*\\.[a-z_][a-z0-9_]*$' },
    numerator: { type: 'string', pattern: '^[a-z_][a-z0-9_]*(\\.[a-z_][a-z0-9_]*)?$' },
    denominator: { type: 'string', pattern: '^[a-z_][a-z0-9_]*(\\.[a-z_][a-z0-9_]*)?$' },
    formula: { type: 'string', minLength: 1 },
    filter: { type: 'string', minLength: 1 },
    window: { oneOf: [{ const: 'running' }, { type: 'object', additionalProperties: false, required: ['days'], properties: { days: { type: 'integer', minimum: 1 } } }] },
    timeDimension: { type: 'string', pattern: '^[a-z_][a-z0-9_]*\\.[a-z_][a-z0-9_]*$' },
    unit: { type: 'string' },
    format: { type: 'string' },
    owner: { type: 'string', minLength: 1 },
    description: { type: 'string', minLength: 1 },
    descriptionEn: { type: 'string', minLength: 1 },
    synonyms: { type: 'array', items: { type: 'string' } },
    status: { enum: metricStatuses },
    direction: { enum: metricDirections },
    target: { type: 'number' },
  },
  allOf: [
    { if: { properties: { type: { const: 'simple' } } }, then: { required: ['measure'] } },
    { if: { properties: { type: { const: 'cumulative' } } }, then: { required: ['measure', 'window'] } },
    { if: { properties: { type: { const: 'ratio' } } }, then: { required: ['numerator', 'denominator'] } },
    { if: { properties: { type: { const: 'derived' } } }, then: { required: ['formula'] } },
  ],
} as const;

const validateMetric = new Ajv({ allErrors: true, allowUnionTypes: true, verbose: true }).compile(metricSchema);

export function parseMetric(file: string, text: string) {
  return readYamlSpec<MetricSpec>(file, text, validateMetric);
}
