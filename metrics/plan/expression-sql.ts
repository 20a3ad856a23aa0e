// Typed formula-language expressions → SQL AST. Literals become bound parameters; references
// become the columns (or metric results) the model resolved them to.
import type { TypedExpr } from '../language/index.ts';
import type { DatePart, PortableFunction, SqlExpr, TimeGrain, TimeUnit } from '../sql/sql-ast.ts';
import type { ModelResolution } from '../model/semantic-model.ts';

const dateParts: Partial<Record<string, DatePart>> = {
  year: 'year', quarter: 'quarter', month: 'month', week: 'week', day: 'day', day_of_week: 'day_of_week', hour: 'hour',
};

/** How a resolved reference reads in the SQL being built (a table alias, or a metric column). */
export type ReferenceSql = (resolution: ModelResolution) => SqlExpr;

export function expressionSql(expr: TypedExpr<ModelResolution>, reference: ReferenceSql): SqlExpr {
  const sub = (e: TypedExpr<ModelResolution>) => expressionSql(e, reference);
  switch (expr.kind) {
    case 'literal':
      if (expr.valueType === 'date') return { kind: 'cast', type: 'DATE', expr: { kind: 'param', value: expr.value } };
      if (expr.valueType === 'timestamp') return { kind: 'cast', type: 'TIMESTAMP', expr: { kind: 'param', value: expr.value } };
      if (expr.valueType === 'null') return { kind: 'constant', value: null };
      // Whole numbers stay integers: functions such as left() and round() take integer arguments.
      if (expr.valueType === 'number') {
        const type = !Number.isInteger(expr.value) ? 'DOUBLE' : Math.abs(expr.value) < 2 ** 31 ? 'INTEGER' : 'BIGINT';
        return { kind: 'cast', type, expr: { kind: 'param', value: expr.value } };
      }
      return { kind: 'param', value: expr.value };
    case 'reference':
      return reference(expr.resolution);
    case 'unary':
      return { kind: 'unary', op: expr.op === 'not' ? 'NOT' : '-', arg: sub(expr.operand) };
    case 'binary': {
      const op = expr.op === 'and' ? 'AND' : expr.op === 'or' ? 'OR' : expr.op;
      if (op === '/') return { kind: 'binary', op: '/', left: sub(expr.left), right: { kind: 'function', name: 'nullif', args: [sub(expr.right), { kind: 'constant', value: 0 }] } };
      return { kind: 'binary', op, left: sub(expr.left), right: sub(expr.right) };
    }
    case 'in':
      return { kind: 'in', expr: sub(expr.operand), list: expr.list.map(sub), negated: expr.negated };
    case 'between':
      return { kind: 'between', expr: sub(expr.operand), low: sub(expr.low), high: sub(expr.high), negated: expr.negated };
    case 'like':
      return { kind: 'like', expr: sub(expr.operand), pattern: sub(expr.pattern), negated: expr.negated, caseInsensitive: expr.caseInsensitive };
    case 'isNull':
      return { kind: 'isNull', expr: sub(expr.operand), negated: expr.negated };
    case 'case': {
      const subject = expr.subject ? sub(expr.subject) : undefined;
      return {
        kind: 'case',
        whens: expr.branches.map((b) => ({
          when: subject ? { kind: 'binary', op: '=', left: subject, right: sub(b.when) } : sub(b.when),
          then: sub(b.then),
        })),
        ...(expr.else ? { else: sub(expr.else) } : {}),
      };
    }
    case 'call':
      return callSql(expr, sub);
  }
}

/** Grain and unit arguments were checked against their lists by the type checker. */
const word = (e: TypedExpr<ModelResolution>): string => (e.kind === 'literal' && typeof e.value === 'string' ? e.value : '');

function callSql(expr: Extract<TypedExpr<ModelResolution>, { kind: 'call' }>, sub: (e: TypedExpr<ModelResolution>) => SqlExpr): SqlExpr {
  const [a, b, c] = expr.args;
  const part = dateParts[expr.name];
  if (part) return { kind: 'datePart', part, expr: sub(a!) };
  switch (expr.name) {
    case 'date_trunc': {
      const truncated: SqlExpr = { kind: 'truncTime', grain: word(a!) as TimeGrain, expr: sub(b!) };
      return b!.type === 'timestamp' ? { kind: 'cast', type: 'TIMESTAMP', expr: truncated } : truncated;
    }
    case 'date_diff':
      return { kind: 'dateDiff', unit: word(a!) as TimeUnit, from: sub(b!), to: sub(c!) };
    case 'date_add': {
      const added: SqlExpr = { kind: 'dateAdd', unit: word(a!) as TimeUnit, amount: sub(b!), expr: sub(c!) };
      return c!.type === 'date' ? { kind: 'cast', type: 'DATE', expr: added } : added;
    }
    case 'starts_with':
      return { kind: 'binary', op: '=', left: { kind: 'function', name: 'left', args: [sub(a!), { kind: 'function', name: 'length', args: [sub(b!)] }] }, right: sub(b!) };
    case 'contains':
      return { kind: 'binary', op: '>', left: { kind: 'function', name: 'strpos', args: [sub(a!), sub(b!)] }, right: { kind: 'constant', value: 0 } };
    default:
      // Every remaining name is a portable function; the date parts returned above.
      return { kind: 'function', name: expr.name as PortableFunction, args: expr.args.map(sub) };
  }
}
