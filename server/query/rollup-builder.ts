// Builds the model's rollups (model/*.yaml `rollups:`) in an in-memory database attached to the
// warehouse instance: derived data, rebuilt from the loaded rows at start and after every load,
// never written to the warehouse file. A rollup that cannot be built (its dataset not loaded yet)
// is left out, and queries it would have covered read the rows.
import { rollupBuildSelect, rollupTable, type BuiltRollup, type RollupCatalog } from '../../metrics/compile.ts';
import type { SemanticModel } from '../../metrics/model/semantic-model.ts';
import { dialects } from '../../metrics/sql/dialects.ts';
import { renderSelect } from '../../metrics/sql/render.ts';
import type { Warehouse } from '../../connectors/warehouse.ts';

/** The attached in-memory database holding the rollups. */
export const rollupSchema = 'hbi_rollups';

export interface RollupBuild {
  catalog: RollupCatalog;
  /** Rollups left out, each with why. */
  skipped: { dataset: string; rollup: string; reason: string }[];
  milliseconds: number;
}

export async function buildRollups(warehouse: Warehouse, model: SemanticModel): Promise<RollupBuild> {
  const began = performance.now();
  const connection = await warehouse.instance.connect();
  const built: BuiltRollup[] = [];
  const skipped: RollupBuild['skipped'] = [];
  try {
    await connection.run(`ATTACH IF NOT EXISTS ':memory:' AS ${rollupSchema}`);
    for (const dataset of model.datasets.values()) {
      for (const rollup of dataset.rollups) {
        const sql = renderSelect(rollupBuildSelect(dataset, rollup), dialects.duckdb!);
        const table = `${rollupSchema}.${rollupTable(dataset.name, rollup.name)}`;
        try {
          await connection.run(`CREATE OR REPLACE TABLE ${table} AS ${sql.text}`, sql.params as never);
          const rows = (await connection.runAndReadAll(`SELECT count(*) FROM ${table}`)).getRows()[0]![0];
          built.push({ dataset: dataset.name, rollup: rollup.name, rows: Number(rows) });
        } catch (error) {
          skipped.push({ dataset: dataset.name, rollup: rollup.name, reason: (error as Error).message.split('\n')[0]! });
        }
      }
    }
  } finally {
    connection.closeSync();
  }
  return { catalog: { schema: rollupSchema, built }, skipped, milliseconds: performance.now() - began };
}
