// Spec errors are for the data steward who wrote the YAML: each names the file, the line and
// column of the offending text, and what to do about it.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseDatasetSpec, parseDictionaries, SpecError, type SpecProblem } from './dataset-spec.ts';
import { readConnectorProject } from './project.ts';
import { createTestProject, type TestProject } from './test-project.ts';

const file = 'datasets/visits.yaml';

function problemsOf(work: () => unknown): SpecProblem[] {
  try {
    work();
  } catch (error) {
    if (error instanceof SpecError) return error.problems;
    throw error;
  }
  throw new Error('expected a SpecError');
}

const problems = (text: string) => problemsOf(() => parseDatasetSpec(file, text));

describe('parseDatasetSpec', () => {
  it('accepts a complete spec', () => {
    const { spec } = parseDatasetSpec(file, [
      'name: visits',
      'source: { format: xlsx, path: extracts/visits.xlsx, sheet: 门诊, headerRow: 2 }',
      'key: [visit_id]',
      'columns:',
      '  - { name: visit_id, type: string }',
      '  - { name: visited_at, source: 就诊时间, type: timestamp, formats: ["%Y/%m/%d %H:%M"] }',
      'rules:',
      '  - { column: visited_at, op: "<=", other: visited_at }',
    ].join('\n'));
    expect(spec.source).toEqual({ format: 'xlsx', path: 'extracts/visits.xlsx', sheet: '门诊', headerRow: 2 });
    expect(spec.columns[1]).toMatchObject({ name: 'visited_at', source: '就诊时间', formats: ['%Y/%m/%d %H:%M'] });
  });

  it('reports a YAML syntax error where it is', () => {
    expect(problems([
      'name: visits',
      'source: { format: csv, path: a.csv }',
      'columns:',
      '  - { name: visit_id, type: string ]',
    ].join('\n'))).toEqual([
      { file, line: 4, column: 36, message: expect.stringMatching(/^YAML syntax: .*end with a \}/) },
    ]);
  });

  it('reports a field given twice', () => {
    expect(problems('name: visits\nname: again\nsource: { format: csv, path: a.csv }\ncolumns: [{ name: a, type: string }]\n')).toEqual([
      { file, line: 2, column: 1, message: 'YAML syntax: Map keys must be unique' },
    ]);
  });

  it('points at an unknown field and suggests the one meant', () => {
    expect(problems([
      'name: visits',
      'source: { format: csv, path: a.csv }',
      'columns:',
      '  - { name: visit_id, type: string }',
      '  - { name: dept, type: string, requird: true }',
    ].join('\n'))).toEqual([
      { file, line: 5, column: 33, message: 'columns.1: unknown field "requird" (did you mean "required"?)' },
    ]);
  });

  it('suggests within the source too, for its format', () => {
    expect(problems('name: visits\nsource:\n  format: csv\n  path: a.csv\n  encodng: gbk\ncolumns: [{ name: a, type: string }]\n')).toEqual([
      { file, line: 5, column: 3, message: 'source: unknown field "encodng" (did you mean "encoding"?)' },
    ]);
  });

  it('lists the allowed values of a misspelled type and suggests one', () => {
    expect(problems('name: visits\nsource: { format: csv, path: a.csv }\ncolumns:\n  - name: dept\n    type: strng\n')).toEqual([
      { file, line: 5, column: 11, message: 'columns.0.type: "strng" is not one of string, integer, decimal, boolean, date, timestamp (did you mean "string"?)' },
    ]);
  });

  it('complains once about an unknown format, not about every kind of source', () => {
    expect(problems('name: visits\nsource: { format: xls, path: a.xls }\ncolumns: [{ name: a, type: string }]\n')).toEqual([
      { file, line: 2, column: 19, message: 'source.format: "xls" is not one of csv, tsv, xlsx, parquet, json, ndjson, postgres, mysql (did you mean "xlsx"?)' },
    ]);
  });

  it('says a missing source is missing', () => {
    expect(problems('name: visits\ncolumns:\n  - { name: a, type: string }\n')).toEqual([
      { file, line: 1, column: 1, message: 'the spec: missing "source"; add it' },
    ]);
  });

  it('points at a key naming an unknown column, with a suggestion', () => {
    expect(problems([
      'name: visits',
      'source: { format: csv, path: a.csv }',
      'key: [visit_id, patient_di]',
      'columns:',
      '  - { name: visit_id, type: string }',
      '  - { name: patient_id, type: string }',
    ].join('\n'))).toEqual([
      { file, line: 3, column: 17, message: 'no column "patient_di" (did you mean "patient_id"?)' },
    ]);
  });

  it('points at each unknown column of a row rule', () => {
    expect(problems([
      'name: visits',
      'source: { format: csv, path: a.csv }',
      'columns:',
      '  - { name: admitted_at, type: timestamp }',
      '  - { name: discharged_at, type: timestamp }',
      'rules:',
      '  - { column: discharged_at, op: ">=", other: admited_at }',
      '  - column: left_at',
      '    op: ">="',
      '    other: admitted_at',
    ].join('\n'))).toEqual([
      { file, line: 7, column: 47, message: 'no column "admited_at" (did you mean "admitted_at"?)' },
      { file, line: 8, column: 13, message: 'no column "left_at"' },
    ]);
  });

  it('refuses xlsx options on a csv source', () => {
    expect(problems('name: visits\nsource:\n  format: csv\n  path: a.csv\n  headerRow: 2\ncolumns: [{ name: a, type: string }]\n')).toEqual([
      { file, line: 5, column: 14, message: 'headerRow only applies to xlsx sources, this one is csv; remove it or set format: xlsx' },
    ]);
  });

  it('needs exactly one of table and query for a database source', () => {
    expect(problems('name: visits\nsource: { format: postgres, url: "env:HIS", table: visits, query: select 1 }\ncolumns: [{ name: a, type: string }]\n')).toEqual([
      { file, line: 2, column: 9, message: 'a postgres source reads either a table or a query; give exactly one of table: or query:' },
    ]);
  });

  it('refuses formats on a column that is not a date', () => {
    expect(problems('name: visits\nsource: { format: csv, path: a.csv }\ncolumns:\n  - { name: a, type: integer, formats: ["%Y"] }\n')).toEqual([
      { file, line: 4, column: 40, message: 'formats only apply to date and timestamp columns, "a" is integer' },
    ]);
  });

  it('checks dictionaries too', () => {
    expect(problemsOf(() => parseDictionaries('datasets/dictionaries.yaml', 'gender:\n  titel: 性别\n  map: { 男: M }\n'))).toEqual([
      { file: 'datasets/dictionaries.yaml', line: 2, column: 3, message: 'gender: unknown field "titel" (did you mean "title"?)' },
    ]);
  });
});

describe('readConnectorProject', () => {
  let project: TestProject;
  afterEach(async () => project?.remove());

  it('checks references and code dictionaries across the project, and orders loads by reference', async () => {
    project = await createTestProject();
    await project.write('datasets/dictionaries.yaml', 'gender:\n  map: { 男: M, 女: F }\n');
    await project.spec('admissions', [
      'name: admissions',
      'source: { format: csv, path: admissions.csv }',
      'columns:',
      '  - { name: patient_id, type: string, references: patients.patient_id }',
      '  - { name: gender, type: string, codes: gender }',
    ].join('\n'));
    await project.spec('patients', 'name: patients\nsource: { format: csv, path: p.csv }\ncolumns: [{ name: patient_id, type: string }]\n');
    const loaded = await readConnectorProject(project.dir);
    expect(loaded.datasets.map((d) => d.spec.name)).toEqual(['patients', 'admissions']);
    expect(loaded.dictionaries).toEqual({ gender: { map: { 男: 'M', 女: 'F' } } });
  });

  it('names an unknown referenced dataset, an unknown column of a known one and an unknown dictionary', async () => {
    project = await createTestProject();
    await project.write('datasets/dictionaries.yaml', 'gender:\n  map: { 男: M, 女: F }\n');
    await project.spec('patients', 'name: patients\nsource: { format: csv, path: p.csv }\ncolumns: [{ name: patient_id, type: string }]\n');
    await project.spec('visits', [
      'name: visits',
      'source: { format: csv, path: visits.csv }',
      'columns:',
      '  - { name: patient_id, type: string, references: patient.patient_id }',
      '  - { name: other_id, type: string, references: patients.patient_no }',
      '  - { name: gender, type: string, codes: gendr }',
    ].join('\n'));
    const error = await readConnectorProject(project.dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SpecError);
    const found = (error as SpecError).problems;
    expect(found.map((p) => ({ ...p, file: p.file.split('/').slice(-2).join('/') }))).toEqual([
      { file: 'datasets/visits.yaml', line: 4, column: 51, message: 'no dataset "patient" (did you mean "patients"?)' },
      { file: 'datasets/visits.yaml', line: 5, column: 49, message: 'patients has no column "patient_no" (did you mean "patient_id"?)' },
      { file: 'datasets/visits.yaml', line: 6, column: 42, message: 'no code dictionary "gendr" in datasets/dictionaries.yaml (did you mean "gender"?)' },
    ]);
    // Outside the folder hbi runs in, a spec is named by its absolute path rather than ../../…
    expect(found[0]!.file).toBe(join(project.dir, 'datasets', 'visits.yaml'));
    expect((error as SpecError).message).toContain('visits.yaml:4:51: no dataset "patient"');
  });

  it('reports the problems of every file at once', async () => {
    project = await createTestProject();
    await project.spec('a', 'name: a\nsource: { format: csv, path: a.csv }\ncolumns: [{ name: x, type: strng }]\n');
    await project.spec('b', 'name: b\ncolumns: [{ name: x, type: string }]\n');
    const error = (await readConnectorProject(project.dir).catch((e: unknown) => e)) as SpecError;
    expect(error.problems.map((p) => `${p.file.split('/').at(-1)}:${p.line}:${p.column}`)).toEqual(['a.yaml:3:28', 'b.yaml:1:1']);
  });

  it('says what to do when there is no datasets folder', async () => {
    project = await createTestProject();
    await expect(readConnectorProject(project.dir)).rejects.toThrow(/no datasets\/ folder: a project describes each extract in datasets\/<name>\.yaml/);
  });
});
