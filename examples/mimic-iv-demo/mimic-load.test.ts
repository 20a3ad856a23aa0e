// The MIMIC-IV demo project loaded with the real pipeline: every table arrives with exactly the rows
// MIMIC publishes and none rejected, and every value is the one in the raw files — checked column by
// column against DuckDB reading the gzip CSVs directly, and by a few facts in hand-written SQL.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ColumnSpec, DatasetSpec, FileSource } from '../../connectors/dataset-spec.ts';
import { loadDatasets } from '../../connectors/load.ts';
import type { LoadReport } from '../../connectors/load-report.ts';
import { readConnectorProject, type ConnectorProject } from '../../connectors/project.ts';
import { openWarehouse, type Warehouse } from '../../connectors/warehouse.ts';

const projectDir = fileURLToPath(new URL('.', import.meta.url));

/**
 * Row counts of the MIMIC-IV Clinical Database Demo v2.2 as published on PhysioNet; the two ICD
 * dictionaries, d_labitems and emar are counted from the files.
 */
const publishedRowCounts: Record<string, number> = {
  patients: 100,
  admissions: 275,
  transfers: 1_190,
  icustays: 140,
  services: 319,
  labevents: 107_727,
  d_labitems: 1_622,
  prescriptions: 18_087,
  microbiologyevents: 2_899,
  diagnoses_icd: 4_506,
  procedures_icd: 722,
  emar: 35_835,
  d_icd_diagnoses: 109_775,
  d_icd_procedures: 85_257,
};

const project: ConnectorProject = await readConnectorProject(projectDir);
const sourcePath = (spec: DatasetSpec) => resolve(projectDir, (spec.source as FileSource).path);
const missing = project.datasets.map((d) => sourcePath(d.spec)).filter((path) => !existsSync(path));
if (missing.length > 0) {
  console.warn(`examples/mimic-iv-demo: skipped, ${missing.length} source file(s) missing (e.g. ${missing[0]}). The specs expect the MIMIC-IV `
    + `demo at ${resolve(projectDir, '../../../shared/data/mimic-iv-demo-2.2')}, i.e. shared/ beside the repository.`);
}

const q = (identifier: string) => `"${identifier.replaceAll('"', '""')}"`;
const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;

let warehouse: Warehouse;
let reports: LoadReport[];

async function rows(sql: string): Promise<Record<string, unknown>[]> {
  return (await warehouse.db.runAndReadAll(sql)).getRowObjectsJS();
}

/** A dataset's source file as a SQL string literal. */
const file = (dataset: string) => literal(sourcePath(project.datasets.find((d) => d.spec.name === dataset)!.spec));
/** The raw file as text, as DuckDB's own CSV sniffer reads it (no HBI code involved). */
const raw = (dataset: string) => `read_csv(${file(dataset)}, all_varchar = true)`;

/**
 * A column rendered so that the loaded value and the source text compare equal exactly when the
 * load kept the value: integers and timestamps back to MIMIC's text, decimals to the warehouse's 4
 * places, text trimmed with blanks as NULL (HBI's standard text cleaning).
 */
function rendered(column: ColumnSpec): { loaded: string; source: string } {
  const loaded = q(column.name);
  const text = `nullif(trim(${q(column.source ?? column.name)}), '')`;
  switch (column.type) {
    case 'string':
      return { loaded, source: text };
    case 'integer':
      return { loaded: `${loaded}::VARCHAR`, source: text };
    case 'decimal':
      return { loaded: `round(${loaded}::DOUBLE, 4)`, source: `round(${text}::DOUBLE, 4)` };
    case 'date':
    case 'timestamp':
      return { loaded: `strftime(${loaded}, ${literal(column.formats![0]!)})`, source: text };
    case 'boolean':
      throw new Error(`${column.name}: MIMIC has no boolean columns; render it before comparing`);
  }
}

describe.skipIf(missing.length > 0)('the MIMIC-IV demo project', () => {
  beforeAll(async () => {
    warehouse = await openWarehouse(projectDir, { memory: true });
    reports = await loadDatasets(warehouse, project);
  });
  afterAll(() => warehouse?.close());

  it('declares a dataset for every table it counts, and only those', () => {
    expect(project.datasets.map((d) => d.spec.name).sort()).toEqual(Object.keys(publishedRowCounts).sort());
  });

  it('loads every table with MIMIC\'s published row count and rejects nothing', async () => {
    expect(reports.map((r) => r.dataset).sort()).toEqual(Object.keys(publishedRowCounts).sort());
    for (const report of reports) {
      const expected = publishedRowCounts[report.dataset];
      expect([report.dataset, report.status, report.message, report.rejects]).toEqual([report.dataset, 'loaded', null, []]);
      expect({ read: report.rowsRead, loaded: report.rowsLoaded, rejected: report.rowsRejected }, report.dataset)
        .toEqual({ read: expected, loaded: expected, rejected: 0 });
      const [{ n }] = await rows(`SELECT count(*) AS n FROM main.${q(report.dataset)}`) as [{ n: bigint }];
      expect(Number(n), report.dataset).toBe(expected);
      const [{ kept }] = await rows(`SELECT count(*) AS kept FROM rejects.${q(report.dataset)}`) as [{ kept: bigint }];
      expect(Number(kept), `${report.dataset} rejects`).toBe(0);
    }
  });

  it('refuses any reject: every spec has rejectThreshold 0', () => {
    expect(project.datasets.filter((d) => d.spec.rejectThreshold !== 0).map((d) => d.file)).toEqual([]);
  });

  it('keeps every value of every column as the raw files have it', async () => {
    for (const { spec } of project.datasets) {
      const columns = spec.columns.map(rendered);
      const loaded = `SELECT ${columns.map((c) => c.loaded).join(', ')} FROM main.${q(spec.name)}`;
      const source = `SELECT ${columns.map((c) => c.source).join(', ')} FROM ${raw(spec.name)}`;
      const [{ extra, lost }] = await rows(`
        SELECT (SELECT count(*) FROM (${loaded} EXCEPT ALL ${source})) AS extra,
               (SELECT count(*) FROM (${source} EXCEPT ALL ${loaded})) AS lost`) as [{ extra: bigint; lost: bigint }];
      expect({ dataset: spec.name, extra: Number(extra), lost: Number(lost) }).toEqual({ dataset: spec.name, extra: 0, lost: 0 });
    }
  });

  it('rounds decimals to 4 places, which only changes icustays.los (fractional days)', async () => {
    const changed: string[] = [];
    for (const { spec } of project.datasets) {
      for (const column of spec.columns.filter((c) => c.type === 'decimal')) {
        const [{ n }] = await rows(`SELECT count(*) AS n FROM ${raw(spec.name)} WHERE round(${q(column.name)}::DOUBLE, 4) <> ${q(column.name)}::DOUBLE`) as [{ n: bigint }];
        if (n > 0n) changed.push(`${spec.name}.${column.name}`);
      }
    }
    expect(changed).toEqual(['icustays.los']);
    const [{ worst }] = await rows(`
      SELECT max(abs(l.los::DOUBLE - r.los)) AS worst
      FROM main.icustays l JOIN read_csv(${file('icustays')}) r USING (stay_id)`) as [{ worst: number }];
    expect(worst).toBeLessThanOrEqual(0.00005);
  });

  it('agrees with hand-written SQL on the raw files', async () => {
    // [fact, on the loaded tables, on the raw files read by DuckDB with its own type detection]
    const facts: [string, string, string][] = [
      ['patients with an admission', `SELECT count(DISTINCT subject_id) FROM main.admissions`, `SELECT count(DISTINCT subject_id) FROM read_csv(${file('admissions')})`],
      ['first and last admission', `SELECT min(admittime)::VARCHAR || ' / ' || max(admittime)::VARCHAR FROM main.admissions`,
        `SELECT min(admittime)::VARCHAR || ' / ' || max(admittime)::VARCHAR FROM read_csv(${file('admissions')})`],
      ['in-hospital deaths', `SELECT sum(hospital_expire_flag) FROM main.admissions`, `SELECT sum(hospital_expire_flag) FROM read_csv(${file('admissions')})`],
      ['seconds in hospital, all stays', `SELECT sum(datediff('second', admittime, dischtime)) FROM main.admissions`,
        `SELECT sum(datediff('second', admittime, dischtime)) FROM read_csv(${file('admissions')})`],
      ['seconds in ICU, all stays', `SELECT sum(datediff('second', intime, outtime)) FROM main.icustays`,
        `SELECT sum(datediff('second', intime, outtime)) FROM read_csv(${file('icustays')})`],
      ['lab results outside an admission', `SELECT count(*) FROM main.labevents WHERE hadm_id IS NULL`, `SELECT count(*) FROM read_csv(${file('labevents')}) WHERE hadm_id IS NULL`],
      ['sum of numeric lab results', `SELECT sum(valuenum)::DOUBLE FROM main.labevents`, `SELECT sum(valuenum::DECIMAL(18, 3))::DOUBLE FROM read_csv(${file('labevents')})`],
      ['abnormal lab results', `SELECT count(*) FROM main.labevents WHERE flag = 'abnormal'`, `SELECT count(*) FROM read_csv(${file('labevents')}) WHERE flag = 'abnormal'`],
      ['NDC codes with a leading zero', `SELECT count(*) FROM main.prescriptions WHERE ndc LIKE '0%'`,
        `SELECT count(*) FROM read_csv(${file('prescriptions')}, types = {'ndc': 'VARCHAR'}) WHERE ndc LIKE '0%'`],
      ['resistant isolates', `SELECT count(*) FROM main.microbiologyevents WHERE interpretation = 'R'`,
        `SELECT count(*) FROM read_csv(${file('microbiologyevents')}) WHERE interpretation = 'R'`],
    ];
    for (const [fact, loaded, source] of facts) {
      const [{ value, expected }] = await rows(`SELECT (${loaded}) AS value, (${source}) AS expected`) as [{ value: unknown; expected: unknown }];
      expect(expected, `${fact} (raw files)`).not.toBeNull();
      expect(value, fact).toEqual(expected);
    }
    const [anchors] = await rows(`SELECT ${facts.slice(0, 2).map(([, loaded], i) => `(${loaded}) AS f${i}`).join(', ')}`);
    expect(anchors).toEqual({ f0: 100n, f1: '2110-04-11 15:08:00 / 2201-12-11 12:00:00' });
  });

  it('lists every subject_id as a medical record number in the catalogue, for masking', async () => {
    const catalogue = await rows(`SELECT dataset, spec FROM hbi.datasets ORDER BY dataset`);
    const untagged = catalogue.flatMap(({ dataset, spec }) => (JSON.parse(String(spec)).columns as { name: string; pii: string | null }[])
      .filter((c) => c.name === 'subject_id' && c.pii !== 'mrn').map(() => dataset));
    expect(untagged).toEqual([]);
    expect(catalogue.length).toBe(Object.keys(publishedRowCounts).length);
  });
});
