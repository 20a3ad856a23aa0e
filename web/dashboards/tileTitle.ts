// A tile's title says the range it shows. A board's time filter (上季度) or a clicked period
// replaces a tile's own range (本年), so a title written with its range in words would lie: the
// author writes `{range}` where the range goes (`{range}各科室出院人数`), and a title without it
// is shown with the range beside it.
import type { MetricQuery, RelativeRange } from '../api/types.ts';
import { formatPeriod } from '../charts/periodFormat.ts';
import type { Language } from '../i18n/language.ts';

export const rangePlaceholder = '{range}';

const relativeNames: Record<RelativeRange, { zh: string; en: string }> = {
  today: { zh: '今天', en: 'Today' },
  yesterday: { zh: '昨天', en: 'Yesterday' },
  last_7_days: { zh: '近7天', en: 'Last 7 days' },
  last_30_days: { zh: '近30天', en: 'Last 30 days' },
  this_month: { zh: '本月', en: 'This month' },
  last_month: { zh: '上月', en: 'Last month' },
  this_quarter: { zh: '本季度', en: 'This quarter' },
  last_quarter: { zh: '上季度', en: 'Last quarter' },
  this_year: { zh: '本年', en: 'This year' },
  last_year: { zh: '去年', en: 'Last year' },
};

const utcDay = (day: string) => new Date(`${day}T00:00:00Z`);
const dayAfter = (day: string) => new Date(utcDay(day).getTime() + 86_400_000);

/** A range by name: 上季度, 2026年3月 (a whole month), 2026年第1季度, 2026年, or 2026-01-05 至 2026-02-10; null for all time. */
export function rangeName(range: MetricQuery['timeRange'], language: Language): string | null {
  if (!range) return null;
  if ('relative' in range) return language === 'en' ? relativeNames[range.relative].en : relativeNames[range.relative].zh;
  const from = utcDay(range.from);
  const end = dayAfter(range.to);
  if (from.getUTCDate() === 1 && end.getUTCDate() === 1) {
    const months = (end.getUTCFullYear() - from.getUTCFullYear()) * 12 + end.getUTCMonth() - from.getUTCMonth();
    if (months === 12 && from.getUTCMonth() === 0) return formatPeriod(range.from, 'year', language);
    if (months === 3 && from.getUTCMonth() % 3 === 0) return formatPeriod(range.from, 'quarter', language);
    if (months === 1) return formatPeriod(range.from, 'month', language);
  }
  if (range.from === range.to) return range.from;
  return language === 'en' ? `${range.from} to ${range.to}` : `${range.from} 至 ${range.to}`;
}

/**
 * The title as shown for the query the tile asks: `{range}` replaced by the range's name, and
 * `range` the name to show beside a title written without the placeholder (null when it has one,
 * or when the query covers all the data: 全部时间 is said as `allTime`).
 */
export function tileTitle(title: string, query: MetricQuery, language: Language, allTime: string): { title: string; range: string | null } {
  const name = rangeName(query.timeRange, language);
  if (title.includes(rangePlaceholder)) return { title: title.replaceAll(rangePlaceholder, name ?? allTime).trim(), range: null };
  return { title, range: name };
}
