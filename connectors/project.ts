// A project's connector definitions: every datasets/*.yaml plus the shared code dictionaries in
// datasets/dictionaries.yaml, checked together (dictionaries and references must exist), in the
// order they must load (a dataset after the datasets it references).
import { readdir, readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { parseDatasetSpec, parseDictionaries, SpecError, suggestion, type CodeDictionary, type ParsedDataset, type SpecProblem } from './dataset-spec.ts';

export const dictionariesFile = 'dictionaries.yaml';

export interface ConnectorProject {
  dir: string;
  datasets: ParsedDataset[];
  dictionaries: Record<string, CodeDictionary>;
}

export async function readConnectorProject(dir: string): Promise<ConnectorProject> {
  const datasetsDir = join(dir, 'datasets');
  let files: string[];
  try {
    files = (await readdir(datasetsDir)).filter((f) => /\.ya?ml$/.test(f)).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new SpecError([{ file: datasetsDir, line: 1, column: 1, message: 'no datasets/ folder: a project describes each extract in datasets/<name>.yaml' }]);
    }
    throw error;
  }
  const problems: SpecProblem[] = [];
  const collect = <T>(work: () => T): T | null => {
    try {
      return work();
    } catch (error) {
      if (error instanceof SpecError) {
        problems.push(...error.problems);
        return null;
      }
      throw error;
    }
  };
  let dictionaries: Record<string, CodeDictionary> = {};
  const datasets: ParsedDataset[] = [];
  for (const name of files) {
    const path = join(datasetsDir, name);
    // Relative to where hbi runs when the project is below it; else absolute, never ../../…
    const fromCwd = relative(process.cwd(), path);
    const file = fromCwd && !fromCwd.startsWith('..') && !isAbsolute(fromCwd) ? fromCwd : path;
    const text = await readFile(path, 'utf8');
    if (name === dictionariesFile) dictionaries = collect(() => parseDictionaries(file, text)) ?? {};
    else {
      const parsed = collect(() => parseDatasetSpec(file, text));
      if (parsed) datasets.push(parsed);
    }
  }
  problems.push(...crossCheck(datasets, dictionaries));
  if (problems.length > 0) throw new SpecError(problems);
  return { dir, datasets: inLoadOrder(datasets), dictionaries };
}

function crossCheck(datasets: ParsedDataset[], dictionaries: Record<string, CodeDictionary>): SpecProblem[] {
  const problems: SpecProblem[] = [];
  const byName = new Map<string, ParsedDataset>();
  for (const parsed of datasets) {
    const twin = byName.get(parsed.spec.name);
    if (twin) problems.push({ file: parsed.file, ...parsed.at(['name']), message: `dataset "${parsed.spec.name}" is also defined in ${twin.file}` });
    byName.set(parsed.spec.name, parsed);
  }
  for (const parsed of datasets) {
    parsed.spec.columns.forEach((column, i) => {
      if (column.codes && !dictionaries[column.codes]) {
        problems.push({ file: parsed.file, ...parsed.at(['columns', i, 'codes']),
          message: `no code dictionary "${column.codes}" in datasets/${dictionariesFile}${suggestion(column.codes, Object.keys(dictionaries))}` });
      }
      if (column.references) {
        const [dataset, key] = column.references.split('.') as [string, string];
        const target = byName.get(dataset);
        if (!target) {
          problems.push({ file: parsed.file, ...parsed.at(['columns', i, 'references']), message: `no dataset "${dataset}"${suggestion(dataset, [...byName.keys()])}` });
        } else if (!target.spec.columns.some((c) => c.name === key)) {
          problems.push({ file: parsed.file, ...parsed.at(['columns', i, 'references']),
            message: `${dataset} has no column "${key}"${suggestion(key, target.spec.columns.map((c) => c.name))}` });
        }
      }
    });
  }
  return problems;
}

/** Referenced datasets first; cycles are left in file order (a reference then checks the previous load). */
function inLoadOrder(datasets: ParsedDataset[]): ParsedDataset[] {
  const byName = new Map(datasets.map((d) => [d.spec.name, d]));
  const ordered: ParsedDataset[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (parsed: ParsedDataset) => {
    if (state.get(parsed.spec.name)) return;
    state.set(parsed.spec.name, 'visiting');
    for (const column of parsed.spec.columns) {
      const target = column.references ? byName.get(column.references.split('.')[0]!) : undefined;
      if (target && target !== parsed) visit(target);
    }
    state.set(parsed.spec.name, 'done');
    ordered.push(parsed);
  };
  datasets.forEach(visit);
  return ordered;
}

/** The folders a project's file extracts are read from (each source path up to its first glob character). */
export function extractDirectories(project: ConnectorProject): string[] {
  const folders = project.datasets.flatMap(({ spec }) => {
    if (!('path' in spec.source)) return [];
    const fixed = spec.source.path.split(/[*?[{]/)[0]!;
    return [resolve(project.dir, fixed.endsWith('/') ? fixed : dirname(fixed))];
  });
  return [...new Set(folders)].sort();
}
