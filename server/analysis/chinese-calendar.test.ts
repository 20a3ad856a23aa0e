import { describe, expect, it } from 'vitest';
import { calendarDay, officialFrom, officialThrough, springFestival } from './chinese-calendar.ts';

describe('the Chinese public-holiday calendar', () => {
  it('knows the published holidays and the weekend days worked in lieu (2025 notice)', () => {
    expect(calendarDay('2025-01-29')).toMatchObject({ holiday: '春节', makeupWorkday: false, springFestivalOffset: 0, official: true });
    expect(calendarDay('2025-02-04')).toMatchObject({ holiday: '春节', springFestivalOffset: 6 });
    // Sunday 26 January and Saturday 8 February 2025 were working days.
    expect(calendarDay('2025-01-26')).toMatchObject({ holiday: null, makeupWorkday: true });
    expect(calendarDay('2025-02-08')).toMatchObject({ holiday: null, makeupWorkday: true });
    expect(calendarDay('2025-10-01').holiday).toBe('国庆节');
    expect(calendarDay('2025-09-28').makeupWorkday).toBe(true);
    expect(calendarDay('2025-06-18')).toMatchObject({ holiday: null, makeupWorkday: false });
    // An ordinary weekend is neither.
    expect(calendarDay('2025-06-21')).toMatchObject({ holiday: null, makeupWorkday: false });
  });

  it('measures every day from the nearest Spring Festival', () => {
    expect(springFestival(2024)).toBe('2024-02-10');
    expect(springFestival(2026)).toBe('2026-02-17');
    expect(calendarDay('2025-12-31').springFestivalOffset).toBe(-48);
    expect(calendarDay('2025-02-10').springFestivalOffset).toBe(12);
  });

  it('derives only the fixed-date holidays of a year not yet published, and says so', () => {
    const year = officialThrough + 1;
    const festival = springFestival(year);
    expect(calendarDay(festival)).toMatchObject({ holiday: '春节', makeupWorkday: false, official: false });
    expect(calendarDay(`${year}-10-03`)).toMatchObject({ holiday: '国庆节', official: false });
    expect(calendarDay(`${year}-05-01`)).toMatchObject({ holiday: null, official: false });
    expect(calendarDay(`${officialFrom - 1}-10-02`)).toMatchObject({ holiday: '国庆节', official: false });
  });
});
