// Test support: the dimension values of the hospital example as the server would read them for a
// user who sees every department: 科室 codes with their names and aliases (the governance
// committee's dictionary, datasets/dictionaries.yaml), and the values of the coded dimensions
// (datasets/*.yaml `allowed`), named by themselves; 性别 by its standard codes M and F.
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import type { DimensionVocabulary } from '../catalogue.ts';

const hospital = new URL('../../../examples/hospital/', import.meta.url);

export async function hospitalVocabulary(): Promise<DimensionVocabulary[]> {
  const dictionaries = parse(await readFile(new URL('datasets/dictionaries.yaml', hospital), 'utf8')) as Record<string, { map: Record<string, string> }>;
  const departments = new Map<string, string[]>();
  for (const [name, code] of Object.entries(dictionaries.department!.map)) departments.set(code, [...(departments.get(code) ?? []), name]);
  const allowed = async (dataset: string, column: string): Promise<string[]> => {
    const spec = parse(await readFile(new URL(`datasets/${dataset}.yaml`, hospital), 'utf8')) as { columns: { name: string; allowed?: unknown[] }[] };
    return spec.columns.find((c) => c.name === column)!.allowed!.map(String);
  };
  const named = (values: string[]) => values.map((value) => ({ value, names: [value] }));
  return [
    { dimension: 'department', values: [...departments].map(([value, names]) => ({ value, names })) },
    { dimension: 'gender', values: [{ value: 'M', names: ['男', '男性', 'male'] }, { value: 'F', names: ['女', '女性', 'female'] }] },
    { dimension: 'visit_type', values: named(await allowed('outpatient_visits', 'visit_type')) },
    { dimension: 'admission_source', values: named(await allowed('admissions', 'admission_source')) },
    { dimension: 'discharge_status', values: named(await allowed('admissions', 'discharge_status')) },
    { dimension: 'disposition', values: named(await allowed('emergency_visits', 'disposition')) },
    { dimension: 'surgery_level', values: named(await allowed('surgeries', 'surgery_level')) },
    { dimension: 'pharmacy', values: named(await allowed('drug_inventory', 'pharmacy')) },
  ];
}
