// What the PostgreSQL and MySQL sources share: naming a source without its password, checking the
// spec's table/query, and copying result rows (already text) into a DuckDB staging table.
import type { DuckDBAppender, DuckDBConnection } from '@duckdb/node-api';
import { quoteIdentifier, SourceError, stagingMetaColumns } from '../staging.ts';

/** A database table or query to stage. Exactly one of `table` and `query`. */
export interface DatabaseSource {
  /** Connection URL, already resolved (may hold a password; it never appears in messages). */
  url: string;
  /** `table` or `schema.table`, matched exactly as written (quoted, so case-sensitive). */
  table?: string;
  /** One read-only statement, run as written. */
  query?: string;
}

/** Rows are read and appended this many at a time; progress is reported after each batch. */
export const databaseBatchRows = 10_000;

/** What a source reads, resolved from the spec, and how messages name it. */
export interface DatabaseTarget {
  /** `postgres://user@host:5432/db table public.visits`: no password, no URL parameters. */
  description: string;
  /** The staging table's `_file` value: `table public.visits` or `query`. */
  fileLabel: string;
  /** `[schema, table]` or `[table]` when reading a table. */
  tableParts?: string[];
  query?: string;
  url: URL;
}

export interface DatabaseKind {
  /** "PostgreSQL" or "MySQL", for messages. */
  name: string;
  protocols: string[];
  defaultPort: number;
  exampleUrl: string;
}

export function resolveDatabaseTarget(kind: DatabaseKind, source: DatabaseSource): DatabaseTarget {
  const url = parseUrl(kind, source.url);
  const server = describeServer(url, kind);
  const hasTable = typeof source.table === 'string' && source.table.trim() !== '';
  const hasQuery = typeof source.query === 'string' && source.query.trim() !== '';
  if (hasTable === hasQuery) {
    throw new SourceError(
      server,
      hasTable ? 'the spec gives both a table and a query' : 'the spec gives neither a table nor a query',
      'Give exactly one: `table: schema.table` to copy a whole table, or `query:` for a SELECT.',
    );
  }
  if (hasQuery) return { description: `${server} query`, fileLabel: 'query', query: source.query, url };
  const table = source.table!;
  const tableParts = table.split('.');
  if (tableParts.length > 2 || tableParts.some((part) => part === '')) {
    throw new SourceError(
      `${server} table ${table}`,
      'the table name is not `table` or `schema.table`',
      'Write the table as `table` or `schema.table`, exactly as the database names it (names containing a dot are not supported; use a query).',
    );
  }
  return { description: `${server} table ${table}`, fileLabel: `table ${table}`, tableParts, url };
}

function parseUrl(kind: DatabaseKind, text: string): URL {
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  if (!url || !kind.protocols.includes(url.protocol)) {
    // The text may hold a password, so the message names only its scheme.
    const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(text)?.[1];
    throw new SourceError(
      `${kind.name} source${scheme ? ` (${scheme}: url)` : ''}`,
      `the url is not a ${kind.name} connection URL`,
      `Write it as ${kind.exampleUrl}; percent-encode special characters in the user name and password.`,
    );
  }
  return url;
}

/** `postgres://user@host:5432/db`, never with the password. */
export function describeServer(url: URL, kind: DatabaseKind): string {
  const user = url.username ? `${decodeURIComponent(url.username)}@` : '';
  return `${url.protocol}//${user}${url.hostname}:${url.port || kind.defaultPort}${url.pathname}`;
}

/** Removes the URL's password from a driver or server message, in case one ever echoes it. */
export function withoutPassword(message: string, url: URL): string {
  const password = url.password ? decodeURIComponent(url.password) : '';
  return password.length >= 3 ? message.replaceAll(password, '***') : message;
}

/** Problems every networked database shares: the host is unknown, refuses or does not answer. */
export function networkProblem(
  error: unknown,
  kind: DatabaseKind,
  url: URL,
  phase: 'connect' | 'read',
  timeoutSeconds: number,
): { problem: string; hint: string } | undefined {
  const code = errorCode(error);
  const where = `${url.hostname}:${url.port || kind.defaultPort}`;
  const check = 'Check the host and port in the url and that the server is running; a firewall may block the port.';
  switch (code) {
    case 'ECONNREFUSED':
      return { problem: `cannot reach the ${kind.name} server at ${where} (connection refused)`, hint: check };
    case 'ETIMEDOUT':
    case 'CONNECTION_TIMEOUT':
      if (phase === 'read') {
        return {
          problem: `the connection to the ${kind.name} server at ${where} timed out while reading`,
          hint: 'The network or the server may be overloaded; try again, and check the server log.',
        };
      }
      return { problem: `the ${kind.name} server at ${where} did not answer within ${timeoutSeconds} s`, hint: check };
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return {
        problem: `the host ${url.hostname} is not known (DNS lookup failed)`,
        hint: 'Check the host name in the url, or use the server\'s IP address.',
      };
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return { problem: `the network has no route to the ${kind.name} server at ${where}`, hint: check };
    case 'ECONNRESET':
    case 'EPIPE':
      return {
        problem: `the ${kind.name} server at ${where} closed the connection`,
        hint: 'The server may be restarting, or reject this client (TLS settings, connection limits); check its log.',
      };
    default:
      return undefined;
  }
}

/** The error's code, looking inside an AggregateError (Node tries every address of a host). */
export function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  const inner = (error as { errors?: unknown }).errors;
  return Array.isArray(inner) ? errorCode(inner[0]) : undefined;
}

export function errorMessage(error: unknown): string {
  // Node's AggregateError for a refused multi-address host has an empty message of its own.
  if (error instanceof AggregateError && !error.message) return error.errors.map(errorMessage).join('; ');
  return error instanceof Error ? error.message : String(error);
}

/** DuckDB failed while staging: the warehouse's problem, not the source's, so passed on as is. */
export class StagingWriteError extends Error {
  constructor(table: string, cause: unknown) {
    super(`cannot write staging table ${table} in DuckDB: ${errorMessage(cause)}`, { cause });
  }
}

/**
 * The staging table and its appender. All source columns are VARCHAR holding the database's
 * text; `_row` numbers rows in the order they arrive. A failed load drops the table, so the
 * warehouse is left as it was.
 */
export class StagingTableWriter {
  private rows = 0;
  private closed = false;

  private constructor(
    private readonly db: DuckDBConnection,
    private readonly table: string,
    private readonly appender: DuckDBAppender,
    private readonly fileLabel: string,
  ) {}

  static async create(
    db: DuckDBConnection,
    table: string,
    headers: string[],
    fileLabel: string,
    description: string,
  ): Promise<StagingTableWriter> {
    checkHeaders(headers, description);
    const columns = [
      `${quoteIdentifier('_file')} VARCHAR`,
      `${quoteIdentifier('_sheet')} VARCHAR`,
      `${quoteIdentifier('_row')} BIGINT`,
      ...headers.map((header) => `${quoteIdentifier(header)} VARCHAR`),
    ];
    try {
      await db.run(`CREATE TEMP TABLE ${quoteIdentifier(table)} (${columns.join(', ')})`);
    } catch (error) {
      throw new StagingWriteError(table, error);
    }
    try {
      return new StagingTableWriter(db, table, await db.createAppender(table, 'main', 'temp'), fileLabel);
    } catch (error) {
      await db.run(`DROP TABLE IF EXISTS ${quoteIdentifier(table)}`);
      throw new StagingWriteError(table, error);
    }
  }

  get rowCount(): number {
    return this.rows;
  }

  /** One result row, every value already the database's text (or null). */
  appendRow(values: readonly (string | null)[]): void {
    const appender = this.appender;
    try {
      appender.appendVarchar(this.fileLabel);
      appender.appendNull();
      appender.appendBigInt(BigInt(this.rows + 1));
      for (const value of values) {
        if (value === null) appender.appendNull();
        else appender.appendVarchar(value);
      }
      appender.endRow();
    } catch (error) {
      throw new StagingWriteError(this.table, error);
    }
    this.rows++;
  }

  /** Ends a batch: rows reach the table, and the caller hears how many have so far. */
  endBatch(onProgress?: (rowsRead: number) => void): void {
    try {
      this.appender.flushSync();
    } catch (error) {
      throw new StagingWriteError(this.table, error);
    }
    onProgress?.(this.rows);
  }

  finish(): void {
    this.closed = true;
    try {
      this.appender.closeSync();
    } catch (error) {
      throw new StagingWriteError(this.table, error);
    }
  }

  /** After a failure: discards pending rows and drops the half-written table. */
  async abandon(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      try {
        this.appender.clear();
        this.appender.closeSync();
      } catch {
        // The appender may already be unusable; the table is dropped either way.
      }
    }
    await this.db.run(`DROP TABLE IF EXISTS ${quoteIdentifier(this.table)}`);
  }
}

/** DuckDB compares column names case-insensitively; a result must name each column once. */
function checkHeaders(headers: string[], description: string): void {
  if (headers.length === 0) {
    throw new SourceError(description, 'the result has no columns', 'A source must return at least one column; use a SELECT.');
  }
  const seen = new Map<string, string>(stagingMetaColumns.map((name) => [name, name]));
  headers.forEach((header, index) => {
    if (header === '') {
      throw new SourceError(
        description,
        `result column ${index + 1} has no name`,
        'Give every computed column a name with AS in the query.',
      );
    }
    const earlier = seen.get(header.toLowerCase());
    if (earlier !== undefined) {
      throw new SourceError(
        description,
        (stagingMetaColumns as readonly string[]).includes(earlier)
          ? `the result has a column named ${header}, a name HBI reserves for the staging table`
          : `the result has two columns named ${earlier === header ? header : `${earlier} and ${header}`} (names are compared ignoring case)`,
        'Give the columns distinct names with AS in a query.',
      );
    }
    seen.set(header.toLowerCase(), header);
  });
}
