// Time expressions in a question, Chinese or English, resolved against a fixed as-of day: 今天,
// 上周, 上个月, 本季度, 最近 30 天, 2025年3月, 3月, Q1, 1-3月, last month, March 2025, from … to ….
// A phrase that names one of the query API's relative ranges (上个月 → last_month) stays relative,
// so the query reads as the question did; any other becomes inclusive days. A month, quarter or
// half without a year is the latest one that has begun by the as-of day (asked in June, "11月" is
// last November). "最近 N 个月" is the N whole months before the as-of month, as monthly reports count.
import { addDays, resolveRelativeRange, type DayRange, type RelativeRange } from '../plan/time-range.ts';
import { NUMBER, numberValue } from './numbers.ts';

export type QuestionRange = DayRange | { relative: RelativeRange };

export interface TimeMention {
  /** Offsets in the (normalized) question text: [start, end). */
  start: number;
  end: number;
  range: QuestionRange;
  /** The days it covers. */
  days: DayRange;
}

interface Ymd { y: number; m: number; d: number }

const pad = (n: number) => String(n).padStart(2, '0');
const iso = (y: number, m: number, d: number) => {
  const at = new Date(Date.UTC(y, m - 1, d));
  return `${at.getUTCFullYear()}-${pad(at.getUTCMonth() + 1)}-${pad(at.getUTCDate())}`;
};
const parts = (day: string): Ymd => {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return { y, m, d };
};
const month = (y: number, m: number): DayRange => ({ from: iso(y, m, 1), to: iso(y, m + 1, 0) });
const quarter = (y: number, q: number): DayRange => ({ from: iso(y, 3 * q - 2, 1), to: iso(y, 3 * q + 1, 0) });
const year = (y: number): DayRange => ({ from: iso(y, 1, 1), to: iso(y, 12, 31) });
const half = (y: number, second: boolean): DayRange => (second ? { from: iso(y, 7, 1), to: iso(y, 12, 31) } : { from: iso(y, 1, 1), to: iso(y, 6, 30) });
const day = (y: number, m: number, d: number): DayRange => ({ from: iso(y, m, d), to: iso(y, m, d) });

const quarterNumbers: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 1: 1, 2: 2, 3: 3, 4: 4, first: 1, second: 2, third: 3, fourth: 4, '1st': 1, '2nd': 2, '3rd': 3, '4th': 4 };
const monthNames = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const MONTH_NAME = `(${monthNames.join('|')}|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\\b`;
const monthOfName = (name: string) => monthNames.findIndex((n) => n.startsWith(name.slice(0, 3))) + 1;
/** 今年, 去年, 前年 as an offset from the as-of year. */
const yearWords: Record<string, number> = { 今年: 0, 本年: 0, 去年: -1, 上年: -1, 前年: -2 };
const YEAR_WORD = '(今年|本年|去年|上年|前年)';
const N = `(${NUMBER})`;

/** Alternatives, longest first: a regular expression takes the first alternative that matches. */
const oneOf = (...words: string[]) => `(${[...words].sort((a, b) => b.length - a.length).join('|')})`;

type Resolve = (groups: string[], asOf: Ymd, asOfDay: string) => QuestionRange | null;

/** Each pattern is tried at a position; the longest match wins. */
const patterns: [string, Resolve][] = [];
const rule = (source: string, resolve: Resolve) => patterns.push([source, resolve]);
const relative = (name: RelativeRange): Resolve => () => ({ relative: name });
const yearOf = (g: string | undefined, asOf: Ymd) => (g === undefined ? null : /^\d{4}$/.test(g) ? Number(g) : asOf.y + yearWords[g]!);
/** The latest month (or quarter, half) numbered `n` that has begun by the as-of day. */
const latest = (n: number, current: number, asOf: Ymd) => (n <= current ? asOf.y : asOf.y - 1);
const valid = (m: number) => m >= 1 && m <= 12;
const num = (g: string) => numberValue(g) ?? NaN;

// Days.
rule('(\\d{4})\\s*年\\s*(\\d{1,2})\\s*月\\s*(\\d{1,2})\\s*[日号]', ([y, m, d]) => day(+y!, +m!, +d!));
rule('(\\d{4})[-/.](\\d{1,2})[-/.](\\d{1,2})(?!\\d)', ([y, m, d]) => day(+y!, +m!, +d!));
rule(`${N}\\s*月\\s*${N}\\s*[日号]`, ([m, d], asOf) => (valid(num(m!)) ? day(latest(num(m!), asOf.m, asOf), num(m!), num(d!)) : null));
rule(`${MONTH_NAME}\\s+(\\d{1,2})(?:st|nd|rd|th)?(?:,?\\s*(\\d{4}))?`, ([m, d, y], asOf) => day(y ? +y : latest(monthOfName(m!), asOf.m, asOf), monthOfName(m!), +d!));
rule(oneOf('今天', '今日', '当天', 'today'), relative('today'));
rule(oneOf('昨天', '昨日', 'yesterday'), relative('yesterday'));
rule(oneOf('前天', 'the day before yesterday'), (_, asOf) => day(asOf.y, asOf.m, asOf.d - 2));
// Weeks, Monday to Sunday; this week runs to the as-of day.
const monday = (asOf: Ymd) => asOf.d - ((new Date(Date.UTC(asOf.y, asOf.m - 1, asOf.d)).getUTCDay() + 6) % 7);
rule(oneOf('本周', '这周', '这一周', '本星期', '这个星期', 'this week'), (_, asOf, asOfDay) => ({ from: iso(asOf.y, asOf.m, monday(asOf)), to: asOfDay }));
rule(oneOf('上周', '上一周', '上星期', '上个星期', '上个礼拜', 'last week', 'previous week'), (_, asOf) => ({ from: iso(asOf.y, asOf.m, monday(asOf) - 7), to: iso(asOf.y, asOf.m, monday(asOf) - 1) }));
// Months.
rule(oneOf('本月', '这个月', '这月', '当月', '本月份', 'this month', 'month to date', 'mtd'), relative('this_month'));
rule(oneOf('上月', '上个月', '上一个月', '上月份', 'last month', 'previous month'), relative('last_month'));
rule(oneOf('上上个月', '上上月'), (_, asOf) => month(asOf.y, asOf.m - 2));
rule(`(\\d{4})\\s*年\\s*${N}\\s*月份?`, ([y, m]) => (valid(num(m!)) ? month(+y!, num(m!)) : null));
rule('(\\d{4})[-/.](\\d{1,2})(?![\\d./-])', ([y, m]) => (valid(+m!) ? month(+y!, +m!) : null));
rule(`${YEAR_WORD}\\s*${N}\\s*月份?`, ([y, m], asOf) => (valid(num(m!)) ? month(yearOf(y, asOf)!, num(m!)) : null));
rule(`${N}\\s*月份?`, ([m], asOf) => (valid(num(m!)) ? month(latest(num(m!), asOf.m, asOf), num(m!)) : null));
rule(`(?:in\\s+)?${MONTH_NAME}(?:\\s+(?:of\\s+)?(\\d{4}))?`, ([m, y], asOf) => month(y ? +y : latest(monthOfName(m!), asOf.m, asOf), monthOfName(m!)));
rule(`(?:(\\d{4})\\s*年|${YEAR_WORD})?\\s*${N}\\s*月?\\s*(?:-|~|到|至)\\s*${N}\\s*月份?`, ([y, w, a, b], asOf) => {
  const [from, to] = [num(a!), num(b!)];
  if (!valid(from) || !valid(to) || to < from) return null;
  const at = yearOf(y ?? w, asOf) ?? latest(to, asOf.m, asOf);
  return { from: month(at, from).from, to: month(at, to).to };
});
// Quarters and halves.
rule(oneOf('本季度', '这个季度', '本季', '当季', 'this quarter', 'quarter to date', 'qtd'), relative('this_quarter'));
rule(oneOf('上季度', '上个季度', '上一季度', '上一个季度', '上季', 'last quarter', 'previous quarter'), relative('last_quarter'));
const quarterOf = (q: number, asOf: Ymd) => quarter(latest(q, Math.ceil(asOf.m / 3), asOf), q);
rule('(\\d{4})\\s*年?\\s*(?:第\\s*)?([一二三四1-4])\\s*季度', ([y, q]) => quarter(+y!, quarterNumbers[q!]!));
rule(`${YEAR_WORD}\\s*(?:第\\s*)?([一二三四1-4])\\s*季度`, ([y, q], asOf) => quarter(yearOf(y, asOf)!, quarterNumbers[q!]!));
rule('(?:第\\s*)?([一二三四1-4])\\s*季度', ([q], asOf) => quarterOf(quarterNumbers[q!]!, asOf));
rule('(\\d{4})\\s*年?\\s*q([1-4])\\b', ([y, q]) => quarter(+y!, +q!));
rule(`${YEAR_WORD}\\s*q([1-4])\\b`, ([y, q], asOf) => quarter(yearOf(y, asOf)!, +q!));
rule('q([1-4])(?:\\s*(\\d{4}))?\\b', ([q, y], asOf) => (y ? quarter(+y, +q!) : quarterOf(+q!, asOf)));
rule('(?:the\\s+)?(first|second|third|fourth|1st|2nd|3rd|4th)\\s+quarter(?:\\s+of\\s+(\\d{4}))?', ([q, y], asOf) => (y ? quarter(+y, quarterNumbers[q!]!) : quarterOf(quarterNumbers[q!]!, asOf)));
rule(`(?:(\\d{4})\\s*年?|${YEAR_WORD})?\\s*(上半年|下半年)`, ([y, w, h], asOf) => {
  const second = h === '下半年';
  return half(yearOf(y ?? w, asOf) ?? (second && asOf.m < 7 ? asOf.y - 1 : asOf.y), second);
});
rule('(?:the\\s+)?(first|second)\\s+half(?:\\s+of\\s+(\\d{4}))?', ([h, y], asOf) => {
  const second = h === 'second';
  return half(y ? +y : second && asOf.m < 7 ? asOf.y - 1 : asOf.y, second);
});
// Years.
rule(oneOf('今年', '本年', '本年度', '今年以来', '今年至今', '年初至今', '本年累计', 'this year', 'year to date', 'ytd', 'so far this year'), relative('this_year'));
rule(oneOf('去年', '上年', '上一年', '去年全年', '上一年度', 'last year', 'previous year'), relative('last_year'));
rule(oneOf('前年'), (_, asOf) => year(asOf.y - 2));
rule('(\\d{4})\\s*(?:年度|年全年|年)', ([y]) => year(+y!));
rule('(?:in\\s+)?((?:19|20)\\d{2})(?![\\d年/.-])', ([y]) => year(+y!));
// The last N days, weeks, months or years.
const lastDays = (n: number, asOfDay: string): QuestionRange => {
  if (n === 7) return { relative: 'last_7_days' };
  if (n === 30) return { relative: 'last_30_days' };
  return { from: addDays(asOfDay, 1 - n), to: asOfDay };
};
const lastMonths = (n: number, asOf: Ymd): DayRange => ({ from: iso(asOf.y, asOf.m - n, 1), to: iso(asOf.y, asOf.m, 0) });
rule(`(?:最近|近|过去|前)\\s*${N}\\s*(?:天|日)`, ([n], _, asOfDay) => lastDays(num(n!), asOfDay));
rule(`(?:最近|近|过去)\\s*${N}\\s*(?:个)?\\s*(?:周|星期|礼拜)`, ([n], _, asOfDay) => lastDays(7 * num(n!), asOfDay));
rule(`(?:最近|近|过去)\\s*${N}\\s*(?:个)?\\s*月`, ([n], asOf) => lastMonths(num(n!), asOf));
rule(`(?:最近|近|过去)\\s*${N}\\s*年`, ([n], asOf) => lastMonths(12 * num(n!), asOf));
rule('(?:最近一周|近一周|最近一个星期)', (_, __, asOfDay) => lastDays(7, asOfDay));
rule(`(?:the\\s+)?(?:last|past|previous)\\s+${N}\\s+days?`, ([n], _, asOfDay) => lastDays(num(n!), asOfDay));
rule(`(?:the\\s+)?(?:last|past|previous)\\s+${N}\\s+weeks?`, ([n], _, asOfDay) => lastDays(7 * num(n!), asOfDay));
rule(`(?:the\\s+)?(?:last|past|previous)\\s+${N}\\s+months?`, ([n], asOf) => lastMonths(num(n!), asOf));
rule(`(?:the\\s+)?(?:last|past|previous)\\s+${N}\\s+years?`, ([n], asOf) => lastMonths(12 * num(n!), asOf));

const compiled = patterns.map(([source, resolve]) => ({ pattern: new RegExp(source, 'y'), resolve }));
const connector = /\s*(?:-|~|—|–|到|至|to|through|until|and)\s*/y;

function daysOf(range: QuestionRange, asOf: string): DayRange {
  return 'relative' in range ? resolveRelativeRange(range.relative, asOf) : range;
}

function single(text: string, at: number, asOf: string): TimeMention | null {
  const asOfParts = parts(asOf);
  let best: TimeMention | null = null;
  for (const { pattern, resolve } of compiled) {
    pattern.lastIndex = at;
    const match = pattern.exec(text);
    if (!match || match[0].length === 0 || (best && match.index + match[0].length <= best.end)) continue;
    // A Latin phrase starts and ends at a word boundary.
    if (/[a-z0-9]/.test(match[0][0]!) && at > 0 && /[a-z0-9]/.test(text[at - 1]!)) continue;
    if (/[a-z0-9]$/.test(match[0]) && /[a-z0-9]/.test(text[at + match[0].length] ?? '')) continue;
    const range = resolve(match.slice(1), asOfParts, asOf);
    if (!range) continue;
    const days = daysOf(range, asOf);
    if (days.from > days.to || Number.isNaN(Date.parse(days.from))) continue;
    best = { start: at, end: at + match[0].length, range, days };
  }
  return best;
}

/** The time expression starting at `at` in normalized text, if one does: the longest, with "X 到 Y" joined. */
export function matchTime(text: string, at: number, asOf: string): TimeMention | null {
  const first = single(text, at, asOf);
  if (!first) return null;
  connector.lastIndex = first.end;
  const joined = connector.exec(text);
  if (!joined) return first;
  const second = single(text, first.end + joined[0].length, asOf);
  if (!second || second.days.to < first.days.from) return first;
  const days = { from: first.days.from, to: second.days.to };
  return { start: first.start, end: second.end, range: days, days };
}

