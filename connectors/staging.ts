// The contract between source readers and the load pipeline. A reader copies one source, as it
// is, into a staging table; standardization and validation happen afterwards, in SQL.
import type { DuckDBConnection } from '@duckdb/node-api';

/**
 * A staging table is a TEMP table (kept in memory, spilled to the temp folder, never written to
 * the warehouse file, gone if the process dies). Columns of every staging table: `_file` (the file, or "table x"/"query" for databases),
 * `_sheet` (xlsx only, else NULL), `_row` (data record number from 1 in its file; for xlsx the
 * row number Excel shows), then one column per source column, named by its header. Text sources
 * stage VARCHAR columns; typed sources (Parquet, databases) may stage their own types.
 */
export const stagingMetaColumns = ['_file', '_sheet', '_row'] as const;

export interface StageContext {
  db: DuckDBConnection;
  /** Folder that relative paths in specs resolve against. */
  projectDir: string;
  /** Called as rows arrive, with the total so far. */
  onProgress?: (rowsRead: number) => void;
}

export interface StagedSource {
  files: { path: string; rows: number }[];
  rowsRead: number;
  /** Source columns in source order. */
  headers: string[];
}

/** A source that cannot be read: says which, what is wrong and what to do. */
export class SourceError extends Error {
  constructor(
    readonly source: string,
    readonly problem: string,
    readonly hint: string,
  ) {
    super(`${source}: ${problem}. ${hint}`);
  }
}

export { quoteIdentifier } from './sql-text.ts';
