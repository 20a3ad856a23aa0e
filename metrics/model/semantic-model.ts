// The semantic model of a project, resolved: model/*.yaml and metrics/*.yaml read, every
// expression parsed and type-checked against the columns the connectors' dataset specs declare,
// every name checked. Problems from all files are reported together as file:line:column.
import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { readConnectorProject } from '../../connectors/project.ts';
import type { ColumnType, PiiTag } from '../../connectors/dataset-spec.ts';
import { SpecError, suggestion, yamlFiles, type SpecProblem } from '../../connectors/yaml-spec.ts';
import { checkExpression, LanguageError, parseExpression, type ExpressionScope, type Resolution, type TypedExpr, type ValueType } from '../language/index.ts';
import { parseModelDataset, type Aggregation, type RollupSpec, type DimensionLabelsSpec, type Label, type ModelDatasetSpec, type SegmentsSpec, type SequenceSpec } from './model-spec.ts';
import type { DatasetSpec } from '../../connectors/dataset-spec.ts';
import { parseMetric, type MetricSpec } from './metric-spec.ts';

/** What a name in a model expression stands for: a column of the dataset, or a metric. */
export interface ModelResolution extends Resolution {
  source: 'column' | 'metric';
  name: string;
  /** A column of a related dataset: the relationship's name. */
  relationship?: string;
}

export type ModelExpr = TypedExpr<ModelResolution>;

export interface ModelDimension {
  name: string;
  label: Label;
  expr: ModelExpr;
  type: ValueType;
  labels?: DimensionLabelsSpec;
}

export interface ModelMeasure {
  name: string;
  label: Label;
  agg: Aggregation;
  expr: ModelExpr | null;
  filter: ModelExpr | null;
  fraction: number | null;
  overTime: 'last' | null;
}

/** The time dimension of a span dataset: the day a row is counted on. */
export const spanDay = 'day';

export interface ModelDataset {
  name: string;
  table: string;
  label: Label;
  spans: ModelSpans | null;
  /** The table's rows cut at another table's changes (a stay at its transfers), or none. */
  segments: SegmentsSpec | null;
  /** The column telling rows apart, when declared. */
  primaryKey: string | null;
  sequences: SequenceSpec[];
  relationships: { name: string; table: string; on: [string, string][] }[];
  dimensions: Map<string, ModelDimension>;
  timeDimensions: Map<string, ModelDimension>;
  measures: Map<string, ModelMeasure>;
  /** Pre-aggregations by day of a time dimension (`spanDay` for spans) and some dimensions. */
  rollups: RollupSpec[];
}

/** How a span dataset's rows occupy days (see SpanSpec): `sameDay` null counts every same-day row. */
export interface ModelSpans {
  start: ModelExpr;
  end: ModelExpr;
  days: 'midnights' | 'present';
  sameDay: ModelExpr | null;
}

/** The columns a segments dataset adds to its table's. */
export const segmentColumns = { start: 'segment_start', end: 'segment_end', last: 'last_segment' } as const;

export interface ModelMetric {
  spec: MetricSpec;
  file: string;
  /** simple/cumulative measure, ratio parts: `{ dataset, measure }` or another metric. */
  measure: MeasureRef | null;
  numerator: MeasureRef | MetricRef | null;
  denominator: MeasureRef | MetricRef | null;
  formula: ModelExpr | null;
  filter: ModelExpr | null;
  timeDimension: { dataset: string; name: string } | null;
}

export interface MeasureRef { kind: 'measure'; dataset: string; measure: string }
export interface MetricRef { kind: 'metric'; metric: string }

export interface Hierarchy {
  name: string;
  label: Label;
  /** Conformed dimension names, coarse to fine. */
  levels: string[];
}

/** A column of a loaded dataset as its spec (datasets/<name>.yaml) declares it. */
export interface TableColumn {
  name: string;
  type: ColumnType;
  /** The kind of patient identifier it holds, if any (the server masks those). */
  pii: PiiTag | null;
}

/** A loaded dataset: the table model datasets and lookups read. `key` is unique (the loader keeps it so). */
export interface LoadedTable {
  name: string;
  columns: TableColumn[];
  key: string[];
}

export interface SemanticModel {
  datasets: Map<string, ModelDataset>;
  /** Every loaded dataset, by name: a model dataset's `table`, a relationship's `table`. */
  tables: Map<string, LoadedTable>;
  hierarchies: Map<string, Hierarchy>;
  metrics: Map<string, ModelMetric>;
  /** Conformed dimensions: one name across datasets (科室 in stays, visits, lab results …). */
  dimensions: Map<string, ConformedDimension>;
}

export interface ConformedDimension {
  label: Label;
  type: ValueType;
  datasets: string[];
  /** Declared by any of its datasets (all that declare it agree). */
  labels?: DimensionLabelsSpec;
}

const valueTypes: Record<ColumnType, ValueType> = {
  string: 'string', integer: 'number', decimal: 'number', boolean: 'boolean', date: 'date', timestamp: 'timestamp',
};


export async function readSemanticModel(projectDir: string): Promise<SemanticModel> {
  const connectors = await readConnectorProject(projectDir);
  const tableColumns = new Map(connectors.datasets.map((d) => [d.spec.name, new Map(d.spec.columns.map((c) => [c.name, valueTypes[c.type]]))]));
  const problems: SpecProblem[] = [];
  const collect = <T>(work: () => T): T | null => {
    try {
      return work();
    } catch (error) {
      if (error instanceof SpecError) problems.push(...error.problems);
      else if (error instanceof LanguageError) problems.push(...error.problems.map((p) => ({ file: p.file ?? '', line: p.line, column: p.column, message: p.message })));
      else throw error;
      return null;
    }
  };
  const display = (path: string) => relative(process.cwd(), path) || path;

  const datasets = new Map<string, ModelDataset>();
  const hierarchies = new Map<string, Hierarchy>();
  for (const path of await yamlFiles(join(projectDir, 'model'))) {
    const file = display(path);
    const text = await readFile(path, 'utf8');
    const spec = collect(() => parseModelDataset(file, text));
    if (!spec) continue;
    spec.value.hierarchies?.forEach((h, i) => {
      const names = new Set(spec.value.dimensions?.map((d) => d.name));
      h.levels.forEach((level, j) => {
        if (!names.has(level)) problems.push({ file, ...spec.at(['hierarchies', i, 'levels', j]), message: `hierarchy ${h.name}: no dimension "${level}" in ${spec.value.name}${suggestion(level, [...names])}` });
      });
      const known = hierarchies.get(h.name);
      if (known && known.levels.join() !== h.levels.join()) {
        problems.push({ file, ...spec.at(['hierarchies', i]), message: `hierarchy ${h.name} is declared elsewhere with levels ${known.levels.join(' → ')}` });
      }
      hierarchies.set(h.name, { name: h.name, label: h.label ?? { zh: h.name, en: h.name }, levels: h.levels });
    });
    const dataset = collect(() => resolveDataset(file, spec.value, spec.at, tableColumns, connectors.datasets.map((d) => d.spec.name),
      new Map(connectors.datasets.map((d) => [d.spec.name, d.spec]))));
    if (dataset) datasets.set(dataset.name, dataset);
  }

  const metricSpecs: { file: string; spec: MetricSpec; at: (path: (string | number)[]) => { line: number; column: number } }[] = [];
  for (const path of await yamlFiles(join(projectDir, 'metrics'))) {
    const file = display(path);
    const text = await readFile(path, 'utf8');
    const spec = collect(() => parseMetric(file, text));
    if (spec) metricSpecs.push({ file, spec: spec.value, at: spec.at });
  }
  const metricNames = metricSpecs.map((m) => m.spec.name);
  const metrics = new Map<string, ModelMetric>();
  for (const { file, spec, at } of metricSpecs) {
    const metric = collect(() => resolveMetric(file, spec, at, datasets, metricNames));
    if (metric) metrics.set(spec.name, metric);
  }
  if (problems.length > 0) throw new SpecError(problems);

  const dimensions = new Map<string, ConformedDimension>();
  for (const dataset of datasets.values()) {
    for (const dimension of dataset.dimensions.values()) {
      const known = dimensions.get(dimension.name);
      if (!known) dimensions.set(dimension.name, { label: dimension.label, type: dimension.type, datasets: [dataset.name], ...(dimension.labels ? { labels: dimension.labels } : {}) });
      else {
        known.datasets.push(dataset.name);
        if (dimension.labels && known.labels && JSON.stringify(dimension.labels) !== JSON.stringify(known.labels)) {
          problems.push({ file: `model (dataset ${dataset.name})`, line: 1, column: 1, message: `dimension ${dimension.name} takes its names from ${known.labels.dataset}.${known.labels.name} elsewhere; one dimension has one lookup` });
        }
        known.labels ??= dimension.labels;
      }
    }
  }
  if (problems.length > 0) throw new SpecError(problems);
  const tables = new Map(connectors.datasets.map(({ spec }): [string, LoadedTable] => [spec.name, {
    name: spec.name, key: spec.key ?? [], columns: spec.columns.map((c) => ({ name: c.name, type: c.type, pii: c.pii ?? null })),
  }]));
  return { datasets, tables, hierarchies, metrics, dimensions };
}

type At = (path: (string | number)[]) => { line: number; column: number };

/** A dimension's lookup names a loaded dataset and two of its columns; names are never patient identifiers. */
function checkLabels(file: string, at: At, path: (string | number)[], labels: DimensionLabelsSpec, datasetSpecs: Map<string, DatasetSpec>, tables: string[]): void {
  const lookup = datasetSpecs.get(labels.dataset);
  if (!lookup) fail(file, at, [...path, 'dataset'], `no dataset "${labels.dataset}" in datasets/${suggestion(labels.dataset, tables)}`);
  for (const field of ['key', 'name'] as const) {
    const column = lookup.columns.find((c) => c.name === labels[field]);
    if (!column) fail(file, at, [...path, field], `${labels.dataset} has no column "${labels[field]}"${suggestion(labels[field], lookup.columns.map((c) => c.name))}`);
    if (field === 'name' && column.pii) fail(file, at, [...path, field], `${labels.dataset}.${labels.name} is a patient identifier (${column.pii}); a dimension's names are shown to every reader`);
  }
}

function fail(file: string, at: At, path: (string | number)[], message: string): never {
  throw new SpecError([{ file, ...at(path), message }]);
}

/** Parses and checks one expression of a YAML file, with positions in that file. */
function expression(
  file: string, at: At, path: (string | number)[], text: string, scope: ExpressionScope<ModelResolution>,
  options: { expect?: ValueType | ValueType[]; level?: 'row' | 'aggregate'; role: string },
): ModelExpr {
  const origin = at(path);
  const parsed = parseExpression(text, { file, line: origin.line, column: origin.column });
  return checkExpression(parsed, scope, { file, ...options });
}

function columnScope(table: string, columns: Map<string, ValueType>, related: Map<string, Map<string, ValueType>> = new Map()): ExpressionScope<ModelResolution> {
  return {
    noun: `column of ${table}`,
    resolve: (path) => {
      if (path.length === 2) {
        const type = related.get(path[0]!)?.get(path[1]!);
        return type ? { type, level: 'row', source: 'column', name: path[1]!, relationship: path[0]!, noun: 'column' } : undefined;
      }
      const type = path.length === 1 ? columns.get(path[0]!) : undefined;
      return type ? { type, level: 'row', source: 'column', name: path[0]!, noun: 'column' } : undefined;
    },
    candidates: (prefix) => (prefix.length === 0 ? [...columns.keys(), ...related.keys()] : [...(related.get(prefix[0]!)?.keys() ?? [])]),
  };
}

function resolveDataset(
  file: string, spec: ModelDatasetSpec, at: At, tableColumns: Map<string, Map<string, ValueType>>, tables: string[], datasetSpecs: Map<string, DatasetSpec>,
): ModelDataset {
  const tableColumnTypes = tableColumns.get(spec.table);
  if (!tableColumnTypes) fail(file, at, ['table'], `no dataset "${spec.table}" in datasets/${suggestion(spec.table, tables)}; a model dataset reads a loaded dataset`);
  const columns = new Map(tableColumnTypes);
  if (spec.segments) addSegmentColumns(file, at, spec.table, spec.segments, columns, tableColumns, tables);
  if (spec.segments && spec.sequences?.length) fail(file, at, ['sequences'], 'a segments dataset has no sequence columns; read them from a dataset of the whole rows');
  spec.sequences?.forEach((sequence, i) => {
    if (sequence.after !== undefined && sequence.direction !== 'next') fail(file, at, ['sequences', i, 'after'], 'after finds the next row at or after a time; use direction: next');
    if (sequence.after !== undefined && !spec.primaryKey) fail(file, at, ['sequences', i, 'after'], `after looks among the other rows of ${spec.table}, told apart by the primaryKey; declare it`);
    const fields: ('of' | 'by' | 'order' | 'after')[] = ['of', 'by', 'order', ...(sequence.after !== undefined ? ['after' as const] : [])];
    for (const field of fields) {
      const name = sequence[field]!;
      if (!tableColumnTypes.has(name)) fail(file, at, ['sequences', i, field], `${spec.table} has no column "${name}"${suggestion(name, [...tableColumnTypes.keys()])}`);
    }
    if (columns.has(sequence.name)) fail(file, at, ['sequences', i, 'name'], `"${sequence.name}" is already a column of ${spec.table}`);
    columns.set(sequence.name, tableColumnTypes.get(sequence.of)!);
  });
  const related = new Map<string, Map<string, ValueType>>();
  const relationships: ModelDataset['relationships'] = [];
  spec.relationships?.forEach((relationship, i) => {
    const target = datasetSpecs.get(relationship.to);
    if (!target) fail(file, at, ['relationships', i, 'to'], `no dataset "${relationship.to}"${suggestion(relationship.to, tables)}`);
    if (relationship.cardinality === 'one_to_many') {
      fail(file, at, ['relationships', i, 'cardinality'], `joining one ${spec.table} row to many ${relationship.to} rows would count it once per match (double counting); model ${relationship.to} as a dataset of its own and combine metrics on shared dimensions instead`);
    }
    const on = Object.entries(relationship.on);
    for (const [mine, theirs] of on) {
      if (!tableColumnTypes.has(mine)) fail(file, at, ['relationships', i, 'on'], `${spec.table} has no column "${mine}"${suggestion(mine, [...tableColumnTypes.keys()])}`);
      if (!target.columns.some((c) => c.name === theirs)) fail(file, at, ['relationships', i, 'on'], `${relationship.to} has no column "${theirs}"`);
    }
    const key = [...(target.key ?? [])].sort().join(',');
    if (key !== on.map(([, theirs]) => theirs).sort().join(',')) {
      fail(file, at, ['relationships', i, 'on'], `${relationship.to} may have several rows for the same ${on.map(([, t]) => t).join(', ')}, which would count each ${spec.table} row more than once; join on its key (${target.key?.join(', ') ?? 'it declares none'})`);
    }
    related.set(relationship.name, tableColumns.get(relationship.to)!);
    relationships.push({ name: relationship.name, table: relationship.to, on });
  });
  const scope = columnScope(spec.table, columns, related);
  const label = spec.label ?? { zh: spec.name, en: spec.name };
  const problems: SpecProblem[] = [];
  const attempt = <T>(work: () => T): T | null => {
    try {
      return work();
    } catch (error) {
      if (error instanceof LanguageError) problems.push(...error.problems.map((p) => ({ file, line: p.line, column: p.column, message: p.message })));
      else if (error instanceof SpecError) problems.push(...error.problems);
      else throw error;
      return null;
    }
  };
  const dimensions = new Map<string, ModelDimension>();
  spec.dimensions?.forEach((d, i) => {
    const expr = attempt(() => expression(file, at, ['dimensions', i, 'expr'], d.expr, scope, { level: 'row', role: 'a dimension' }));
    if (d.labels) attempt(() => checkLabels(file, at, ['dimensions', i, 'labels'], d.labels!, datasetSpecs, tables));
    if (expr) dimensions.set(d.name, { name: d.name, label: d.label ?? { zh: d.name, en: d.name }, expr, type: expr.type, ...(d.labels ? { labels: d.labels } : {}) });
  });
  const timeDimensions = new Map<string, ModelDimension>();
  spec.timeDimensions?.forEach((d, i) => {
    const expr = attempt(() => expression(file, at, ['timeDimensions', i, 'expr'], d.expr, scope, { level: 'row', expect: ['date', 'timestamp'], role: 'a time dimension' }));
    if (expr) timeDimensions.set(d.name, { name: d.name, label: d.label ?? { zh: d.name, en: d.name }, expr, type: expr.type });
  });
  const measures = new Map<string, ModelMeasure>();
  spec.measures?.forEach((m, i) => {
    if (!m.expr && m.agg !== 'count') problems.push({ file, ...at(['measures', i]), message: `measure "${m.name}": ${m.agg} needs an expr (only count may count rows)` });
    if (m.agg === 'percentile' && m.fraction === undefined) problems.push({ file, ...at(['measures', i]), message: `measure "${m.name}": percentile needs a fraction, e.g. 0.9` });
    const expr = m.expr ? attempt(() => expression(file, at, ['measures', i, 'expr'], m.expr!, scope, {
      level: 'row', role: 'a measure expression', ...(['sum', 'avg', 'median', 'percentile'].includes(m.agg) ? { expect: 'number' as const } : {}),
    })) : null;
    const filter = m.filter ? attempt(() => expression(file, at, ['measures', i, 'filter'], m.filter!, scope, { level: 'row', expect: 'boolean', role: 'a filter' })) : null;
    if (m.overTime && (m.agg !== 'sum' || spec.spans || spec.relationships?.length)) {
      problems.push({ file, ...at(['measures', i, 'overTime']), message: `measure "${m.name}": overTime: last takes the last day of a sum, on a dataset without spans or relationships` });
    }
    measures.set(m.name, { name: m.name, label: m.label ?? { zh: m.name, en: m.name }, agg: m.agg, expr, filter, fraction: m.fraction ?? null, overTime: m.overTime ?? null });
  });
  const spans = spec.spans ? {
    start: attempt(() => expression(file, at, ['spans', 'start'], spec.spans!.start, scope, { level: 'row', expect: ['date', 'timestamp'], role: 'a span start' })),
    end: attempt(() => expression(file, at, ['spans', 'end'], spec.spans!.end, scope, { level: 'row', expect: ['date', 'timestamp'], role: 'a span end' })),
    sameDay: spec.spans.sameDay ? attempt(() => expression(file, at, ['spans', 'sameDay'], spec.spans!.sameDay!, scope, { level: 'row', expect: 'boolean', role: 'a same-day rule' })) : null,
  } : null;
  if (spec.spans?.sameDay && spec.spans.days === 'present') problems.push({ file, ...at(['spans', 'sameDay']), message: 'sameDay applies to midnight counting; with days: present a same-day row is present on its day' });
  if (spans && timeDimensions.has(spanDay)) problems.push({ file, ...at(['timeDimensions']), message: `a span dataset's time dimension "${spanDay}" is the day counted; name yours differently` });
  const rollupNames = new Set<string>();
  spec.rollups?.forEach((r, i) => {
    if (rollupNames.has(r.name)) problems.push({ file, ...at(['rollups', i, 'name']), message: `rollup ${r.name} is declared twice in ${spec.name}` });
    rollupNames.add(r.name);
    const times = spans ? [spanDay] : [...timeDimensions.keys()];
    if (!times.includes(r.timeDimension)) problems.push({ file, ...at(['rollups', i, 'timeDimension']), message: `rollup ${r.name}: ${spec.name} has no time dimension "${r.timeDimension}"${suggestion(r.timeDimension, times)}` });
    r.dimensions.forEach((d, j) => {
      if (!dimensions.has(d)) problems.push({ file, ...at(['rollups', i, 'dimensions', j]), message: `rollup ${r.name}: ${spec.name} has no dimension "${d}"${suggestion(d, [...dimensions.keys()])}` });
    });
  });
  if (problems.length > 0) throw new SpecError(problems);
  return {
    name: spec.name, table: spec.table, label, dimensions, timeDimensions, measures, sequences: spec.sequences ?? [], relationships, rollups: spec.rollups ?? [],
    spans: spans?.start && spans.end ? { start: spans.start, end: spans.end, days: spec.spans!.days ?? 'midnights', sameDay: spans.sameDay } : null,
    segments: spec.segments ?? null,
    primaryKey: spec.primaryKey ?? null,
  };
}

/** Checks a segments spec against the tables it reads and adds the columns its rows have. */
function addSegmentColumns(
  file: string, at: At, table: string, segments: SegmentsSpec, columns: Map<string, ValueType>, tableColumns: Map<string, Map<string, ValueType>>, tables: string[],
): void {
  const own = tableColumns.get(table)!;
  const changes = tableColumns.get(segments.changes.table);
  if (!changes) fail(file, at, ['segments', 'changes', 'table'], `no dataset "${segments.changes.table}" in datasets/${suggestion(segments.changes.table, tables)}`);
  const need = (types: Map<string, ValueType>, name: string, path: (string | number)[], where: string) => {
    if (!types.has(name)) fail(file, at, path, `${where} has no column "${name}"${suggestion(name, [...types.keys()])}`);
    return types.get(name)!;
  };
  need(own, segments.key, ['segments', 'key'], table);
  const start = need(own, segments.start, ['segments', 'start'], table);
  need(own, segments.end, ['segments', 'end'], table);
  need(changes, segments.changes.key, ['segments', 'changes', 'key'], segments.changes.table);
  need(changes, segments.changes.at, ['segments', 'changes', 'at'], segments.changes.table);
  const initial = Object.keys(segments.initial).sort().join();
  if (Object.keys(segments.changes.set).sort().join() !== initial) fail(file, at, ['segments', 'changes', 'set'], `a change sets the segment columns the first segment starts with (${initial})`);
  for (const [name, source] of Object.entries(segments.initial)) {
    const type = need(own, source, ['segments', 'initial', name], table);
    need(changes, segments.changes.set[name]!, ['segments', 'changes', 'set', name], segments.changes.table);
    if (columns.has(name)) fail(file, at, ['segments', 'initial', name], `"${name}" is already a column of ${table}; name the segment column differently`);
    columns.set(name, type);
  }
  for (const name of Object.values(segmentColumns)) {
    if (columns.has(name)) fail(file, at, ['segments'], `"${name}" is already a column of ${table}, and a segments dataset adds it`);
  }
  columns.set(segmentColumns.start, start === 'date' ? 'date' : 'timestamp');
  columns.set(segmentColumns.end, start === 'date' ? 'date' : 'timestamp');
  columns.set(segmentColumns.last, 'boolean');
}

function resolveMetric(file: string, spec: MetricSpec, at: At, datasets: Map<string, ModelDataset>, metricNames: string[]): ModelMetric {
  const measureRef = (text: string, path: (string | number)[]): MeasureRef => {
    const [datasetName, measureName] = text.split('.') as [string, string];
    const dataset = datasets.get(datasetName);
    if (!dataset) fail(file, at, path, `no model dataset "${datasetName}"${suggestion(datasetName, [...datasets.keys()])}`);
    if (!dataset.measures.has(measureName)) fail(file, at, path, `${datasetName} has no measure "${measureName}"${suggestion(measureName, [...dataset.measures.keys()])}`);
    return { kind: 'measure', dataset: datasetName, measure: measureName };
  };
  const part = (text: string, path: (string | number)[]): MeasureRef | MetricRef => {
    if (text.includes('.')) return measureRef(text, path);
    if (!metricNames.includes(text)) fail(file, at, path, `no metric "${text}"${suggestion(text, metricNames)}; write dataset.measure for a measure`);
    return { kind: 'metric', metric: text };
  };
  const measure = spec.measure ? measureRef(spec.measure, ['measure']) : null;
  const numerator = spec.numerator ? part(spec.numerator, ['numerator']) : null;
  const denominator = spec.denominator ? part(spec.denominator, ['denominator']) : null;

  const home = measure?.dataset ?? (numerator?.kind === 'measure' ? numerator.dataset : null);
  let timeDimension: ModelMetric['timeDimension'] = null;
  if (spec.timeDimension) {
    const [datasetName, name] = spec.timeDimension.split('.') as [string, string];
    const dataset = datasets.get(datasetName);
    if (!dataset) fail(file, at, ['timeDimension'], `no model dataset "${datasetName}"${suggestion(datasetName, [...datasets.keys()])}`);
    if (!dataset.timeDimensions.has(name) && !(dataset.spans && name === spanDay)) {
      fail(file, at, ['timeDimension'], `${datasetName} has no time dimension "${name}"${suggestion(name, [...dataset.timeDimensions.keys()])}`);
    }
    timeDimension = { dataset: datasetName, name };
  }

  if (timeDimension) {
    const parts: [string, MeasureRef | MetricRef | null][] = [['measure', measure], ['numerator', numerator], ['denominator', denominator]];
    for (const [field, ref] of parts) {
      if (ref?.kind === 'measure' && ref.dataset !== timeDimension.dataset) {
        fail(file, at, [field], `${ref.dataset}.${ref.measure} is not counted by ${spec.timeDimension} (another dataset); make it a metric of its own with its own timeDimension and name that metric here`);
      }
    }
  }

  let filter: ModelExpr | null = null;
  if (spec.filter) {
    if (!home) fail(file, at, ['filter'], 'only simple and ratio metrics over measures can have a filter');
    const dataset = datasets.get(home)!;
    const columns = new Map<string, ValueType>();
    for (const d of dataset.dimensions.values()) columns.set(d.name, d.type);
    const scope: ExpressionScope<ModelResolution> = {
      noun: `dimension of ${home}`,
      resolve: (path) => {
        const d = path.length === 1 ? dataset.dimensions.get(path[0]!) : undefined;
        return d ? { type: d.type, level: 'row', source: 'column', name: d.name, noun: 'dimension' } : undefined;
      },
      candidates: (prefix) => (prefix.length === 0 ? [...dataset.dimensions.keys()] : []),
    };
    filter = expression(file, at, ['filter'], spec.filter, scope, { level: 'row', expect: 'boolean', role: 'a metric filter' });
  }

  let formula: ModelExpr | null = null;
  if (spec.formula) {
    const scope: ExpressionScope<ModelResolution> = {
      noun: 'metric',
      resolve: (path) => (path.length === 1 && metricNames.includes(path[0]!) && path[0] !== spec.name
        ? { type: 'number', level: 'aggregate', source: 'metric', name: path[0]!, noun: 'metric' } : undefined),
      candidates: (prefix) => (prefix.length === 0 ? metricNames.filter((n) => n !== spec.name) : []),
    };
    formula = expression(file, at, ['formula'], spec.formula, scope, { level: 'aggregate', expect: 'number', role: 'a derived formula' });
  }
  return { spec, file, measure, numerator, denominator, formula, filter, timeDimension };
}

/** A stored version of a metric (a pinned `name@N`), resolved against the current model. */
export function resolveStoredMetric(model: SemanticModel, spec: MetricSpec, origin: string): ModelMetric {
  return resolveMetric(origin, spec, () => ({ line: 1, column: 1 }), model.datasets, [...model.metrics.keys()]);
}
