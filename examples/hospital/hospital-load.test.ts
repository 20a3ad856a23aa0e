// The hospital's dataset specs against the generator's defect manifest: every injected defect is
// rejected for the right reason, and no clean row is.
import { mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateHospital, type GenerationManifest } from './generator/generate.ts';
import type { DefectKind } from './generator/defects.ts';
import { readConnectorProject } from '../../connectors/project.ts';
import { openWarehouse, type Warehouse } from '../../connectors/warehouse.ts';
import { loadDatasets } from '../../connectors/load.ts';
import type { LoadReport } from '../../connectors/load-report.ts';
import type { RejectRule } from '../../connectors/standardize.ts';

/** The reject rule each kind of injected defect must be rejected by. */
const expectedRules: Record<DefectKind, RejectRule[]> = {
  duplicate_id: ['duplicate_key'],
  bad_date: ['invalid_date', 'invalid_timestamp'],
  invalid_id_number: ['invalid_id_number'],
  negative_amount: ['out_of_range'],
  unknown_department: ['unknown_reference', 'unmapped_code'],
  unknown_ward: ['unknown_reference'],
  unknown_code: ['unknown_reference'],
  out_of_range: ['not_allowed', 'out_of_range'],
  time_order: ['rule_violation'],
  discharge_before_admission: ['rule_violation'],
};

let root: string;
let manifest: GenerationManifest;
let warehouse: Warehouse;
let reports: LoadReport[];

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'hbi-hospital-load-'));
  manifest = await generateHospital({ outDir: join(root, 'extracts'), scale: 0.01, seed: 11, end: '2025-12-31' });
  await symlink(new URL('./datasets', import.meta.url).pathname, join(root, 'datasets'));
  warehouse = await openWarehouse(root, { memory: true });
  reports = await loadDatasets(warehouse, await readConnectorProject(root));
});
afterAll(async () => {
  warehouse?.close();
  await rm(root, { recursive: true, force: true });
});

describe('loading the synthetic hospital', () => {
  it('loads every extract', () => {
    expect(reports.map((r) => [r.dataset, r.status, r.message])).toEqual(manifest.extracts.map((e) => [e.name, 'loaded', null]).sort((a, b) =>
      reports.findIndex((r) => r.dataset === a[0]) - reports.findIndex((r) => r.dataset === b[0])));
  });

  it('rejects exactly the manifest\'s defects, each for the right reason', async () => {
    const rejected = (await warehouse.db.runAndReadAll(`
      SELECT dataset, file, sheet, "row", list_transform(reasons, lambda r: r.rule) AS rules FROM (
        ${manifest.extracts.map((e) => `SELECT '${e.name}' AS dataset, * FROM rejects."${e.name}"`).join(' UNION ALL ')})`))
      .getRowObjectsJS()
      .filter((r) => (r.rules as string[]).length > 0);
    const actual = new Map(rejected.map((r) => [`${r.file}|${r.sheet ?? ''}|${Number(r.row)}`, r.rules as RejectRule[]]));
    for (const defect of manifest.defects) {
      const id = `extracts/${defect.file}|${defect.sheet ?? ''}|${defect.row}`;
      const rules = actual.get(id);
      expect(rules, `${defect.kind} at ${id} was not rejected`).toBeDefined();
      expect(rules!.some((rule) => expectedRules[defect.kind].includes(rule)), `${defect.kind} at ${id} rejected as ${rules}`).toBe(true);
    }
    expect(actual.size).toBe(manifest.defects.length);
  });

  it('publishes every clean row, typed and standardized', async () => {
    for (const report of reports) {
      const extract = manifest.extracts.find((e) => e.name === report.dataset)!;
      const defects = manifest.defects.filter((d) => d.extract === report.dataset).length;
      expect(report.rowsRead, report.dataset).toBe(extract.rows);
      expect(report.rowsLoaded, report.dataset).toBe(extract.rows - defects);
      const count = (await warehouse.db.runAndReadAll(`SELECT count(*) FROM main."${report.dataset}"`)).getRows()[0]?.[0];
      expect(Number(count), report.dataset).toBe(extract.rows - defects);
    }
    const genders = await warehouse.db.runAndReadAll(`
      SELECT DISTINCT gender FROM patients UNION SELECT DISTINCT gender FROM admissions UNION SELECT DISTINCT gender FROM emergency_visits ORDER BY 1`);
    expect(genders.getRows().map((r) => r[0])).toEqual(['F', 'M']);
    const aliases = await warehouse.db.runAndReadAll(`SELECT count(*) FROM outpatient_visits WHERE dept_code NOT IN (SELECT dept_code FROM departments)`);
    expect(Number(aliases.getRows()[0]![0])).toBe(0);
    const types = await warehouse.db.runAndReadAll(`
      SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = 'admissions' AND column_name IN ('admitted_at', 'admission_id')`);
    expect(Object.fromEntries(types.getRows().map(([n, t]) => [n, t]))).toEqual({ admission_id: 'VARCHAR', admitted_at: 'TIMESTAMP' });
  });

  it('records each load with a data version and its PII tags in the catalogue', async () => {
    const rows = (await warehouse.db.runAndReadAll(`SELECT dataset, data_version, spec FROM hbi.datasets WHERE dataset = 'patients'`)).getRowObjectsJS();
    const spec = JSON.parse(String(rows[0]!.spec));
    expect(spec.columns.filter((c: { pii: string | null }) => c.pii).map((c: { name: string; pii: string }) => `${c.name}:${c.pii}`))
      .toEqual(['patient_id:mrn', 'name:name', 'birth_date:birth_date', 'id_number:id_number', 'phone:phone', 'address:address']);
    expect(Number(rows[0]!.data_version)).toBe(reports.find((r) => r.dataset === 'patients')!.loadId);
  });
});
