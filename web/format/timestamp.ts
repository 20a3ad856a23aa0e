// Instants sent by the server, written the language's way in the viewer's time zone.

const offsetless = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(\.\d+)?$/;
const withOffset = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/**
 * The instant a server timestamp stands for, or null when the text is not one. ISO 8601 with an
 * offset is taken as written. Without an offset ("2025-12-31 08:00:00.123456", DuckDB's TIMESTAMP
 * as text) it is read as UTC, the zone the load history records its times in; reading it as the
 * browser's local time would shift every load by the viewer's offset.
 */
export function parseServerTimestamp(text: string): Date | null {
  const plain = offsetless.exec(text);
  if (plain) {
    // JavaScript dates hold milliseconds; DuckDB writes microseconds.
    const instant = new Date(`${plain[1]}T${plain[2]}${(plain[3] ?? '').slice(0, 4)}Z`);
    // Date rolls 2025-02-30 over to March 2nd; that is not what the server meant.
    return !Number.isNaN(instant.getTime()) && instant.toISOString().startsWith(plain[1] ?? '') ? instant : null;
  }
  if (!withOffset.test(text)) return null;
  const instant = new Date(text);
  return Number.isNaN(instant.getTime()) ? null : instant;
}

/** Made once per language and zone: making one takes a millisecond or more, a board's every render writes two. */
const formats = new Map<string, Intl.DateTimeFormat>();

/**
 * "2025年12月31日 16:00:00" / "Dec 31, 2025, 4:00:00 PM": date and time to the second, in the
 * viewer's zone unless one is given (tests pin it).
 */
export function formatInstant(instant: Date, language: string, timeZone?: string): string {
  const key = `${language} ${timeZone ?? ''}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'medium', timeZone });
    formats.set(key, format);
  }
  return format.format(instant);
}

/** A server timestamp as `formatInstant` writes it; text that is not a timestamp is shown as is. */
export function formatTimestamp(text: string, language: string, timeZone?: string): string {
  const instant = parseServerTimestamp(text);
  return instant ? formatInstant(instant, language, timeZone) : text;
}
