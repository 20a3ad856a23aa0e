// A small clinic project for planner tests (clinic/: two departments, stays with a same-day, an
// open and an unassigned one, visits, daily bed reports, drug stock without departments), loaded
// into an in-memory warehouse the way `hbi load` loads it.
import { fileURLToPath } from 'node:url';
import { loadDatasets } from '../../../connectors/load.ts';
import { readConnectorProject } from '../../../connectors/project.ts';
import { openWarehouse } from '../../../connectors/warehouse.ts';
import { readSemanticModel, type SemanticModel } from '../../model/semantic-model.ts';
import type { RenderedSql } from '../../sql/render.ts';

export interface Clinic {
  model: SemanticModel;
  /** Rows of compiled or hand-written SQL: BIGINT as a number, a day as YYYY-MM-DD, a time as YYYY-MM-DD HH:MM:SS. */
  rows(sql: RenderedSql | string): Promise<Record<string, unknown>[]>;
  close(): void;
}

function plain(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Date) return value.toISOString().slice(0, value.getUTCHours() || value.getUTCMinutes() || value.getUTCSeconds() ? 19 : 10).replace('T', ' ');
  return value;
}

export async function openClinic(): Promise<Clinic> {
  const dir = fileURLToPath(new URL('./clinic/', import.meta.url));
  const warehouse = await openWarehouse(dir, { memory: true });
  const reports = await loadDatasets(warehouse, await readConnectorProject(dir));
  const failed = reports.filter((r) => r.status !== 'loaded');
  if (failed.length > 0) throw new Error(`the clinic fixture did not load: ${JSON.stringify(failed)}`);
  return {
    model: await readSemanticModel(dir),
    async rows(sql) {
      const { text, params } = typeof sql === 'string' ? { text: sql, params: [] } : sql;
      const reader = await warehouse.db.runAndReadAll(text, params as never);
      return reader.getRowObjectsJS().map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, plain(v)])));
    },
    close: () => warehouse.close(),
  };
}
