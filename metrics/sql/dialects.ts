// The registry of dialects the compiler can print for.
import type { Dialect } from './dialect.ts';
import { DuckDbDialect } from './duckdb-dialect.ts';
import { PostgresDialect } from './postgres-dialect.ts';

export const dialects: Record<string, Dialect> = {
  duckdb: new DuckDbDialect(),
  postgres: new PostgresDialect(),
};
