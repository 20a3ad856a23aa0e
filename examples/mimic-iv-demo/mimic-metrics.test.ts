// The MIMIC-IV demo metrics against hand-written SQL on the same loaded tables: over all stays,
// by admission type, and (ICU) by first care unit.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDatasets } from '../../connectors/load.ts';
import { readConnectorProject } from '../../connectors/project.ts';
import { openWarehouse, type Warehouse } from '../../connectors/warehouse.ts';
import { readSemanticModel, type SemanticModel } from '../../metrics/model/semantic-model.ts';
import { runMetricQuery } from '../../server/query-runner.ts';

const projectDir = fileURLToPath(new URL('.', import.meta.url));
const data = fileURLToPath(new URL('../../../shared/data/mimic-iv-demo-2.2/hosp/admissions.csv.gz', import.meta.url));
if (!existsSync(data)) console.warn(`skipping the MIMIC-IV metric checks: ${data} not found`);

let warehouse: Warehouse;
let model: SemanticModel;

const handWritten: Record<string, { table: string; value: string; by: string; where?: string }> = {
  alos_cn: { table: 'admissions', by: 'admission_type', value: "sum(greatest(date_diff('day', admittime::DATE, dischtime::DATE), 1)) / count(*)" },
  alos_exact_days: { table: 'admissions', by: 'admission_type', value: 'avg(epoch(dischtime - admittime) / 86400)' },
  inhospital_mortality_rate: { table: 'admissions', by: 'admission_type', value: 'avg(hospital_expire_flag)' },
  ed_los_median_hours: { table: 'admissions', by: 'admission_type', value: 'median(epoch(edouttime - edregtime) / 3600)', where: 'edregtime IS NOT NULL AND edouttime IS NOT NULL' },
  icu_alos_days: { table: 'icustays', by: 'first_careunit', value: 'avg(los)' },
  readmission_30d_rate: {
    table: '(SELECT *, lead(admittime) OVER (PARTITION BY subject_id ORDER BY admittime) AS next_admission FROM admissions) AS stays', by: 'admission_type',
    value: 'count(*) FILTER (WHERE next_admission::DATE - dischtime::DATE <= 30) / count(*)', where: 'hospital_expire_flag = 0',
  },
};

describe.skipIf(!existsSync(data))('MIMIC-IV demo metrics equal hand-written SQL', () => {
  beforeAll(async () => {
    warehouse = await openWarehouse(projectDir, { memory: true });
    const project = await readConnectorProject(projectDir);
    await loadDatasets(warehouse, project, ['patients', 'admissions', 'icustays']);
    model = await readSemanticModel(projectDir);
  });
  afterAll(() => warehouse?.close());

  const rows = async (sql: string) => (await warehouse.db.runAndReadAll(sql)).getRowObjectsJS();

  it('defines exactly these metrics', () => {
    expect([...model.metrics.keys()].sort()).toEqual(Object.keys(handWritten).sort());
  });

  it.each(Object.keys(handWritten))('%s over all stays and sliced', async (metric) => {
    const kpi = handWritten[metric]!;
    const where = kpi.where ? ` WHERE ${kpi.where}` : '';
    const [overall] = await rows(`SELECT ${kpi.value} AS v FROM ${kpi.table}${where}`);
    const all = await runMetricQuery(warehouse, model, { metrics: [metric] });
    expect(all.rows[0]![metric]).toBeCloseTo(Number(overall!.v), 6);

    const sliced = await rows(`SELECT ${kpi.by} AS k, ${kpi.value} AS v FROM ${kpi.table}${where} GROUP BY 1 ORDER BY 1`);
    const result = await runMetricQuery(warehouse, model, { metrics: [metric], dimensions: [kpi.by] });
    expect(result.rows.map((r) => r[kpi.by])).toEqual(sliced.map((r) => r.k));
    result.rows.forEach((row, i) => expect(row[metric], `${metric} ${row[kpi.by]}`).toBeCloseTo(Number(sliced[i]!.v), 6));
  });
});
