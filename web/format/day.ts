const isoDay = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * A calendar day given as YYYY-MM-DD, written the language's way ("2025年12月31日",
 * "Dec 31, 2025"). The day is a date, not an instant: it is formatted in UTC so that the
 * viewer's time zone cannot move it to the day before. Anything else is shown unchanged.
 */
export function formatDay(day: string, language: string): string {
  const match = isoDay.exec(day);
  if (!match) return day;
  const [, year, month, date] = match;
  const instant = Date.UTC(Number(year), Number(month) - 1, Number(date));
  return new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeZone: 'UTC' }).format(instant);
}
