// The function whitelist: every function's signature and result type, and calls that do not fit.
import { describe, expect, it } from 'vitest';
import type { FunctionName, ValueType } from './ast.ts';
import { FUNCTIONS } from './functions.ts';
import { parseExpression } from './parse.ts';
import { LanguageError } from './problems.ts';
import { testScope } from './test-scope.ts';
import { checkExpression } from './typecheck.ts';

const scope = testScope({ d: 'date', t: 'timestamp', t2: 'timestamp', n: 'number', s: 'string', b: 'boolean' }, { m: 'number' });

const typeOf = (text: string) => checkExpression(parseExpression(text), scope).type;

function problemsOf(text: string): string[] {
  try {
    checkExpression(parseExpression(text), scope);
  } catch (error) {
    if (error instanceof LanguageError) return error.problems.map((p) => `${p.column} ${p.message}`);
    throw error;
  }
  throw new Error(`expected a LanguageError for ${text}`);
}

describe('every function', () => {
  const calls: [string, ValueType][] = [
    ['year(d)', 'number'], ['month(t)', 'number'], ['quarter(d)', 'number'], ['week(t)', 'number'], ['day(d)', 'number'],
    ['day_of_week(d)', 'number'], ['hour(t)', 'number'],
    ["date_trunc('month', d)", 'date'], ["date_trunc('week', t)", 'timestamp'],
    ["date_diff('day', d, d)", 'number'], ["date_diff('minute', t, t2)", 'number'],
    ["date_add('month', 1, d)", 'date'], ["date_add('hour', -2, t)", 'timestamp'],
    ['coalesce(n, 0)', 'number'], ["coalesce(s, '未知', s)", 'string'], ['coalesce(d, t)', 'timestamp'], ['coalesce(null, null)', 'null'],
    ['nullif(n, 0)', 'number'], ['greatest(n, 1, n * 0)', 'number'], ['least(d, d)', 'date'],
    ['round(n)', 'number'], ['round(n, 2)', 'number'], ['abs(n)', 'number'], ['floor(n)', 'number'], ['ceil(n)', 'number'],
    ['lower(s)', 'string'], ['upper(s)', 'string'], ['trim(s)', 'string'], ['length(s)', 'number'],
    ['substr(s, 1)', 'string'], ['substr(s, 1, 2)', 'string'], ['left(s, 2)', 'string'], ['right(s, 2)', 'string'],
    ["replace(s, '-', '')", 'string'], ["concat(s, '-', n, d, t)", 'string'], ["starts_with(s, 'A')", 'boolean'], ["contains(s, '肺')", 'boolean'],
    ['abs(null)', 'number'],
  ];

  it.each(calls)('%s is %s', (text, type) => {
    expect(typeOf(text)).toBe(type);
  });

  it('is covered above, and only these exist', () => {
    const tested = new Set(calls.map(([text]) => text.slice(0, text.indexOf('('))));
    expect(new Set(Object.keys(FUNCTIONS))).toEqual(tested);
    for (const [name, spec] of Object.entries(FUNCTIONS)) {
      expect(spec.name).toBe(name as FunctionName);
      expect(spec.synopsis.startsWith(`${name}(`)).toBe(true);
    }
  });
});

describe('calls that do not fit', () => {
  it.each([
    ['round(n, 2, 3)', '1 round takes 1 or 2 arguments, as in round(x[, digits]), but was given 3'],
    ['year()', '1 year takes 1 argument, as in year(value), but was given 0'],
    ['coalesce(n)', '1 coalesce takes at least 2 arguments, as in coalesce(value, fallback, …), but was given 1'],
    ["date_diff('day', d)", '1 date_diff takes 3 arguments, as in date_diff(unit, start, end), but was given 2'],
    ["date_trunc('months', d)", "12 'months' is not a grain of date_trunc; did you mean 'month'? (one of 'day', 'week', 'month', 'quarter' or 'year')"],
    ["date_trunc('MONTH', d)", "12 'MONTH' is not a grain of date_trunc; did you mean 'month'? (one of 'day', 'week', 'month', 'quarter' or 'year')"],
    ["date_diff('quarter', d, d)", "11 'quarter' is not a unit of date_diff (one of 'second', 'minute', 'hour', 'day', 'week', 'month' or 'year')"],
    ["date_trunc(s, d)", "12 the first argument of date_trunc (grain) must be one of 'day', 'week', 'month', 'quarter' or 'year', in single quotes, as in date_trunc('day', value)"],
    ['year(s)', "6 the first argument of year (value) must be a date or a timestamp (date and time), but 's' is text"],
    ['hour(d)', "6 the first argument of hour (value) must be a timestamp (date and time), but 'd' is a date"],
    ["date_diff('day', d, t)", "21 the arguments of date_diff must have the same type: 'd' is a date, but 't' is a timestamp (date and time)"],
    ["date_add('day', '1', d)", "17 the second argument of date_add (amount) must be a number, but '1' is text"],
    ["date_add('minute', 30, d)", '1 date_add: a date has no time of day, so it cannot be moved by minutes; use a timestamp, or \'day\' and longer units'],
    ["coalesce(n, '0')", "13 the arguments of coalesce must have the same type: 'n' is a number, but '0' is text"],
    ['greatest(b, 1)', "10 the first argument of greatest (value) must be a number, text, a date or a timestamp (date and time), but 'b' is a true/false condition"],
    ['substr(s, s)', "11 the second argument of substr (start) must be a number, but 's' is text"],
    ['concat(s, b)', "11 the second argument of concat (value) must be a number, text, a date or a timestamp (date and time), but 'b' is a true/false condition"],
    ['upper(n)', "7 the first argument of upper (text) must be text, but 'n' is a number"],
  ])('%s', (text, expected) => {
    expect(problemsOf(text)).toEqual([expected]);
  });

  it('reports a misspelt argument once', () => {
    expect(problemsOf("date_trunc(grian, d)")).toHaveLength(1);
  });

  it('takes the level of its arguments', () => {
    expect(checkExpression(parseExpression('round(m, 1)'), scope)).toMatchObject({ level: 'aggregate' });
    expect(checkExpression(parseExpression("date_trunc('month', d)"), scope)).toMatchObject({ level: 'row' });
    expect(problemsOf('greatest(n, m)')).toHaveLength(1);
  });
});
