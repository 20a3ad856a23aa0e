// The expression AST: plain, JSON-serializable data shared by the parser, the type checker, the
// printer and (through the typed AST) the planner. No classes, no functions, no SQL text.
//
// One generic shape serves both stages: `Expr` is what the parser produces; `TypedExpr` is the
// same tree with every node annotated with its value type and level, and every reference with
// what the model resolved it to.

/** `line` and `column` are 1-based and include the parse origin (the file position of the
 *  expression); `offset` is 0-based in the expression's own text. `end` is just past the node. */
export interface Position {
  line: number;
  column: number;
  offset: number;
}

export interface Span {
  start: Position;
  end: Position;
}

export type ValueType = 'number' | 'string' | 'boolean' | 'date' | 'timestamp' | 'null';

/** constant: literals only; row: per-row values (columns); aggregate: measures and metrics. */
export type Level = 'constant' | 'row' | 'aggregate';

export type ArithmeticOperator = '+' | '-' | '*' | '/' | '%';
/** `!=` is read as `<>`. */
export type ComparisonOperator = '=' | '<>' | '<' | '<=' | '>' | '>=';
export type LogicalOperator = 'and' | 'or';
export type BinaryOperator = ArithmeticOperator | '||' | ComparisonOperator | LogicalOperator;
export type UnaryOperator = '-' | 'not';

export type NoAnnotation = Record<never, never>;

/** Literal values are values, never SQL text: the planner binds them as parameters. Dates are
 *  `YYYY-MM-DD`, timestamps `YYYY-MM-DD HH:MM:SS[.ffffff]` (local time, no zone), both checked
 *  to be real calendar values by the parser. */
export type LiteralExpr<A extends object = NoAnnotation> = (
  | { kind: 'literal'; valueType: 'number'; value: number; span: Span }
  | { kind: 'literal'; valueType: 'string'; value: string; span: Span }
  | { kind: 'literal'; valueType: 'boolean'; value: boolean; span: Span }
  | { kind: 'literal'; valueType: 'null'; value: null; span: Span }
  | { kind: 'literal'; valueType: 'date'; value: string; span: Span }
  | { kind: 'literal'; valueType: 'timestamp'; value: string; span: Span }
) & A;

/** A name as written (quotes removed), possibly dotted: `admissions.discharged_at`. Only the
 *  scope given to the type checker says what it means. */
export type ReferenceExpr<A extends object = NoAnnotation, R extends object = NoAnnotation> = {
  kind: 'reference';
  path: string[];
  span: Span;
} & A & R;

export type UnaryExpr<A extends object = NoAnnotation, R extends object = NoAnnotation> = {
  kind: 'unary';
  op: UnaryOperator;
  operand: Expr<A, R>;
  span: Span;
} & A;

export type BinaryExpr<A extends object = NoAnnotation, R extends object = NoAnnotation> = {
  kind: 'binary';
  op: BinaryOperator;
  left: Expr<A, R>;
  right: Expr<A, R>;
  span: Span;
} & A;

/** `x in (a, b)`, or `x not in (…)` when negated. The list is never empty. */
export type InExpr<A extends object = NoAnnotation, R extends object = NoAnnotation> = {
  kind: 'in';
  operand: Expr<A, R>;
  list: Expr<A, R>[];
  negated: boolean;
  span: Span;
} & A;

/** `x between low and high` (both bounds included), or `not between`. */
export type BetweenExpr<A extends object = NoAnnotation, R extends object = NoAnnotation> = {
  kind: 'between';
  operand: Expr<A, R>;
  low: Expr<A, R>;
  high: Expr<A, R>;
  negated: boolean;
  span: Span;
} & A;

/** `x like p` (`%` any text, `_` one character; no escape character), `ilike` ignores case. */
export type LikeExpr<A extends object = NoAnnotation, R extends object = NoAnnotation> = {
  kind: 'like';
  operand: Expr<A, R>;
  pattern: Expr<A, R>;
  caseInsensitive: boolean;
  negated: boolean;
  span: Span;
} & A;

/** `x is null`, or `x is not null` when negated. */
export type IsNullExpr<A extends object = NoAnnotation, R extends object = NoAnnotation> = {
  kind: 'isNull';
  operand: Expr<A, R>;
  negated: boolean;
  span: Span;
} & A;

export interface CaseBranch<A extends object = NoAnnotation, R extends object = NoAnnotation> {
  when: Expr<A, R>;
  then: Expr<A, R>;
  span: Span;
}

/** Searched (`case when cond then …`) or, with `subject`, simple (`case x when v then …`).
 *  Without `else` the value is null when no branch matches. */
export type CaseExpr<A extends object = NoAnnotation, R extends object = NoAnnotation> = {
  kind: 'case';
  subject?: Expr<A, R>;
  branches: CaseBranch<A, R>[];
  else?: Expr<A, R>;
  span: Span;
} & A;

/** A call of a whitelisted function (see functions.ts); the name is lower-cased. */
export type CallExpr<A extends object = NoAnnotation, R extends object = NoAnnotation> = {
  kind: 'call';
  name: FunctionName;
  args: Expr<A, R>[];
  span: Span;
} & A;

export type Expr<A extends object = NoAnnotation, R extends object = NoAnnotation> =
  | LiteralExpr<A>
  | ReferenceExpr<A, R>
  | UnaryExpr<A, R>
  | BinaryExpr<A, R>
  | InExpr<A, R>
  | BetweenExpr<A, R>
  | LikeExpr<A, R>
  | IsNullExpr<A, R>
  | CaseExpr<A, R>
  | CallExpr<A, R>;

export type FunctionName =
  | 'year' | 'month' | 'quarter' | 'week' | 'day' | 'day_of_week' | 'hour'
  | 'date_trunc' | 'date_diff' | 'date_add'
  | 'coalesce' | 'nullif' | 'greatest' | 'least'
  | 'round' | 'abs' | 'floor' | 'ceil'
  | 'lower' | 'upper' | 'trim' | 'length' | 'substr' | 'left' | 'right' | 'replace' | 'concat'
  | 'starts_with' | 'contains';

/** What the model says a reference is. Scopes may return more (the column or metric it names);
 *  the typed AST keeps the whole object as `resolution`. */
export interface Resolution {
  type: ValueType;
  level: 'row' | 'aggregate';
  /** How messages call it: 'column', 'measure', 'metric'. */
  noun?: string;
}

export interface Typing {
  type: ValueType;
  level: Level;
}

export type TypedExpr<R extends Resolution = Resolution> = Expr<Typing, { resolution: R }>;
export type TypedReferenceExpr<R extends Resolution = Resolution> = ReferenceExpr<Typing, { resolution: R }>;
