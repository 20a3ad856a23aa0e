// Stages a PostgreSQL table or query: rows come through a server-side cursor 10,000 at a time,
// every value in PostgreSQL's own text form, and go into DuckDB through its appender.
import pg from 'pg';
import Cursor from 'pg-cursor';
import { SourceError, type StageContext, type StagedSource } from '../staging.ts';
import {
  databaseBatchRows,
  errorCode,
  errorMessage,
  networkProblem,
  resolveDatabaseTarget,
  StagingTableWriter,
  StagingWriteError,
  withoutPassword,
  type DatabaseKind,
  type DatabaseSource,
  type DatabaseTarget,
} from './database-staging.ts';

export type { DatabaseSource } from './database-staging.ts';

const postgres: DatabaseKind = {
  name: 'PostgreSQL',
  protocols: ['postgres:', 'postgresql:'],
  defaultPort: 5432,
  exampleUrl: 'postgres://user:password@host:5432/database',
};

/** Every type parser returns the text the server sent; the pipeline parses types later. */
const serverText = {
  getTypeParser: () => (text: string) => text,
} as unknown as pg.CustomTypesConfig;

type TextRow = (string | null)[];

export async function stagePostgres(
  ctx: StageContext,
  source: DatabaseSource,
  stagingTable: string,
): Promise<StagedSource> {
  const target = resolveDatabaseTarget(postgres, source);
  const timeoutSeconds = connectTimeoutSeconds(target.url);
  const client = new pg.Client({
    connectionString: source.url,
    connectionTimeoutMillis: timeoutSeconds * 1000,
    application_name: 'hbi',
    types: serverText,
  });
  // A connection lost between queries is reported here; without a listener it would crash the
  // process. The pending query fails too, and that failure is the one explained.
  client.on('error', () => {});
  let phase: 'connect' | 'read' = 'connect';
  let writer: StagingTableWriter | undefined;
  try {
    await client.connect();
    phase = 'read';
    // Read-only: a source never changes the hospital's database. ISO dates whatever the
    // server's DateStyle, so the pipeline parses one format.
    await client.query('BEGIN READ ONLY');
    await client.query("SET LOCAL DateStyle = 'ISO, YMD'");
    const sql = target.query ?? `SELECT * FROM ${target.tableParts!.map(quotePostgresIdentifier).join('.')}`;
    const cursor = client.query(new Cursor<TextRow>(sql, undefined, { rowMode: 'array', types: serverText }));

    let batch = await readBatch(cursor);
    const headers = batch.fields.map((field) => field.name);
    writer = await StagingTableWriter.create(ctx.db, stagingTable, headers, target.fileLabel, target.description);
    for (;;) {
      // Ask for the next batch before appending this one, so the server works while DuckDB does.
      const next = batch.rows.length === databaseBatchRows ? readBatch(cursor) : undefined;
      next?.catch(() => {}); // awaited below; this only keeps an early failure from going unhandled
      for (const row of batch.rows) writer.appendRow(row);
      if (batch.rows.length > 0) writer.endBatch(ctx.onProgress);
      if (!next) break;
      batch = await next;
    }
    writer.finish();
    await cursor.close();
    await client.query('COMMIT');
    const rows = writer.rowCount;
    return { files: [{ path: target.description, rows }], rowsRead: rows, headers };
  } catch (error) {
    await writer?.abandon();
    if (error instanceof SourceError || error instanceof StagingWriteError) throw error;
    throw await explainPostgresError(error, phase, target, client, timeoutSeconds);
  } finally {
    await client.end().catch(() => {});
  }
}

export const quotePostgresIdentifier = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** libpq's `connect_timeout` (seconds) in the url, else 5 s: an unreachable server fails fast. */
function connectTimeoutSeconds(url: URL): number {
  const given = Number(url.searchParams.get('connect_timeout'));
  return Number.isFinite(given) && given > 0 ? given : 5;
}

function readBatch(cursor: Cursor<TextRow>): Promise<{ rows: TextRow[]; fields: pg.FieldDef[] }> {
  return new Promise((resolve, reject) => {
    cursor.read(databaseBatchRows, (error, rows, result) => {
      if (error) reject(error);
      else resolve({ rows, fields: result?.fields ?? [] });
    });
  });
}

interface PostgresServerError {
  code?: string;
  message: string;
  position?: string;
  hint?: string;
}

async function explainPostgresError(
  error: unknown,
  phase: 'connect' | 'read',
  target: DatabaseTarget,
  client: pg.Client,
  timeoutSeconds: number,
): Promise<SourceError> {
  const fail = (problem: string, hint: string) =>
    new SourceError(target.description, withoutPassword(problem, target.url), hint);
  const serverError = error as PostgresServerError;
  const message = errorMessage(error);
  const code = errorCode(error);
  const user = decodeURIComponent(target.url.username) || '(default user)';
  const database = decodeURIComponent(target.url.pathname.slice(1)) || user;
  const serverHint = serverError.hint ? ` Server hint: ${serverError.hint}` : '';

  const network = networkProblem(
    phase === 'connect' && /timeout/i.test(message) ? { code: 'CONNECTION_TIMEOUT' } : error,
    postgres,
    target.url,
    phase,
    timeoutSeconds,
  );
  if (network) return fail(network.problem, network.hint);

  const checkLogin =
    'Check the user name and password in the url (percent-encode special characters), and that the role may log in from this host (pg_hba.conf).';
  switch (code) {
    case '28P01':
    case '28000':
      return fail(`authentication failed for user ${user}: ${message}`, checkLogin);
    case '3D000':
      return fail(`database ${database} does not exist`, 'Check the database name at the end of the url (it is case-sensitive).');
    case '53300':
      return fail(`the server refuses new connections: ${message}`, 'Try again later, or ask the database administrator to raise max_connections.');
    case '42501':
      return fail(`permission denied: ${message}`, `Ask the database administrator to grant SELECT on it to ${user}.`);
    case '25006':
      return fail(`the query tries to change data: ${message}`, 'A source query must only read (SELECT); HBI runs it in a read-only transaction.');
    case '57014':
      return fail(
        `the server cancelled the query: ${message}`,
        "The query may exceed the server's statement_timeout; read less, or ask for a longer timeout.",
      );
  }
  if (code === '42P01' && target.tableParts) {
    const suggestion = await similarTables(client, target.tableParts);
    return fail(
      `table ${target.tableParts.join('.')} does not exist`,
      (suggestion ? `Did you mean ${suggestion}? ` : '') +
        'Names are matched exactly as written in the spec (case-sensitive); write schema.table for a table outside the search path.',
    );
  }
  if (code?.startsWith('42') && target.query) {
    const where = serverError.position ? ` (${lineAndColumn(target.query, Number(serverError.position))})` : '';
    return fail(
      `${code === '42601' ? 'the query has a syntax error' : 'the query is not valid'}: ${message}${where}`,
      `Fix the query in the dataset spec; try it in psql first.${serverHint}`,
    );
  }
  if (phase === 'connect') {
    if (/password/i.test(message)) return fail(`authentication failed for user ${user}: ${message}`, checkLogin);
    return fail(`cannot connect: ${message}`, 'Check the url (host, port, database, TLS parameters) and the server log.');
  }
  return fail(`reading failed: ${message}`, `Check the spec's ${target.query ? 'query' : 'table'} and the server log.${serverHint}`);
}

/** Tables whose name differs only in case, or that live in another schema. */
async function similarTables(client: pg.Client, tableParts: string[]): Promise<string | undefined> {
  const [schema, table] = tableParts.length === 2 ? tableParts : [null, tableParts[0]];
  try {
    await client.query('ROLLBACK');
    const { rows } = await client.query<{ name: string }>(
      `SELECT table_schema || '.' || table_name AS name FROM information_schema.tables
        WHERE lower(table_name) = lower($1) AND ($2::text IS NULL OR lower(table_schema) = lower($2))
          AND table_schema NOT IN ('pg_catalog', 'information_schema')
        ORDER BY 1 LIMIT 5`,
      [table, schema],
    );
    return rows.length > 0 ? rows.map((row) => row.name).join(' or ') : undefined;
  } catch {
    return undefined;
  }
}

function lineAndColumn(text: string, position: number): string {
  const before = [...text].slice(0, Math.max(0, position - 1)).join('');
  const lines = before.split('\n');
  return `line ${lines.length}, column ${lines.at(-1)!.length + 1}`;
}
