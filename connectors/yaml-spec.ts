// YAML definitions (dataset specs, the semantic model, metrics) read with positions and checked
// against a JSON schema; every problem is reported as file:line:column with what to do and,
// for a misspelled name, the closest valid one.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { LineCounter, parseDocument, isMap, isNode, isScalar, type Document } from 'yaml';

export interface SpecProblem {
  file: string;
  line: number;
  column: number;
  message: string;
}

export class SpecError extends Error {
  constructor(readonly problems: SpecProblem[]) {
    super(problems.map((p) => `${p.file}:${p.line}:${p.column}: ${p.message}`).join('\n'));
  }
}

/** Parses YAML text and checks it against a schema; positions point into the text. */
export function readYamlSpec<T>(file: string, text: string, validate: ValidateFunction): { value: T; at: (path: (string | number)[]) => { line: number; column: number } } {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false });
  if (document.errors.length > 0) {
    throw new SpecError(document.errors.map((error) => {
      const position = lineCounter.linePos(error.pos[0]);
      return { file, line: position.line, column: position.col, message: `YAML syntax: ${error.message.split('\n')[0]}` };
    }));
  }
  const at = (path: (string | number)[]) => positionOf(document, lineCounter, path);
  let value: T;
  try {
    // An alias bomb (anchors expanding to anchors) is refused after a few aliases, not expanded.
    value = document.toJS({ maxAliasCount: 50 }) as T;
  } catch (error) {
    if (error instanceof ReferenceError) throw new SpecError([{ file, line: 1, column: 1, message: `YAML: ${error.message}; write the values out instead of repeating aliases` }]);
    throw error;
  }
  if (!validate(value)) {
    throw new SpecError(dedupe(validate.errors ?? []).map((error) => {
      const path = error.instancePath.split('/').slice(1).map((part) => (/^\d+$/.test(part) ? Number(part) : part.replaceAll('~1', '/').replaceAll('~0', '~')));
      // An unknown field is pointed at by its own name, not by the mapping that holds it.
      const position = error.keyword === 'additionalProperties'
        ? keyPositionOf(document, lineCounter, path, String(error.params.additionalProperty)) ?? at(path)
        : at(path);
      return { file, ...position, message: describe(error, path) };
    }));
  }
  return { value, at };
}

function positionOf(document: Document, lineCounter: LineCounter, path: (string | number)[]): { line: number; column: number } {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = depth === 0 ? document.contents : document.getIn(path.slice(0, depth), true);
    if (isNode(node) && node.range) {
      const position = lineCounter.linePos(node.range[0]);
      return { line: position.line, column: position.col };
    }
  }
  return { line: 1, column: 1 };
}

function keyPositionOf(document: Document, lineCounter: LineCounter, path: (string | number)[], key: string): { line: number; column: number } | null {
  const node = path.length === 0 ? document.contents : document.getIn(path, true);
  if (!isMap(node)) return null;
  const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === key);
  if (!pair || !isNode(pair.key) || !pair.key.range) return null;
  const position = lineCounter.linePos(pair.key.range[0]);
  return { line: position.line, column: position.col };
}

/** An if/then failure only repeats its branch's complaints; keep the ones a person can act on. */
function dedupe(errors: ErrorObject[]): ErrorObject[] {
  const useful = errors.filter((e) => e.keyword !== 'oneOf' && e.keyword !== 'if');
  const seen = new Set<string>();
  return (useful.length > 0 ? useful : errors).filter((e) => {
    const id = `${e.instancePath}|${e.keyword}|${JSON.stringify(e.params)}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

function describe(error: ErrorObject, path: (string | number)[]): string {
  const where = path.length > 0 ? path.join('.') : 'the spec';
  switch (error.keyword) {
    case 'additionalProperties':
      return `${where}: unknown field "${String(error.params.additionalProperty)}"${suggestion(String(error.params.additionalProperty), Object.keys((error.parentSchema as { properties?: object })?.properties ?? {}))}`;
    case 'required':
      return `${where}: missing "${String(error.params.missingProperty)}"; add it`;
    case 'enum': {
      const allowed = (error.params.allowedValues as unknown[]).map(String);
      const given = typeof error.data === 'string' ? error.data : JSON.stringify(error.data);
      return `${where}: "${given}" is not one of ${allowed.join(', ')}${suggestion(given, allowed)}`;
    }
    case 'pattern':
      return `${where}: ${String(path.at(-1)) === 'references' ? 'must be dataset.column' : 'must be lower_snake_case (a-z, 0-9, _)'}`;
    default:
      return `${where}: ${error.message ?? error.keyword}`;
  }
}

/** "did you mean …" by edit distance, for misspelled field and column names. */
export function suggestion(name: string, candidates: string[]): string {
  let best: string | null = null;
  let bestDistance = Math.max(2, Math.floor(name.length / 3)) + 1;
  for (const candidate of candidates) {
    const distance = editDistance(name, candidate);
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return best ? ` (did you mean "${best}"?)` : '';
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}


/** The YAML files of a project folder (model/, metrics/, dashboards/), by name; none when it is absent. */
export async function yamlFiles(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => join(dir, f));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}
