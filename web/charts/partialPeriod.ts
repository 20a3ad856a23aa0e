// A period still under way (December on its 6th day) counts only the days so far: drawn on the
// same solid line as whole months it reads as a collapse. Charts over time draw it apart: its line
// segment dashed, its point hollow, its bar faint with a dashed outline. Which period that is
// depends on the reader's day, so the caller says (`ChartConfig.partialPeriod`) and tests pin it.
import type { ChartColumn, ChartConfig, ChartResult } from './chartConfig.ts';
import { isTemporal } from './chartFields.ts';

/**
 * The parameters holding the partial period's start (null: none) and where the dashed segment
 * starts, as UTC milliseconds: the last whole period before the partial one, or without a partial
 * period the last period, so that the dashed layer is never empty (an empty layer makes Vega warn
 * of infinite extents) and draws one point per series, which is no segment at all. Parameters
 * rather than numbers in the marks, so that the drawn chart takes a new day's answer without being
 * compiled again (builder/VegaChart).
 */
export const partialFromParam = 'hbi_partial_from';
export const partialAfterParam = 'hbi_partial_after';

function utcMillis(day: string): number | null {
  const parts = /^(\d{4})-(\d{2})-(\d{2})/.exec(day);
  return parts ? Date.UTC(Number(parts[1]), Number(parts[2]) - 1, Number(parts[3])) : null;
}

/** The two parameters' values for this result: the partial period when the rows hold it, and the period before it among them. */
export function partialPeriodParams(result: ChartResult, config: ChartConfig): { name: string; value: number | null }[] {
  const x = result.columns.find((c) => c.name === config.x);
  const partial = x && isTemporal(x) && config.partialPeriod ? config.partialPeriod : null;
  const periods = x && isTemporal(x) ? [...new Set(result.rows.map((r) => String(r[x.name])))].sort() : [];
  const holdsIt = partial !== null && periods.includes(partial);
  const segmentStart = holdsIt ? (periods.filter((p) => p < partial).at(-1) ?? partial) : periods.at(-1);
  return [
    { name: partialFromParam, value: holdsIt ? utcMillis(partial) : null },
    { name: partialAfterParam, value: segmentStart ? utcMillis(segmentStart) : null },
  ];
}

/** A Vega expression: whether the datum's period (of `x`) is the partial one. */
export function isPartialTest(x: ChartColumn): string {
  return `${partialFromParam} !== null && time(datum[${JSON.stringify(x.name)}]) >= ${partialFromParam}`;
}

/** A Vega expression: whether the datum's period is a whole one (everything, without a partial period). */
export function isWholeTest(x: ChartColumn): string {
  return `${partialFromParam} === null || time(datum[${JSON.stringify(x.name)}]) < ${partialFromParam}`;
}

/** A Vega expression: the last whole period and the partial one, which the dashed segment joins (see the parameters). */
export function isPartialSegmentTest(x: ChartColumn): string {
  return `time(datum[${JSON.stringify(x.name)}]) >= ${partialAfterParam}`;
}
