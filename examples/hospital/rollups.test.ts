// Rollups give the numbers the rows give: every metric of the hospital library, in every shape a
// board asks (whole range, by department, by month with 同比, by day with 环比, filtered, within a
// department's row policy, shares of a total), compiled once reading the rollups and once reading
// the rows, on the same loaded hospital. And a query the rollups do not cover reads the rows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadHospital, type LoadedHospital } from './testing/loaded-hospital.ts';
import type { Warehouse } from '../../connectors/warehouse.ts';
import type { SemanticModel } from '../../metrics/model/semantic-model.ts';
import { compileQuery, QueryError, type AccessScope, type MetricQuery, type RollupCatalog } from '../../metrics/compile.ts';
import { readRows } from '../../server/query-runner.ts';
import { buildRollups, type RollupBuild } from '../../server/query/rollup-builder.ts';

let hospital: LoadedHospital;
let warehouse: Warehouse;
let model: SemanticModel;
let build: RollupBuild;

beforeAll(async () => {
  hospital = await loadHospital({ seed: 7, end: '2025-12-31' });
  ({ warehouse, model } = hospital);
  build = await buildRollups(warehouse, model);
});
afterAll(() => hospital?.remove());

const range = { from: '2025-02-01', to: '2025-11-30' };
const cardiology: AccessScope = { rowFilters: [{ dimension: 'department', values: ['0101', '0102'], exempt: ['drug_inventory'] }] };

/** The shapes a board asks a metric in, each with the row policy it is read under. */
const shapes: { name: string; query: Omit<MetricQuery, 'metrics'>; scope?: AccessScope; minimumCovered: number }[] = [
  { name: 'whole range', query: { timeRange: range }, minimumCovered: 15 },
  { name: 'last month with 同比', query: { timeRange: { relative: 'last_month' }, asOf: '2025-12-31', compare: ['yoy'] }, minimumCovered: 15 },
  { name: 'by department', query: { dimensions: ['department'], timeRange: range }, minimumCovered: 15 },
  { name: 'by month with 同比', query: { dimensions: ['time'], grain: 'month', timeRange: { relative: 'this_year' }, asOf: '2025-12-31', compare: ['yoy'] }, minimumCovered: 15 },
  { name: 'by day with 环比, one department', query: { dimensions: ['time'], grain: 'day', timeRange: { from: '2025-06-01', to: '2025-07-15' }, compare: ['mom'], where: "department = '0101'" }, minimumCovered: 15 },
  { name: 'by ward and quarter, two departments', query: { dimensions: ['ward', 'time'], grain: 'quarter', where: "department in ('0101', '0201')" }, minimumCovered: 6 },
  { name: 'by department, share of the total', query: { dimensions: ['department'], timeRange: range, percentOfTotal: true }, minimumCovered: 6 },
  { name: 'by department within a row policy', query: { dimensions: ['department'], timeRange: range }, scope: cardiology, minimumCovered: 15 },
  { name: 'by week within a row policy', query: { dimensions: ['time'], grain: 'week', timeRange: range }, scope: cardiology, minimumCovered: 15 },
];

type Outcome = { rows: Record<string, unknown>[]; rollups: (string | null)[] } | { error: string };

async function run(query: MetricQuery, scope: AccessScope | undefined, rollups: RollupCatalog | undefined): Promise<Outcome> {
  let compiled;
  try {
    compiled = compileQuery(model, query, 'duckdb', scope, rollups);
  } catch (error) {
    if (error instanceof QueryError) return { error: error.message };
    throw error;
  }
  const connection = await warehouse.instance.connect();
  try {
    return { rows: await readRows(connection, compiled.sql, compiled.columns), rollups: compiled.plan.groups.map((g) => g.rollup) };
  } finally {
    connection.closeSync();
  }
}

/**
 * Each number as the rows gave it, or within a billionth of it: sums of partial sums round
 * differently in the last bits (a sum of fractional DDDs may land on 35 one way, 34.99999999999999
 * the other). Counts, integers both ways, must be equal.
 */
function expectSameRows(actual: Record<string, unknown>[], expected: Record<string, unknown>[], metric: string) {
  expect(actual.map((row) => Object.keys(row)), metric).toEqual(expected.map((row) => Object.keys(row)));
  actual.forEach((row, i) => {
    for (const [column, value] of Object.entries(row)) {
      const wanted = expected[i]![column];
      if (typeof value === 'number' && typeof wanted === 'number' && !(Number.isInteger(value) && Number.isInteger(wanted))) {
        expect(Math.abs(value - wanted), `${metric} row ${i} ${column}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(wanted)));
      } else {
        expect(value, `${metric} row ${i} ${column}`).toEqual(wanted);
      }
    }
  });
}

describe('rollups', () => {
  it('builds every declared rollup, far smaller than the rows', () => {
    const declared = [...model.datasets.values()].flatMap((d) => d.rollups.map((r) => `${d.name}.${r.name}`));
    expect(declared.length).toBeGreaterThanOrEqual(10);
    expect(build.skipped).toEqual([]);
    expect(build.catalog.built.map((b) => `${b.dataset}.${b.rollup}`).sort()).toEqual(declared.sort());
    for (const b of build.catalog.built) expect(b.rows).toBeGreaterThan(0);
  });

  it.each(shapes)('gives every metric the numbers the rows give: $name', async ({ query, scope, minimumCovered }) => {
    let covered = 0;
    for (const metric of model.metrics.keys()) {
      const asked: MetricQuery = { metrics: [metric], ...query };
      const fromRows = await run(asked, scope, undefined);
      const fromRollups = await run(asked, scope, build.catalog);
      if ('error' in fromRows) {
        expect(fromRollups, metric).toEqual(fromRows);
        continue;
      }
      if (!('rows' in fromRollups)) throw new Error(`${metric}: ${fromRollups.error}`);
      expectSameRows(fromRollups.rows, fromRows.rows, metric);
      if (fromRollups.rollups.some((r) => r !== null)) covered++;
    }
    // Most of the library is sums and counts: those must have read the rollups, or this proves nothing.
    expect(covered).toBeGreaterThanOrEqual(minimumCovered);
  });

  it('reads the rows for what no rollup covers: a median, a dimension left out, a rolling window of sums is still covered', async () => {
    const plan = (query: MetricQuery, scope?: AccessScope) => compileQuery(model, query, 'duckdb', scope, build.catalog).plan.groups.map((g) => g.rollup);
    expect(plan({ metrics: ['discharges'], dimensions: ['department'], timeRange: range })).toEqual(['daily_discharged']);
    expect(plan({ metrics: ['ed_dwell_median_hours'], timeRange: range })).toEqual([null]);
    expect(plan({ metrics: ['discharges'], dimensions: ['doctor'], timeRange: range })).toEqual([null]);
    expect(plan({ metrics: ['discharges'], timeRange: range, where: "gender = '女'" })).toEqual([null]);
    expect(plan({ metrics: ['discharges'], timeRange: range }, { rowFilters: [{ dimension: 'doctor', values: ['D0001'], exempt: [] }] })).toEqual([null]);
    expect(plan({ metrics: ['open_beds_at_period_end'], dimensions: ['time'], grain: 'month', timeRange: range })).toEqual([null]);
    expect(plan({ metrics: ['outpatient_visits_7d'], dimensions: ['time'], grain: 'day', timeRange: range })).toEqual(['daily']);
  });
});
