// A SQL engine as the compiler sees it: capability flags and small emitters for what engines
// spell differently. One subclass per engine; printing everything else is shared (render.ts).
import type { AggregateFunction, CastType, DatePart, TimeGrain, TimeUnit } from './sql-ast.ts';

export abstract class Dialect {
  abstract readonly name: string;
  /** `count(x) FILTER (WHERE …)`; otherwise the filter moves into a CASE. */
  abstract readonly supportsFilterClause: boolean;
  /** `QUALIFY` after window functions. */
  abstract readonly supportsQualify: boolean;
  /** Continuous percentiles (median, p90). */
  abstract readonly supportsPercentileCont: boolean;

  /** Identifiers are always quoted: names from hospital systems are often Chinese or keywords. */
  quoteIdentifier(name: string): string {
    return `"${name.replaceAll('"', '""')}"`;
  }

  /** Bound parameter number `index` (1-based). */
  placeholder(index: number): string {
    return `$${index}`;
  }

  abstract castType(type: CastType): string;
  /** A date truncated to the start of its day, ISO week (Monday), month, quarter or year, as a DATE. */
  abstract truncTime(grain: TimeGrain, expr: string): string;
  abstract datePart(part: DatePart, expr: string): string;
  /** Number of `unit` boundaries between `from` and `to` (calendar days between two dates). */
  abstract dateDiff(unit: TimeUnit, from: string, to: string): string;
  abstract dateAdd(unit: TimeUnit, amount: string, expr: string): string;
  /** Floating-point division, whatever the operand types. */
  abstract divide(left: string, right: string): string;
  /** `fn` over `arg`; `filter` already applied by the caller when the dialect lacks FILTER. */
  abstract aggregate(fn: AggregateFunction, arg: string | null, options: { fraction?: number; orderBy?: string }): string;
  /** A window frame over the `days` days ending on the current row's date (ordered by a DATE). */
  abstract dayRangeFrame(days: number): string;
  /** A FROM item listing every day from `from` to `to` inclusive as column `day`. */
  abstract daySeries(from: string, to: string, alias: string): string;
  /** A select-list column giving one row per day from `from` to `to` (dates), as DATE. */
  abstract daysOf(from: string, to: string): string;
}
