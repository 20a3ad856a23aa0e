// How a period start ('YYYY-MM-DD' from the query's time column) is named, per grain: a Vega-Lite
// time unit and d3 time format for axes and tooltips, and the same words in JS for HTML tables.
// Periods are calendar days, not instants, so Vega reads them in UTC: a month starting on
// 2024-03-01 stays March in every time zone of the reader.
import type { DateTime } from 'vega-lite/types_unstable/datetime.js';
import type { TimeUnitParams } from 'vega-lite/types_unstable/timeunit.js';
import type { Language } from '../i18n/language.ts';
import type { TimeGrain } from './chartConfig.ts';

const timeUnits: Record<TimeGrain, TimeUnitParams['unit']> = {
  year: 'year', quarter: 'yearquarter', month: 'yearmonth',
  // Weeks start on Monday in the warehouse; Vega-Lite's week units count from Sunday, so a week is
  // shown as the day it starts on.
  week: 'yearmonthdate', day: 'yearmonthdate',
};

export function periodTimeUnit(grain: TimeGrain | undefined): TimeUnitParams {
  return { unit: timeUnits[grain ?? 'day'], utc: true };
}

/** Ticks an axis labels at most (a narrow chart drops overlapping labels of these). */
const mostTicks = 12;

/**
 * Ticks on the result's own periods, every k-th so that there are at most 12. Left to itself,
 * Vega ticks between periods on short ranges (three months ticked by week, one month labelled
 * several times), ticks the end of the last bar (a 2025年 tick under 2021–2024), and counts weeks
 * from Sunday where the warehouse's weeks start on Monday. Vega-Lite's minimum tick step for
 * months is 31 days, which would halve six monthly ticks on a five-month span; the ticks given
 * are whole periods already, so the minimum step is one millisecond.
 */
export function periodTicks(periods: string[]): { values: DateTime[]; tickMinStep: number } {
  const step = Math.max(1, Math.ceil(periods.length / mostTicks));
  return { values: periods.filter((_, i) => i % step === 0).flatMap(utcDay), tickMinStep: 1 };
}

function utcDay(day: string): DateTime[] {
  const parts = /^(\d{4})-(\d{2})-(\d{2})/.exec(day);
  return parts ? [{ year: Number(parts[1]), month: Number(parts[2]), date: Number(parts[3]), utc: true }] : [];
}

const d3Formats: Record<Language, Record<TimeGrain, string>> = {
  'zh-CN': { year: '%Y年', quarter: '%Y年第%q季度', month: '%Y年%-m月', week: '%Y-%m-%d', day: '%Y-%m-%d' },
  en: { year: '%Y', quarter: '%Y Q%q', month: '%b %Y', week: '%Y-%m-%d', day: '%Y-%m-%d' },
};

export function d3PeriodFormat(grain: TimeGrain | undefined, language: Language): string {
  return d3Formats[language][grain ?? 'day'];
}

// d3's default (en-US) locale names months this way; tables must read as the axes do.
const englishMonths = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** '2024-03-01' → 2024年3月 / Mar 2024 for months, 2024年第1季度 / 2024 Q1 for quarters, … */
export function formatPeriod(day: string, grain: TimeGrain | undefined, language: Language): string {
  const parts = /^(\d{4})-(\d{2})-(\d{2})/.exec(day);
  if (!parts) return day;
  const [, year, month, date] = parts as unknown as [string, string, string, string];
  const monthNumber = Number(month);
  const quarter = Math.floor((monthNumber - 1) / 3) + 1;
  const zh = language === 'zh-CN';
  switch (grain ?? 'day') {
    case 'year': return zh ? `${year}年` : year;
    case 'quarter': return zh ? `${year}年第${quarter}季度` : `${year} Q${quarter}`;
    case 'month': return zh ? `${year}年${monthNumber}月` : `${englishMonths[monthNumber - 1]} ${year}`;
    default: return `${year}-${month}-${date}`;
  }
}

const twoDigits = (n: number) => String(n).padStart(2, '0');

/**
 * The start ('YYYY-MM-DD') of the period of `grain` that holds `today` (the reader's calendar day):
 * the period still under way, whose figures count only the days so far. Weeks start on Monday, as
 * in the warehouse.
 */
export function currentPeriodStart(grain: TimeGrain | undefined, today: Date): string {
  const year = today.getFullYear();
  const month = today.getMonth();
  switch (grain ?? 'day') {
    case 'year': return `${year}-01-01`;
    case 'quarter': return `${year}-${twoDigits(month - (month % 3) + 1)}-01`;
    case 'month': return `${year}-${twoDigits(month + 1)}-01`;
    case 'week': {
      const monday = new Date(year, month, today.getDate() - ((today.getDay() + 6) % 7));
      return `${monday.getFullYear()}-${twoDigits(monday.getMonth() + 1)}-${twoDigits(monday.getDate())}`;
    }
    default: return `${year}-${twoDigits(month + 1)}-${twoDigits(today.getDate())}`;
  }
}
