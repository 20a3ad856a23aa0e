import type { AggregateFunction, CastType, DatePart, TimeGrain, TimeUnit } from './sql-ast.ts';
import { Dialect } from './dialect.ts';

export class DuckDbDialect extends Dialect {
  readonly name = 'duckdb';
  readonly supportsFilterClause = true;
  readonly supportsQualify = true;
  readonly supportsPercentileCont = true;

  castType(type: CastType): string {
    return type;
  }

  truncTime(grain: TimeGrain, expr: string): string {
    return `CAST(date_trunc('${grain}', ${expr}) AS DATE)`;
  }

  datePart(part: DatePart, expr: string): string {
    return part === 'day_of_week' ? `isodow(${expr})` : `CAST(date_part('${part}', ${expr}) AS BIGINT)`;
  }

  dateDiff(unit: TimeUnit, from: string, to: string): string {
    // DuckDB counts weeks as whole 7-day spans; ISO week boundaries are what a week grain means.
    if (unit === 'week') return `(date_diff('day', date_trunc('week', ${from}), date_trunc('week', ${to})) // 7)`;
    return `date_diff('${unit}', ${from}, ${to})`;
  }

  dateAdd(unit: TimeUnit, amount: string, expr: string): string {
    return `(${expr} + CAST(${amount} AS BIGINT) * INTERVAL 1 ${unit.toUpperCase()})`;
  }

  divide(left: string, right: string): string {
    return `(CAST(${left} AS DOUBLE) / ${right})`;
  }

  aggregate(fn: AggregateFunction, arg: string | null, options: { fraction?: number; orderBy?: string }): string {
    switch (fn) {
      case 'count':
        return `count(${arg ?? '*'})`;
      case 'count_distinct':
        return `count(DISTINCT ${arg})`;
      case 'median':
        return `median(${arg})`;
      case 'percentile':
        return `quantile_cont(${arg}, ${options.fraction})`;
      case 'last':
        return `arg_max(${arg}, ${options.orderBy})`;
      default:
        return `${fn}(${arg})`;
    }
  }

  dayRangeFrame(days: number): string {
    return `RANGE BETWEEN INTERVAL ${days - 1} DAY PRECEDING AND CURRENT ROW`;
  }

  daysOf(from: string, to: string): string {
    return `CAST(unnest(generate_series(CAST(${from} AS TIMESTAMP), CAST(${to} AS TIMESTAMP), INTERVAL 1 DAY)) AS DATE)`;
  }

  daySeries(from: string, to: string, alias: string): string {
    return `(SELECT CAST(generate_series AS DATE) AS day FROM generate_series(CAST(${from} AS TIMESTAMP), CAST(${to} AS TIMESTAMP), INTERVAL 1 DAY)) AS ${alias}`;
  }
}
