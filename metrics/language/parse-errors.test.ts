// Syntax errors say, in words, what was expected where, and point at the exact line and column,
// in the file when the expression has an origin.
import { describe, expect, it } from 'vitest';
import { parseExpression } from './parse.ts';
import { LanguageError, type LanguageProblem } from './problems.ts';
import type { Origin } from './source.ts';

function problemsOf(text: string, origin?: Origin): LanguageProblem[] {
  try {
    parseExpression(text, origin);
  } catch (error) {
    if (error instanceof LanguageError) return error.problems;
    throw error;
  }
  throw new Error(`expected a LanguageError for ${text}`);
}

/** The single problem as `line:column message`. */
function problem(text: string, origin?: Origin): string {
  const problems = problemsOf(text, origin);
  expect(problems).toHaveLength(1);
  const [first] = problems as [LanguageProblem];
  return `${first.line}:${first.column} ${first.message}`;
}

describe('syntax errors', () => {
  it.each([
    ['round(x, 2', "1:11 expected a closing ')' after the arguments of round, but the expression ended"],
    ['round(x 2)', "1:9 expected ',' or a closing ')' after an argument of round, but found the number 2"],
    ['round(x, )', "1:10 expected a value after ',', but found ')'"],
    ['(a + b', "1:7 expected a closing ')' to match the '(' at line 1, column 1, but the expression ended"],
    ['a +', "1:4 expected a value after '+', but the expression ended"],
    ['a + * b', "1:5 expected a value after '+', but found '*'"],
    ['', '1:1 the expression is empty: write a value, a name or a formula'],
    ['  -- just a note', '1:1 the expression is empty: write a value, a name or a formula'],
    [')', "1:1 expected a value: a number, a string in single quotes, a name, a function call or '(', but found ')'"],
    ['a = b)', "1:6 found a ')' that has no matching '('"],
    ['a b', '1:3 unexpected the name b after a complete expression: is an operator (such as + or and) or a comma missing before it?'],
    ["department '0101'", "1:12 unexpected the string '0101' after a complete expression: is an operator (such as + or and) or a comma missing before it?"],
    ['a = b = c', "1:7 unexpected '=' after a comparison: comparisons cannot be chained; combine them with 'and' or 'or' (a < b and b < c), or use parentheses"],
    ['a == b', "1:4 '==' is not an operator: use a single '=' to compare two values"],
    ["x in 'a'", "1:6 expected '(' and a list of values after 'in', as in x in ('a', 'b'), but found the string 'a'"],
    ["x in ('a' 'b')", "1:11 expected ',' or a closing ')' after a value in the list of 'in', but found the string 'b'"],
    ["x in ('a',", "1:11 expected a value after ',', but the expression ended"],
    ['x in ()', "1:7 expected a value after '(', but found ')'"],
    ["x not in ('a'", "1:14 expected a closing ')' after the list of values of 'in', but the expression ended"],
    ['x between 1 10', "1:13 expected 'and' and an upper bound after the lower bound of 'between', as in x between 1 and 10, but found the number 10"],
    ['x between 1 and', "1:16 expected a value after 'and', but the expression ended"],
    ['x is 5', "1:6 expected 'null' or 'not null' after 'is', but found the number 5"],
    ['x is not', "1:9 expected 'null' or 'not null' after 'is', but the expression ended"],
    ['x not = 1', "1:7 expected 'in', 'between', 'like' or 'ilike' after 'not' here (to negate a condition, put 'not' before it: not (a = b)), but found '='"],
    ['a.', "1:3 expected a name after '.', but the expression ended"],
    ['a.1', "1:3 expected a name after '.', but found the number 1"],
    ['x = end', `1:5 expected a value after '=', but found 'end' (end is a keyword; to use it as a name, put it in double quotes: "end")`],
    ['case when x then 1', "1:19 expected 'when', 'else' or 'end' to finish the case that starts at line 1, column 1, but the expression ended"],
    ['case when x 1 end', "1:13 expected 'then' and a value after the condition of 'when', but found the number 1"],
    ['case else 1 end', "1:6 expected 'when' and a condition after 'case', but found 'else'"],
    ['case when then 1 end', "1:11 expected a value after 'when', but found 'then'"],
    ['end = 1', `1:1 expected a value: a number, a string in single quotes, a name, a function call or '(', but found 'end' (end is a keyword; to use it as a name, put it in double quotes: "end")`],
    ['a and or b', "1:7 expected a value after 'and', but found 'or'"],
    ['"round"(x)', "1:8 '(' cannot follow a quoted or dotted name: functions are called by their plain name, as in round(x)"],
    ["date = '2025-01-01' date", "1:21 unexpected 'date' after a complete expression: is an operator (such as + or and) or a comma missing before it?"],
  ])('%j', (text, expected) => {
    expect(problem(text)).toBe(expected);
  });
});

describe('characters that are not part of the language', () => {
  it.each([
    ["x = 'abc", "1:5 unterminated string 'abc starting at line 1, column 5: end it with ' (write '' for a quote inside it)"],
    ["d = '内科", "1:5 unterminated string '内科 starting at line 1, column 5: end it with ' (write '' for a quote inside it)"],
    ['"abc = 1', '1:1 unterminated quoted name "abc = 1 starting at line 1, column 1: end it with " (write "" for a quote inside it)'],
    ['a & b', "1:3 found '&'; write 'and' to combine conditions"],
    ['a | b', "1:3 found a single '|'; write 'or' to combine conditions ('||' joins text)"],
    ['!a', "1:1 found '!'; write 'not' to negate a condition, or '<>' for 'not equal'"],
    ['a = ?', "1:5 found '?'; write values directly, parameters are not needed"],
    ['a ＝ 1', "1:3 found a full-width '＝'; use the plain '='"],
    ['x @ 1', "1:3 unexpected character '@' (U+0040)"],
  ])('%j', (text, expected) => {
    expect(problem(text)).toBe(expected);
  });

  it('reports each stray character', () => {
    expect(problemsOf('round（x，2）').map((p) => `${p.column} ${p.message}`)).toEqual([
      "6 found a full-width '（'; use the plain '('",
      "8 found a full-width '，'; use the plain ','",
      "10 found a full-width '）'; use the plain ')'",
    ]);
    expect(problemsOf("“死亡”").map((p) => p.column)).toEqual([1, 4]);
    expect(problemsOf('`a` = 1').map((p) => `${p.column} ${p.message}`)).toEqual([
      '1 found a backquote; put names in double quotes: "like this"',
      '3 found a backquote; put names in double quotes: "like this"',
    ]);
  });

  it('refuses a second statement', () => {
    expect(problemsOf("'it''s'; DROP TABLE'").map((p) => `${p.column} ${p.message}`)).toEqual([
      "8 found ';': an expression is a single formula, with no statements after it",
      "20 unterminated string ' starting at line 1, column 20: end it with ' (write '' for a quote inside it)",
    ]);
  });
});

describe('values that cannot be read', () => {
  it.each([
    ["date '2025-02-30'", "1:1 date '2025-02-30' is not a day of the calendar"],
    ["date '2025-1-5'", "1:1 date '2025-1-5' is not written as date 'YYYY-MM-DD' (for example date '2025-01-31')"],
    ["d > date '昨天'", "1:5 date '昨天' is not written as date 'YYYY-MM-DD' (for example date '2025-01-31')"],
    ["timestamp '2025-01-01 24:00'", "1:1 timestamp '2025-01-01 24:00' is not a time of day (00:00:00 to 23:59:59)"],
    ["timestamp '2025-01-01 08:00+08'", "1:1 timestamp '2025-01-01 08:00+08' is not written as timestamp 'YYYY-MM-DD HH:MM:SS' (for example timestamp '2025-01-31 08:30:00'; no time zone)"],
    ['id = 12345678901234567890', "1:6 the number 12345678901234567890 has more digits than can be kept exactly (at most 15); if it is a code, write it as text in quotes: '12345678901234567890'"],
    ['"" = 1', '1:1 a quoted name cannot be empty'],
  ])('%j', (text, expected) => {
    expect(problem(text)).toBe(expected);
  });

  it('reports every bad value at once', () => {
    expect(problemsOf("date '2025-13-01' < d and d < date '2025-02-30'").map((p) => p.column)).toEqual([1, 31]);
  });
});

describe('functions outside the whitelist', () => {
  it.each([
    ['dat_diff(a, b)', '1:1 there is no function dat_diff; did you mean date_diff?'],
    ['DATEDIFF(a, b)', '1:1 there is no function DATEDIFF: use date_diff(unit, start, end)'],
    ['x + sum(y)', '1:5 sum is an aggregation: aggregations are declared on a measure (agg: sum), not written in formulas; refer to the measure or metric by its name instead'],
    ['max(a, b)', '1:1 max is an aggregation: aggregations are declared on a measure, not written in formulas; for the larger of values in one row use greatest(a, b)'],
    ['ifnull(a, 0)', '1:1 there is no function ifnull: use coalesce(value, fallback)'],
    ['now()', '1:1 now is not available: formulas do not depend on when they run, so that results can be reproduced; filter on a date range in the query instead'],
    ['date(x)', "1:1 there is no function date: for a date value write date '2025-01-01'; for the day of a timestamp use date_trunc('day', x)"],
    ['pg_sleep(10)', '1:1 there is no function pg_sleep; the functions are year, month, quarter, week, day, day_of_week, hour, date_trunc, date_diff, date_add, coalesce, nullif, greatest, least, round, abs, floor, ceil, lower, upper, trim, length, substr, left, right, replace, concat, starts_with, contains'],
  ])('%j', (text, expected) => {
    expect(problem(text)).toBe(expected);
  });

  it('reports all of them', () => {
    expect(problemsOf('foo(1) + bar(2)').map((p) => p.column)).toEqual([1, 10]);
  });
});

describe('positions', () => {
  it('point into multi-line expressions', () => {
    expect(problem('a = 1\n  and (b or\n  c')).toBe("3:4 expected a closing ')' to match the '(' at line 2, column 7, but the expression ended");
    expect(problem("discharge_status = '死亡'\nand 年龄 >")).toBe("2:9 expected a value after '>', but the expression ended");
    expect(problem('a +\r\n  * b')).toBe("2:3 expected a value after '+', but found '*'");
  });

  it('are file positions when the expression has an origin', () => {
    const [first] = problemsOf('round(x 2)', { file: 'metrics/alos.yaml', line: 7, column: 12 });
    expect(first).toMatchObject({ file: 'metrics/alos.yaml', line: 7, column: 20 });
    expect(first?.span).toEqual({ start: { line: 7, column: 20, offset: 8 }, end: { line: 7, column: 21, offset: 9 } });
    expect(problem('a and\nb and (c', { line: 20, column: 9, indent: 4 })).toBe("21:13 expected a closing ')' to match the '(' at line 21, column 11, but the expression ended");
  });

  it('appear in the error message as file:line:column', () => {
    expect(() => parseExpression('a +', { file: 'metrics/alos.yaml', line: 3, column: 10 })).toThrow("metrics/alos.yaml:3:13: expected a value after '+', but the expression ended");
    expect(() => parseExpression('a +')).toThrow(/^1:4: expected a value/);
  });
});
