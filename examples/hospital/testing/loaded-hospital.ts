// A small demo hospital, generated and loaded into an in-memory warehouse with the library's
// datasets, model and metrics: what the hospital's KPI tests compute on.
import { mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateHospital } from '../generator/generate.ts';
import { readConnectorProject } from '../../../connectors/project.ts';
import { openWarehouse, type Warehouse } from '../../../connectors/warehouse.ts';
import { loadDatasets } from '../../../connectors/load.ts';
import { readSemanticModel, type SemanticModel } from '../../../metrics/model/semantic-model.ts';

export interface LoadedHospital {
  root: string;
  warehouse: Warehouse;
  model: SemanticModel;
  /** Closes the warehouse and removes the generated files. */
  remove(): Promise<void>;
}

/** Generates the hospital at scale 0.01 for `seed` up to `end` and loads every extract. */
export async function loadHospital({ seed, end }: { seed: number; end: string }): Promise<LoadedHospital> {
  const root = await mkdtemp(join(tmpdir(), 'hbi-hospital-'));
  await generateHospital({ outDir: join(root, 'extracts'), scale: 0.01, seed, end });
  for (const folder of ['datasets', 'model', 'metrics']) await symlink(new URL(`../${folder}`, import.meta.url).pathname, join(root, folder));
  const warehouse = await openWarehouse(root, { memory: true });
  await loadDatasets(warehouse, await readConnectorProject(root));
  const model = await readSemanticModel(root);
  return {
    root, warehouse, model,
    async remove() {
      warehouse.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}
