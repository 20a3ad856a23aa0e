// How long something took, in the largest units that still say it precisely enough for a load:
// "766 ms", "4.2 s", "2 min 5 s", "1 hr 3 min". Units and digits come from Intl.

const unit = (language: string, name: 'millisecond' | 'second' | 'minute' | 'hour', value: number, fractionDigits = 0) =>
  new Intl.NumberFormat(language, { style: 'unit', unit: name, unitDisplay: 'short', maximumFractionDigits: fractionDigits }).format(value);

export function formatDuration(ms: number, language: string): string {
  if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`not a duration: ${ms}`);
  if (Math.round(ms) < 1000) return unit(language, 'millisecond', Math.round(ms));
  // Tenths of a second below a minute; shown as a whole minute count above.
  const tenths = Math.round(ms / 100);
  if (tenths < 600) return unit(language, 'second', tenths / 10, 1);
  const seconds = Math.round(ms / 1000);
  const parts: string[] = [];
  if (seconds >= 3600) {
    const minutes = Math.round(seconds / 60);
    parts.push(unit(language, 'hour', Math.floor(minutes / 60)));
    if (minutes % 60) parts.push(unit(language, 'minute', minutes % 60));
  } else {
    parts.push(unit(language, 'minute', Math.floor(seconds / 60)));
    if (seconds % 60) parts.push(unit(language, 'second', seconds % 60));
  }
  return parts.join(' ');
}
