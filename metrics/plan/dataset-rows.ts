// How a model dataset's rows are read, for the aggregates of a query and for the detail rows behind
// them alike: its table with lookups joined, sequence columns computed over the whole table, and
// the days a span row occupies.
import { nodesOf } from '../language/index.ts';
import type { ModelDataset, ModelExpr, ModelResolution } from '../model/semantic-model.ts';
import type { SqlExpr, SqlFrom } from '../sql/sql-ast.ts';
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

/** A dataset's table, with its sequence columns (next/previous row of the same entity) added over the whole table. */
export function datasetFrom(dataset: ModelDataset, alias: string): SqlFrom {
  if (dataset.sequences.length === 0) return { kind: 'table', name: dataset.table, alias };
  const all = (name: string): SqlExpr => ({ kind: 'column', table: 'r', name });
  return {
    kind: 'derived',
    alias,
    query: {
      kind: 'select',
      columns: [
        { expr: { kind: 'star', table: 'r' }, alias: '*' },
        ...dataset.sequences.map((s) => ({
          expr: { kind: 'neighbour', fn: s.direction === 'next' ? 'lead' : 'lag', arg: all(s.of), partitionBy: [all(s.by)], orderBy: [{ expr: all(s.order) }] } as SqlExpr,
          alias: s.name,
        })),
      ],
      from: { kind: 'table', name: dataset.table, alias: 'r' },
    },
  };
}

type Spans = { start: ModelExpr; end: ModelExpr };
const asDate = (e: SqlExpr): SqlExpr => ({ kind: 'cast', type: 'DATE', expr: e });
const and = (a: SqlExpr, b: SqlExpr): SqlExpr => ({ kind: 'binary', op: 'AND', left: a, right: b });
const or = (a: SqlExpr, b: SqlExpr): SqlExpr => ({ kind: 'binary', op: 'OR', left: a, right: b });

/** The smallest or largest value of `e` in the whole table. */
function bound(table: string, fn: 'min' | 'max', e: SqlExpr): SqlExpr {
  return {
    kind: 'subquery',
    query: { kind: 'select', columns: [{ expr: { kind: 'aggregate', fn, arg: e }, alias: 'v' }], from: { kind: 'table', name: table, alias: 't' } },
  };
}

/**
 * A span dataset's rows, each joined to every day it occupies: the days from its start up to
 * (not including) its end, which are the midnights spent; a row starting and ending on one day
 * occupies that day; an open end occupies every day to the last day in the data.
 */
export function spanFrom(table: string, spans: Spans, column: (r: ModelResolution) => SqlExpr, day: SqlExpr): SqlFrom {
  const start = asDate(expressionSql(spans.start, column));
  const end = asDate(expressionSql(spans.end, column));
  const occupies = and(
    { kind: 'binary', op: '>=', left: day, right: start },
    or(
      or({ kind: 'isNull', expr: end, negated: false }, { kind: 'binary', op: '<', left: day, right: end }),
      and({ kind: 'binary', op: '=', left: start, right: end }, { kind: 'binary', op: '=', left: day, right: start }),
    ),
  );
  return {
    kind: 'join', type: 'inner',
    left: { kind: 'table', name: table, alias: 't' },
    right: { kind: 'days', from: bound(table, 'min', start), to: bound(table, 'max', { kind: 'function', name: 'coalesce', args: [end, start] }), alias: 'd' },
    on: occupies,
  };
}

/**
 * The span rows occupying at least one day of `window` (either bound may be open), by the rule of
 * `spanFrom` without listing the days: a row's last day is the day before its end, its start for a
 * same-day row, the last day in the data for an open end.
 */
export function spanOccupies(table: string, spans: Spans, column: (r: ModelResolution) => SqlExpr, window: Partial<DayRange>): SqlExpr {
  const start = asDate(expressionSql(spans.start, column));
  const end = asDate(expressionSql(spans.end, column));
  const lastDay: SqlExpr = {
    kind: 'case',
    whens: [
      { when: { kind: 'isNull', expr: end, negated: false }, then: bound(table, 'max', { kind: 'function', name: 'coalesce', args: [end, start] }) },
      { when: { kind: 'binary', op: '=', left: end, right: start }, then: start },
    ],
    else: asDate({ kind: 'dateAdd', unit: 'day', amount: { kind: 'constant', value: -1 }, expr: end }),
  };
  const day = (d: string): SqlExpr => asDate({ kind: 'param', value: d });
  // Its first day in the window; a row whose end comes before its start occupies no day.
  const first: SqlExpr = window.from === undefined ? start : { kind: 'function', name: 'greatest', args: [start, day(window.from)] };
  const occupies: SqlExpr = { kind: 'binary', op: '>=', left: lastDay, right: first };
  return window.to === undefined ? occupies : and(occupies, { kind: 'binary', op: '<=', left: start, right: day(window.to) });
}
