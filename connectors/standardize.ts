// Standardization and validation as one SQL pass over the staging table: every spec column is
// trimmed, mapped through its code dictionary, parsed to its type and checked, and every row
// carries the list of reasons it breaks (empty for a clean row). Key uniqueness and references
// to other datasets need other rows, so they are a second pass.
import type { CodeDictionary, ColumnSpec, ColumnType, DatasetSpec, RowRule } from './dataset-spec.ts';
import { quoteIdentifier as q, sqlList, sqlLiteral } from './sql-text.ts';

export type RejectRule =
  | 'required' | 'unmapped_code' | 'invalid_integer' | 'invalid_decimal' | 'invalid_boolean' | 'invalid_date' | 'invalid_timestamp'
  | 'out_of_range' | 'not_allowed' | 'pattern_mismatch' | 'invalid_id_number' | 'rule_violation' | 'duplicate_key' | 'unknown_reference';

const defaultFormats: Record<'date' | 'timestamp', string[]> = {
  date: ['%Y-%m-%d', '%Y/%m/%d', '%Y%m%d', '%Y-%m-%d %H:%M:%S'],
  timestamp: ['%Y-%m-%d %H:%M:%S', '%Y-%m-%d %H:%M', '%Y/%m/%d %H:%M:%S', '%Y/%m/%d %H:%M', '%Y-%m-%dT%H:%M:%S', '%Y-%m-%d'],
};

const sqlType: Record<ColumnType, string> = {
  string: 'VARCHAR', integer: 'BIGINT', decimal: 'DECIMAL(18, 4)', boolean: 'BOOLEAN', date: 'DATE', timestamp: 'TIMESTAMP',
};

export const warehouseType = (type: ColumnType) => sqlType[type];

/** Staged column types by header: text sources stage VARCHAR, Parquet and databases their own. */
export type StagedTypes = Map<string, string>;

const reason = (rule: RejectRule, column: string | null, value: string, message: string) =>
  `{'rule': ${sqlLiteral(rule)}, 'column': ${sqlLiteral(column)}, 'value': ${value}::VARCHAR, 'message': ${message}}`;

const noReasons = `[]::STRUCT("rule" VARCHAR, "column" VARCHAR, "value" VARCHAR, message VARCHAR)[]`;

/** A row check: when `condition` holds, `reason` says why the row is rejected. */
interface Check {
  condition: string;
  reason: string;
}

/**
 * The reasons list of a row. Most rows are clean, so the list is only built when some check
 * fails: evaluating one boolean OR per row is far cheaper than a list per row.
 */
function reasonsList(checks: Check[]): string {
  if (checks.length === 0) return noReasons;
  const any = checks.map((c) => `(${c.condition})`).join(' OR ');
  const each = checks.map((c) => `CASE WHEN ${c.condition} THEN ${c.reason} END`).join(',\n ');
  return `CASE WHEN coalesce(${any}, false) THEN list_filter([${each}], lambda r: r IS NOT NULL) ELSE ${noReasons} END`;
}

function typed(column: ColumnSpec, value: string, stagedType: string): string {
  // DuckDB casts 4.5 to the integer 5; an integer column must not round a fractional value away.
  if (stagedType !== 'VARCHAR') {
    if (column.type === 'integer') return `CASE WHEN TRY_CAST(${value} AS DOUBLE) = trunc(TRY_CAST(${value} AS DOUBLE)) THEN TRY_CAST(${value} AS BIGINT) END`;
    return `TRY_CAST(${value} AS ${sqlType[column.type]})`;
  }
  switch (column.type) {
    case 'string':
      return value;
    case 'integer':
      return `CASE WHEN regexp_full_match(${value}, '[+-]?[0-9]+(\\.0*)?') THEN TRY_CAST(${value} AS BIGINT) END`;
    case 'decimal':
      return `TRY_CAST(${value} AS DECIMAL(18, 4))`;
    case 'boolean':
      return `CASE WHEN lower(${value}) IN ('true', 't', '1', 'yes', 'y', '是') THEN TRUE WHEN lower(${value}) IN ('false', 'f', '0', 'no', 'n', '否') THEN FALSE END`;
    case 'date':
      return `TRY_STRPTIME(${value}, ${sqlList(column.formats ?? defaultFormats.date)})::DATE`;
    case 'timestamp':
      return `TRY_STRPTIME(${value}, ${sqlList(column.formats ?? defaultFormats.timestamp)})`;
  }
}

function bound(column: ColumnSpec, limit: number | string): string {
  const type = sqlType[column.type];
  return typeof limit === 'number' ? `${sqlLiteral(limit)}::${type}` : `CAST(${sqlLiteral(limit)} AS ${type})`;
}

const compare: Record<RowRule['op'], string> = { '<': '<', '<=': '<=', '=': '=', '>=': '>=', '>': '>', '<>': '<>' };

/**
 * SELECT producing `_file, _sheet, _row, <typed spec columns>, _reasons` from the staging table.
 * Source text (`_raw_<name>`) is kept for rejected rows' download.
 */
export function standardizeSelect(spec: DatasetSpec, dictionaries: Record<string, CodeDictionary>, staging: string, stagedTypes: StagedTypes): string {
  const cleaned: string[] = [];
  const typedColumns: string[] = [];
  const checks: Check[] = [];
  for (const column of spec.columns) {
    const header = column.source ?? column.name;
    const stagedType = stagedTypes.get(header) ?? 'VARCHAR';
    const raw = q(header);
    const text = stagedType === 'VARCHAR'
      ? (column.trim ?? true) ? `nullif(trim(${raw}), '')` : `nullif(${raw}, '')`
      : raw;
    const mappedName = q(`_mapped_${column.name}`);
    const dictionary = column.codes ? dictionaries[column.codes] : undefined;
    const mapped = dictionary
      ? `coalesce(MAP {${Object.entries(dictionary.map).map(([from, to]) => `${sqlLiteral(from)}: ${sqlLiteral(to)}`).join(', ')}}[${text}::VARCHAR]${column.unmapped === 'keep' ? `, ${text}::VARCHAR` : ''})`
      : text;
    cleaned.push(`${text}::VARCHAR AS ${q(`_raw_${column.name}`)}`, `${mapped} AS ${mappedName}`);
    const value = q(column.name);
    typedColumns.push(`${typed(column, mappedName, dictionary ? 'VARCHAR' : stagedType)} AS ${value}`);

    const rawValue = q(`_raw_${column.name}`);
    const label = `${column.name}${column.source && column.source !== column.name ? ` (${column.source})` : ''}`;
    if (column.required || spec.key?.includes(column.name) || spec.incremental?.watermark === column.name) {
      checks.push({ condition: `${rawValue} IS NULL`, reason: reason('required', column.name, 'NULL', sqlLiteral(`${label} is empty but required`)) });
    }
    if (dictionary && column.unmapped !== 'keep') {
      checks.push({ condition: `${rawValue} IS NOT NULL AND ${mappedName} IS NULL`, reason: reason('unmapped_code', column.name, rawValue,
        `${sqlLiteral(`${label}: `)} || ${rawValue} || ${sqlLiteral(` is not in the code dictionary "${column.codes}"; add it to datasets/dictionaries.yaml or fix the extract`)}`) });
    }
    if (column.type !== 'string') {
      const what = column.type === 'date' || column.type === 'timestamp'
        ? `a valid ${column.type} (formats tried: ${(column.formats ?? defaultFormats[column.type]).join(' | ')})`
        : `a valid ${column.type}`;
      checks.push({ condition: `${mappedName} IS NOT NULL AND ${value} IS NULL`, reason: reason(`invalid_${column.type}` as RejectRule, column.name, rawValue,
        `${sqlLiteral(`${label}: `)} || ${rawValue} || ${sqlLiteral(` is not ${what}`)}`) });
    }
    if (column.min !== undefined) {
      checks.push({ condition: `${value} < ${bound(column, column.min)}`, reason: reason('out_of_range', column.name, rawValue,
        `${sqlLiteral(`${label}: `)} || ${rawValue} || ${sqlLiteral(` is below the minimum ${column.min}`)}`) });
    }
    if (column.max !== undefined) {
      checks.push({ condition: `${value} > ${bound(column, column.max)}`, reason: reason('out_of_range', column.name, rawValue,
        `${sqlLiteral(`${label}: `)} || ${rawValue} || ${sqlLiteral(` is above the maximum ${column.max}`)}`) });
    }
    if (column.allowed) {
      checks.push({ condition: `${value} IS NOT NULL AND ${value} NOT IN (${column.allowed.map((a) => bound(column, a)).join(', ')})`, reason: reason('not_allowed', column.name, rawValue,
        `${sqlLiteral(`${label}: `)} || ${rawValue} || ${sqlLiteral(` is not one of ${column.allowed.join(', ')}`)}`) });
    }
    if (column.pattern) {
      checks.push({ condition: `${value} IS NOT NULL AND NOT regexp_full_match(${value}::VARCHAR, ${sqlLiteral(column.pattern)})`, reason: reason('pattern_mismatch', column.name, rawValue,
        `${sqlLiteral(`${label}: `)} || ${rawValue} || ${sqlLiteral(` does not match ${column.pattern}`)}`) });
    }
    if (column.check === 'cn_id_number') {
      checks.push({ condition: `${value} IS NOT NULL AND NOT hbi_valid_cn_id(${value}::VARCHAR)`, reason: reason('invalid_id_number', column.name, rawValue,
        `${sqlLiteral(`${label}: `)} || ${rawValue} || ${sqlLiteral(' is not a valid 18-digit resident ID number (GB 11643 check digit)')}`) });
    }
  }
  for (const rule of spec.rules ?? []) {
    const [a, b] = [q(rule.column), q(rule.other)];
    const [rawA, rawB] = [q(`_raw_${rule.column}`), q(`_raw_${rule.other}`)];
    const message = `${sqlLiteral(`${rule.message ?? `${rule.column} must be ${rule.op} ${rule.other}`} (${rule.column} ${rule.op} ${rule.other}): ${rule.column} `)} || ${rawA} || ${sqlLiteral(`, ${rule.other} `)} || ${rawB}`;
    checks.push({ condition: `${a} IS NOT NULL AND ${b} IS NOT NULL AND NOT (${a} ${compare[rule.op]} ${b})`, reason: reason('rule_violation', rule.column, rawA, message) });
  }
  return `
    WITH cleaned AS (SELECT _file, _sheet, _row, ${cleaned.join(', ')} FROM ${staging}),
    typed AS (SELECT *, ${typedColumns.join(', ')} FROM cleaned)
    SELECT * EXCLUDE (${spec.columns.map((c) => q(`_mapped_${c.name}`)).join(', ')}), ${reasonsList(checks)} AS _reasons
    FROM typed`;
}

/** Check-digit validation of 18-digit resident ID numbers (GB 11643-1999, ISO 7064 MOD 11-2). */
export const idNumberMacro = `
CREATE OR REPLACE MACRO hbi_valid_cn_id(s) AS
  regexp_full_match(s, '[0-9]{17}[0-9Xx]')
  AND upper(s[18]) = '10X98765432'[1 + (list_sum(list_transform(range(1, 18),
      lambda i: (s[i]::INT) * [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2][i])) % 11)::INT]`;

/** Second pass: duplicate keys (later rows lose) and values missing from referenced datasets. */
export function crossRowSelect(spec: DatasetSpec, checked: string, referenceTables: Map<string, string>): string {
  const joins: string[] = [];
  const extra: Check[] = [];
  if (spec.key) {
    extra.push({
      condition: `c._key_rank > 1 AND ${spec.key.map((k) => `c.${q(k)} IS NOT NULL`).join(' AND ')}`,
      reason: reason('duplicate_key', spec.key.join(', '), spec.key.map((k) => `c.${q(k)}::VARCHAR`).join(` || ', ' || `),
        sqlLiteral(`duplicate key ${spec.key.join(', ')}: an earlier row has the same value; the first one is kept`)),
    });
  }
  spec.columns.forEach((column, i) => {
    if (!column.references) return;
    const [dataset, target] = column.references.split('.') as [string, string];
    const table = referenceTables.get(dataset);
    const alias = `ref${i}`;
    if (table) {
      joins.push(`LEFT JOIN (SELECT DISTINCT ${q(target)} AS v FROM ${table}) ${alias} ON ${alias}.v = c.${q(column.name)}`);
      extra.push({
        condition: `c.${q(column.name)} IS NOT NULL AND ${alias}.v IS NULL`,
        reason: reason('unknown_reference', column.name, `c.${q(`_raw_${column.name}`)}`,
          `${sqlLiteral(`${column.name}: `)} || c.${q(`_raw_${column.name}`)} || ${sqlLiteral(` is not a ${target} of ${dataset}; load ${dataset} first or fix the extract`)}`),
      });
    } else {
      extra.push({
        condition: `c.${q(column.name)} IS NOT NULL`,
        reason: reason('unknown_reference', column.name, `c.${q(`_raw_${column.name}`)}`, sqlLiteral(`${dataset} has never been loaded, so ${column.name} cannot be checked; load ${dataset} first`)),
      });
    }
  });
  if (extra.length === 0) return `SELECT * FROM ${checked}`;
  const ranked = spec.key
    ? `(SELECT *, row_number() OVER (PARTITION BY ${spec.key.map(q).join(', ')} ORDER BY _file, _sheet, _row) AS _key_rank FROM ${checked})`
    : checked;
  return `
    SELECT c.* EXCLUDE (${spec.key ? '_key_rank, ' : ''}_reasons), list_concat(c._reasons, ${reasonsList(extra)}) AS _reasons
    FROM ${ranked} c ${joins.join(' ')}`;
}
