// Model definitions that would give wrong numbers are refused with file, line, column and why.
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readSemanticModel } from './semantic-model.ts';

const hospitalDatasets = new URL('../../examples/hospital/datasets', import.meta.url).pathname;
let project: string | null = null;

async function modelWith(file: string, text: string): Promise<string> {
  project = await mkdtemp(join(tmpdir(), 'hbi-model-'));
  await symlink(hospitalDatasets, join(project, 'datasets'));
  await mkdir(join(project, 'model'));
  await writeFile(join(project, 'model', file), text);
  return project;
}
afterEach(async () => {
  if (project) await rm(project, { recursive: true, force: true });
  project = null;
});

const antibiotics = (relationship: string) => [
  'name: antibiotic_use', 'table: antibiotic_administrations', 'relationships:', relationship,
  'measures:', '  - { name: ddds, agg: sum, expr: dose_g / ddd.ddd_g }', '',
].join('\n');

describe('relationships', () => {
  it('accepts a lookup on the other dataset\'s whole key', async () => {
    const model = await readSemanticModel(await modelWith('a.yaml', antibiotics(
      '  - { name: ddd, to: antibiotic_ddd, on: { atc_code: atc_code, route: route }, cardinality: many_to_one }')));
    expect(model.datasets.get('antibiotic_use')!.relationships).toEqual([{ name: 'ddd', table: 'antibiotic_ddd', on: [['atc_code', 'atc_code'], ['route', 'route']] }]);
  });

  it('refuses a join on part of a key, which could match several rows and double count', async () => {
    await expect(readSemanticModel(await modelWith('a.yaml', antibiotics(
      '  - { name: ddd, to: antibiotic_ddd, on: { atc_code: atc_code }, cardinality: many_to_one }'))))
      .rejects.toThrow(/a\.yaml:4:\d+: antibiotic_ddd may have several rows for the same atc_code, which would count each antibiotic_administrations row more than once; join on its key \(atc_code, route\)/);
  });

  it('refuses one-to-many joins and explains what to do instead', async () => {
    await expect(readSemanticModel(await modelWith('a.yaml', antibiotics(
      '  - { name: ddd, to: antibiotic_ddd, on: { atc_code: atc_code, route: route }, cardinality: one_to_many }'))))
      .rejects.toThrow(/double counting\); model antibiotic_ddd as a dataset of its own/);
  });
});

describe('dimension names from a lookup', () => {
  const stays = (labels: string) => ['name: stays', 'table: admissions', 'dimensions:', `  - { name: department, expr: admit_dept_code, labels: ${labels} }`, ''].join('\n');

  it('keeps the lookup on the conformed dimension', async () => {
    const model = await readSemanticModel(await modelWith('stays.yaml', stays('{ dataset: departments, key: dept_code, name: dept_name }')));
    expect(model.dimensions.get('department')!.labels).toEqual({ dataset: 'departments', key: 'dept_code', name: 'dept_name' });
  });

  it('names an unknown dataset or column with the closest name', async () => {
    await expect(readSemanticModel(await modelWith('stays.yaml', stays('{ dataset: departmens, key: dept_code, name: dept_name }'))))
      .rejects.toThrow(/stays\.yaml:4:\d+: no dataset "departmens".*departments/);
    await expect(readSemanticModel(await modelWith('stays.yaml', stays('{ dataset: departments, key: dept_code, name: dept_nam }'))))
      .rejects.toThrow(/stays\.yaml:4:\d+: departments has no column "dept_nam".*dept_name/);
  });

  it('refuses names that are patient identifiers', async () => {
    await expect(readSemanticModel(await modelWith('stays.yaml', stays('{ dataset: patients, key: patient_id, name: name }'))))
      .rejects.toThrow(/patients\.name is a patient identifier/);
  });
});

describe('expressions in the model', () => {
  it('names the file, line and column of an unknown column, with the closest name', async () => {
    await expect(readSemanticModel(await modelWith('stays.yaml', [
      'name: stays', 'table: admissions', 'measures:', "  - { name: los, agg: sum, expr: \"date_diff('day', admitted_at, dischargd_at)\" }", '',
    ].join('\n')))).rejects.toThrow(/stays\.yaml:4:\d+: .*dischargd_at.*did you mean 'discharged_at'/);
  });

  it('refuses a sum over text', async () => {
    await expect(readSemanticModel(await modelWith('stays.yaml', [
      'name: stays', 'table: admissions', 'measures:', '  - { name: x, agg: sum, expr: discharge_status }', '',
    ].join('\n')))).rejects.toThrow(/stays\.yaml:4:/);
  });
});

describe('hierarchies', () => {
  it('lists the drill path of the hospital model, coarse to fine', async () => {
    const model = await readSemanticModel(new URL('../../examples/hospital', import.meta.url).pathname);
    expect(model.hierarchies.get('organization')!.levels).toEqual(['department', 'ward', 'doctor']);
  });

  it('refuses a level that is not a dimension, with the closest one', async () => {
    await expect(readSemanticModel(await modelWith('stays.yaml', [
      'name: stays', 'table: admissions', 'dimensions:', '  - { name: department, expr: admit_dept_code }', '  - { name: ward, expr: admit_ward_code }',
      'hierarchies:', '  - { name: organization, levels: [department, wardd] }', '',
    ].join('\n')))).rejects.toThrow(/stays\.yaml:7:\d+: hierarchy organization: no dimension "wardd" in stays \(did you mean "ward"\?\)/);
  });
});

describe('rollups', () => {
  it('refuses a rollup by a time dimension or dimension the dataset lacks, with the closest one', async () => {
    const refusal = readSemanticModel(await modelWith('stays.yaml', [
      'name: stays', 'table: admissions', 'dimensions:', '  - { name: department, expr: admit_dept_code }',
      'timeDimensions:', '  - { name: admit_date, expr: admitted_at }', 'measures:', '  - { name: admissions, agg: count }',
      'rollups:', '  - { name: daily, timeDimension: admit_day, dimensions: [departmen] }', '',
    ].join('\n')));
    await expect(refusal).rejects.toThrow(/stays\.yaml:10:\d+: rollup daily: stays has no time dimension "admit_day" \(did you mean "admit_date"\?\)/);
    await expect(refusal).rejects.toThrow(/stays\.yaml:10:\d+: rollup daily: stays has no dimension "departmen" \(did you mean "department"\?\)/);
  });
});

const wardSegments = (changes: string, extra = '') => [
  'name: ward_days', 'table: admissions', 'segments:', '  key: admission_id', '  start: admitted_at', '  end: discharged_at',
  '  initial: { ward_code: admit_ward_code }', `  changes: ${changes}`, extra,
  'spans: { start: segment_start, end: segment_end, sameDay: last_segment }',
  'dimensions:', '  - { name: ward, expr: ward_code }', 'measures:', '  - { name: bed_days, agg: count }', '',
].join('\n');

describe('segments', () => {
  it('gives the rows the segment columns, typed from the columns they start from', async () => {
    const model = await readSemanticModel(await modelWith('w.yaml', wardSegments('{ table: transfers, key: admission_id, at: transferred_at, set: { ward_code: to_ward_code } }')));
    expect(model.datasets.get('ward_days')!.dimensions.get('ward')!.type).toBe('string');
    expect(model.datasets.get('ward_days')!.spans!.sameDay).not.toBeNull();
  });

  it('refuses changes that set other columns than the first segment has, or name columns that do not exist', async () => {
    await expect(readSemanticModel(await modelWith('w.yaml', wardSegments('{ table: transfers, key: admission_id, at: transferred_at, set: { dept: to_dept_code } }'))))
      .rejects.toThrow(/w\.yaml:\d+:\d+: a change sets the segment columns the first segment starts with \(ward_code\)/);
    await expect(readSemanticModel(await modelWith('w.yaml', wardSegments('{ table: transfers, key: admission_id, at: moved_at, set: { ward_code: to_ward_code } }'))))
      .rejects.toThrow(/transfers has no column "moved_at"/);
  });

  it('refuses a sequence after a time without a primary key to tell the other rows apart', async () => {
    await expect(readSemanticModel(await modelWith('s.yaml', [
      'name: stays', 'table: admissions', 'sequences:',
      '  - { name: readmitted_at, of: admitted_at, by: patient_id, order: admitted_at, direction: next, after: discharged_at }', '',
    ].join('\n')))).rejects.toThrow(/s\.yaml:4:\d+: after looks among the other rows of admissions, told apart by the primaryKey; declare it/);
  });
});
