// Stages a MySQL/MariaDB table or query: rows stream from the server with backpressure, every value
// in the text MySQL sends for it, and go into DuckDB through its appender 10,000 at a time.
import mysql from 'mysql2';
import type { Readable } from 'node:stream';
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

const mysqlKind: DatabaseKind = {
  name: 'MySQL',
  protocols: ['mysql:', 'mariadb:'],
  defaultPort: 3306,
  exampleUrl: 'mysql://user:password@host:3306/database',
};

// Column types and the binary character set, from the MySQL protocol (mysql2's constants).
const BIT = 16;
const GEOMETRY = 255;
const VECTOR = 242;
const byteStringTypes = new Set([15, 249, 250, 251, 252, 253, 254]); // VARCHAR, *BLOB, VAR_STRING, STRING
const BINARY_CHARSET = 63;

type Decode = (bytes: Buffer) => string;

export async function stageMysql(ctx: StageContext, source: DatabaseSource, stagingTable: string): Promise<StagedSource> {
  const target = resolveDatabaseTarget(mysqlKind, source);
  // mysql2 reads `connectTimeout` (ms) from the url itself; otherwise fail fast after 5 s.
  const urlTimeout = Number(target.url.searchParams.get('connectTimeout'));
  const timeoutSeconds = urlTimeout > 0 ? urlTimeout / 1000 : 5;
  const connection = mysql.createConnection({
    uri: source.url,
    ...(urlTimeout > 0 ? {} : { connectTimeout: 5000 }),
    charset: 'utf8mb4',
  });
  // Fatal errors are also emitted here; without a listener they would crash the process.
  connection.on('error', () => {});
  let phase: 'connect' | 'read' = 'connect';
  let writer: StagingTableWriter | undefined;
  let done = false;
  try {
    await new Promise<void>((resolve, reject) => connection.connect((error) => (error ? reject(error) : resolve())));
    phase = 'read';
    await run(connection, 'START TRANSACTION READ ONLY'); // a source never changes the hospital's database
    const sql = target.query ?? `SELECT * FROM ${target.tableParts!.map(quoteMysqlIdentifier).join('.')}`;
    // typeCast false: each value arrives as the bytes of the text the server sent (the text
    // protocol sends every type as text), so decimals, dates, datetimes, tinyint(1) and bigints
    // keep MySQL's own text, with no JavaScript number or Date in between.
    const rows: Readable = connection
      .query({ sql, rowsAsArray: true, typeCast: false })
      .stream({ highWaterMark: databaseBatchRows });
    let fields: mysql.FieldPacket[] | undefined;
    rows.on('fields', (packets: mysql.FieldPacket[]) => (fields = packets));

    let decoders: Decode[] = [];
    const openStaging = async () => {
      const headers = (fields ?? []).map((field) => field.name);
      decoders = (fields ?? []).map(decoderFor);
      writer = await StagingTableWriter.create(ctx.db, stagingTable, headers, target.fileLabel, target.description);
      return writer;
    };
    for await (const row of rows) {
      // A statement that returns no result set (SET, DO, …) yields its status packet instead.
      if (!fields || !Array.isArray(row)) throw notAResultSet(target);
      const staging = writer ?? (await openStaging());
      staging.appendRow((row as (Buffer | null)[]).map((bytes, index) => (bytes === null ? null : decoders[index]!(bytes))));
      if (staging.rowCount % databaseBatchRows === 0) staging.endBatch(ctx.onProgress);
    }
    const staging = writer ?? (await openStaging());
    if (staging.rowCount % databaseBatchRows !== 0) staging.endBatch(ctx.onProgress);
    staging.finish();
    await run(connection, 'COMMIT');
    done = true;
    const headers = (fields ?? []).map((field) => field.name);
    return { files: [{ path: target.description, rows: staging.rowCount }], rowsRead: staging.rowCount, headers };
  } catch (error) {
    await (writer as StagingTableWriter | undefined)?.abandon();
    if (error instanceof SourceError || error instanceof StagingWriteError) throw error;
    throw await explainMysqlError(error, phase, target, timeoutSeconds);
  } finally {
    if (done) await new Promise<void>((resolve) => connection.end(() => resolve()));
    else closeNow(connection);
  }
}

export const quoteMysqlIdentifier = (name: string) => `\`${name.replaceAll('`', '``')}\``;

function decoderFor(field: mysql.FieldPacket): Decode {
  const type = field.columnType ?? field.type;
  // BIT prints as raw bytes in the mysql client; its number (what `bit_col + 0` prints) is what a
  // pipeline can parse.
  if (type === BIT) return (bytes) => (bytes.length === 0 ? '0' : BigInt(`0x${bytes.toString('hex')}`).toString());
  // Binary strings (BINARY, VARBINARY, BLOB), geometry and vectors are bytes, not text: hex, as
  // `mysql --binary-as-hex` prints them.
  if (type === GEOMETRY || type === VECTOR || (byteStringTypes.has(type ?? -1) && field.characterSet === BINARY_CHARSET)) {
    return (bytes) => `0x${bytes.toString('hex')}`;
  }
  // Everything else is text in the connection's character set (utf8mb4), JSON included.
  return (bytes) => bytes.toString('utf8');
}

function run(connection: mysql.Connection, sql: string, values: unknown[] = []): Promise<unknown[]> {
  return new Promise((resolve, reject) =>
    connection.query(sql, values, (error, result) => (error ? reject(error) : resolve(result as unknown[]))),
  );
}

/**
 * Closes at once, even mid-result. mysql2's destroy() only half-closes the socket, which leaves
 * the server writing the rest of a large result into a paused connection until its write timeout.
 */
function closeNow(connection: mysql.Connection): void {
  connection.destroy();
  (connection as unknown as { stream?: { destroy?: () => void } }).stream?.destroy?.();
}

function notAResultSet(target: DatabaseTarget): SourceError {
  return new SourceError(
    target.description,
    'the query returns no rows and columns',
    'A source query must be a SELECT (or another statement that returns a result set).',
  );
}

interface MysqlServerError {
  code?: string;
  errno?: number;
  sqlMessage?: string;
  fatal?: boolean;
}

async function explainMysqlError(
  error: unknown,
  phase: 'connect' | 'read',
  target: DatabaseTarget,
  timeoutSeconds: number,
): Promise<SourceError> {
  const fail = (problem: string, hint: string) =>
    new SourceError(target.description, withoutPassword(problem, target.url), hint);
  const message = (error as MysqlServerError).sqlMessage ?? errorMessage(error);
  const user = decodeURIComponent(target.url.username) || '(default user)';
  const database = decodeURIComponent(target.url.pathname.slice(1));

  const network = networkProblem(error, mysqlKind, target.url, phase, timeoutSeconds);
  if (network) return fail(network.problem, network.hint);

  switch (errorCode(error)) {
    case 'ER_ACCESS_DENIED_ERROR':
    case 'ER_ACCESS_DENIED_NO_PASSWORD_ERROR':
    case 'ER_HOST_NOT_PRIVILEGED':
      return fail(
        `authentication failed for user ${user}: ${message}`,
        'Check the user name and password in the url (percent-encode special characters), and that the user may connect from this host and use the database.',
      );
    case 'ER_DBACCESS_DENIED_ERROR':
      return fail(
        `user ${user} may not use database ${database}: ${message}`,
        'Check the database name at the end of the url (MySQL says "access denied" also when it does not exist), or ask the database administrator for access.',
      );
    case 'ER_BAD_DB_ERROR':
      return fail(`database ${database} does not exist`, 'Check the database name at the end of the url.');
    case 'ER_NO_DB_ERROR':
      return fail('no database is selected', 'Add the database to the end of the url, or write the table as database.table.');
    case 'ER_CON_COUNT_ERROR':
      return fail(`the server refuses new connections: ${message}`, 'Try again later, or ask the database administrator to raise max_connections.');
    case 'ER_TABLEACCESS_DENIED_ERROR':
    case 'ER_COLUMNACCESS_DENIED_ERROR':
      return fail(`permission denied: ${message}`, `Ask the database administrator to grant SELECT on it to ${user}.`);
    case 'ER_CANT_EXECUTE_IN_READ_ONLY_TRANSACTION':
      return fail(`the query tries to change data: ${message}`, 'A source query must only read (SELECT); HBI runs it in a read-only transaction.');
    case 'ER_NO_SUCH_TABLE':
      if (target.tableParts) {
        const suggestion = await similarTables(target);
        return fail(
          `table ${target.tableParts.join('.')} does not exist`,
          (suggestion ? `Did you mean ${suggestion}? ` : '') +
            'Names are matched exactly as written in the spec; write database.table for a table in another database.',
        );
      }
      break;
    case 'ER_PARSE_ERROR':
      return fail(`the query has a syntax error: ${message}`, 'Fix the query in the dataset spec; try it in the mysql client first.');
    case 'PROTOCOL_CONNECTION_LOST':
      return fail(`the server closed the connection: ${message}`, 'The server may have restarted or killed the query; check its log.');
  }
  if (target.query && typeof (error as MysqlServerError).errno === 'number' && !(error as MysqlServerError).fatal) {
    return fail(`the query failed: ${message}`, 'Fix the query in the dataset spec; try it in the mysql client first.');
  }
  if (phase === 'connect') return fail(`cannot connect: ${message}`, 'Check the url (host, port, database, TLS parameters) and the server log.');
  return fail(`reading failed: ${message}`, `Check the spec's ${target.query ? 'query' : 'table'} and the server log.`);
}

/** Tables whose name differs only in case, or that live in another database; on a new connection. */
async function similarTables(target: DatabaseTarget): Promise<string | undefined> {
  const [schema, table] = target.tableParts!.length === 2 ? target.tableParts! : [null, target.tableParts![0]];
  const connection = mysql.createConnection({ uri: target.url.href, connectTimeout: 5000 });
  connection.on('error', () => {});
  try {
    const rows = (await run(
      connection,
      `SELECT CONCAT(table_schema, '.', table_name) AS name FROM information_schema.tables
        WHERE lower(table_name) = lower(?) AND (? IS NULL OR lower(table_schema) = lower(?))
          AND table_schema NOT IN ('mysql', 'information_schema', 'performance_schema', 'sys')
        ORDER BY 1 LIMIT 5`,
      [table, schema, schema],
    )) as { name: string }[];
    return rows.length > 0 ? rows.map((row) => row.name).join(' or ') : undefined;
  } catch {
    return undefined;
  } finally {
    closeNow(connection);
  }
}
