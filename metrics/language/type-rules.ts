// Type rules shared by the checker: which types mix, and what to say when they do not.
import type { Expr, Level, Span, ValueType } from './ast.ts';
import { codeOf, describeExpr, typeWord } from './describe.ts';
import { formatString } from './format.ts';
import { readDate, readTimestamp } from './literals.ts';

/** 'unknown' is the type of an expression that already has a problem: it mixes with anything,
 *  so that one mistake is reported once. It never reaches a TypedExpr. */
export type Ty = ValueType | 'unknown';

export interface Checked {
  type: Ty;
  level: Level;
}

export type CheckedExpr = Expr<Checked, object>;

export type Report = (at: { span: Span }, message: string) => void;

export const isTemporal = (type: Ty): boolean => type === 'date' || type === 'timestamp';

/** The common type of two values (a date and a timestamp make a timestamp), if there is one. */
export function unify(a: Ty, b: Ty): Ty | undefined {
  if (a === 'unknown' || b === 'unknown') return 'unknown';
  if (a === 'null') return b;
  if (b === 'null') return a;
  if (a === b) return a;
  if (isTemporal(a) && isTemporal(b)) return 'timestamp';
  return undefined;
}

const isNullLiteral = (expr: CheckedExpr): boolean => expr.kind === 'literal' && expr.valueType === 'null';

/** How to write `text` as a value of a date or timestamp column. */
function temporalLiteralFor(text: string, type: 'date' | 'timestamp'): string {
  if ('value' in readDate(text)) return `date ${formatString(text)}`;
  const timestamp = readTimestamp(text);
  if ('value' in timestamp) return `timestamp ${formatString(timestamp.value)}`;
  return type === 'date' ? "date 'YYYY-MM-DD'" : "timestamp 'YYYY-MM-DD HH:MM:SS'";
}

/** Why `literal` cannot be compared with `other`, with the fix, for the usual slips. */
function literalSlip(literal: CheckedExpr, other: CheckedExpr): string | undefined {
  if (literal.kind !== 'literal') return undefined;
  const prefix = `${describeExpr(literal)} is ${typeWord(literal.type)}, but ${describeExpr(other)} is ${typeWord(other.type)}`;
  if (literal.valueType === 'string' && (other.type === 'date' || other.type === 'timestamp')) {
    return `${prefix}: write ${temporalLiteralFor(literal.value, other.type)}`;
  }
  if (literal.valueType === 'number' && other.type === 'string') return `${prefix}: put it in quotes, '${literal.value}'`;
  if (literal.valueType === 'string' && other.type === 'number' && /^-?\d+(\.\d+)?$/.test(literal.value.trim())) {
    return `${prefix}: write the number without quotes, ${literal.value.trim()}`;
  }
  return undefined;
}

/** Reports why `left op right` cannot be compared, if it cannot. `op` is '=', '<', 'between', 'in'… */
export function checkComparable(left: CheckedExpr, right: CheckedExpr, op: string, report: Report): void {
  if (left.type === 'unknown' || right.type === 'unknown') return;
  if ((op === '=' || op === '<>' || op === 'in') && (isNullLiteral(left) || isNullLiteral(right))) {
    const subject = codeOf(isNullLiteral(left) ? right : left);
    const at = isNullLiteral(right) ? right : left;
    if (op === 'in') report(at, `null in a list never matches anything: to include missing values, write (${subject} in (…) or ${subject} is null)`);
    else report(at, `comparing with null is never true: write ${subject} is ${op === '<>' ? 'not ' : ''}null`);
    return;
  }
  if (left.type === 'null' || right.type === 'null') return;
  if (unify(left.type, right.type) === undefined) {
    const slip = literalSlip(right, left) ?? literalSlip(left, right);
    const at = left.kind === 'literal' && right.kind !== 'literal' ? left : right;
    report(at, slip ?? `cannot compare ${describeExpr(left)} (${typeWord(left.type)}) with ${describeExpr(right)} (${typeWord(right.type)})`);
    return;
  }
  if (['<', '<=', '>', '>=', 'between'].includes(op) && (left.type === 'boolean' || right.type === 'boolean')) {
    report(right, `'${op}' cannot order true/false conditions; compare them with = or <>`);
  }
}

/** Reports an operand of `op` that is not of one of `types`; returns whether it is acceptable. */
export function expectOperand(operand: CheckedExpr, types: readonly ValueType[], what: string, report: Report, hint = ''): boolean {
  if (operand.type === 'unknown' || operand.type === 'null' || types.includes(operand.type)) return true;
  report(operand, `${what}, but ${describeExpr(operand)} is ${typeWord(operand.type)}${hint}`);
  return false;
}
