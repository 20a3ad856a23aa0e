// The whitelist of functions. Nothing else can be called: a dialect implements exactly these,
// with the semantics written here, for every engine (see FunctionName in ast.ts).
import type { FunctionName, ValueType } from './ast.ts';
import { closestName } from './suggest.ts';

/** A parameter is either a quoted word from a fixed list (a unit or grain, which the dialect
 *  emits as SQL from this list, never from the user's text) or a value of some types. Null is
 *  accepted wherever a value is. `same` parameters must have one common type. */
export type ParamSpec =
  | { name: string; choices: readonly string[] }
  | { name: string; types: readonly ValueType[]; same?: true };

export interface FunctionSpec {
  name: FunctionName;
  params: readonly ParamSpec[];
  /** How many arguments must be given; the rest may be left out (default: all). */
  required?: number;
  /** The last parameter may repeat. */
  repeats?: true;
  /** The result type, or 'same': the common type of the `same` parameters. */
  result: ValueType | 'same';
  /** `same` parameters must have exactly one type: a date and a timestamp do not mix. */
  exact?: true;
  /** For messages and docs: `date_diff(unit, start, end)`. */
  synopsis: string;
  description: string;
  /** A further rule on the arguments; returns what is wrong, if anything. */
  refine?: (args: readonly { type: ValueType; choice?: string }[]) => string | undefined;
}

const TEMPORAL: readonly ValueType[] = ['date', 'timestamp'];
const ORDERED: readonly ValueType[] = ['number', 'string', 'date', 'timestamp'];
const ANY: readonly ValueType[] = ['number', 'string', 'boolean', 'date', 'timestamp'];
const NUMBER: readonly ValueType[] = ['number'];

export const DATE_GRAINS = ['day', 'week', 'month', 'quarter', 'year'] as const;
export const DATE_UNITS = ['second', 'minute', 'hour', 'day', 'week', 'month', 'year'] as const;

function datePart(name: FunctionName, description: string, types = TEMPORAL): FunctionSpec {
  return { name, params: [{ name: 'value', types }], result: 'number', synopsis: `${name}(value)`, description };
}

/** A function of plain values: `scalar('substr', [['text', 'string'], ['start', 'number'], ['length', 'number']], …)`. */
function scalar(name: FunctionName, params: [string, ValueType][], result: ValueType, description: string, required?: number): FunctionSpec {
  const shown = params.map(([param], i) => (required !== undefined && i >= required ? `[, ${param}]` : i === 0 ? param : `, ${param}`)).join('');
  return {
    name, params: params.map(([param, type]) => ({ name: param, types: [type] })), result, synopsis: `${name}(${shown})`, description,
    ...(required === undefined ? {} : { required }),
  };
}

const SPECS: FunctionSpec[] = [
  datePart('year', 'the calendar year, e.g. 2025'),
  datePart('month', 'the month, 1 to 12'),
  datePart('quarter', 'the quarter, 1 to 4'),
  datePart('week', 'the ISO week of the year, 1 to 53 (weeks start on Monday)'),
  datePart('day', 'the day of the month, 1 to 31'),
  datePart('day_of_week', 'the ISO day of the week: 1 = Monday … 7 = Sunday'),
  datePart('hour', 'the hour of the day, 0 to 23 (timestamps only: a date has no time of day)', ['timestamp']),
  {
    name: 'date_trunc', params: [{ name: 'grain', choices: DATE_GRAINS }, { name: 'value', types: TEMPORAL, same: true }],
    result: 'same', synopsis: 'date_trunc(grain, value)',
    description: 'the start of the day, week (Monday), month, quarter or year holding value; a date stays a date',
  },
  {
    name: 'date_diff', params: [{ name: 'unit', choices: DATE_UNITS }, { name: 'start', types: TEMPORAL, same: true }, { name: 'end', types: TEMPORAL, same: true }],
    result: 'number', exact: true, synopsis: 'date_diff(unit, start, end)',
    description: 'end minus start in whole units, counting the unit boundaries crossed (date_diff(\'day\', admitted_at, discharged_at))',
  },
  {
    name: 'date_add', params: [{ name: 'unit', choices: DATE_UNITS }, { name: 'amount', types: NUMBER }, { name: 'value', types: TEMPORAL, same: true }],
    result: 'same', synopsis: 'date_add(unit, amount, value)',
    description: 'value moved by amount units (negative moves back); adding months keeps the day, clamped to the month\'s end',
    refine: ([unit, , value]) =>
      value?.type === 'date' && (unit?.choice === 'second' || unit?.choice === 'minute' || unit?.choice === 'hour')
        ? `a date has no time of day, so it cannot be moved by ${unit.choice}s; use a timestamp, or 'day' and longer units`
        : undefined,
  },
  {
    name: 'coalesce', params: [{ name: 'value', types: ANY, same: true }, { name: 'fallback', types: ANY, same: true }], required: 2, repeats: true,
    result: 'same', synopsis: 'coalesce(value, fallback, …)', description: 'the first of its arguments that is not null',
  },
  {
    name: 'nullif', params: [{ name: 'value', types: ANY, same: true }, { name: 'other', types: ANY, same: true }],
    result: 'same', synopsis: 'nullif(value, other)', description: 'null when value equals other, otherwise value',
  },
  {
    name: 'greatest', params: [{ name: 'value', types: ORDERED, same: true }, { name: 'value', types: ORDERED, same: true }], required: 2, repeats: true,
    result: 'same', synopsis: 'greatest(value, value, …)', description: 'the largest of its arguments in this row, ignoring nulls',
  },
  {
    name: 'least', params: [{ name: 'value', types: ORDERED, same: true }, { name: 'value', types: ORDERED, same: true }], required: 2, repeats: true,
    result: 'same', synopsis: 'least(value, value, …)', description: 'the smallest of its arguments in this row, ignoring nulls',
  },
  scalar('round', [['x', 'number'], ['digits', 'number']], 'number', 'x rounded to digits decimals (default 0), halves away from zero', 1),
  scalar('abs', [['x', 'number']], 'number', 'the absolute value of x'),
  scalar('floor', [['x', 'number']], 'number', 'the largest whole number not above x'),
  scalar('ceil', [['x', 'number']], 'number', 'the smallest whole number not below x'),
  scalar('lower', [['text', 'string']], 'string', 'text in lower case'),
  scalar('upper', [['text', 'string']], 'string', 'text in upper case'),
  scalar('trim', [['text', 'string']], 'string', 'text without spaces at either end'),
  scalar('length', [['text', 'string']], 'number', 'the number of characters in text'),
  scalar('substr', [['text', 'string'], ['start', 'number'], ['length', 'number']], 'string', 'length characters of text from position start (the first is 1); without length, to the end', 2),
  scalar('left', [['text', 'string'], ['count', 'number']], 'string', 'the first count characters of text'),
  scalar('right', [['text', 'string'], ['count', 'number']], 'string', 'the last count characters of text'),
  scalar('replace', [['text', 'string'], ['from', 'string'], ['to', 'string']], 'string', 'text with every from replaced by to'),
  {
    name: 'concat', params: [{ name: 'value', types: ['number', 'string', 'date', 'timestamp'] }], repeats: true,
    result: 'string', synopsis: 'concat(value, …)', description: 'its arguments as text, joined; nulls count as empty text (|| gives null instead)',
  },
  scalar('starts_with', [['text', 'string'], ['prefix', 'string']], 'boolean', 'whether text starts with prefix'),
  scalar('contains', [['text', 'string'], ['part', 'string']], 'boolean', 'whether part occurs in text'),
];

export const FUNCTIONS: Readonly<Record<FunctionName, FunctionSpec>> = Object.fromEntries(SPECS.map((spec) => [spec.name, spec])) as Record<FunctionName, FunctionSpec>;

export function isFunctionName(name: string): name is FunctionName {
  return Object.hasOwn(FUNCTIONS, name);
}

const AGGREGATIONS = ['sum', 'count', 'avg', 'average', 'median', 'percentile', 'percentile_cont', 'count_distinct', 'stddev', 'variance'];
const NOW = ['now', 'today', 'current_date', 'current_timestamp', 'getdate', 'sysdate'];

// Names from SQL dialects and spreadsheets, with what to write here instead.
const INSTEAD: Record<string, string> = {
  ifnull: 'use coalesce(value, fallback)', nvl: 'use coalesce(value, fallback)', isnull: 'use coalesce(value, fallback), or write x is null',
  if: 'use case when condition then value else other end', iif: 'use case when condition then value else other end',
  len: 'use length(text)', ceiling: 'use ceil(x)', substring: 'use substr(text, start, length)', mid: 'use substr(text, start, length)',
  dateadd: 'use date_add(unit, amount, value)', datediff: 'use date_diff(unit, start, end)', timestampdiff: 'use date_diff(unit, start, end)',
  extract: 'use year(x), quarter(x), month(x), week(x), day(x), day_of_week(x) or hour(x)',
  date_part: 'use year(x), quarter(x), month(x), week(x), day(x), day_of_week(x) or hour(x)',
  datepart: 'use year(x), quarter(x), month(x), week(x), day(x), day_of_week(x) or hour(x)',
  dayofweek: 'use day_of_week(x)', weekday: 'use day_of_week(x)', dow: 'use day_of_week(x)',
  instr: 'use contains(text, part)', strpos: 'use contains(text, part)', position: 'use contains(text, part)',
  cast: 'values are not converted in formulas: column types come from the dataset spec; write date \'…\' or timestamp \'…\' for date values',
  date: 'for a date value write date \'2025-01-01\'; for the day of a timestamp use date_trunc(\'day\', x)',
};

/** Why `name` cannot be called, and what to write instead. */
export function unknownFunctionMessage(name: string): string {
  const lower = name.toLowerCase();
  if (AGGREGATIONS.includes(lower)) {
    return `${name} is an aggregation: aggregations are declared on a measure (agg: ${lower === 'average' ? 'avg' : lower}), not written in formulas; refer to the measure or metric by its name instead`;
  }
  if (lower === 'min' || lower === 'max') {
    const instead = lower === 'min' ? 'the smaller of values in one row use least(a, b)' : 'the larger of values in one row use greatest(a, b)';
    return `${name} is an aggregation: aggregations are declared on a measure, not written in formulas; for ${instead}`;
  }
  if (NOW.includes(lower)) {
    return `${name} is not available: formulas do not depend on when they run, so that results can be reproduced; filter on a date range in the query instead`;
  }
  const instead = INSTEAD[lower];
  if (instead !== undefined) return `there is no function ${name}: ${instead}`;
  const closest = closestName(lower, Object.keys(FUNCTIONS));
  return closest !== undefined
    ? `there is no function ${name}; did you mean ${closest}?`
    : `there is no function ${name}; the functions are ${Object.keys(FUNCTIONS).join(', ')}`;
}
