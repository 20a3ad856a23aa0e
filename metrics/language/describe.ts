// Words for types and expressions in messages meant for data stewards.
import type { Expr, ValueType } from './ast.ts';
import { formatExpression, formatName } from './format.ts';

const TYPE_WORDS: Record<ValueType | 'unknown', string> = {
  number: 'a number',
  string: 'text',
  boolean: 'a true/false condition',
  date: 'a date',
  timestamp: 'a timestamp (date and time)',
  null: 'null',
  unknown: 'of unknown type',
};

export function typeWord(type: ValueType | 'unknown'): string {
  return TYPE_WORDS[type];
}

/** `'discharged_at'`, `'2025-01-01'`, `round(x, 2)`: the expression as its author wrote it. */
export function describeExpr(expr: Expr<object, object>): string {
  return expr.kind === 'reference' ? pathWord(expr.path) : codeOf(expr);
}

/** The expression as code to write in a suggested fix (shortened when long). */
export function codeOf(expr: Expr<object, object>): string {
  const text = formatExpression(expr);
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

/** A name as the author should write it in a message: 'discharged_at', or "出院 日期" when quoting is needed. */
export function nameWord(name: string): string {
  const written = formatName(name);
  return written === name ? `'${name}'` : written;
}

/** A dotted path the same way: 'admissions.age', "出院 记录".age. */
export function pathWord(path: readonly string[]): string {
  const written = path.map(formatName).join('.');
  return written === path.join('.') ? `'${written}'` : written;
}

/** "'a'", "'a' or 'b'", "'a', 'b' or 'c'". */
export function alternatives(words: readonly string[], conjunction = 'or'): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} ${conjunction} ${words[words.length - 1]}`;
}

const ORDINALS = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth'];

export function ordinal(index: number): string {
  return ORDINALS[index] ?? `${index + 1}th`;
}
