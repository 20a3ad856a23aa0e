// How a model dataset's rows are read, for the aggregates of a query and for the detail rows behind
// them alike: its table with lookups joined, sequence columns computed over the whole table, and
// the days a span row occupies.
import { nodesOf } from '../language/index.ts';
import { segmentColumns, type ModelDataset, type ModelExpr, type ModelResolution } from '../model/semantic-model.ts';
import type { SegmentsSpec, SequenceSpec } from '../model/model-spec.ts';
import type { SqlExpr, SqlFrom, SqlSelect } from '../sql/sql-ast.ts';
import { expressionSql } from './expression-sql.ts';
import type { DayRange } from './time-range.ts';

/**
 * Each relationship as a LEFT JOIN on the related dataset's whole key: at most one match per row.
 * With `read` (what the query computes from the rows), only the lookups it reads a column of: a
 * join nothing reads changes no number (at most one match per row) but costs time.
 */
export function withLookups(dataset: ModelDataset, from: SqlFrom, alias: string, read?: unknown): SqlFrom {
  const used = read === undefined ? null : tablesRead(read);
  return dataset.relationships.filter((r) => used === null || used.has(r.name)).reduce<SqlFrom>((left, r) => ({
    kind: 'join', type: 'left', left,
    right: { kind: 'table', name: r.table, alias: r.name },
    on: r.on.map(([mine, theirs]): SqlExpr => ({ kind: 'binary', op: '=', left: { kind: 'column', table: alias, name: mine }, right: { kind: 'column', table: r.name, name: theirs } }))
      .reduce((a, b) => ({ kind: 'binary', op: 'AND', left: a, right: b })),
  }), from);
}

/** The table aliases that column references anywhere in `node` (SQL AST, plain data) name. */
function tablesRead(node: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(node)) node.forEach((n) => tablesRead(n, found));
  else if (node !== null && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if (o.kind === 'column' && typeof o.table === 'string') found.add(o.table);
    Object.values(o).forEach((v) => tablesRead(v, found));
  }
  return found;
}

/** Whether any of `exprs` reads a sequence column: those cost a window over the whole table, so they are computed only when read. */
export function readsSequence(dataset: ModelDataset, exprs: (ModelExpr | null)[]): boolean {
  return dataset.sequences.length > 0 && exprs.some((e) => e !== null
    && nodesOf(e).some((n) => n.kind === 'reference' && dataset.sequences.some((q) => q.name === n.path.at(-1))));
}

/**
 * A dataset's rows as queries read them: its table; cut into segments (a stay at its transfers);
 * or with its sequence columns (next/previous row of the same entity) added over the whole table
 * when `sequences` says a query reads them.
 */
export function datasetFrom(dataset: ModelDataset, alias: string, sequences = dataset.sequences.length > 0): SqlFrom {
  if (dataset.segments) return segmentsFrom(dataset.table, dataset.segments, alias);
  if (!sequences || dataset.sequences.length === 0) return { kind: 'table', name: dataset.table, alias };
  const all = (name: string): SqlExpr => ({ kind: 'column', table: 'r', name });
  // A sequence `after` a time is a lookup of its own (joined on the key); the others are windows.
  const from = dataset.sequences.reduce<SqlFrom>((left, s, i) => (s.after === undefined ? left : {
    kind: 'join', type: 'left', left, right: firstAtOrAfter(dataset, s, `q${i}`),
    on: { kind: 'binary', op: '=', left: all(dataset.primaryKey!), right: { kind: 'column', table: `q${i}`, name: '_key' } },
  }), { kind: 'table', name: dataset.table, alias: 'r' });
  return {
    kind: 'derived',
    alias,
    query: {
      kind: 'select',
      columns: [
        { expr: { kind: 'star', table: 'r' }, alias: '*' },
        ...dataset.sequences.map((s, i) => ({
          expr: s.after === undefined
            ? { kind: 'neighbour', fn: s.direction === 'next' ? 'lead' : 'lag', arg: all(s.of), partitionBy: [all(s.by)], orderBy: [{ expr: all(s.order) }] } as SqlExpr
            : { kind: 'column', table: `q${i}`, name: 'v' } as SqlExpr,
          alias: s.name,
        })),
      ],
      from,
    },
  };
}

/**
 * Per row (by key), the first `of` among the other rows of the same entity whose `of` is at or
 * after this row's `after`: a join of the table with itself on the entity, grouped by the key
 * (an equi-join both engines hash, where a correlated subquery would scan once per row).
 */
function firstAtOrAfter(dataset: ModelDataset, s: SequenceSpec, alias: string): SqlFrom {
  const mine = (name: string): SqlExpr => ({ kind: 'column', table: 'a', name });
  const theirs = (name: string): SqlExpr => ({ kind: 'column', table: 'n', name });
  const key = dataset.primaryKey!;
  return {
    kind: 'derived', alias,
    query: {
      kind: 'select',
      columns: [{ expr: mine(key), alias: '_key' }, { expr: { kind: 'aggregate', fn: 'min', arg: theirs(s.of) }, alias: 'v' }],
      from: {
        kind: 'join', type: 'inner', left: { kind: 'table', name: dataset.table, alias: 'a' }, right: { kind: 'table', name: dataset.table, alias: 'n' },
        on: and(
          and({ kind: 'binary', op: '=', left: theirs(s.by), right: mine(s.by) }, { kind: 'binary', op: '>=', left: theirs(s.of), right: mine(s.after!) }),
          { kind: 'binary', op: '<>', left: theirs(key), right: mine(key) },
        ),
      },
      groupBy: [{ kind: 'constant', value: 1 }],
    },
  };
}

/**
 * Each row of `table` cut at its changes: a first segment from its start with the initial
 * columns, then one from each change timed within the row (start ≤ at ≤ end, or after start
 * while the row is open), each ending where the next begins and the last at the row's end.
 */
function segmentsFrom(table: string, segments: SegmentsSpec, alias: string): SqlFrom {
  const col = (t: string, name: string): SqlExpr => ({ kind: 'column', table: t, name });
  const names = Object.keys(segments.initial);
  const events: SqlFrom = {
    kind: 'union', alias: 'e',
    queries: [
      {
        kind: 'select',
        columns: [
          { expr: col('s', segments.key), alias: '_key' },
          { expr: col('s', segments.start), alias: segmentColumns.start },
          ...names.map((n) => ({ expr: col('s', segments.initial[n]!), alias: n })),
          { expr: { kind: 'constant', value: 0 }, alias: '_order' },
        ],
        from: { kind: 'table', name: table, alias: 's' },
      },
      {
        kind: 'select',
        columns: [
          { expr: col('c', segments.changes.key), alias: '_key' },
          { expr: col('c', segments.changes.at), alias: segmentColumns.start },
          ...names.map((n) => ({ expr: col('c', segments.changes.set[n]!), alias: n })),
          { expr: { kind: 'constant', value: 1 }, alias: '_order' },
        ],
        from: { kind: 'table', name: segments.changes.table, alias: 'c' },
      },
    ],
  };
  const next: SqlExpr = {
    kind: 'neighbour', fn: 'lead', arg: col('e', segmentColumns.start), partitionBy: [col('e', '_key')],
    orderBy: [{ expr: col('e', segmentColumns.start) }, { expr: col('e', '_order') }],
  };
  const end = col('r', segments.end);
  return {
    kind: 'derived', alias,
    query: {
      kind: 'select',
      columns: [
        { expr: { kind: 'star', table: 'r' }, alias: '*' },
        ...names.map((n) => ({ expr: col('e', n), alias: n })),
        { expr: col('e', segmentColumns.start), alias: segmentColumns.start },
        { expr: { kind: 'function', name: 'coalesce', args: [next, end] }, alias: segmentColumns.end },
        { expr: { kind: 'isNull', expr: next, negated: false }, alias: segmentColumns.last },
      ],
      from: {
        kind: 'join', type: 'inner', left: events, right: { kind: 'table', name: table, alias: 'r' },
        on: and(
          and({ kind: 'binary', op: '=', left: col('r', segments.key), right: col('e', '_key') }, { kind: 'binary', op: '>=', left: col('e', segmentColumns.start), right: col('r', segments.start) }),
          or({ kind: 'isNull', expr: end, negated: false }, { kind: 'binary', op: '<=', left: col('e', segmentColumns.start), right: end }),
        ),
      },
    },
  };
}

const asDate = (e: SqlExpr): SqlExpr => ({ kind: 'cast', type: 'DATE', expr: e });
function and(a: SqlExpr, b: SqlExpr): SqlExpr {
  return { kind: 'binary', op: 'AND', left: a, right: b };
}
function or(a: SqlExpr, b: SqlExpr): SqlExpr {
  return { kind: 'binary', op: 'OR', left: a, right: b };
}

/** The smallest or largest value of `e` over a dataset's rows. */
function bound(dataset: ModelDataset, fn: 'min' | 'max', e: SqlExpr): SqlExpr {
  return {
    kind: 'subquery',
    query: { kind: 'select', columns: [{ expr: { kind: 'aggregate', fn, arg: e }, alias: 'v' }], from: datasetFrom(dataset, 't', false) },
  };
}

/** A span row's first and last day, by the dataset's rule (see spanFrom); `dataEnd` is the last day in the data. */
function spanDays(dataset: ModelDataset, column: (r: ModelResolution) => SqlExpr, dataEnd?: SqlExpr): { start: SqlExpr; end: SqlExpr; last: SqlExpr } {
  const spans = dataset.spans!;
  const start = asDate(expressionSql(spans.start, column));
  const end = asDate(expressionSql(spans.end, column));
  dataEnd ??= bound(dataset, 'max', { kind: 'function', name: 'coalesce', args: [end, start] });
  const sameDay: SqlExpr = spans.sameDay
    ? and({ kind: 'binary', op: '=', left: end, right: start }, expressionSql(spans.sameDay, column))
    : { kind: 'binary', op: '=', left: end, right: start };
  const last: SqlExpr = {
    kind: 'case',
    whens: [
      { when: { kind: 'isNull', expr: end, negated: false }, then: dataEnd },
      ...(spans.days === 'present' ? [] : [{ when: sameDay, then: start }]),
    ],
    else: spans.days === 'present' ? end : asDate({ kind: 'dateAdd', unit: 'day', amount: { kind: 'constant', value: -1 }, expr: end }),
  };
  return { start, end, last };
}

/**
 * A span dataset's rows, each once for every day it occupies (as column `day` of alias `t`).
 * Counting midnights (the national census): the days from its start up to (not including) its
 * end; a row starting and ending on one day occupies that day (only the rows `sameDay` admits,
 * when given). Counting presence: every day from its start to its end. An open end occupies every
 * day to the last day in the data. Each row lists its own days (no join over a calendar), and its
 * first and last day are computed once, the data's last day as a window over all rows.
 */
export function spanFrom(dataset: ModelDataset): SqlFrom {
  const own = (r: ModelResolution): SqlExpr => ({ kind: 'column', table: 'r', name: r.name });
  const { start, last } = spanDays(dataset, own, { kind: 'window', fn: 'max', args: [{ kind: 'function', name: 'coalesce', args: [asDate(expressionSql(dataset.spans!.end, own)), asDate(expressionSql(dataset.spans!.start, own))] }], partitionBy: [], orderBy: [], frame: { kind: 'whole' } });
  const bounded: SqlSelect = {
    kind: 'select',
    columns: [{ expr: { kind: 'star', table: 'r' }, alias: '*' }, { expr: start, alias: '_span_first' }, { expr: last, alias: '_span_last' }],
    from: datasetFrom(dataset, 'r', false),
  };
  const x = (name: string): SqlExpr => ({ kind: 'column', table: 'x', name });
  return {
    kind: 'derived', alias: 't',
    query: {
      kind: 'select',
      columns: [{ expr: { kind: 'star', table: 'x' }, alias: '*' }, { expr: { kind: 'daysOf', from: x('_span_first'), to: x('_span_last') }, alias: 'day' }],
      from: { kind: 'derived', alias: 'x', query: bounded },
    },
  };
}

/**
 * The span rows occupying at least one day of `window` (either bound may be open), by the rule of
 * `spanFrom` without listing the days.
 */
export function spanOccupies(dataset: ModelDataset, column: (r: ModelResolution) => SqlExpr, window: Partial<DayRange>): SqlExpr {
  const { start, last } = spanDays(dataset, column);
  const day = (d: string): SqlExpr => asDate({ kind: 'param', value: d });
  // Its first day in the window; a row whose end comes before its start occupies no day.
  const first: SqlExpr = window.from === undefined ? start : { kind: 'function', name: 'greatest', args: [start, day(window.from)] };
  const occupies: SqlExpr = { kind: 'binary', op: '>=', left: last, right: first };
  return window.to === undefined ? occupies : and(occupies, { kind: 'binary', op: '<=', left: start, right: day(window.to) });
}
