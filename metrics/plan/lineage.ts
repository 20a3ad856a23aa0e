// Lineage: the measures, datasets and columns a metric reads, and the columns a conformed dimension
// reads in each dataset. The catalogue shows it; the server refuses dimensions and filters over
// columns a user may not see with it.
import type { PiiTag } from '../../connectors/dataset-spec.ts';
import { nodesOf } from '../language/index.ts';
import { spanDay, type ModelDataset, type ModelExpr, type ModelMetric, type SemanticModel } from '../model/semantic-model.ts';
import { QueryError } from './query-error.ts';

export interface ColumnRead {
  /** The model dataset whose expression reads the column. */
  dataset: string;
  /** The loaded dataset holding it (datasets/<table>.yaml, where PII tags are declared): the model
   *  dataset's own table, or a lookup's (a relationship). */
  table: string;
  column: string;
  pii?: PiiTag;
}

export interface MetricLineage {
  metric: string;
  /** Every measure the metric aggregates, also through the metrics it is computed from, with the
   *  columns counting it reads, named as the dataset's expressions name them (`ddd.ddd_g` for a lookup's). */
  measures: { dataset: string; measure: string; columns: string[] }[];
  /** The model datasets of those measures. */
  datasets: string[];
  columns: ColumnRead[];
  /** The metrics it is computed from directly: a ratio's parts, a formula's references. */
  dependsOn: string[];
}

/** A column as a dataset's expressions name it, and where it is. */
type Read = { name: string; table: string; column: string };

/**
 * The columns `exprs` read in `dataset`. A lookup's column also reads the join on its key, and a
 * sequence column the columns it is computed from (the entity, the order and the value).
 */
function reads(dataset: ModelDataset, exprs: (ModelExpr | null)[]): Read[] {
  const own = (column: string): Read => ({ name: column, table: dataset.table, column });
  return exprs.flatMap((e) => (e === null ? [] : nodesOf(e))).flatMap((node): Read[] => {
    if (node.kind !== 'reference') return [];
    const { name, relationship } = node.resolution;
    const lookup = dataset.relationships.find((r) => r.name === relationship);
    if (lookup) {
      return [{ name: `${lookup.name}.${name}`, table: lookup.table, column: name },
        ...lookup.on.flatMap(([mine, theirs]) => [own(mine), { name: `${lookup.name}.${theirs}`, table: lookup.table, column: theirs }])];
    }
    const sequence = dataset.sequences.find((s) => s.name === name);
    return sequence ? [own(sequence.by), own(sequence.order), own(sequence.of), ...(sequence.after ? [own(sequence.after)] : [])] : [own(name)];
  });
}

/** A filter over dimension names (a metric's filter) read as the dimensions' expressions in `dataset`. */
function dimensionExprs(dataset: ModelDataset, filter: ModelExpr | null): ModelExpr[] {
  if (!filter) return [];
  return nodesOf(filter).flatMap((n) => (n.kind === 'reference' && dataset.dimensions.has(n.resolution.name) ? [dataset.dimensions.get(n.resolution.name)!.expr] : []));
}

const unique = <T>(items: T[], key: (item: T) => string): T[] => [...new Map(items.map((i) => [key(i), i])).values()];

function columnRead(model: SemanticModel, dataset: string, read: Read): ColumnRead {
  const pii = model.tables.get(read.table)?.columns.find((c) => c.name === read.column)?.pii;
  return { dataset, table: read.table, column: read.column, ...(pii ? { pii } : {}) };
}

const columnKey = (c: ColumnRead) => `${c.dataset}.${c.table}.${c.column}`;

export function metricLineage(model: SemanticModel, metric: string): MetricLineage {
  const uses: { dataset: string; measure: string; reads: Read[] }[] = [];
  const visit = (name: string, seen: string[]): string[] => {
    if (seen.includes(name)) throw new QueryError(`metric ${name} is defined in terms of itself (${[...seen, name].join(' → ')})`);
    const m = model.metrics.get(name);
    if (!m) throw new QueryError(`no metric "${name}"; the metrics are ${[...model.metrics.keys()].join(', ')}`);
    const parts: NonNullable<ModelMetric['numerator']>[] = m.spec.type === 'derived'
      ? nodesOf(m.formula!).flatMap((n) => (n.kind === 'reference' ? [{ kind: 'metric' as const, metric: n.resolution.name }] : []))
      : [m.measure, m.numerator, m.denominator].filter((p) => p !== null);
    for (const part of parts) {
      if (part.kind === 'metric') {
        visit(part.metric, [...seen, name]);
        continue;
      }
      const dataset = model.datasets.get(part.dataset)!;
      const measure = dataset.measures.get(part.measure)!;
      const time = m.timeDimension && !(dataset.spans && m.timeDimension.name === spanDay) ? dataset.timeDimensions.get(m.timeDimension.name)!.expr : null;
      uses.push({
        dataset: dataset.name, measure: measure.name,
        reads: reads(dataset, [measure.expr, measure.filter, ...dimensionExprs(dataset, m.filter), time, dataset.spans?.start ?? null, dataset.spans?.end ?? null]),
      });
    }
    return unique(parts.flatMap((p) => (p.kind === 'metric' ? [p.metric] : [])), (p) => p);
  };
  const dependsOn = visit(metric, []);
  const measures = unique(uses.map((u) => ({ dataset: u.dataset, measure: u.measure })), (u) => `${u.dataset}.${u.measure}`).map((m) => ({
    ...m,
    columns: unique(uses.filter((u) => u.dataset === m.dataset && u.measure === m.measure).flatMap((u) => u.reads.map((r) => r.name)), (n) => n),
  }));
  return {
    metric, measures,
    datasets: unique(uses.map((u) => u.dataset), (d) => d),
    columns: unique(uses.flatMap((u) => u.reads.map((r) => columnRead(model, u.dataset, r))), columnKey),
    dependsOn,
  };
}

/** The columns each dataset's expression for a conformed dimension reads. */
export function dimensionColumns(model: SemanticModel, dimension: string): ColumnRead[] {
  const conformed = model.dimensions.get(dimension);
  if (!conformed) throw new QueryError(`no dimension "${dimension}"; the dimensions are ${[...model.dimensions.keys()].join(', ')}`);
  return unique(conformed.datasets.flatMap((name) => {
    const dataset = model.datasets.get(name)!;
    return reads(dataset, [dataset.dimensions.get(dimension)!.expr]).map((r) => columnRead(model, name, r));
  }), columnKey);
}
