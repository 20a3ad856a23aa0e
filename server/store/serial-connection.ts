// One DuckDB connection of the metadata store, used by one operation at a time, and the
// conversions every part of the store shares (times in UTC, JSON columns).
import { timestampValue, type DuckDBConnection, type DuckDBTimestampValue, type DuckDBType, type DuckDBValue } from '@duckdb/node-api';

export type Params = Record<string, DuckDBValue>;
export type Row = Record<string, unknown>;

/**
 * One connection, one operation at a time. Metadata operations are small, and running them in
 * turn means two requests never race on the same rows (DuckDB would abort one with a conflict).
 */
export class SerialConnection {
  private tail: Promise<unknown> = Promise.resolve();

  constructor(private readonly db: Db) {}

  run<T>(operation: (db: Db) => Promise<T>): Promise<T> {
    const result = this.tail.then(() => operation(this.db));
    this.tail = result.catch(() => undefined);
    return result;
  }

  transaction<T>(operation: (db: Db) => Promise<T>): Promise<T> {
    return this.run(async (db) => {
      await db.execute('BEGIN TRANSACTION');
      try {
        const result = await operation(db);
        await db.execute('COMMIT');
        return result;
      } catch (error) {
        await db.execute('ROLLBACK');
        throw error;
      }
    });
  }
}

export class Db {
  constructor(private readonly connection: DuckDBConnection) {}

  /** Returns the number of rows changed. */
  async execute(sql: string, params: Params = {}, types?: Record<string, DuckDBType>): Promise<number> {
    return (await this.connection.run(sql, params, types)).rowsChanged;
  }

  async rows(sql: string, params: Params = {}): Promise<Row[]> {
    return (await this.connection.runAndReadAll(sql, params)).getRowObjectsJS();
  }
}

const isoTime = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;

/** A zone is required: a time without one would be read in the server's zone, whatever the caller meant. */
export function timestampFromIso(iso: string, what: string): DuckDBTimestampValue {
  const ms = isoTime.test(iso) ? Date.parse(iso) : Number.NaN;
  if (Number.isNaN(ms)) throw new Error(`${what} "${iso}" is not an ISO 8601 date or time with a zone (e.g. 2025-03-01T08:00:00Z)`);
  return timestampValue(BigInt(ms) * 1000n);
}

export const timestampOf = (date: Date) => timestampValue(BigInt(date.getTime()) * 1000n);
export const iso = (value: unknown) => (value as Date).toISOString();
export const json = (value: unknown) => JSON.parse(value as string) as unknown;
