// Dataset specs (datasets/*.yaml): one per departmental extract, written once by the hospital's
// data stewards. Parsed with positions, checked against a JSON schema, and every problem is
// reported as file:line:column with what to do.
import { Ajv } from 'ajv';
import { readYamlSpec, SpecError, suggestion, type SpecProblem } from './yaml-spec.ts';

export { SpecError, suggestion, type SpecProblem } from './yaml-spec.ts';

export type ColumnType = 'string' | 'integer' | 'decimal' | 'boolean' | 'date' | 'timestamp';
/** Identifiers (name, ID number, phone, medical record number) and quasi-identifiers (address, birth date), masked or generalised for users without the unmask grant. */
export type PiiTag = 'name' | 'id_number' | 'phone' | 'address' | 'mrn' | 'birth_date';
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
  /**
   * Hold a full load for confirmation when its clean rows are fewer than the loaded table's by more
   * than this share (default 0.5: half the rows gone); 1 never holds. An extract cut short (an
   * upload stopped at 30 %) must not replace a whole dataset unasked.
   */
  holdRowDrop?: number;
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
          pii: { enum: ['name', 'id_number', 'phone', 'address', 'mrn', 'birth_date'] },
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
    holdRowDrop: { type: 'number', exclusiveMinimum: 0, maximum: 1 },
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

export interface ParsedDataset {
  spec: DatasetSpec;
  file: string;
  /** Where a path in the spec is, for errors found after parsing (unknown columns, dictionaries). */
  at: (path: (string | number)[]) => { line: number; column: number };
}

export function parseDatasetSpec(file: string, text: string): ParsedDataset {
  const { value, at } = readYamlSpec<DatasetSpec>(file, text, validateDataset);
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
  const { value } = readYamlSpec<Record<string, { title?: string; map: Record<string, string | number> }>>(file, text, validateDictionaries);
  return Object.fromEntries(
    Object.entries(value ?? {}).map(([name, d]) => [name, { ...(d.title ? { title: d.title } : {}), map: Object.fromEntries(Object.entries(d.map).map(([k, v]) => [k, String(v)])) }]),
  );
}
