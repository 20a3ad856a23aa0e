// The type checker: types and levels of every construct, names resolved only through the scope,
// and problems that say where, what is wrong and what to do.
import { describe, expect, it } from 'vitest';
import type { ValueType } from './ast.ts';
import { parseExpression } from './parse.ts';
import { LanguageError, type LanguageProblem } from './problems.ts';
import { testScope } from './test-scope.ts';
import { checkExpression, type CheckOptions } from './typecheck.ts';
import { nodesOf } from './walk.ts';

const scope = testScope(
  {
    admitted_at: 'timestamp', discharged_at: 'timestamp', admission_date: 'date', discharge_date: 'date',
    department: 'string', discharge_status: 'string', age: 'number', cost: 'number', is_emergency: 'boolean',
    科室: 'string', '出院 日期': 'date', end: 'string',
  },
  { alos: 'number', occupied_bed_days: 'number', open_bed_days: 'number', admissions_count: 'number' },
);

const check = (text: string, options?: CheckOptions) => checkExpression(parseExpression(text), scope, options);

function problemsOf(text: string, options?: CheckOptions): string[] {
  try {
    check(text, options);
  } catch (error) {
    if (error instanceof LanguageError) return error.problems.map((p: LanguageProblem) => `${p.line}:${p.column} ${p.message}`);
    throw error;
  }
  throw new Error(`expected a LanguageError for ${text}`);
}

const problem = (text: string, options?: CheckOptions): string => {
  const problems = problemsOf(text, options);
  expect(problems).toHaveLength(1);
  return problems[0] as string;
};

describe('types and levels', () => {
  it.each<[string, ValueType, string]>([
    ['1', 'number', 'constant'],
    ["'a'", 'string', 'constant'],
    ['null', 'null', 'constant'],
    ["date '2025-01-01'", 'date', 'constant'],
    ['age', 'number', 'row'],
    ['admissions.age', 'number', 'row'],
    ['alos', 'number', 'aggregate'],
    ['-age', 'number', 'row'],
    ['age * 2 + cost / 3 - 1 % 2', 'number', 'row'],
    ['age + null', 'number', 'row'],
    ["department || '-' || 科室", 'string', 'row'],
    ["discharge_status = '死亡'", 'boolean', 'row'],
    ['discharged_at >= admitted_at', 'boolean', 'row'],
    ["discharge_date >= timestamp '2025-01-01 08:00:00'", 'boolean', 'row'],
    ["discharge_date < admitted_at", 'boolean', 'row'],
    ['is_emergency = true', 'boolean', 'row'],
    ["department in ('0101', '0102') and discharge_date >= date '2025-01-01'", 'boolean', 'row'],
    ["discharge_date between date '2025-01-01' and date '2025-03-31'", 'boolean', 'row'],
    ["department not like '01%' or department ilike '%icu%'", 'boolean', 'row'],
    ['age is not null and not is_emergency', 'boolean', 'row'],
    ["case when age >= 65 then '老年' when age >= 18 then '成年' else '未成年' end", 'string', 'row'],
    ["case department when '0101' then 1 when '0102' then 2 end", 'number', 'row'],
    ['case when is_emergency then discharge_date else admitted_at end', 'timestamp', 'row'],
    ['case when is_emergency then null end', 'null', 'row'],
    ['case when is_emergency then null else 1 end', 'number', 'row'],
    ["greatest(date_diff('day', admitted_at, discharged_at), 1)", 'number', 'row'],
    ['occupied_bed_days / open_bed_days', 'number', 'aggregate'],
    ['round(alos, 1) * 100', 'number', 'aggregate'],
    ['alos > 5', 'boolean', 'aggregate'],
    ['round(1.25, 1)', 'number', 'constant'],
    ['year("出院 日期") = 2025', 'boolean', 'row'],
    ['"end" = \'x\'', 'boolean', 'row'],
  ])('%s: %s, %s', (text, type, level) => {
    expect(check(text)).toMatchObject({ type, level });
  });

  it('annotates every node, and every reference with what the scope resolved', () => {
    const typed = check("case when department in ('01', '02') then round(age * 1.5, 2) else -cost end between 1 and 10 and discharged_at is not null");
    for (const node of nodesOf(typed)) {
      expect(node.type).toBeDefined();
      expect(node.level).toBeDefined();
      if (node.kind === 'reference') expect(node.resolution).toMatchObject({ name: `admissions.${node.path[0]}`, level: 'row' });
    }
    expect(JSON.parse(JSON.stringify(typed))).toEqual(typed);
  });

  it('resolves names only through the scope, as written', () => {
    const asked: string[][] = [];
    const anything = { resolve: (path: string[]) => (asked.push(path), { type: 'number' as const, level: 'row' as const }), candidates: () => [] };
    const typed = checkExpression(parseExpression('a.b + "c; drop"'), anything);
    expect(asked).toEqual([['a', 'b'], ['c; drop']]);
    expect(typed).toMatchObject({ left: { resolution: { type: 'number' } }, right: { path: ['c; drop'] } });
  });
});

describe('names', () => {
  it.each([
    ['dischargd_at > admitted_at', "1:1 no column or metric 'dischargd_at'; did you mean 'discharged_at'?"],
    ['Department = 1', "1:1 no column or metric 'Department'; did you mean 'department'?"],
    ["admissions.dischargd_at is null", "1:1 'admissions' has no 'dischargd_at'; did you mean 'discharged_at'?"],
    ['admision.age > 1', "1:1 no column or metric 'admision'; did you mean 'admissions'?"],
    ["科宝 = '内科'", "1:1 no column or metric '科宝'; did you mean '科室'?"],
    ['year(出院) = 2025', `1:6 no column or metric '出院'; did you mean "出院 日期"?`],
    ['admissions > 1', "1:1 'admissions' is not a value by itself: name one of its fields, such as admissions.admitted_at, admissions.discharged_at, admissions.admission_date"],
    ['admissions.age.x', "1:1 'admissions.age' has no 'x'"],
    [
      'discharge_status = "死亡"',
      "1:20 no column or metric '死亡'; known here: 'admitted_at', 'discharged_at', 'admission_date', 'discharge_date', 'department', 'discharge_status', 'age', 'cost' and 9 more (if you meant the text '死亡', put it in single quotes)",
    ],
  ])('%s', (text, expected) => {
    expect(problem(text)).toBe(expected);
  });
});

describe('type errors say what to write instead', () => {
  it.each([
    ["discharge_date >= '2025-01-01'", "1:19 '2025-01-01' is text, but 'discharge_date' is a date: write date '2025-01-01'"],
    ["'2025-01-01' <= discharge_date", "1:1 '2025-01-01' is text, but 'discharge_date' is a date: write date '2025-01-01'"],
    ["admitted_at < '2025-01-01 08:00'", "1:15 '2025-01-01 08:00' is text, but 'admitted_at' is a timestamp (date and time): write timestamp '2025-01-01 08:00:00'"],
    ["discharge_date = '去年'", "1:18 '去年' is text, but 'discharge_date' is a date: write date 'YYYY-MM-DD'"],
    ["discharge_date in (date '2025-01-01', '2025-01-02')", "1:39 '2025-01-02' is text, but 'discharge_date' is a date: write date '2025-01-02'"],
    ["discharge_date between '2025-01-01' and date '2025-02-01'", "1:24 '2025-01-01' is text, but 'discharge_date' is a date: write date '2025-01-01'"],
    ['department = 101', "1:14 101 is a number, but 'department' is text: put it in quotes, '101'"],
    ["age > '60'", "1:7 '60' is text, but 'age' is a number: write the number without quotes, 60"],
    ['age = department', "1:7 cannot compare 'age' (a number) with 'department' (text)"],
    ['discharge_date + 1', "1:1 days cannot be added to a date with '+': write date_add('day', 1, discharge_date)"],
    ['discharge_date - (age + 1)', "1:1 days cannot be subtracted from a date with '-': write date_add('day', -(age + 1), discharge_date)"],
    ['discharge_date - admission_date', "1:1 dates cannot be subtracted: to count the time between them write date_diff('day', admission_date, discharge_date)"],
    ["department + '-'", "1:1 '+' adds numbers: to join text write a || b, or concat(a, b)"],
    ['age * department', "1:7 '*' needs numbers, but 'department' is text"],
    ["age || '岁'", "1:1 '||' joins text, but 'age' is a number: use concat(…), which turns numbers and dates into text"],
    ['-department', "1:2 '-' needs a number, but 'department' is text"],
    ['not age', "1:5 'not' needs a true/false condition, but 'age' is a number"],
    ['is_emergency and department', "1:18 'and' combines true/false conditions, but 'department' is text; compare it with a value, as in department = …"],
    ['age = null', '1:7 comparing with null is never true: write age is null'],
    ['null <> department', '1:1 comparing with null is never true: write department is not null'],
    ["department not in ('01', null)", '1:26 null in a list never matches anything: to include missing values, write (department in (…) or department is null)'],
    ["age like '1%'", "1:1 'like' matches text, but 'age' is a number"],
    ["department ilike 1", "1:18 the pattern of 'ilike' must be text, such as '%肺炎%', but 1 is a number"],
    ['is_emergency > false', "1:16 '>' cannot order true/false conditions; compare them with = or <>"],
    ["case when age then 1 end", "1:11 the condition after 'when' must be true or false, but 'age' is a number"],
    ["case when is_emergency then 1 else '否' end", "1:36 every value of a case must have the same type: 1 is a number, but '否' is text"],
    ["case department when 1 then 'a' end", "1:22 1 is a number, but 'department' is text: put it in quotes, '1'"],
  ])('%s', (text, expected) => {
    expect(problem(text)).toBe(expected);
  });

  it('reports every problem at once, each once', () => {
    expect(problemsOf("dischargd_at > 1 and age = '1' and zzz.y").map((p) => p.split(' ')[0])).toEqual(['1:1', '1:28', '1:36']);
    expect(problemsOf('(age + department) * 2 > 1 and (nothing or x)').map((p) => p.split(' ')[0])).toEqual(['1:8', '1:33', '1:44']);
  });

  it('names the file', () => {
    try {
      checkExpression(parseExpression('age +\n  department', { file: 'metrics/x.yaml', line: 4, column: 9 }), scope, { file: 'metrics/x.yaml' });
      throw new Error('expected a LanguageError');
    } catch (error) {
      expect((error as LanguageError).problems).toMatchObject([{ file: 'metrics/x.yaml', line: 5, column: 3 }]);
      expect((error as LanguageError).message).toBe("metrics/x.yaml:5:3: '+' needs numbers, but 'department' is text");
    }
  });
});

describe('levels', () => {
  it('refuses a row-level column next to an aggregate', () => {
    expect(problem('age + alos')).toBe(
      "1:1 'age' is a row-level column and 'alos' is an aggregate metric: they cannot be combined in one expression; a row-level value can only be used inside a measure, which aggregates it",
    );
    expect(problemsOf("case when department = '01' then alos end + age")).toHaveLength(1);
  });

  it('allows constants anywhere', () => {
    expect(check('alos * 100 + 1')).toMatchObject({ level: 'aggregate' });
    expect(check("coalesce(age, 0) between 1 and 2")).toMatchObject({ level: 'row' });
  });

  it('holds a measure expression to row level and a derived formula to aggregates', () => {
    expect(problem('age / alos', { level: 'row', role: 'a measure expression' })).toBe(
      "1:7 'alos' is an aggregate metric, but a measure expression is computed row by row: use columns here",
    );
    expect(problem('alos / age', { level: 'aggregate', role: 'a derived formula' })).toBe(
      "1:8 'age' is a row-level column, but a derived formula is computed from aggregates: use measures and metrics here",
    );
    expect(check('occupied_bed_days / open_bed_days', { level: 'aggregate' })).toMatchObject({ level: 'aggregate' });
  });
});

describe('what the caller expects', () => {
  it('a filter is a condition', () => {
    expect(check("discharge_status = '死亡'", { expect: 'boolean', role: 'a filter' })).toMatchObject({ type: 'boolean' });
    expect(problem('discharge_status', { expect: 'boolean', role: 'a filter' })).toBe(
      "1:1 a filter must be a true/false condition, but 'discharge_status' is text; compare it with a value, as in discharge_status = …",
    );
    expect(problem('null', { expect: 'boolean', role: 'a filter' })).toBe('1:1 a filter must be a true/false condition, but null is null');
  });

  it('a measure expression is a number or a date', () => {
    expect(problem("department || 'x'", { expect: ['number', 'date', 'timestamp'], role: 'a measure expression' })).toBe(
      "1:1 a measure expression must be a number, a date or a timestamp (date and time), but department || 'x' is text",
    );
  });
});
