// The escaping and date-arithmetic contract every registered dialect keeps, checked on the real
// engines: DuckDB always, PostgreSQL when PG_URL is set.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { dialects } from './dialects.ts';
import type { Dialect } from './dialect.ts';
import { renderSelect } from './render.ts';
import { sql, type SqlExpr, type SqlSelect, type SqlValue } from './sql-ast.ts';

interface Engine {
  run(text: string, params?: SqlValue[]): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

async function duckdb(): Promise<Engine> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection: DuckDBConnection = await instance.connect();
  return {
    async run(text, params = []) {
      const reader = await connection.runAndReadAll(text, params as never);
      return reader.getRowObjectsJS() as Record<string, unknown>[];
    },
    async close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

async function postgres(url: string): Promise<Engine> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const schema = `hbi_dialect_${process.pid}`;
  await client.query(`CREATE SCHEMA ${schema}; SET search_path TO ${schema}`);
  return {
    async run(text, params = []) {
      return (await client.query(text, params as unknown[])).rows as Record<string, unknown>[];
    },
    async close() {
      await client.query(`DROP SCHEMA ${schema} CASCADE`);
      await client.end();
    },
  };
}

const pgUrl = process.env.PG_URL;
if (!pgUrl) console.warn('skipping PostgreSQL dialect checks: PG_URL is not set');
const engines: [string, () => Promise<Engine>][] = [['duckdb', duckdb], ...(pgUrl ? [['postgres', () => postgres(pgUrl)] as [string, () => Promise<Engine>]] : [])];

const hostileNames = ['科室 名称', 'select', 'a"b', 'x"; DROP TABLE t; --', "it's", 'Mixed Case', '1starts_with_digit'];
const hostileValues = ["it's", 'a"b', "'); DROP TABLE t; --", '心血管内科', '%_\\', '$1', ''];

describe.each(engines)('%s dialect', (name, open) => {
  const dialect: Dialect = dialects[name]!;
  let engine: Engine;
  beforeAll(async () => {
    engine = await open();
  });
  afterAll(async () => {
    await engine?.close();
  });

  const value = async (expr: SqlExpr) => {
    const { text, params } = renderSelect({ kind: 'select', columns: [{ expr, alias: 'v' }] }, dialect);
    const [row] = await engine.run(text, params);
    const v = row!.v;
    if (typeof v === 'bigint') return Number(v);
    // node-postgres returns 64-bit integers as text
    if (typeof v === 'string' && /^-?\d+$/.test(v)) return Number(v);
    if (v instanceof Date) return v.toISOString().slice(0, 10);
    if (v !== null && typeof v === 'object' && 'toString' in v) return String(v);
    return v;
  };

  it('round-trips hostile identifiers and values through quoting and parameters', async () => {
    const columns = hostileNames.map((n) => `${dialect.quoteIdentifier(n)} VARCHAR`).join(', ');
    await engine.run(`CREATE TABLE ${dialect.quoteIdentifier('病人 "表"')} (${columns})`);
    for (const v of hostileValues) {
      await engine.run(`INSERT INTO ${dialect.quoteIdentifier('病人 "表"')} VALUES (${hostileNames.map((_, i) => dialect.placeholder(i + 1)).join(', ')})`,
        hostileNames.map(() => v));
    }
    for (const v of hostileValues) {
      const select: SqlSelect = {
        kind: 'select',
        columns: hostileNames.map((n, i) => ({ expr: sql.column(n, 't'), alias: `c${i}` })),
        from: { kind: 'table', name: '病人 "表"', alias: 't' },
        where: sql.binary('=', sql.column(hostileNames[3]!, 't'), sql.param(v)),
      };
      const { text, params } = renderSelect(select, dialect);
      expect(params).toEqual([v]);
      const rows = await engine.run(text, params);
      expect(rows, JSON.stringify(v)).toEqual([Object.fromEntries(hostileNames.map((_, i) => [`c${i}`, v]))]);
    }
  });

  const ts = (text: string): SqlExpr => ({ kind: 'cast', type: 'TIMESTAMP', expr: sql.param(text) });
  const date = (text: string): SqlExpr => ({ kind: 'cast', type: 'DATE', expr: sql.param(text) });

  it.each([
    ['day', '2025-01-31 23:00:00', '2025-02-01 01:00:00', 1],
    ['hour', '2025-01-31 23:59:00', '2025-02-01 00:01:00', 1],
    ['minute', '2025-01-31 23:59:59', '2025-02-01 00:00:01', 1],
    ['second', '2025-01-31 23:59:59', '2025-02-01 00:15:01', 902],
    ['month', '2024-12-31 00:00:00', '2025-01-01 00:00:00', 1],
    ['year', '2024-12-31 00:00:00', '2025-01-01 00:00:00', 1],
    ['week', '2025-01-05 12:00:00', '2025-01-06 00:00:00', 1],
    ['day', '2025-03-01 10:00:00', '2025-02-27 10:00:00', -2],
  ] as const)('counts %s boundaries between %s and %s as %d', async (unit, from, to, expected) => {
    expect(await value({ kind: 'dateDiff', unit, from: ts(from), to: ts(to) })).toBe(expected);
  });

  it.each([
    ['day', '2025-02-19 17:45:00', '2025-02-19'],
    ['week', '2025-02-19 17:45:00', '2025-02-17'],
    ['month', '2025-02-19 17:45:00', '2025-02-01'],
    ['quarter', '2025-05-19 17:45:00', '2025-04-01'],
    ['year', '2025-05-19 17:45:00', '2025-01-01'],
  ] as const)('truncates %s of %s to the date %s', async (grain, input, expected) => {
    expect(await value({ kind: 'truncTime', grain, expr: ts(input) })).toBe(expected);
    expect(await value({ kind: 'truncTime', grain, expr: date(input.slice(0, 10)) })).toBe(expected);
  });

  it.each([
    ['year', 2025], ['quarter', 2], ['month', 5], ['day', 18], ['day_of_week', 7], ['hour', 17],
  ] as const)('reads the %s part', async (part, expected) => {
    expect(await value({ kind: 'datePart', part, expr: ts('2025-05-18 17:45:00') })).toBe(expected);
  });

  it('divides as floating point and aggregates medians and filtered counts alike', async () => {
    expect(await value(sql.binary('/', sql.constant(1), sql.constant(4)))).toBe(0.25);
    const numbers: SqlSelect = {
      kind: 'select',
      columns: [
        { expr: { kind: 'aggregate', fn: 'median', arg: sql.column('n', 'x') }, alias: 'median' },
        { expr: { kind: 'aggregate', fn: 'count', arg: null, filter: sql.binary('>', sql.column('n', 'x'), sql.constant(2)) }, alias: 'over_two' },
        { expr: { kind: 'aggregate', fn: 'percentile', arg: sql.column('n', 'x'), fraction: 0.9 }, alias: 'p90' },
      ],
      from: { kind: 'days', from: date('2025-01-01'), to: date('2025-01-04'), alias: 'd' },
    };
    // n = day of month: 1, 2, 3, 4
    numbers.from = { kind: 'derived', alias: 'x', query: { kind: 'select', columns: [{ expr: { kind: 'datePart', part: 'day', expr: sql.column('day', 'd') }, alias: 'n' }], from: numbers.from! } };
    const { text, params } = renderSelect(numbers, dialect);
    const [row] = await engine.run(text, params);
    expect(Number(row!.median)).toBe(2.5);
    expect(Number(row!.over_two)).toBe(2);
    expect(Number(row!.p90)).toBeCloseTo(3.7);
  });
});
