// MetricQuery → SQL AST. Each metric is broken into the measures it needs; measures of one
// dataset counted by one time dimension are aggregated together, each group separately (so
// nothing fans out across a join), and the groups are joined on the query's dimensions. Ratios
// divide after aggregation; derived metrics compute over metric results.
import type { ValueType } from '../language/index.ts';
import { spanDay, type ModelDataset, type ModelExpr, type ModelMetric, type ModelResolution, type SemanticModel } from '../model/semantic-model.ts';
import type { MetricDirection } from '../model/metric-spec.ts';
import type { SqlExpr, SqlFrom, SqlSelect, TimeGrain } from '../sql/sql-ast.ts';
import { closedDatasets, scopeConditions, type AccessScope, type RowFilter } from './access-scope.ts';
import { datasetFrom, readsSequence, spanFrom, withLookups } from './dataset-rows.ts';
import { parseWhere } from './dimension-filter.ts';
import { expressionSql } from './expression-sql.ts';
import { QueryError } from './query-error.ts';
import { coveringRollup, type RollupCatalog, type RollupRead } from './rollups.ts';
import { addDays, rangeDays, resolveRange, type DayRange, type RelativeRange } from './time-range.ts';

export interface MetricQuery {
  metrics: string[];
  /** Conformed dimension names; `time` (with `grain`) is each metric's own time dimension. */
  dimensions?: string[];
  grain?: TimeGrain;
  where?: string;
  /** Inclusive days, YYYY-MM-DD, on each metric's time dimension, or a range relative to `asOf`. */
  timeRange?: DayRange | { relative: RelativeRange };
  /** The day relative ranges are counted from (default today). */
  asOf?: string;
  /** Each metric also as it was a year (yoy, 同比) or a month (mom, 环比) earlier, or in the
   *  period of the same length just before the range: the value, the change and the % change. */
  compare?: Comparison[];
  /** Each additive metric's share of its total: of all rows, or per period when grouped by time. */
  percentOfTotal?: boolean;
  order?: { by: string; desc?: boolean }[];
  limit?: number;
}

export interface ResultColumn {
  name: string;
  role: 'dimension' | 'metric';
  type: ValueType;
  label: { zh: string; en: string };
  unit?: string;
  format?: string;
  /** A metric's good direction and target, from its definition. */
  direction?: MetricDirection;
  target?: number;
}

export type Comparison = 'yoy' | 'mom' | 'previous_period';

export { QueryError };

/** How far back a comparison looks: rows that far back are counted in today's periods. */
type Shift = { unit: 'year' | 'month' | 'day'; amount: number };

const timeColumn = 'time';

interface MeasureUse {
  alias: string;
  dataset: string;
  measure: string;
  filter: ModelExpr | null;
  timeDimension: string | null;
  /** Rolling windows need this many days before the range, so its first days see a full window. */
  lookbackDays: number;
}

/**
 * What a query computes, as plain data: which measures each dataset aggregates (and over which
 * time dimension, filters by name), what joins the groups, and how metrics combine them. It can be
 * printed, snapshotted and diffed; the SQL AST is built from the same decisions.
 */
export interface QueryPlan {
  metrics: string[];
  keys: string[];
  grain: TimeGrain | null;
  range: DayRange | null;
  groups: { dataset: string; timeDimension: string | null; lookbackDays: number; measures: { alias: string; measure: string; metricFilter: boolean }[]; rollup: string | null }[];
  comparisons: Comparison[];
  dateSpine: boolean;
  percentOfTotal: boolean;
  /** The access scope's row filters, on every dataset scan (none without a scope). */
  rowFilters: RowFilter[];
  /** Datasets the scope closes (they lack a row filter's dimension): their measures count no rows. */
  closedDatasets: string[];
}

/** With `rollups`, each group reads the smallest built rollup covering it, if one does. */
export function planQuery(model: SemanticModel, query: MetricQuery, scope?: AccessScope, rollups?: RollupCatalog): { plan: QueryPlan; select: SqlSelect; columns: ResultColumn[] } {
  if (query.metrics.length === 0) throw new QueryError('name at least one metric');
  const unknown = query.metrics.filter((m) => !model.metrics.has(m));
  if (unknown.length > 0) throw new QueryError(`no metric ${unknown.map((u) => `"${u}"`).join(', ')}; the metrics are ${[...model.metrics.keys()].join(', ')}`);
  const dimensions = query.dimensions ?? [];
  const range = resolveRange(query.timeRange, query.asOf);
  const compare = query.compare ?? [];
  if (compare.length > 0 && !range && !dimensions.includes(timeColumn)) {
    throw new QueryError('comparing with an earlier period needs a date range or a time grain: with neither, the query covers all the data');
  }
  if (compare.includes('previous_period') && !range) throw new QueryError('previous_period compares with the days just before the date range; give a range');
  const shifts: Record<Comparison, Shift> = {
    yoy: { unit: 'year', amount: 1 },
    mom: { unit: 'month', amount: 1 },
    previous_period: { unit: 'day', amount: range ? rangeDays(range) : 0 },
  };
  const usesTime = dimensions.includes(timeColumn) || range !== null;
  if (dimensions.includes(timeColumn) && !query.grain) throw new QueryError('grouping by time needs a grain: day, week, month, quarter or year');
  for (const d of dimensions) {
    if (d !== timeColumn && !model.dimensions.has(d)) throw new QueryError(`no dimension "${d}"; the dimensions are ${[...model.dimensions.keys()].join(', ')}, and time`);
  }
  const rowDimensions = dimensions.filter((d) => d !== timeColumn);

  const uses: MeasureUse[] = [];
  const useOf = (dataset: string, measure: string, filter: ModelExpr | null, timeDimension: string | null, lookbackDays = 0): string => {
    const found = uses.find((u) => u.dataset === dataset && u.measure === measure && u.filter === filter && u.timeDimension === timeDimension && u.lookbackDays === lookbackDays);
    if (found) return found.alias;
    const alias = `m${uses.length}`;
    uses.push({ alias, dataset, measure, filter, timeDimension, lookbackDays });
    return alias;
  };
  const byTime = dimensions.includes(timeColumn);
  const metricSql = (name: string, seen: string[], prefix = ''): SqlExpr => {
    if (seen.includes(name)) throw new QueryError(`metric ${name} is defined in terms of itself (${[...seen, name].join(' → ')})`);
    const metric = model.metrics.get(name)!;
    const time = metric.timeDimension?.name ?? null;
    const countsMeasures = metric.measure !== null || metric.numerator?.kind === 'measure' || metric.denominator?.kind === 'measure';
    if (usesTime && !time && countsMeasures) throw new QueryError(`metric ${name} has no time dimension, so it cannot be filtered or grouped by time; give it timeDimension:`);
    const part = (ref: NonNullable<ModelMetric['numerator']>): SqlExpr => (ref.kind === 'metric'
      ? metricSql(ref.metric, [...seen, name], prefix)
      : { kind: 'column', name: `${prefix}${useOf(ref.dataset, ref.measure, metric.filter, time)}` });
    switch (metric.spec.type) {
      case 'simple':
        return part(metric.measure!);
      case 'ratio':
        // No rows counted over a denominator that has some is 0 events, not no value.
        return { kind: 'binary', op: '/', left: zeroIfNone(part(metric.numerator!), metric.numerator!), right: { kind: 'function', name: 'nullif', args: [part(metric.denominator!), { kind: 'constant', value: 0 }] } };
      case 'derived':
        // A count or sum with no rows is 0 inside a formula; a division by 0 still gives no value.
        return expressionSql(metric.formula!, (r) => zeroIfNone(metricSql(r.name, [...seen, name], prefix), { kind: 'metric', metric: r.name }));
      case 'cumulative': {
        const ref = metric.measure!;
        const agg = model.datasets.get(ref.dataset)!.measures.get(ref.measure)!.agg;
        if (agg !== 'sum' && agg !== 'count') throw new QueryError(`metric ${name} adds up ${ref.dataset}.${ref.measure} over time, but a ${agg} does not add up; use a sum or count measure`);
        const window = metric.spec.window!;
        if (window !== 'running' && !(byTime && query.grain === 'day')) {
          throw new QueryError(`metric ${name} is a rolling ${window.days}-day total: query it by time with grain day`);
        }
        const lookback = window === 'running' ? 0 : window.days - 1;
        const value: SqlExpr = { kind: 'column', name: `${prefix}${useOf(ref.dataset, ref.measure, metric.filter, time, lookback)}` };
        if (!byTime) return value;
        return {
          kind: 'window', fn: 'sum', args: [value],
          partitionBy: rowDimensions.map((d): SqlExpr => ({ kind: 'column', name: d })),
          orderBy: [{ expr: { kind: 'column', name: timeColumn } }],
          frame: window === 'running' ? { kind: 'running' } : { kind: 'days', days: window.days },
        };
      }
    }
  };
  // Counts and sums of a group without rows for a row of the result are NULL after the joins;
  // where they are a part of a ratio or formula, they count 0.
  const additive = (ref: NonNullable<ModelMetric['numerator']>): boolean => {
    if (ref.kind === 'measure') {
      const measure = model.datasets.get(ref.dataset)!.measures.get(ref.measure)!;
      return (measure.agg === 'count' || measure.agg === 'sum') && measure.overTime === null;
    }
    const metric = model.metrics.get(ref.metric)!;
    return metric.spec.type === 'simple' && additive(metric.measure!);
  };
  const zeroIfNone = (value: SqlExpr, ref: NonNullable<ModelMetric['numerator']>): SqlExpr => (additive(ref)
    ? { kind: 'function', name: 'coalesce', args: [value, { kind: 'constant', value: 0 }] } : value);
  const metricColumns = query.metrics.map((name) => ({ name, expr: metricSql(name, []) }));

  const where = query.where ? parseWhere(model, query.where) : null;
  const groups = new Map<string, MeasureUse[]>();
  for (const use of uses) {
    const key = `${use.dataset}\u0000${use.timeDimension ?? ''}\u0000${use.lookbackDays}`;
    groups.set(key, [...(groups.get(key) ?? []), use]);
  }
  const widened = (group: MeasureUse[]) => (range && group[0]!.lookbackDays > 0 ? { ...range, from: addDays(range.from, -group[0]!.lookbackDays) } : range);
  const rollupReads = [...groups.values()].map((group) => coveringRollup(rollups, {
    dataset: model.datasets.get(group[0]!.dataset)!, timeDimension: group[0]!.timeDimension, measures: group,
  }, rowDimensions, where, scope));
  const ctes = [...groups.values()].map((group, i) => ({ name: `g${i}`, query: aggregate(model, group, rowDimensions, query, where, scope, widened(group), null, '', rollupReads[i]!) }));
  const compareCtes = compare.flatMap((c) => [...groups.values()].map((group, i) => ({
    name: `${c}_g${i}`, query: aggregate(model, group, rowDimensions, query, where, scope, widened(group), shifts[c], `${c}_`, rollupReads[i]!),
  })));

  const keys = [...rowDimensions, ...(dimensions.includes(timeColumn) ? [timeColumn] : [])];
  let from: SqlFrom = { kind: 'table', name: ctes[0]!.name, alias: ctes[0]!.name };
  for (const cte of ctes.slice(1)) {
    const right: SqlFrom = { kind: 'table', name: cte.name, alias: cte.name };
    from = keys.length === 0
      ? { kind: 'join', type: 'cross', left: from, right }
      : { kind: 'join', type: 'full', left: from, right, using: keys };
  }
  // Earlier periods only annotate the rows of this one.
  for (const cte of compareCtes) {
    const right: SqlFrom = { kind: 'table', name: cte.name, alias: cte.name };
    from = keys.length === 0 ? { kind: 'join', type: 'cross', left: from, right } : { kind: 'join', type: 'left', left: from, right, using: keys };
  }
  const comparisonColumns = compare.flatMap((c) => metricColumns.flatMap((m) => {
    const before = metricSql(m.name, [], `${c}_`);
    return [
      { expr: before, alias: `${m.name}__${c}` },
      { expr: { kind: 'binary', op: '-', left: m.expr, right: before } as SqlExpr, alias: `${m.name}__${c}_change` },
      { expr: { kind: 'binary', op: '/', left: { kind: 'binary', op: '-', left: m.expr, right: before }, right: { kind: 'function', name: 'nullif', args: [before, { kind: 'constant', value: 0 }] } } as SqlExpr, alias: `${m.name}__${c}_pct` },
    ];
  }));
  const outputColumns = [
    ...keys.map((k) => ({ expr: { kind: 'column', name: k } as SqlExpr, alias: k })),
    ...metricColumns.map((m) => ({ expr: m.expr, alias: m.name })),
    ...comparisonColumns,
  ];
  const orderBy = query.order?.length
    ? query.order.map((o) => ({ expr: { kind: 'column', name: o.by } as SqlExpr, ...(o.desc ? { desc: true } : {}) }))
    : keys.map((k) => ({ expr: { kind: 'column', name: k } as SqlExpr }));
  const limit = query.limit !== undefined ? { limit: query.limit } : {};
  const shareColumns = (query.percentOfTotal ? metricColumns : []).map((m) => {
    const metric = model.metrics.get(m.name)!;
    const additive = metric.measure && ['sum', 'count'].includes(model.datasets.get(metric.measure.dataset)!.measures.get(metric.measure.measure)!.agg);
    if (metric.spec.type !== 'simple' || !additive) throw new QueryError(`${m.name} is not a sum or count, so it has no share of a total; percent of total applies to simple additive metrics`);
    const share: SqlExpr = {
      kind: 'binary', op: '/', left: m.expr,
      right: { kind: 'function', name: 'nullif', args: [{
        kind: 'window', fn: 'sum', args: [m.expr], orderBy: [], frame: { kind: 'whole' },
        partitionBy: byTime ? [{ kind: 'column', name: timeColumn }] : [],
      }, { kind: 'constant', value: 0 }] },
    };
    return { expr: share, alias: `${m.name}__share` };
  });
  // With a date range, periods come from a spine of the range: periods without rows appear (with
  // no value, or the running total so far), and the days rolling windows read before the range
  // drop out. The aggregates are joined to the spine first; metrics are computed on top.
  const spine = range !== null && byTime;
  const lookback = Math.max(0, ...uses.map((u) => u.lookbackDays));
  const aggregates = [...ctes, ...compareCtes].flatMap((cte) => cte.query.columns.map((c) => c.alias)).filter((alias) => !keys.includes(alias));
  const spineSelect = (): SqlSelect => ({
    kind: 'select',
    with: [...ctes, ...compareCtes, {
      name: 'result',
      query: { kind: 'select', columns: [...keys, ...aggregates].map((k) => ({ expr: { kind: 'column', name: k } as SqlExpr, alias: k })), from },
    }],
    columns: [...outputColumns, ...shareColumns],
    from: spineFrom({ from: addDays(range!.from, -lookback), to: range!.to }, query.grain!, rowDimensions, keys),
    ...(lookback ? {} : { orderBy, ...limit }),
  });
  const allColumns = [...outputColumns, ...shareColumns];
  const select: SqlSelect = !spine
    ? { kind: 'select', with: [...ctes, ...compareCtes], columns: allColumns, from, orderBy, ...limit }
    : lookback === 0
      ? spineSelect()
      // Rolling windows see the days before the range; those rows go after the windows are summed.
      : {
        kind: 'select',
        columns: allColumns.map((c) => ({ expr: { kind: 'column', name: c.alias } as SqlExpr, alias: c.alias })),
        from: { kind: 'derived', query: spineSelect(), alias: 'q' },
        where: { kind: 'binary', op: '>=', left: { kind: 'column', name: timeColumn }, right: { kind: 'cast', type: 'DATE', expr: { kind: 'param', value: range.from } } },
        orderBy, ...limit,
      };
  for (const o of query.order ?? []) {
    if (!keys.includes(o.by) && !query.metrics.includes(o.by)) throw new QueryError(`cannot order by "${o.by}": order by a dimension or metric of the query`);
  }
  const columns: ResultColumn[] = [
    ...rowDimensions.map((d): ResultColumn => ({ name: d, role: 'dimension', type: model.dimensions.get(d)!.type, label: model.dimensions.get(d)!.label })),
    ...(dimensions.includes(timeColumn) ? [{ name: timeColumn, role: 'dimension', type: 'date', label: { zh: '时间', en: 'Time' } } as ResultColumn] : []),
    ...query.metrics.map((name): ResultColumn => {
      const spec = model.metrics.get(name)!.spec;
      return {
        name, role: 'metric', type: 'number', label: spec.label, ...(spec.unit ? { unit: spec.unit } : {}), ...(spec.format ? { format: spec.format } : {}),
        ...(spec.direction ? { direction: spec.direction } : {}), ...(spec.target !== undefined ? { target: spec.target } : {}),
      };
    }),
    ...compare.flatMap((c) => query.metrics.flatMap((name): ResultColumn[] => {
      const spec = model.metrics.get(name)!.spec;
      const word = comparisonLabels[c];
      const same = { role: 'metric' as const, type: 'number' as const, ...(spec.unit ? { unit: spec.unit } : {}) };
      return [
        { ...same, name: `${name}__${c}`, label: { zh: `${spec.label.zh}（${word.zh}期）`, en: `${spec.label.en} (${word.en})` }, ...(spec.format ? { format: spec.format } : {}) },
        { ...same, name: `${name}__${c}_change`, label: { zh: `${spec.label.zh}${word.zh}增减`, en: `${spec.label.en} change ${word.en}` }, ...(spec.format ? { format: spec.format } : {}) },
        { role: 'metric', type: 'number', name: `${name}__${c}_pct`, label: { zh: `${spec.label.zh}${word.zh}增长率`, en: `${spec.label.en} % change ${word.en}` }, format: 'percent' },
      ];
    })),
    ...(query.percentOfTotal ? query.metrics.map((name): ResultColumn => ({
      name: `${name}__share`, role: 'metric', type: 'number', format: 'percent',
      label: { zh: `${model.metrics.get(name)!.spec.label.zh}占比`, en: `${model.metrics.get(name)!.spec.label.en} share` },
    })) : []),
  ];
  const plan: QueryPlan = {
    metrics: query.metrics, keys, grain: query.grain ?? null, range,
    groups: [...groups.values()].map((group, i) => ({
      dataset: group[0]!.dataset, timeDimension: group[0]!.timeDimension, lookbackDays: group[0]!.lookbackDays,
      measures: group.map((u) => ({ alias: u.alias, measure: u.measure, metricFilter: u.filter !== null })),
      rollup: rollupReads[i]?.rollup ?? null,
    })),
    comparisons: compare, dateSpine: spine, percentOfTotal: query.percentOfTotal ?? false,
    rowFilters: scope?.rowFilters ?? [], closedDatasets: closedDatasets(model, uses.map((u) => u.dataset), scope),
  };
  return { plan, select, columns };
}

const comparisonLabels: Record<Comparison, { zh: string; en: string }> = {
  yoy: { zh: '同比', en: 'vs last year' },
  mom: { zh: '环比', en: 'vs last month' },
  previous_period: { zh: '上期', en: 'vs previous period' },
};

/** Every period of the range (crossed with the dimension values found), left-joined to the result. */
function spineFrom(range: DayRange, grain: TimeGrain, rowDimensions: string[], keys: string[]): SqlFrom {
  const periods: SqlFrom = {
    kind: 'derived', alias: 'periods',
    query: {
      kind: 'select', distinct: true,
      columns: [{ expr: { kind: 'truncTime', grain, expr: { kind: 'column', table: 'd', name: 'day' } }, alias: timeColumn }],
      from: { kind: 'days', from: { kind: 'cast', type: 'DATE', expr: { kind: 'param', value: range.from } }, to: { kind: 'cast', type: 'DATE', expr: { kind: 'param', value: range.to } }, alias: 'd' },
    },
  };
  const frame: SqlFrom = rowDimensions.length === 0 ? periods : {
    kind: 'join', type: 'cross', left: periods,
    right: {
      kind: 'derived', alias: 'members',
      query: { kind: 'select', distinct: true, columns: rowDimensions.map((d) => ({ expr: { kind: 'column', name: d } as SqlExpr, alias: d })), from: { kind: 'table', name: 'result', alias: 'result' } },
    },
  };
  return { kind: 'join', type: 'left', left: frame, right: { kind: 'table', name: 'result', alias: 'result' }, using: keys };
}

/**
 * One dataset's measures for one time dimension, over the rows within the access scope. With a
 * `shift`, rows that far back are counted as if they were that much later, so last year's March
 * lands in this year's March.
 */
function aggregate(
  model: SemanticModel, group: MeasureUse[], rowDimensions: string[], query: MetricQuery, where: ModelExpr | null, scope: AccessScope | undefined,
  range: DayRange | null, shift: Shift | null, prefix: string, rollup: RollupRead | null,
): SqlSelect {
  if (rollup) return aggregateRollup(model.datasets.get(group[0]!.dataset)!, rollup, rowDimensions, query, where, scope, range, shift, prefix);
  const dataset = model.datasets.get(group[0]!.dataset)!;
  const alias = 't';
  const column = (r: ModelResolution): SqlExpr => ({ kind: 'column', table: r.relationship ?? alias, name: r.name });
  const dimensionSql = (name: string): SqlExpr => {
    const d = dataset.dimensions.get(name);
    if (!d) throw new QueryError(`${dataset.name} has no dimension "${name}", so its measures (${group.map((u) => u.measure).join(', ')}) cannot be split or filtered by it`);
    return expressionSql(d.expr, column);
  };
  const dayColumn: SqlExpr = { kind: 'column', table: 't', name: 'day' };
  const timeName = group[0]!.timeDimension;
  const rowTime = timeName === null ? null
    : dataset.spans && timeName === spanDay ? dayColumn
      : expressionSql(dataset.timeDimensions.get(timeName)!.expr, column);
  const time: SqlExpr | null = rowTime && shift
    ? { kind: 'dateAdd', unit: shift.unit, amount: { kind: 'constant', value: shift.amount }, expr: rowTime }
    : rowTime;
  const conditions: SqlExpr[] = [];
  if (range && time) conditions.push(...inRange(time, range));
  if (where) conditions.push(expressionSql(where, (r) => dimensionSql(r.name)));
  conditions.push(...scopeConditions(dataset, scope, dimensionSql));
  const groupBy: { expr: SqlExpr; alias: string }[] = rowDimensions.map((d) => ({ expr: dimensionSql(d), alias: d }));
  if (query.dimensions?.includes(timeColumn) && time) {
    // A row without a time belongs to no period.
    conditions.push({ kind: 'isNull', expr: time, negated: true });
    groupBy.push({ expr: { kind: 'truncTime', grain: query.grain!, expr: time }, alias: timeColumn });
  }
  // Semi-additive measures count only each period's last day: the rows are read with that day
  // (the latest time in their group of the query's dimensions and period) alongside.
  const lastOverTime = group.some((use) => dataset.measures.get(use.measure)!.overTime === 'last');
  if (lastOverTime && !time) throw new QueryError(`${dataset.name} has a measure taken on the last day of each period, so its metric needs a time dimension`);
  // The last day is found on the rows' own days: shifted a year or a month, 2024-02-28 and 02-29
  // (or 08-30 and 08-31) both land on one day, and only the later is the period's last.
  const onLastDay: SqlExpr | null = lastOverTime ? { kind: 'binary', op: '=', left: rowTime!, right: { kind: 'column', table: alias, name: '_last_day' } } : null;
  const measures = group.map((use) => {
    const measure = dataset.measures.get(use.measure)!;
    const filters = [measure.filter, use.filter].filter((f): f is ModelExpr => f !== null)
      .map((f) => expressionSql(f, f === use.filter ? (r) => dimensionSql(r.name) : column));
    if (measure.overTime === 'last') filters.push(onLastDay!);
    const filter = filters.reduce<SqlExpr | undefined>((acc, f) => (acc ? { kind: 'binary', op: 'AND', left: acc, right: f } : f), undefined);
    const expr: SqlExpr = {
      kind: 'aggregate', fn: measure.agg, arg: measure.expr ? expressionSql(measure.expr, column) : null,
      ...(filter ? { filter } : {}), ...(measure.fraction !== null ? { fraction: measure.fraction } : {}),
    };
    return { expr, alias: `${prefix}${use.alias}`, filter };
  });
  // Rows no measure counts are left out, so a dimension value appears only where the metric has rows.
  // Conditions every measure's filter has (deaths and discharges both need a discharge) go to the
  // WHERE clause once; each measure keeps only the rest as its FILTER, and where every measure
  // still has some, their OR is the WHERE clause too.
  // (Not with a last-day measure: its filter reads the last day, known only after the row filter.)
  let aggregates = measures.map(({ expr, alias: name }) => ({ expr, alias: name }));
  if (!lastOverTime && measures.every((m) => m.filter)) {
    const terms = measures.map((m) => conjuncts(m.filter!));
    const common = terms[0]!.filter((t) => terms.every((ts) => ts.some((u) => JSON.stringify(u) === JSON.stringify(t))));
    const rest = terms.map((ts) => ts.filter((t) => !common.some((c) => JSON.stringify(c) === JSON.stringify(t))));
    conditions.push(...common);
    if (rest.every((r) => r.length > 0)) {
      conditions.push(rest.map((r) => allOf(r)).reduce((acc, r): SqlExpr => (JSON.stringify(acc) === JSON.stringify(r) ? acc : { kind: 'binary', op: 'OR', left: acc, right: r })));
    }
    aggregates = measures.map(({ expr, alias: name }, i) => ({
      expr: expr.kind === 'aggregate' ? { ...expr, filter: rest[i]!.length > 0 && !rest.every((r) => JSON.stringify(r) === JSON.stringify(rest[0])) ? allOf(rest[i]!) : undefined } : expr,
      alias: name,
    }));
  }
  const read = group.map((use) => dataset.measures.get(use.measure)!);
  const sequences = readsSequence(dataset, read.flatMap((measure) => [measure.expr, measure.filter]));
  const from = withLookups(dataset, dataset.spans ? spanFrom(dataset) : datasetFrom(dataset, alias, sequences), alias,
    [groupBy, aggregates, conditions]);
  const rowFilter: SqlExpr | undefined = conditions.length ? conditions.reduce((a, c) => ({ kind: 'binary', op: 'AND', left: a, right: c })) : undefined;
  const rows: SqlFrom = !lastOverTime ? from : {
    kind: 'derived', alias,
    query: {
      kind: 'select',
      columns: [
        { expr: { kind: 'star', table: alias }, alias: '*' },
        { expr: { kind: 'window', fn: 'max', args: [rowTime!], partitionBy: groupBy.map((g) => g.expr), orderBy: [], frame: { kind: 'whole' } }, alias: '_last_day' },
      ],
      from, ...(rowFilter ? { where: rowFilter } : {}),
    },
  };
  return {
    kind: 'select',
    columns: [...groupBy, ...aggregates],
    from: rows,
    ...(rowFilter && !lastOverTime ? { where: rowFilter } : {}),
    // By position: the same expression printed twice would bind its parameters twice, and the
    // engines do not see $3 and $6 as the same group key.
    ...(groupBy.length ? { groupBy: groupBy.map((_, i): SqlExpr => ({ kind: 'constant', value: i + 1 })) } : {}),
  };
}

/** The terms of a chain of ANDs. */
function conjuncts(e: SqlExpr): SqlExpr[] {
  return e.kind === 'binary' && e.op === 'AND' ? [...conjuncts(e.left), ...conjuncts(e.right)] : [e];
}

const allOf = (terms: SqlExpr[]): SqlExpr => terms.reduce((a, t) => ({ kind: 'binary', op: 'AND', left: a, right: t }));

/** The conditions placing a row's time in `range`: from its first day to before the day after its last. */
function inRange(time: SqlExpr, range: DayRange): SqlExpr[] {
  return [
    { kind: 'binary', op: '>=', left: time, right: { kind: 'cast', type: 'DATE', expr: { kind: 'param', value: range.from } } },
    { kind: 'binary', op: '<', left: time, right: { kind: 'cast', type: 'DATE', expr: { kind: 'dateAdd', unit: 'day', amount: { kind: 'constant', value: 1 }, expr: { kind: 'cast', type: 'DATE', expr: { kind: 'param', value: range.to } } } } },
  ];
}

/** `aggregate` over a rollup's rows: the same conditions and groups, on days and dimension columns. */
function aggregateRollup(
  dataset: ModelDataset, rollup: RollupRead, rowDimensions: string[], query: MetricQuery, where: ModelExpr | null, scope: AccessScope | undefined,
  range: DayRange | null, shift: Shift | null, prefix: string,
): SqlSelect {
  const time: SqlExpr = shift ? { kind: 'dateAdd', unit: shift.unit, amount: { kind: 'constant', value: shift.amount }, expr: rollup.day } : rollup.day;
  const conditions: SqlExpr[] = range ? inRange(time, range) : [];
  if (where) conditions.push(expressionSql(where, (r) => rollup.dimensionSql(r.name)));
  conditions.push(...scopeConditions(dataset, scope, rollup.dimensionSql));
  const groupBy: { expr: SqlExpr; alias: string }[] = rowDimensions.map((d) => ({ expr: rollup.dimensionSql(d), alias: d }));
  if (query.dimensions?.includes(timeColumn)) {
    conditions.push({ kind: 'isNull', expr: time, negated: true });
    groupBy.push({ expr: { kind: 'truncTime', grain: query.grain!, expr: time }, alias: timeColumn });
  }
  // As from the rows: where every measure counts only some rows, days none of them counted are left out.
  const counts = rollup.measures.map((m) => m.counts);
  if (counts.every((c) => c !== null)) conditions.push(counts.reduce((a, c) => ({ kind: 'binary', op: 'OR', left: a!, right: c! }))!);
  return {
    kind: 'select',
    columns: [...groupBy, ...rollup.measures.map((m) => ({ expr: m.expr, alias: `${prefix}${m.alias}` }))],
    from: rollup.from,
    ...(conditions.length ? { where: conditions.reduce((a, c) => ({ kind: 'binary', op: 'AND', left: a, right: c })) } : {}),
    ...(groupBy.length ? { groupBy: groupBy.map((_, i): SqlExpr => ({ kind: 'constant', value: i + 1 })) } : {}),
  };
}
