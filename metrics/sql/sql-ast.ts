// The SQL the compiler produces, as plain data. Dialects print it; nothing else builds SQL text.
// Values that come from users or definitions travel as `param` nodes and become bound
// parameters; identifiers come only from the semantic model and are quoted by the dialect.

export type SqlValue = string | number | boolean | null;
export type TimeGrain = 'day' | 'week' | 'month' | 'quarter' | 'year';
export type TimeUnit = 'second' | 'minute' | 'hour' | 'day' | 'week' | 'month' | 'year';
export type DatePart = 'year' | 'quarter' | 'month' | 'week' | 'day' | 'day_of_week' | 'hour';
export type CastType = 'DATE' | 'TIMESTAMP' | 'DOUBLE' | 'BIGINT' | 'INTEGER' | 'VARCHAR' | 'BOOLEAN';
export type BinaryOperator = '+' | '-' | '*' | '/' | '%' | '||' | '=' | '<>' | '<' | '<=' | '>' | '>=' | 'AND' | 'OR';
export type AggregateFunction = 'sum' | 'count' | 'count_distinct' | 'avg' | 'min' | 'max' | 'median' | 'percentile' | 'last' | 'any_value';
/** Scalar functions with the same name and meaning in every dialect we print. */
export type PortableFunction =
  | 'coalesce' | 'nullif' | 'greatest' | 'least' | 'round' | 'abs' | 'floor' | 'ceil'
  | 'lower' | 'upper' | 'trim' | 'length' | 'substr' | 'left' | 'right' | 'replace' | 'concat' | 'strpos';

export type SqlExpr =
  | { kind: 'column'; table?: string; name: string }
  | { kind: 'param'; value: SqlValue }
  /** Numbers and booleans the compiler itself chose (never user text). */
  | { kind: 'constant'; value: number | boolean | null }
  | { kind: 'star'; table?: string }
  | { kind: 'unary'; op: 'NOT' | '-'; arg: SqlExpr }
  | { kind: 'binary'; op: BinaryOperator; left: SqlExpr; right: SqlExpr }
  | { kind: 'in'; expr: SqlExpr; list: SqlExpr[]; negated: boolean }
  | { kind: 'between'; expr: SqlExpr; low: SqlExpr; high: SqlExpr; negated: boolean }
  | { kind: 'like'; expr: SqlExpr; pattern: SqlExpr; negated: boolean; caseInsensitive: boolean }
  | { kind: 'isNull'; expr: SqlExpr; negated: boolean }
  | { kind: 'case'; whens: { when: SqlExpr; then: SqlExpr }[]; else?: SqlExpr }
  | { kind: 'cast'; expr: SqlExpr; type: CastType }
  | { kind: 'function'; name: PortableFunction; args: SqlExpr[] }
  | { kind: 'truncTime'; grain: TimeGrain; expr: SqlExpr }
  | { kind: 'datePart'; part: DatePart; expr: SqlExpr }
  | { kind: 'dateDiff'; unit: TimeUnit; from: SqlExpr; to: SqlExpr }
  | { kind: 'dateAdd'; unit: TimeUnit; amount: SqlExpr; expr: SqlExpr }
  | { kind: 'aggregate'; fn: AggregateFunction; arg: SqlExpr | null; filter?: SqlExpr; fraction?: number; orderBy?: SqlExpr }
  /** `frame`: every row so far, the rows whose (date) order key is within `days` days up to this
   *  one, or (`whole`) every row of the partition. */
  | { kind: 'window'; fn: 'sum' | 'max'; args: SqlExpr[]; partitionBy: SqlExpr[]; orderBy: SqlOrder[]; frame: { kind: 'running' } | { kind: 'days'; days: number } | { kind: 'whole' } }
  /** The value of `arg` in the next (lead) or previous (lag) row of the partition. */
  | { kind: 'neighbour'; fn: 'lead' | 'lag'; arg: SqlExpr; partitionBy: SqlExpr[]; orderBy: SqlOrder[] }
  | { kind: 'subquery'; query: SqlSelect }
  /** Every day from `from` to `to` (dates, inclusive), one output row each: a set-returning
   *  column, for a SELECT that lists the days each row spans (none when `to` is before `from`). */
  | { kind: 'daysOf'; from: SqlExpr; to: SqlExpr };

export interface SqlOrder {
  expr: SqlExpr;
  desc?: boolean;
}

export type SqlFrom =
  | { kind: 'table'; schema?: string; name: string; alias: string }
  | { kind: 'derived'; query: SqlSelect; alias: string }
  /** Every day from `from` to `to`, inclusive, as column `day` (the date spine). */
  | { kind: 'days'; from: SqlExpr; to: SqlExpr; alias: string }
  /** The rows of every query, one after another (UNION ALL); the first query names the columns. */
  | { kind: 'union'; queries: SqlSelect[]; alias: string }
  /** `using` joins on same-named columns and merges them (a full join keeps either side's value). */
  | { kind: 'join'; type: 'inner' | 'left' | 'full' | 'cross'; left: SqlFrom; right: SqlFrom; on?: SqlExpr; using?: string[] };

export interface SqlSelect {
  kind: 'select';
  with?: { name: string; query: SqlSelect }[];
  distinct?: boolean;
  /** A `star` column keeps the names it brings; its alias is ignored. */
  columns: { expr: SqlExpr; alias: string }[];
  from?: SqlFrom;
  where?: SqlExpr;
  groupBy?: SqlExpr[];
  having?: SqlExpr;
  orderBy?: SqlOrder[];
  limit?: number;
  /** Rows skipped before the first one returned (paging); with an `orderBy` that orders every row. */
  offset?: number;
}

/** Small constructors, so compiler code reads like the SQL it builds. */
export const sql = {
  column: (name: string, table?: string): SqlExpr => ({ kind: 'column', name, ...(table ? { table } : {}) }),
  param: (value: SqlValue): SqlExpr => ({ kind: 'param', value }),
  constant: (value: number | boolean | null): SqlExpr => ({ kind: 'constant', value }),
  binary: (op: BinaryOperator, left: SqlExpr, right: SqlExpr): SqlExpr => ({ kind: 'binary', op, left, right }),
  and: (...terms: SqlExpr[]): SqlExpr | undefined => terms.reduce<SqlExpr | undefined>((acc, t) => (acc ? { kind: 'binary', op: 'AND', left: acc, right: t } : t), undefined),
  fn: (name: PortableFunction, ...args: SqlExpr[]): SqlExpr => ({ kind: 'function', name, args }),
};
