import type { AggregateFunction, CastType, DatePart, TimeGrain, TimeUnit } from './sql-ast.ts';
import { Dialect } from './dialect.ts';

/** PostgreSQL 12+ (and the MPP engines that speak it: Greenplum, Citus). */
export class PostgresDialect extends Dialect {
  readonly name = 'postgres';
  readonly supportsFilterClause = true;
  readonly supportsQualify = false;
  readonly supportsPercentileCont = true;

  castType(type: CastType): string {
    return type === 'DOUBLE' ? 'DOUBLE PRECISION' : type;
  }

  truncTime(grain: TimeGrain, expr: string): string {
    return `CAST(date_trunc('${grain}', CAST(${expr} AS TIMESTAMP)) AS DATE)`;
  }

  datePart(part: DatePart, expr: string): string {
    return `CAST(EXTRACT(${part === 'day_of_week' ? 'ISODOW' : part.toUpperCase()} FROM ${expr}) AS BIGINT)`;
  }

  /** Boundaries crossed, as DuckDB counts them, so both engines give the same numbers. */
  dateDiff(unit: TimeUnit, from: string, to: string): string {
    const trunc = (u: string, e: string) => `date_trunc('${u}', CAST(${e} AS TIMESTAMP))`;
    switch (unit) {
      case 'day':
        return `(CAST(${to} AS DATE) - CAST(${from} AS DATE))`;
      case 'week':
        return `(CAST(${trunc('week', to)} AS DATE) - CAST(${trunc('week', from)} AS DATE)) / 7`;
      case 'hour':
      case 'minute':
      case 'second':
        return `CAST(EXTRACT(EPOCH FROM (${trunc(unit, to)} - ${trunc(unit, from)})) / ${{ hour: 3600, minute: 60, second: 1 }[unit]} AS BIGINT)`;
      case 'month':
        return `((CAST(EXTRACT(YEAR FROM ${to}) AS BIGINT) * 12 + CAST(EXTRACT(MONTH FROM ${to}) AS BIGINT)) - (CAST(EXTRACT(YEAR FROM ${from}) AS BIGINT) * 12 + CAST(EXTRACT(MONTH FROM ${from}) AS BIGINT)))`;
      case 'year':
        return `(CAST(EXTRACT(YEAR FROM ${to}) AS BIGINT) - CAST(EXTRACT(YEAR FROM ${from}) AS BIGINT))`;
    }
  }

  dateAdd(unit: TimeUnit, amount: string, expr: string): string {
    return `(${expr} + CAST(${amount} AS BIGINT) * INTERVAL '1 ${unit}')`;
  }

  divide(left: string, right: string): string {
    return `(CAST(${left} AS DOUBLE PRECISION) / ${right})`;
  }

  aggregate(fn: AggregateFunction, arg: string | null, options: { fraction?: number; orderBy?: string }): string {
    switch (fn) {
      case 'count':
        return `count(${arg ?? '*'})`;
      case 'count_distinct':
        return `count(DISTINCT ${arg})`;
      case 'median':
        return `percentile_cont(0.5) WITHIN GROUP (ORDER BY ${arg})`;
      case 'percentile':
        return `percentile_cont(${options.fraction}) WITHIN GROUP (ORDER BY ${arg})`;
      case 'last':
        return `(array_agg(${arg} ORDER BY ${options.orderBy} DESC))[1]`;
      case 'any_value':
        return `min(${arg})`;
      default:
        return `${fn}(${arg})`;
    }
  }

  dayRangeFrame(days: number): string {
    return `RANGE BETWEEN INTERVAL '${days - 1} days' PRECEDING AND CURRENT ROW`;
  }

  daysOf(from: string, to: string): string {
    return `CAST(generate_series(CAST(${from} AS TIMESTAMP), CAST(${to} AS TIMESTAMP), INTERVAL '1 day') AS DATE)`;
  }

  daySeries(from: string, to: string, alias: string): string {
    return `(SELECT CAST(d AS DATE) AS day FROM generate_series(CAST(${from} AS TIMESTAMP), CAST(${to} AS TIMESTAMP), INTERVAL '1 day') AS g(d)) AS ${alias}`;
  }
}
