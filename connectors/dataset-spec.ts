// Dataset specs (datasets/*.yaml): one per departmental extract, written once by the hospital's
// data stewards. Parsed with positions, checked against a JSON schema, and every problem is
// reported as file:line:column with what to do.
import { Ajv, type ErrorObject } from 'ajv';
import { LineCounter, parseDocument, isMap, isNode, isScalar, type Document } from 'yaml';

export type ColumnType = 'string' | 'integer' | 'decimal' | 'boolean' | 'date' | 'timestamp';
export type PiiTag = 'name' | 'id_number' | 'phone' | 'address' | 'mrn';
export type FileFormat = 'csv' | 'tsv' | 'xlsx' | 'parquet' | 'json' | 'ndjson';
export type DatabaseFormat = 'postgres' | 'mysql';

export interface FileSource {
  format: FileFormat;
  /** Relative to the project folder; may be a glob (`extracts/his/visits_*.csv`). */
  path: string;
  /** Text formats: utf-8 (a BOM is skipped), gb18030 or gbk. */
  encoding?: 'utf-8' | 'gb18030' | 'gbk';
  /** xlsx: a sheet name, or "*" for every sheet. */
  sheet?: string;
  /** xlsx: the row holding the headers (rows above it are titles). */
  headerRow?: number;
}

export interface DatabaseSource {
  format: DatabaseFormat;
  /** A URL, or env:NAME to read it from the environment (keeps passwords out of specs). */
  url: string;
  table?: string;
  query?: string;
}

export type SourceSpec = FileSource | DatabaseSource;

export const isDatabaseSource = (source: SourceSpec): source is DatabaseSource => source.format === 'postgres' || source.format === 'mysql';

export interface ColumnSpec {
  name: string;
  /** Header in the extract; defaults to `name`. */
  source?: string;
  type: ColumnType;
  required?: boolean;
  /** date/timestamp: strptime formats tried in order. */
  formats?: string[];
  /** Trim surrounding whitespace (default true). */
  trim?: boolean;
  /** A code dictionary from datasets/dictionaries.yaml that maps source values to standard codes. */
  codes?: string;
  /** What to do with a value the dictionary lacks (default reject). */
  unmapped?: 'reject' | 'keep';
  pii?: PiiTag;
  min?: number | string;
  max?: number | string;
  allowed?: (string | number)[];
  pattern?: string;
  check?: 'cn_id_number';
  /** `dataset.column`: the value must be a key of that dataset. */
  references?: string;
}

export type ComparisonOperator = '<' | '<=' | '=' | '>=' | '>' | '<>';

/** A rule between two columns of a row, checked when both are present. */
export interface RowRule {
  column: string;
  op: ComparisonOperator;
  other: string;
  /** What the rule means, shown with each rejected row. */
  message?: string;
}

export interface DatasetSpec {
  name: string;
  title?: { zh: string; en: string };
  description?: string;
  source: SourceSpec;
  columns: ColumnSpec[];
  key?: string[];
  rules?: RowRule[];
  /** Refuse the whole load when more than this share of rows is rejected (default 0.05). */
  rejectThreshold?: number;
  /** Append rows newer than the newest loaded watermark, replacing rows with the same key. */
  incremental?: { watermark: string };
}

export interface CodeDictionary {
  title?: string;
  map: Record<string, string>;
}

const identifier = { type: 'string', pattern: '^[a-z_][a-z0-9_]*$' } as const;

const datasetSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'source', 'columns'],
  properties: {
    name: identifier,
    title: { type: 'object', additionalProperties: false, required: ['zh', 'en'], properties: { zh: { type: 'string' }, en: { type: 'string' } } },
    description: { type: 'string' },
    source: {
      type: 'object',
      required: ['format'],
      properties: { format: { enum: ['csv', 'tsv', 'xlsx', 'parquet', 'json', 'ndjson', 'postgres', 'mysql'] } },
      // The format picks the branch, so a file source is never told it lacks a database URL (as
      // oneOf did, reporting every branch's complaints).
      if: { required: ['format'], properties: { format: { enum: ['postgres', 'mysql'] } } },
      then: {
        additionalProperties: false,
        required: ['url'],
        properties: {
          format: true,
          url: { type: 'string', minLength: 1 },
          table: { type: 'string', minLength: 1 },
          query: { type: 'string', minLength: 1 },
        },
      },
      else: {
        additionalProperties: false,
        required: ['path'],
        properties: {
          format: true,
          path: { type: 'string', minLength: 1 },
          encoding: { enum: ['utf-8', 'gb18030', 'gbk'] },
          sheet: { type: 'string', minLength: 1 },
          headerRow: { type: 'integer', minimum: 1 },
        },
      },
    },
    columns: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'type'],
        properties: {
          name: identifier,
          source: { type: 'string', minLength: 1 },
          type: { enum: ['string', 'integer', 'decimal', 'boolean', 'date', 'timestamp'] },
          required: { type: 'boolean' },
          formats: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
          trim: { type: 'boolean' },
          codes: identifier,
          unmapped: { enum: ['reject', 'keep'] },
          pii: { enum: ['name', 'id_number', 'phone', 'address', 'mrn'] },
          min: { type: ['number', 'string'] },
          max: { type: ['number', 'string'] },
          allowed: { type: 'array', minItems: 1, items: { type: ['string', 'number'] } },
          pattern: { type: 'string', minLength: 1 },
          check: { enum: ['cn_id_number'] },
          references: { type: 'string', pattern: '^[a-z_][a-z0-9_]*\\.[a-z_][a-z0-9_]*$' },
        },
      },
    },
    key: { type: 'array', minItems: 1, items: identifier },
    rules: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['column', 'op', 'other'],
        properties: { column: identifier, op: { enum: ['<', '<=', '=', '>=', '>', '<>'] }, other: identifier, message: { type: 'string' } },
      },
    },
    rejectThreshold: { type: 'number', minimum: 0, maximum: 1 },
    incremental: { type: 'object', additionalProperties: false, required: ['watermark'], properties: { watermark: identifier } },
  },
} as const;

const dictionariesSchema = {
  type: 'object',
  additionalProperties: {
    type: 'object',
    additionalProperties: false,
    required: ['map'],
    properties: {
      title: { type: 'string' },
      map: { type: 'object', minProperties: 1, additionalProperties: { type: ['string', 'number'] } },
    },
  },
} as const;

// verbose: errors carry their schema, whose field names feed "did you mean".
const ajv = new Ajv({ allErrors: true, allowUnionTypes: true, verbose: true });
const validateDataset = ajv.compile(datasetSchema);
const validateDictionaries = ajv.compile(dictionariesSchema);

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
function parseChecked<T>(file: string, text: string, validate: typeof validateDataset | typeof validateDictionaries): { value: T; at: (path: (string | number)[]) => { line: number; column: number } } {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false });
  if (document.errors.length > 0) {
    throw new SpecError(document.errors.map((error) => {
      const position = lineCounter.linePos(error.pos[0]);
      return { file, line: position.line, column: position.col, message: `YAML syntax: ${error.message.split('\n')[0]}` };
    }));
  }
  const at = (path: (string | number)[]) => positionOf(document, lineCounter, path);
  const value = document.toJS() as T;
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

export interface ParsedDataset {
  spec: DatasetSpec;
  file: string;
  /** Where a path in the spec is, for errors found after parsing (unknown columns, dictionaries). */
  at: (path: (string | number)[]) => { line: number; column: number };
}

export function parseDatasetSpec(file: string, text: string): ParsedDataset {
  const { value, at } = parseChecked<DatasetSpec>(file, text, validateDataset);
  const problems: SpecProblem[] = [];
  const names = value.columns.map((c) => c.name);
  const problem = (path: (string | number)[], message: string) => problems.push({ file, ...at(path), message });
  value.columns.forEach((column, i) => {
    if (names.indexOf(column.name) !== i) problem(['columns', i, 'name'], `column "${column.name}" is declared twice`);
    if (column.formats && column.type !== 'date' && column.type !== 'timestamp') problem(['columns', i, 'formats'], `formats only apply to date and timestamp columns, "${column.name}" is ${column.type}`);
    if (column.pattern) {
      try {
        new RegExp(column.pattern);
      } catch (error) {
        problem(['columns', i, 'pattern'], `pattern is not a valid regular expression: ${(error as Error).message}`);
      }
    }
  });
  const known = (name: string, path: (string | number)[]) => {
    if (!names.includes(name)) problem(path, `no column "${name}"${suggestion(name, names)}`);
  };
  value.key?.forEach((name, i) => known(name, ['key', i]));
  value.rules?.forEach((rule, i) => {
    known(rule.column, ['rules', i, 'column']);
    known(rule.other, ['rules', i, 'other']);
  });
  if (value.incremental) {
    known(value.incremental.watermark, ['incremental', 'watermark']);
    if (!value.key) problem(['incremental'], 'incremental loads need a key to replace updated rows; add key: [...]');
  }
  for (const option of ['sheet', 'headerRow'] as const) {
    if (value.source.format !== 'xlsx' && option in value.source) {
      problem(['source', option], `${option} only applies to xlsx sources, this one is ${value.source.format}; remove it or set format: xlsx`);
    }
  }
  if (isDatabaseSource(value.source) && Boolean(value.source.table) === Boolean(value.source.query)) {
    problem(['source'], `a ${value.source.format} source reads either a table or a query; give exactly one of table: or query:`);
  }
  if (problems.length > 0) throw new SpecError(problems);
  return { spec: value, file, at };
}

export function parseDictionaries(file: string, text: string): Record<string, CodeDictionary> {
  const { value } = parseChecked<Record<string, { title?: string; map: Record<string, string | number> }>>(file, text, validateDictionaries);
  return Object.fromEntries(
    Object.entries(value ?? {}).map(([name, d]) => [name, { ...(d.title ? { title: d.title } : {}), map: Object.fromEntries(Object.entries(d.map).map(([k, v]) => [k, String(v)])) }]),
  );
}
