// AST → typed AST. Names are resolved only through the scope the model provides; every node gets
// its value type and level; every problem is reported with its position, what is wrong and what
// to do, and all of them are thrown together.
import type { Expr, Level, Resolution, Span, TypedExpr, TypedReferenceExpr, ValueType } from './ast.ts';
import { checkCall } from './check-call.ts';
import { alternatives, codeOf, describeExpr, nameWord, pathWord, typeWord } from './describe.ts';
import { formatName } from './format.ts';
import { LanguageError, problemAt, type LanguageProblem } from './problems.ts';
import { closestName } from './suggest.ts';
import { checkComparable, expectOperand, isTemporal, unify, type Checked, type CheckedExpr, type Ty } from './type-rules.ts';
import { nodesOf } from './walk.ts';

/** What names mean where an expression is used; implemented by the semantic model. */
export interface ExpressionScope<R extends Resolution = Resolution> {
  /** What `path` names (`['admissions', 'discharged_at']`), or undefined if nothing here. */
  resolve(path: string[]): R | undefined;
  /** The names that may follow `prefix` (`[]`: the names usable on their own), for suggestions. */
  candidates(prefix: string[]): string[];
  /** How messages call an unknown name: 'column', 'metric', 'column or metric' (default 'name'). */
  noun?: string;
}

export interface CheckOptions {
  /** The file the expression came from, for problems. */
  file?: string;
  /** The expression must be of one of these types, e.g. 'boolean' for a filter. */
  expect?: ValueType | readonly ValueType[];
  /** 'row': a measure expression or a metric filter, computed per row, so no aggregates;
   *  'aggregate': a derived formula, computed from aggregates, so no row-level columns.
   *  Without it, an expression may be either but must not mix the two. */
  level?: 'row' | 'aggregate';
  /** What the expression is, for messages: 'a filter', 'a measure expression'. */
  role?: string;
}

type Node<R extends Resolution> = Expr<Checked, { resolution: R }>;

const LEVELS: Level[] = ['constant', 'row', 'aggregate'];
const BOOLEAN: ValueType[] = ['boolean'];
const NUMBER: ValueType[] = ['number'];
const TEXT: ValueType[] = ['string'];

/** Types and resolves `expr`; throws a LanguageError listing every problem. */
export function checkExpression<R extends Resolution>(expr: Expr, scope: ExpressionScope<R>, options: CheckOptions = {}): TypedExpr<R> {
  const checker = new Checker(scope, options);
  const typed = checker.check(expr);
  checker.expectations(typed);
  if (checker.problems.length > 0) throw new LanguageError(checker.problems);
  // Without problems no node is of unknown type.
  return typed as TypedExpr<R>;
}

class Checker<R extends Resolution> {
  readonly problems: LanguageProblem[] = [];
  private mixReported = false;

  constructor(private readonly scope: ExpressionScope<R>, private readonly options: CheckOptions) {}

  private readonly report = (at: { span: Span }, message: string): void => {
    this.problems.push(problemAt(at.span, message, this.options.file));
  };

  /** The level of a node from its operands; reports a row-level value next to an aggregate. */
  private levelOf(node: Expr, operands: Node<R>[]): Level {
    const level = operands.reduce<Level>((highest, operand) => (LEVELS.indexOf(operand.level) > LEVELS.indexOf(highest) ? operand.level : highest), 'constant');
    if (level === 'aggregate' && operands.some((operand) => operand.level === 'row') && !this.mixReported && this.options.level === undefined) {
      this.mixReported = true;
      const first = (wanted: Level) => operands.flatMap((operand) => nodesOf(operand)).find((n) => n.kind === 'reference' && n.level === wanted) as TypedReferenceExpr<R>;
      const row = first('row');
      const aggregate = first('aggregate');
      this.report(node, `${describeExpr(row)} is a row-level ${row.resolution.noun ?? 'value'} and ${describeExpr(aggregate)} is an aggregate ${aggregate.resolution.noun ?? ''}`.trimEnd() +
        ': they cannot be combined in one expression; a row-level value can only be used inside a measure, which aggregates it');
    }
    return level;
  }

  check(expr: Expr): Node<R> {
    switch (expr.kind) {
      case 'literal':
        return { ...expr, type: expr.valueType, level: 'constant' } as Node<R>;
      case 'reference':
        return this.reference(expr);
      case 'unary': {
        const operand = this.check(expr.operand);
        const ok = expr.op === 'not'
          ? expectOperand(operand, BOOLEAN, "'not' needs a true/false condition", this.report)
          : expectOperand(operand, NUMBER, "'-' needs a number", this.report);
        return { ...expr, operand, type: ok ? (expr.op === 'not' ? 'boolean' : 'number') : 'unknown', level: this.levelOf(expr, [operand]) };
      }
      case 'binary':
        return this.binary(expr);
      case 'in': {
        const operand = this.check(expr.operand);
        const list = expr.list.map((item) => this.check(item));
        for (const item of list) checkComparable(operand, item, 'in', this.report);
        return { ...expr, operand, list, type: 'boolean', level: this.levelOf(expr, [operand, ...list]) };
      }
      case 'between': {
        const [operand, low, high] = [this.check(expr.operand), this.check(expr.low), this.check(expr.high)];
        checkComparable(operand, low, 'between', this.report);
        checkComparable(operand, high, 'between', this.report);
        return { ...expr, operand, low, high, type: 'boolean', level: this.levelOf(expr, [operand, low, high]) };
      }
      case 'like': {
        const [operand, pattern] = [this.check(expr.operand), this.check(expr.pattern)];
        const word = expr.caseInsensitive ? 'ilike' : 'like';
        expectOperand(operand, TEXT, `'${word}' matches text`, this.report);
        expectOperand(pattern, TEXT, `the pattern of '${word}' must be text, such as '%肺炎%'`, this.report);
        return { ...expr, operand, pattern, type: 'boolean', level: this.levelOf(expr, [operand, pattern]) };
      }
      case 'isNull': {
        const operand = this.check(expr.operand);
        return { ...expr, operand, type: 'boolean', level: this.levelOf(expr, [operand]) };
      }
      case 'case':
        return this.caseExpression(expr);
      case 'call': {
        const args = expr.args.map((arg) => this.check(arg));
        const partial = { ...expr, args, type: 'unknown' as Ty, level: this.levelOf(expr, args) };
        return { ...partial, type: checkCall(partial, args, this.report) };
      }
    }
  }

  private reference(expr: Extract<Expr, { kind: 'reference' }>): Node<R> {
    const resolution = this.scope.resolve(expr.path);
    if (resolution !== undefined) return { ...expr, resolution, type: resolution.type, level: resolution.level };
    this.report(expr, this.unknownName(expr.path));
    return { ...expr, resolution: { type: 'null', level: 'row' } as R, type: 'unknown', level: 'constant' };
  }

  /** Says which part of `path` is unknown and the closest valid name there. */
  private unknownName(path: string[]): string {
    const noun = this.scope.noun ?? 'name';
    for (let i = 0; i < path.length; i++) {
      const prefix = path.slice(0, i);
      const names = this.scope.candidates(prefix);
      const name = path[i] as string;
      if (names.includes(name)) continue;
      const closest = closestName(name, names);
      const what = i === 0 ? `no ${noun} ${nameWord(name)}` : `${pathWord(prefix)} has no ${nameWord(name)}`;
      if (closest !== undefined) return `${what}; did you mean ${nameWord(closest)}?`;
      const known = names.length === 0 ? '' : `; known here: ${names.slice(0, 8).map(nameWord).join(', ')}${names.length > 8 ? ` and ${names.length - 8} more` : ''}`;
      // A value in double quotes reads as a name: "0101" was most likely meant as text.
      const text = path.length === 1 ? ` (if you meant the text '${name.replaceAll("'", "''")}', put it in single quotes)` : '';
      return `${what}${known}${text}`;
    }
    const fields = this.scope.candidates(path);
    const written = path.map(formatName).join('.');
    return fields.length > 0
      ? `${pathWord(path)} is not a value by itself: name one of its fields, such as ${fields.slice(0, 3).map((f) => `${written}.${formatName(f)}`).join(', ')}`
      : `${pathWord(path)} cannot be used in an expression here`;
  }

  private binary(expr: Extract<Expr, { kind: 'binary' }>): Node<R> {
    const left = this.check(expr.left);
    const right = this.check(expr.right);
    const level = this.levelOf(expr, [left, right]);
    const done = (type: Ty): Node<R> => ({ ...expr, left, right, type, level });
    const { op } = expr;
    if (op === 'and' || op === 'or') {
      const hint = (operand: CheckedExpr) => (operand.kind === 'reference' ? `; compare it with a value, as in ${codeOf(operand)} = …` : '');
      const okLeft = expectOperand(left, BOOLEAN, `'${op}' combines true/false conditions`, this.report, hint(left));
      const okRight = expectOperand(right, BOOLEAN, `'${op}' combines true/false conditions`, this.report, hint(right));
      return done(okLeft && okRight ? 'boolean' : 'unknown');
    }
    if (op === '||') {
      const hint = ": use concat(…), which turns numbers and dates into text";
      const ok = [left, right].map((operand) => expectOperand(operand, TEXT, "'||' joins text", this.report, operand.type === 'boolean' ? '' : hint));
      return done(ok.every(Boolean) ? 'string' : 'unknown');
    }
    if (op === '+' || op === '-' || op === '*' || op === '/' || op === '%') {
      const problem = arithmeticSlip(op, left, right);
      if (problem !== undefined) {
        this.report(expr, problem);
        return done('unknown');
      }
      const ok = [left, right].map((operand) => expectOperand(operand, NUMBER, `'${op}' needs numbers`, this.report));
      return done(ok.every(Boolean) ? 'number' : 'unknown');
    }
    checkComparable(left, right, op, this.report);
    return done('boolean');
  }

  private caseExpression(expr: Extract<Expr, { kind: 'case' }>): Node<R> {
    const subject = expr.subject === undefined ? undefined : this.check(expr.subject);
    const branches = expr.branches.map((branch) => {
      const when = this.check(branch.when);
      if (subject !== undefined) checkComparable(subject, when, '=', this.report);
      else expectOperand(when, BOOLEAN, "the condition after 'when' must be true or false", this.report);
      return { ...branch, when, then: this.check(branch.then) };
    });
    const otherwise = expr.else === undefined ? undefined : this.check(expr.else);
    const values = [...branches.map((branch) => branch.then), ...(otherwise === undefined ? [] : [otherwise])];
    let type: Ty = 'null';
    let first: CheckedExpr | undefined;
    for (const value of values) {
      const common = unify(type, value.type);
      if (common === undefined) {
        this.report(value, `every value of a case must have the same type: ${describeExpr(first as CheckedExpr)} is ${typeWord((first as CheckedExpr).type)}, but ${describeExpr(value)} is ${typeWord(value.type)}`);
        type = 'unknown';
        break;
      }
      type = common;
      if (first === undefined && value.type !== 'null') first = value;
    }
    const operands = [...(subject === undefined ? [] : [subject]), ...branches.flatMap((branch) => [branch.when, branch.then]), ...values.slice(branches.length)];
    const { kind, span } = expr;
    return {
      kind, span, ...(subject === undefined ? {} : { subject }), branches, ...(otherwise === undefined ? {} : { else: otherwise }),
      type, level: this.levelOf(expr, operands),
    };
  }

  /** Checks what the caller expects of the whole expression: its type and its level. */
  expectations(typed: Node<R>): void {
    const role = this.options.role ?? 'the expression';
    const { expect, level } = this.options;
    if (expect !== undefined && typed.type !== 'unknown') {
      const types: readonly ValueType[] = typeof expect === 'string' ? [expect] : expect;
      if (!types.includes(typed.type)) {
        const hint = types.includes('boolean') && typed.kind === 'reference' ? `; compare it with a value, as in ${codeOf(typed)} = …` : '';
        this.report(typed, `${role} must be ${alternatives(types.map(typeWord))}, but ${describeExpr(typed)} is ${typeWord(typed.type)}${hint}`);
      }
    }
    if (level === undefined) return;
    for (const node of nodesOf(typed)) {
      if (node.kind !== 'reference' || node.type === 'unknown' || node.level === level) continue;
      const noun = node.resolution.noun;
      this.report(node, level === 'row'
        ? `${describeExpr(node)} is an aggregate${noun === undefined ? '' : ` ${noun}`}, but ${role} is computed row by row: use columns here`
        : `${describeExpr(node)} is a row-level ${noun ?? 'value'}, but ${role} is computed from aggregates: use measures and metrics here`);
    }
  }
}

/** Arithmetic written as if on dates or text, with the function to use instead. */
function arithmeticSlip(op: string, left: CheckedExpr, right: CheckedExpr): string | undefined {
  if (isTemporal(left.type) && isTemporal(right.type) && op === '-') {
    return `dates cannot be subtracted: to count the time between them write date_diff('day', ${codeOf(right)}, ${codeOf(left)})`;
  }
  const [temporal, other] = isTemporal(left.type) ? [left, right] : [right, left];
  if (isTemporal(temporal.type) && (op === '+' || op === '-') && (other.type === 'number' || other.type === 'null')) {
    const simple = other.kind === 'literal' || other.kind === 'reference';
    const amount = op === '-' ? (simple ? `-${codeOf(other)}` : `-(${codeOf(other)})`) : codeOf(other);
    return `days cannot be ${op === '+' ? 'added to' : 'subtracted from'} a date with '${op}': write date_add('day', ${amount}, ${codeOf(temporal)})`;
  }
  if (op === '+' && left.type === 'string' && right.type === 'string') return "'+' adds numbers: to join text write a || b, or concat(a, b)";
  return undefined;
}
