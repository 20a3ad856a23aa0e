// The semantic model as written in model/*.yaml: one file per model dataset, which names a
// loaded warehouse dataset and says what its dimensions, time dimensions and measures are.
// Expressions are formula-language text, checked when the model is resolved.
import { Ajv } from 'ajv';
import { readYamlSpec } from '../../connectors/yaml-spec.ts';

export interface Label {
  zh: string;
  en: string;
}

export interface DimensionSpec {
  /** Dimensions with the same name in several datasets are one conformed dimension (科室 everywhere). */
  name: string;
  label?: Label;
  expr: string;
  /** Where a value's name is: 0101 → 心血管内科. Results and filter pickers show names, keep codes. */
  labels?: DimensionLabelsSpec;
}

/** A loaded lookup dataset: its `key` column holds the dimension's values, `name` their names. */
export interface DimensionLabelsSpec {
  dataset: string;
  key: string;
  name: string;
}

export interface TimeDimensionSpec {
  name: string;
  label?: Label;
  expr: string;
}

export type Aggregation = 'sum' | 'count' | 'count_distinct' | 'avg' | 'min' | 'max' | 'median' | 'percentile';

export interface MeasureSpec {
  name: string;
  label?: Label;
  agg: Aggregation;
  /** Row expression aggregated (count without expr counts rows). */
  expr?: string;
  /** Rows counted by the measure. */
  filter?: string;
  /** percentile: 0 < fraction < 1. */
  fraction?: number;
  /** Semi-additive: summed across everything but time; over time, the value of the last day of
   *  each period (stock on hand, beds open at month end). */
  overTime?: 'last';
}

/**
 * Rows that span days, such as inpatient stays: each row counts once for every midnight between
 * `start` and `end` (a row starting and ending on the same day counts one day; an empty end runs
 * to the end of the queried range). The day counted is the dataset's time dimension `day`.
 */
export interface SpanSpec {
  start: string;
  end: string;
  /** `midnights` (default): the days from start up to the day before end, the national midnight
   *  census; `present`: every day from start to end, both included (patients present that day). */
  days?: 'midnights' | 'present';
  /** midnights: which rows starting and ending on one day count that day (default every such row). */
  sameDay?: string;
}

/**
 * A table's rows cut where another table records a change: a stay cut at its transfers gives one
 * row per ward stayed in. Each row of `table` starts a first segment at `start` with the `initial`
 * columns; each row of `changes.table` with the same key, timed within [start, end], starts the
 * next one with its `set` columns; a segment ends where the next starts (the last at `end`).
 * Rows read every column of `table`, plus `segment_start`, `segment_end` (empty while the row is
 * open), `last_segment` (whether no change follows) and the `initial`/`set` column names.
 */
export interface SegmentsSpec {
  key: string;
  start: string;
  end: string;
  /** Segment column → the column of `table` giving its first value. */
  initial: Record<string, string>;
  changes: { table: string; key: string; at: string; set: Record<string, string> };
}

/**
 * A column read from a neighbouring row of the same entity: the value of `of` in the next (or
 * previous) row of the same `by`, ordered by `order`. It is computed over the whole table, before
 * any filter, so a patient's next admission is found even outside the queried period.
 */
export interface SequenceSpec {
  name: string;
  of: string;
  by: string;
  order: string;
  direction: 'next' | 'previous';
  /** next only: the first `of` of another row of the same `by` at or after this row's `after`
   *  (a readmission is the next admission at or after the discharge, whatever overlaps it). */
  after?: string;
}

/**
 * A lookup into another loaded dataset: each row matches at most one row there, because `on`
 * names that dataset's whole key (the loader guarantees keys are unique). Expressions read its
 * columns as `<name>.<column>`.
 */
export interface RelationshipSpec {
  name: string;
  to: string;
  /** This dataset's column → the other dataset's column. */
  on: Record<string, string>;
  cardinality: 'many_to_one' | 'one_to_one' | 'one_to_many';
}

/**
 * A pre-aggregation kept beside the dataset: every additive measure (sum, count) summed per day of
 * `timeDimension` and per value of `dimensions`. A query whose dimensions, filters and row policies
 * all fall within it reads it instead of the rows (see metrics/plan/rollups.ts).
 */
export interface RollupSpec {
  name: string;
  timeDimension: string;
  dimensions: string[];
}

export interface ModelDatasetSpec {
  name: string;
  /** The warehouse dataset (connectors' name) the rows come from. */
  table: string;
  label?: Label;
  primaryKey?: string;
  segments?: SegmentsSpec;
  spans?: SpanSpec;
  sequences?: SequenceSpec[];
  relationships?: RelationshipSpec[];
  dimensions?: DimensionSpec[];
  /** Drill paths through this dataset's dimensions, coarse to fine: 科室 → 病区 → 医生. */
  hierarchies?: { name: string; label?: Label; levels: string[] }[];
  timeDimensions?: TimeDimensionSpec[];
  measures?: MeasureSpec[];
  rollups?: RollupSpec[];
}

const identifier = { type: 'string', pattern: '^[a-z_][a-z0-9_]*$' } as const;
const label = { type: 'object', additionalProperties: false, required: ['zh', 'en'], properties: { zh: { type: 'string' }, en: { type: 'string' } } } as const;
const expression = { type: 'string', minLength: 1 } as const;

const modelDatasetSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'table'],
  properties: {
    name: identifier,
    table: identifier,
    label,
    primaryKey: identifier,
    spans: {
      type: 'object', additionalProperties: false, required: ['start', 'end'],
      properties: { start: expression, end: expression, days: { enum: ['midnights', 'present'] }, sameDay: expression },
    },
    segments: {
      type: 'object', additionalProperties: false, required: ['key', 'start', 'end', 'initial', 'changes'],
      properties: {
        key: identifier, start: identifier, end: identifier,
        initial: { type: 'object', minProperties: 1, propertyNames: identifier, additionalProperties: identifier },
        changes: {
          type: 'object', additionalProperties: false, required: ['table', 'key', 'at', 'set'],
          properties: {
            table: identifier, key: identifier, at: identifier,
            set: { type: 'object', minProperties: 1, propertyNames: identifier, additionalProperties: identifier },
          },
        },
      },
    },
    sequences: {
      type: 'array',
      items: {
        type: 'object', additionalProperties: false, required: ['name', 'of', 'by', 'order', 'direction'],
        properties: { name: identifier, of: identifier, by: identifier, order: identifier, direction: { enum: ['next', 'previous'] }, after: identifier },
      },
    },
    relationships: {
      type: 'array',
      items: {
        type: 'object', additionalProperties: false, required: ['name', 'to', 'on', 'cardinality'],
        properties: {
          name: identifier, to: identifier,
          on: { type: 'object', minProperties: 1, additionalProperties: identifier },
          cardinality: { enum: ['many_to_one', 'one_to_one', 'one_to_many'] },
        },
      },
    },
    dimensions: {
      type: 'array',
      items: {
        type: 'object', additionalProperties: false, required: ['name', 'expr'],
        properties: {
          name: identifier, label, expr: expression,
          labels: { type: 'object', additionalProperties: false, required: ['dataset', 'key', 'name'], properties: { dataset: identifier, key: identifier, name: identifier } },
        },
      },
    },
    hierarchies: {
      type: 'array',
      items: {
        type: 'object', additionalProperties: false, required: ['name', 'levels'],
        properties: { name: identifier, label, levels: { type: 'array', minItems: 2, items: identifier } },
      },
    },
    timeDimensions: {
      type: 'array',
      items: { type: 'object', additionalProperties: false, required: ['name', 'expr'], properties: { name: identifier, label, expr: expression } },
    },
    measures: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'agg'],
        properties: {
          name: identifier,
          label,
          agg: { enum: ['sum', 'count', 'count_distinct', 'avg', 'min', 'max', 'median', 'percentile'] },
          expr: expression,
          filter: expression,
          fraction: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 },
          overTime: { enum: ['last'] },
        },
      },
    },
    rollups: {
      type: 'array',
      items: {
        type: 'object', additionalProperties: false, required: ['name', 'timeDimension', 'dimensions'],
        properties: { name: identifier, timeDimension: identifier, dimensions: { type: 'array', items: identifier, uniqueItems: true } },
      },
    },
  },
} as const;

const validateModelDataset = new Ajv({ allErrors: true, allowUnionTypes: true, verbose: true }).compile(modelDatasetSchema);

export function parseModelDataset(file: string, text: string) {
  return readYamlSpec<ModelDatasetSpec>(file, text, validateModelDataset);
}
