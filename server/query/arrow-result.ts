// A result as an Arrow IPC stream, for clients that ask for `application/vnd.apache.arrow.stream`:
// numbers as Float64, days as Date32, times as millisecond timestamps, text as UTF-8. The
// versions the numbers come from travel in the schema's metadata, as they do in the JSON body.
import { Bool, Field, Float64, DateDay, Schema, Table, TimestampMillisecond, Utf8, vectorFromArray, type DataType, tableToIPC } from 'apache-arrow';
import type { ValueType } from '../../metrics/language/index.ts';

export const arrowMediaType = 'application/vnd.apache.arrow.stream';

type Cell = string | number | boolean | null;

const arrowType = (type: ValueType): DataType => {
  switch (type) {
    case 'number': return new Float64();
    case 'boolean': return new Bool();
    case 'date': return new DateDay();
    case 'timestamp': return new TimestampMillisecond();
    default: return new Utf8();
  }
};

/** Days and times arrive as 'YYYY-MM-DD' and 'YYYY-MM-DD HH:MM:SS' (UTC). */
const arrowValue = (type: ValueType, value: Cell): unknown => {
  if (value === null) return null;
  if (type === 'date' || type === 'timestamp') return new Date(`${String(value).replace(' ', 'T')}${String(value).length > 10 ? 'Z' : ''}`);
  if (type === 'number') return Number(value);
  if (type === 'string') return String(value);
  return value;
};

export function resultToArrow(
  columns: { name: string; type: ValueType }[], rows: Record<string, Cell>[], metadata: Record<string, string>,
): Uint8Array {
  const vectors = Object.fromEntries(columns.map((c) => [c.name, vectorFromArray(rows.map((r) => arrowValue(c.type, r[c.name] ?? null)), arrowType(c.type))]));
  const table = new Table(vectors);
  const schema = new Schema(columns.map((c) => new Field(c.name, arrowType(c.type), true)), new Map(Object.entries(metadata)));
  return tableToIPC(new Table(schema, table.batches), 'stream');
}
