// Reading literal text into values. Each reader returns the value, or what is wrong with the text.

export type Read<T> = { value: T } | { problem: string };

/** `'it''s'` → `it's`; `"a""b"` → `a"b`. */
export function unquote(image: string): string {
  const quote = image[0] as string;
  return image.slice(1, -1).replaceAll(quote + quote, quote);
}

export function readNumber(image: string): Read<number> {
  const value = Number(image);
  const digits = (image.split(/[eE]/)[0] as string).replace('.', '').replace(/^0+/, '');
  if (!Number.isFinite(value) || digits.length > 15) {
    return { problem: `the number ${image} has more digits than can be kept exactly (at most 15); if it is a code, write it as text in quotes: '${image}'` };
  }
  return { value };
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIMESTAMP = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,6})?)?)?$/;

function isCalendarDay(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** A calendar day as `YYYY-MM-DD`. */
export function readDate(text: string): Read<string> {
  const match = DATE.exec(text);
  if (match === null) return { problem: `date '${text}' is not written as date 'YYYY-MM-DD' (for example date '2025-01-31')` };
  const [, year, month, day] = match.map(Number) as [number, number, number, number];
  if (!isCalendarDay(year, month, day)) return { problem: `date '${text}' is not a day of the calendar` };
  return { value: text };
}

/** Local date and time (no time zone) as `YYYY-MM-DD HH:MM:SS[.ffffff]`; a date alone is midnight. */
export function readTimestamp(text: string): Read<string> {
  const match = TIMESTAMP.exec(text);
  const expected = `timestamp '${text}' is not written as timestamp 'YYYY-MM-DD HH:MM:SS' (for example timestamp '2025-01-31 08:30:00'; no time zone)`;
  if (match === null) return { problem: expected };
  const [, date, hour = '00', minute = '00', second = '00', fraction = ''] = match;
  const day = readDate(date as string);
  if ('problem' in day) return { problem: `timestamp '${text}': ${day.problem}` };
  if (Number(hour) > 23 || Number(minute) > 59 || Number(second) > 59) return { problem: `timestamp '${text}' is not a time of day (00:00:00 to 23:59:59)` };
  return { value: `${date} ${hour}:${minute}:${second}${fraction}` };
}
