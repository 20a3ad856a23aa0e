// The parser: every construct, precedence, case-insensitive keywords, CJK and hostile names and
// strings, and spans.
import { describe, expect, it } from 'vitest';
import type { Expr } from './ast.ts';
import { parseExpression } from './parse.ts';

/** The tree as a fully parenthesized S-expression, to check structure independently of spans. */
function shape(expr: Expr): string {
  switch (expr.kind) {
    case 'literal':
      return expr.valueType === 'string' ? `'${expr.value}'` : expr.valueType === 'date' || expr.valueType === 'timestamp' ? `${expr.valueType}:${expr.value}` : String(expr.value);
    case 'reference':
      return expr.path.join('.');
    case 'unary':
      return `(${expr.op} ${shape(expr.operand)})`;
    case 'binary':
      return `(${expr.op} ${shape(expr.left)} ${shape(expr.right)})`;
    case 'in':
      return `(${expr.negated ? 'not-in' : 'in'} ${shape(expr.operand)} [${expr.list.map(shape).join(' ')}])`;
    case 'between':
      return `(${expr.negated ? 'not-between' : 'between'} ${shape(expr.operand)} ${shape(expr.low)} ${shape(expr.high)})`;
    case 'like':
      return `(${expr.negated ? 'not-' : ''}${expr.caseInsensitive ? 'ilike' : 'like'} ${shape(expr.operand)} ${shape(expr.pattern)})`;
    case 'isNull':
      return `(${expr.negated ? 'is-not-null' : 'is-null'} ${shape(expr.operand)})`;
    case 'case':
      return `(case${expr.subject ? ` ${shape(expr.subject)}` : ''}${expr.branches.map((b) => ` [${shape(b.when)} ${shape(b.then)}]`).join('')}${expr.else ? ` else ${shape(expr.else)}` : ''})`;
    case 'call':
      return `(${expr.name}(${expr.args.map(shape).join(' ')}))`;
  }
}

const parsed = (text: string) => shape(parseExpression(text));

describe('literals', () => {
  it.each([
    ['42', '42'], ['3.25', '3.25'], ['1e3', '1000'], ['2.5E-2', '0.025'], ['0', '0'],
    ["'肺炎'", "'肺炎'"], ["'it''s'", "'it's'"], ["''", "''"], ["'多行\n文本'", "'多行\n文本'"],
    ['true', 'true'], ['FALSE', 'false'], ['Null', 'null'],
    ["date '2024-02-29'", 'date:2024-02-29'], ["DATE '2025-01-01'", 'date:2025-01-01'],
    ["timestamp '2025-01-01 08:00:00'", 'timestamp:2025-01-01 08:00:00'],
    ["timestamp '2025-01-01T08:30'", 'timestamp:2025-01-01 08:30:00'],
    ["timestamp '2025-01-01'", 'timestamp:2025-01-01 00:00:00'],
    ["timestamp '2025-01-01 23:59:59.123456'", 'timestamp:2025-01-01 23:59:59.123456'],
  ])('%s', (text, expected) => {
    expect(parsed(text)).toBe(expected);
  });

  it('keeps values as values: the literal node holds the value, typed', () => {
    expect(parseExpression('12.5')).toMatchObject({ kind: 'literal', valueType: 'number', value: 12.5 });
    expect(parseExpression("'死亡'")).toMatchObject({ kind: 'literal', valueType: 'string', value: '死亡' });
    expect(parseExpression('null')).toMatchObject({ kind: 'literal', valueType: 'null', value: null });
    expect(parseExpression("date '2025-03-01'")).toMatchObject({ kind: 'literal', valueType: 'date', value: '2025-03-01' });
  });
});

describe('names', () => {
  it.each([
    ['discharged_at', ['discharged_at']],
    ['admissions.discharged_at', ['admissions', 'discharged_at']],
    ['_x1', ['_x1']],
    ['科室', ['科室']],
    ['出院科室_代码', ['出院科室_代码']],
    ['"出院 日期"', ['出院 日期']],
    ['"end"', ['end']],
    ['"Order"."Case"', ['Order', 'Case']],
    ['"1st"', ['1st']],
    ['date', ['date']],
    ['Timestamp', ['Timestamp']],
    ['date.year', ['date', 'year']],
    ['year', ['year']],
    ['order_id', ['order_id']],
    ['andrew', ['andrew']],
    ['notes', ['notes']],
    ['and科室', ['and科室']],
  ])('%s', (text, path) => {
    expect(parseExpression(text)).toMatchObject({ kind: 'reference', path });
  });

  it('reads a hostile quoted name as one plain name', () => {
    expect(parseExpression('"a""; DROP TABLE x; --"')).toMatchObject({ kind: 'reference', path: ['a"; DROP TABLE x; --'] });
    expect(parseExpression('"x"" = 1 or ""1" = 1')).toMatchObject({ kind: 'binary', op: '=', left: { path: ['x" = 1 or "1'] } });
  });

  it('reads a hostile string as one plain value', () => {
    expect(parseExpression("'it''s''; DROP TABLE x; --'")).toMatchObject({ kind: 'literal', value: "it's'; DROP TABLE x; --" });
    expect(parseExpression("name = ''' or 1 = 1 --'")).toMatchObject({ right: { kind: 'literal', value: "' or 1 = 1 --" } });
    expect(() => parseExpression("'it''s'; DROP TABLE'")).toThrow(/';': an expression is a single formula/);
  });
});

describe('constructs', () => {
  it.each([
    ['-x', '(- x)'], ['not x', '(not x)'], ['- -x', '(- (- x))'], ['not not x', '(not (not x))'],
    ['a + b', '(+ a b)'], ['a - b', '(- a b)'], ['a * b', '(* a b)'], ['a / b', '(/ a b)'], ['a % b', '(% a b)'],
    ["a || 'x'", "(|| a 'x')"],
    ['a = b', '(= a b)'], ['a <> b', '(<> a b)'], ['a != b', '(<> a b)'], ['a < b', '(< a b)'], ['a <= b', '(<= a b)'],
    ['a > b', '(> a b)'], ['a >= b', '(>= a b)'], ['a and b', '(and a b)'], ['a or b', '(or a b)'],
    ["d in ('0101', '0102')", "(in d ['0101' '0102'])"], ['d not in (1)', '(not-in d [1])'], ['d in (a + 1, b)', '(in d [(+ a 1) b])'],
    ['x between 1 and 10', '(between x 1 10)'], ['x not between a and b + 1', '(not-between x a (+ b 1))'],
    ["s like '%肺%'", "(like s '%肺%')"], ["s not like 'a_'", "(not-like s 'a_')"], ["s ilike 'A%'", "(ilike s 'A%')"], ["s not ilike 'a'", "(not-ilike s 'a')"],
    ['x is null', '(is-null x)'], ['x is not null', '(is-not-null x)'],
    ["case when a then 'x' end", "(case [a 'x'])"],
    ["case when a > 1 then 'x' when b then 'y' else 'z' end", "(case [(> a 1) 'x'] [b 'y'] else 'z')"],
    ["case status when 1 then '是' else '否' end", "(case status [1 '是'] else '否')"],
    ['round(x)', '(round(x))'], ['round(x, 2)', '(round(x 2))'], ['ROUND(x)', '(round(x))'], ['concat()', '(concat())'],
    ["greatest(date_diff('day', admitted_at, discharged_at), 1)", "(greatest((date_diff('day' admitted_at discharged_at)) 1))"],
    ['(a)', 'a'], ['((a + b))', '(+ a b)'],
    ['a -- the rest is a comment', 'a'], ['a -- one\n+ b -- two', '(+ a b)'],
    ['a-1', '(- a 1)'], ['a--1', 'a'],
  ])('%s', (text, expected) => {
    expect(parsed(text)).toBe(expected);
  });
});

describe('precedence', () => {
  it.each([
    ['a or b and c', '(or a (and b c))'],
    ['a and b or c', '(or (and a b) c)'],
    ['not a and b', '(and (not a) b)'],
    ['not a = b', '(not (= a b))'],
    ['not a in (1) or b', '(or (not (in a [1])) b)'],
    ['a = b and c <> d', '(and (= a b) (<> c d))'],
    ["a || b = 'xy'", "(= (|| a b) 'xy')"],
    ['a || b + c', '(|| a (+ b c))'],
    ['a + b || c', '(|| (+ a b) c)'],
    ['a + b * c', '(+ a (* b c))'],
    ['a * b + c', '(+ (* a b) c)'],
    ['a - b - c', '(- (- a b) c)'],
    ['a / b * c % d', '(% (* (/ a b) c) d)'],
    ['-a * b', '(* (- a) b)'],
    ['a * -b', '(* a (- b))'],
    ['-a.b + 1', '(+ (- a.b) 1)'],
    ['(a + b) * c', '(* (+ a b) c)'],
    ['a between b + 1 and c * 2 and d', '(and (between a (+ b 1) (* c 2)) d)'],
    ['a + 1 is not null', '(is-not-null (+ a 1))'],
    ["x like 'a' || '%'", "(like x (|| 'a' '%'))"],
    ['a = 1 or b is null and not c', '(or (= a 1) (and (is-null b) (not c)))'],
    ["case when a or b then 1 end + 1", "(+ (case [(or a b) 1]) 1)"],
  ])('%s', (text, expected) => {
    expect(parsed(text)).toBe(expected);
  });
});

describe('keywords ignore case', () => {
  it('in every spelling', () => {
    expect(parsed("X IS NOT NULL AND Y Between 1 AnD 2 Or Z ILIKE 'a%' oR NOT w NoT In (1)")).toBe(
      "(or (or (and (is-not-null X) (between Y 1 2)) (ilike Z 'a%')) (not (not-in w [1])))",
    );
    expect(parsed("CASE WHEN TRUE THEN NULL ELSE Date '2025-01-01' END")).toBe('(case [true null] else date:2025-01-01)');
  });
});

describe('spans', () => {
  it('cover each node, end just past it', () => {
    const expr = parseExpression('a + round(b, 2)');
    expect(expr.span).toEqual({ start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 16, offset: 15 } });
    if (expr.kind !== 'binary') throw new Error('binary expected');
    expect(expr.right.span).toEqual({ start: { line: 1, column: 5, offset: 4 }, end: { line: 1, column: 16, offset: 15 } });
  });

  it('include parentheses, keywords and whole literals', () => {
    const expr = parseExpression("(a) and d >= date '2025-01-01'");
    if (expr.kind !== 'binary' || expr.right.kind !== 'binary') throw new Error('binary expected');
    expect(expr.left.span.start.column).toBe(1);
    expect(expr.left.span.end.column).toBe(4);
    expect(expr.right.right.span).toMatchObject({ start: { column: 14 }, end: { column: 31 } });
  });

  it('count lines and CJK characters', () => {
    const expr = parseExpression("科室 = '内科'\n  and 年龄 > 60");
    if (expr.kind !== 'binary' || expr.right.kind !== 'binary') throw new Error('binary expected');
    expect(expr.right.left.span.start).toEqual({ line: 2, column: 7, offset: 16 });
    expect(expr.right.right.span.end).toEqual({ line: 2, column: 14, offset: 23 });
  });

  it('are shifted by the origin: the first line by its column, later ones by the indent', () => {
    const expr = parseExpression('a\n+ b', { file: 'metrics/alos.yaml', line: 12, column: 14, indent: 6 });
    if (expr.kind !== 'binary') throw new Error('binary expected');
    expect(expr.left.span.start).toEqual({ line: 12, column: 14, offset: 0 });
    expect(expr.right.span.start).toEqual({ line: 13, column: 9, offset: 4 });
  });

  it('sit on case branches', () => {
    const expr = parseExpression('case when a then b end');
    if (expr.kind !== 'case') throw new Error('case expected');
    expect(expr.branches[0]?.span).toMatchObject({ start: { column: 6 }, end: { column: 19 } });
  });
});

describe('the AST', () => {
  it('is plain JSON', () => {
    const expr = parseExpression("case when d in ('a', 'b') then round(x * 1.5, 2) else -y end is not null and z between date '2025-01-01' and date '2025-12-31'");
    expect(JSON.parse(JSON.stringify(expr))).toEqual(expr);
  });

  it('refuses absurd nesting instead of running out of stack', () => {
    expect(() => parseExpression(`${'('.repeat(100)}1${')'.repeat(100)}`)).toThrow(/nests more than 64 levels/);
    expect(() => parseExpression(`${'- '.repeat(20)}1`)).not.toThrow();
    expect(() => parseExpression(`${'not '.repeat(100)}x`)).toThrow(/nests more than 64 levels/);
    expect(() => parseExpression(Array.from({ length: 300 }, (_, i) => `x${i}`).join(' + '))).toThrow(/more than 256 operations deep/);
    expect(() => parseExpression(`d in (${Array.from({ length: 2000 }, (_, i) => `'${i}'`).join(', ')})`)).not.toThrow();
  });
});
