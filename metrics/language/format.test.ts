// The printer: canonical text that parses back to the same tree.
import { describe, expect, it } from 'vitest';
import type { BinaryOperator, Expr, Span } from './ast.ts';
import { formatExpression } from './format.ts';
import { parseExpression } from './parse.ts';

/** The tree without positions, to compare what two texts mean. */
function withoutSpans(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSpans);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).filter(([key]) => key !== 'span').map(([key, inner]) => [key, withoutSpans(inner)]));
}

const CORPUS = [
  "greatest(date_diff('day', admitted_at, discharged_at), 1)",
  "discharge_status = '死亡'",
  'occupied_bed_days / open_bed_days',
  "department in ('0101', '0102') and discharge_date >= date '2025-01-01'",
  'a + b * c',
  '(a + b) * c',
  'a - (b - c)',
  'a - b - c',
  'a / (b * c)',
  '-(a + b)',
  '- -a',
  '-(-1)',
  'a - -1',
  'a * -b % c',
  'not (a or b)',
  'not not a',
  '(not a) = b',
  'a or b and c',
  '(a or b) and c',
  'a and (b or c) and not d',
  "a || b || 'c'",
  "a || (b || 'c')",
  "(a || b) = 'xy'",
  '(a = b) = (c < d)',
  'a <> b or a != c',
  "x not in ('a', 'b''s', '科室') or y in (1, 2.5, -3)",
  'x between a + 1 and b * 2 and y not between 0 and 1',
  'x between (a and b) and c',
  "name like 'A%' or name not like '_b' or name ilike '%x%' or name not ilike 'y'",
  '(a like b) = true',
  'a is null or b + 1 is not null',
  '(a is null) is not null',
  "case when a > 1 then 'x' when b then 'y' else 'z' end",
  "case status when 1 then '是' when 2 then '否' end",
  'case when a then case when b then 1 else 2 end end',
  '(case when a then 1 end) + 2',
  "date_trunc('month', discharged_at) = timestamp '2025-01-01 00:00:00'",
  "coalesce(nullif(trim(s), ''), '未知')",
  "substr(s, 1, 2) || right(s, 2) || concat(a, '-', b)",
  'round(abs(x) / 1e21, 2) + 1e-7 + 0.1',
  '"出院 日期" >= date \'2025-01-01\' and 科室 = \'内科\'',
  '"a""; DROP TABLE x; --" = \'it\'\'s\'\'; DROP TABLE y; --\'',
  '"end" + "select" + "1st" + "Order"."Case"',
  'date = 1 and timestamp = 2',
  'TRUE AND NOT FALSE OR NULL IS NULL',
];

describe('round trip', () => {
  it.each(CORPUS)('%s', (text) => {
    const parsed = parseExpression(text);
    const printed = formatExpression(parsed);
    expect(withoutSpans(parseExpression(printed))).toEqual(withoutSpans(parsed));
    // Canonical: printing is a fixed point.
    expect(formatExpression(parseExpression(printed))).toBe(printed);
  });
});

describe('canonical text', () => {
  it.each([
    ['A  +b*C', 'A + b * C'],
    ['((a + b)) * (c)', '(a + b) * c'],
    ['(a * b) + c', 'a * b + c'],
    ['a - (b + c)', 'a - (b + c)'],
    ['X IS NOT NULL AND Y BETWEEN 1 AND 2', 'X is not null and Y between 1 and 2'],
    ['a != b', 'a <> b'],
    ['ROUND(x, 2)', 'round(x, 2)'],
    ['1.50 + 1e3', '1.5 + 1000'],
    ["timestamp '2025-01-01T08:00'", "timestamp '2025-01-01 08:00:00'"],
    ['"plain"', 'plain'],
    ['"two words"', '"two words"'],
    ['"end"', '"end"'],
    ["'it''s'", "'it''s'"],
    ['a -- comment\n + b', 'a + b'],
    ['- (-1)', '-(-1)'],
    ["CASE x WHEN 1 THEN 'a' ELSE 'b' END", "case x when 1 then 'a' else 'b' end"],
  ])('%s → %s', (text, expected) => {
    expect(formatExpression(parseExpression(text))).toBe(expected);
  });

  it('prints numbers made by hand that the parser would not', () => {
    const span = parseExpression('1').span;
    const negative: Expr = { kind: 'literal', valueType: 'number', value: -2, span };
    const minus: Expr = { kind: 'unary', op: '-', operand: negative, span };
    expect(formatExpression(minus)).toBe('-(-2)');
    expect(() => formatExpression({ kind: 'literal', valueType: 'number', value: Number.NaN, span })).toThrow(/cannot write the number NaN/);
  });
});

describe('round trip of generated trees', () => {
  // A small deterministic generator (mulberry32), so that a failure can be replayed.
  function random(seed: number): () => number {
    let state = seed;
    return () => {
      state = (state + 0x6d2b79f5) | 0;
      let t = Math.imul(state ^ (state >>> 15), 1 | state);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }
  const span: Span = { start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } };
  const OPERATORS: BinaryOperator[] = ['+', '-', '*', '/', '%', '||', '=', '<>', '<', '<=', '>', '>=', 'and', 'or'];
  const NAMES = ['a', 'b', '科室', 'date', 'end', 'two words', 'x"y', "it's"];
  const STRINGS = ['', 'x', "it's", '--', '死亡', '"'];

  function tree(next: () => number, depth: number): Expr {
    const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
    const leaf = depth === 0 || next() < 0.25;
    if (leaf) {
      return pick<() => Expr>([
        () => ({ kind: 'literal', valueType: 'number', value: pick([0, 1, 2.5, 1e21, 1e-7]), span }),
        () => ({ kind: 'literal', valueType: 'string', value: pick(STRINGS), span }),
        () => ({ kind: 'literal', valueType: 'boolean', value: next() < 0.5, span }),
        () => ({ kind: 'literal', valueType: 'null', value: null, span }),
        () => ({ kind: 'literal', valueType: 'date', value: '2025-01-31', span }),
        () => ({ kind: 'reference', path: next() < 0.7 ? [pick(NAMES)] : [pick(NAMES), pick(NAMES)], span }),
      ])();
    }
    const sub = () => tree(next, depth - 1);
    const negated = next() < 0.5;
    return pick<() => Expr>([
      () => ({ kind: 'unary', op: next() < 0.5 ? '-' : 'not', operand: sub(), span }),
      () => ({ kind: 'binary', op: pick(OPERATORS), left: sub(), right: sub(), span }),
      () => ({ kind: 'binary', op: pick(OPERATORS), left: sub(), right: sub(), span }),
      () => ({ kind: 'in', operand: sub(), list: [sub(), sub()], negated, span }),
      () => ({ kind: 'between', operand: sub(), low: sub(), high: sub(), negated, span }),
      () => ({ kind: 'like', operand: sub(), pattern: sub(), caseInsensitive: next() < 0.5, negated, span }),
      () => ({ kind: 'isNull', operand: sub(), negated, span }),
      () => ({ kind: 'case', ...(next() < 0.5 ? { subject: sub() } : {}), branches: [{ when: sub(), then: sub(), span }], ...(next() < 0.5 ? { else: sub() } : {}), span }),
      () => ({ kind: 'call', name: pick(['round', 'coalesce', 'concat'] as const), args: [sub(), sub()], span }),
    ])();
  }

  it('parses back every printed tree', () => {
    const next = random(20250101);
    for (let i = 0; i < 1000; i++) {
      const expr = tree(next, 4);
      const printed = formatExpression(expr);
      expect(withoutSpans(parseExpression(printed)), printed).toEqual(withoutSpans(expr));
    }
  });
});
