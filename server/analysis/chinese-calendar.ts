// China's public holidays and their make-up working days (调休上班), day by day. Official days come
// from the chinese-days package (MIT, 2004–2026 as published; its data follows the State Council's
// yearly notices, 国务院办公厅关于部分节假日安排的通知). A year the package does not cover yet is
// not guessed at except where the date is fixed by law or the lunar calendar: 春节 (正月初一 from
// the package's lunar tables) and 国庆节 (1–7 October); such days are marked `official: false` and
// no make-up days are assumed for them. Years before the package's first (2004) are read the same way.
import { createRequire } from 'node:module';

export interface CalendarDay {
  /** The public holiday the day is off for, as the notices name it (春节, 国庆节 …), or null (a weekend is not a holiday). */
  holiday: string | null;
  /** A weekend day worked in lieu of a holiday (调休上班): staffed and visited like a weekday. */
  makeupWorkday: boolean;
  /** Days from this year's (or the nearest) Spring Festival day, 正月初一: demand moves for weeks around it. */
  springFestivalOffset: number;
  /** From the published notices; false where the holiday was derived for a year not yet published. */
  official: boolean;
}

interface ChineseDaysData {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

interface ChineseDays {
  getSolarDateFromLunar(lunar: string): { date: string };
}

const require = createRequire(import.meta.url);
const data = require('chinese-days/dist/chinese-days.json') as ChineseDaysData;
const lunar = require('chinese-days') as ChineseDays;

const years = Object.keys(data.holidays).map((d) => Number(d.slice(0, 4)));
/** The years the published notices cover (the package's data). */
export const officialFrom: number = Math.min(...years);
export const officialThrough: number = Math.max(...years);

const nameOf = (entry: string) => entry.split(',')[1]!;
const springFestivals = new Map<number, string>();

/** 正月初一 of a Gregorian year. */
export function springFestival(year: number): string {
  let day = springFestivals.get(year);
  if (!day) {
    day = lunar.getSolarDateFromLunar(`${year}-01-01`).date;
    springFestivals.set(year, day);
  }
  return day;
}

const dayNumber = (isoDay: string) => Date.parse(`${isoDay}T00:00:00Z`) / 86_400_000;

export function calendarDay(isoDay: string): CalendarDay {
  const year = Number(isoDay.slice(0, 4));
  const today = dayNumber(isoDay);
  const offsets = [year - 1, year, year + 1].map((y) => today - dayNumber(springFestival(y)));
  const springFestivalOffset = offsets.reduce((best, o) => (Math.abs(o) < Math.abs(best) ? o : best));
  if (year >= officialFrom && year <= officialThrough) {
    const holiday = data.holidays[isoDay];
    const workday = data.workdays[isoDay];
    return { holiday: holiday ? nameOf(holiday) : null, makeupWorkday: workday !== undefined, springFestivalOffset, official: true };
  }
  // Not published (yet, or before the notices the package holds): the Spring Festival's eve to its
  // sixth day, and National Day week.
  const [, month, day] = isoDay.split('-').map(Number) as [number, number, number];
  const holiday: string | null = springFestivalOffset >= -1 && springFestivalOffset <= 6 ? '春节' : month === 10 && day <= 7 ? '国庆节' : null;
  return { holiday, makeupWorkday: false, springFestivalOffset, official: false };
}
