// AST → canonical text: lower-case keywords, single spaces, parentheses only where precedence
// needs them. parseExpression(formatExpression(x)) equals x apart from spans.
import type { BinaryOperator, Expr, LiteralExpr } from './ast.ts';
import { NAME_PATTERN, RESERVED_WORDS } from './tokens.ts';

// Binding strength, loosest first; an operand binding more loosely than its place allows is
// parenthesized.
const OR = 1;
const AND = 2;
const NOT = 3;
const PREDICATE = 4;
const CONCAT = 5;
const ADDITIVE = 6;
const MULTIPLICATIVE = 7;
const UNARY = 8;
const PRIMARY = 9;

const BINARY: Record<BinaryOperator, number> = {
  or: OR, and: AND,
  '=': PREDICATE, '<>': PREDICATE, '<': PREDICATE, '<=': PREDICATE, '>': PREDICATE, '>=': PREDICATE,
  '||': CONCAT, '+': ADDITIVE, '-': ADDITIVE, '*': MULTIPLICATIVE, '/': MULTIPLICATIVE, '%': MULTIPLICATIVE,
};

function strength(expr: Expr<object, object>): number {
  switch (expr.kind) {
    case 'binary':
      return BINARY[expr.op];
    case 'unary':
      return expr.op === 'not' ? NOT : UNARY;
    case 'in':
    case 'between':
    case 'like':
    case 'isNull':
      return PREDICATE;
    default:
      return PRIMARY;
  }
}

/** A name as written in the language: bare when it can be, otherwise in double quotes. */
export function formatName(name: string): string {
  return NAME_PATTERN.test(name) && !RESERVED_WORDS.has(name.toLowerCase()) ? name : `"${name.replaceAll('"', '""')}"`;
}

export function formatString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

function formatLiteral(literal: LiteralExpr<object>): string {
  switch (literal.valueType) {
    case 'number':
      if (!Number.isFinite(literal.value)) throw new Error(`cannot write the number ${literal.value} in an expression`);
      return String(literal.value);
    case 'string':
      return formatString(literal.value);
    case 'boolean':
      return String(literal.value);
    case 'null':
      return 'null';
    case 'date':
    case 'timestamp':
      return `${literal.valueType} ${formatString(literal.value)}`;
  }
}

export function formatExpression(expr: Expr<object, object>): string {
  // `at(e, n)`: e in a place that needs binding strength n or more.
  const at = (operand: Expr<object, object>, needed: number): string => {
    const text = formatExpression(operand);
    return strength(operand) < needed ? `(${text})` : text;
  };
  const not = (negated: boolean) => (negated ? 'not ' : '');
  switch (expr.kind) {
    case 'literal':
      return formatLiteral(expr);
    case 'reference':
      return expr.path.map(formatName).join('.');
    case 'unary': {
      if (expr.op === 'not') return `not ${at(expr.operand, NOT)}`;
      const operand = at(expr.operand, UNARY);
      // `--` would start a comment.
      return operand.startsWith('-') ? `-(${operand})` : `-${operand}`;
    }
    case 'binary': {
      const own = BINARY[expr.op];
      // Left-associative: the left operand may be as loose as the operator itself, the right
      // one must bind tighter. Comparisons do not chain, so both sides bind tighter.
      const left = at(expr.left, own === PREDICATE ? CONCAT : own);
      return `${left} ${expr.op} ${at(expr.right, own + 1)}`;
    }
    case 'in':
      return `${at(expr.operand, CONCAT)} ${not(expr.negated)}in (${expr.list.map(formatExpression).join(', ')})`;
    case 'between':
      return `${at(expr.operand, CONCAT)} ${not(expr.negated)}between ${at(expr.low, CONCAT)} and ${at(expr.high, CONCAT)}`;
    case 'like':
      return `${at(expr.operand, CONCAT)} ${not(expr.negated)}${expr.caseInsensitive ? 'ilike' : 'like'} ${at(expr.pattern, CONCAT)}`;
    case 'isNull':
      return `${at(expr.operand, CONCAT)} is ${not(expr.negated)}null`;
    case 'case': {
      const parts = ['case'];
      if (expr.subject !== undefined) parts.push(formatExpression(expr.subject));
      for (const branch of expr.branches) parts.push(`when ${formatExpression(branch.when)} then ${formatExpression(branch.then)}`);
      if (expr.else !== undefined) parts.push(`else ${formatExpression(expr.else)}`);
      parts.push('end');
      return parts.join(' ');
    }
    case 'call':
      return `${expr.name}(${expr.args.map(formatExpression).join(', ')})`;
  }
}
