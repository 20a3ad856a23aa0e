// Straight SQL on a metadata file, for the store's tests: what is really stored, read with the
// store closed (DuckDB shows one instance's writes to another only once they are on disk).
import { DuckDBInstance } from '@duckdb/node-api';

export type FileConnection = Awaited<ReturnType<DuckDBInstance['connect']>>;

/** Runs `run` on a connection of its own to `file`, closed afterwards. */
export async function onFile<T>(file: string, run: (db: FileConnection) => Promise<T>): Promise<T> {
  const instance = await DuckDBInstance.create(file);
  const db = await instance.connect();
  try {
    return await run(db);
  } finally {
    db.closeSync();
    instance.closeSync();
  }
}

/** The rows `text` selects from `file`, as plain objects. */
export const sqlOnFile = (file: string, text: string) => onFile(file, async (db) => (await db.runAndReadAll(text)).getRowObjectsJS());
