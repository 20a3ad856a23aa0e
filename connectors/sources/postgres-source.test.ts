// Runs against a real PostgreSQL server: PG_URL=postgres://postgres@127.0.0.1:5432/test
import { createServer, type Server, type Socket } from 'node:net';
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { SourceError, type StageContext } from '../staging.ts';
import { stagePostgres, quotePostgresIdentifier as q, type DatabaseSource } from './postgres-source.ts';
import { StagingWriteError } from './database-staging.ts';

const pgUrl = process.env.PG_URL;
if (!pgUrl) console.warn('skipping PostgreSQL source tests: PG_URL is not set');

describe.skipIf(!pgUrl)('stagePostgres', () => {
  const suffix = randomBytes(4).toString('hex');
  const password = `pw-${suffix}-secret`;
  const role = `hbi_reader_${suffix}`;
  let admin: pg.Client;
  let duck: DuckDBConnection;
  /** The test role's url: it carries a password, so every message can be checked for it. */
  let readerUrl: string;
  let cleanups: string[] = [];

  beforeAll(async () => {
    admin = new pg.Client({ connectionString: pgUrl });
    await admin.connect();
    await admin.query(`CREATE ROLE ${q(role)} LOGIN PASSWORD '${password}'`);
    const url = new URL(pgUrl!);
    url.username = role;
    url.password = password;
    readerUrl = url.href;
    duck = await (await DuckDBInstance.create(':memory:')).connect();
  });

  afterEach(async () => {
    for (const sql of cleanups.reverse()) await admin.query(sql);
    cleanups = [];
  });

  afterAll(async () => {
    await admin?.query(`DROP ROLE IF EXISTS ${q(role)}`);
    await admin?.end();
    duck?.closeSync();
  });

  /** Creates a table readable by the test role, dropped after the test. */
  async function createTable(qualifiedName: string, columns: string, rows?: string) {
    await admin.query(`CREATE TABLE ${qualifiedName} (${columns})`);
    cleanups.push(`DROP TABLE IF EXISTS ${qualifiedName}`);
    await admin.query(`GRANT SELECT ON ${qualifiedName} TO ${q(role)}`);
    if (rows) await admin.query(`INSERT INTO ${qualifiedName} VALUES ${rows}`);
  }

  let stagingCount = 0;
  async function stage(source: Omit<DatabaseSource, 'url'> & { url?: string }, onProgress?: (n: number) => void) {
    const stagingTable = `staging_${++stagingCount}`;
    const ctx: StageContext = { db: duck, projectDir: '.', onProgress };
    const staged = await stagePostgres(ctx, { url: readerUrl, ...source }, stagingTable);
    const reader = await duck.runAndReadAll(`SELECT * FROM ${q(stagingTable)} ORDER BY _row`);
    const columnTypes = reader.columnTypes().map(String);
    return { staged, rows: reader.getRowObjectsJson(), columnNames: reader.columnNames(), columnTypes, stagingTable };
  }

  async function stageError(source: DatabaseSource, progress: number[] = []): Promise<SourceError> {
    const ctx: StageContext = { db: duck, projectDir: '.', onProgress: (n) => progress.push(n) };
    const error = await stagePostgres(ctx, source, 'staging_failed').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceError);
    const message = (error as SourceError).message;
    expect(message).not.toContain(password);
    expect(message).not.toContain('secret');
    const tables = await duck.runAndReadAll(`SELECT * FROM duckdb_tables() WHERE table_name = 'staging_failed'`);
    expect(tables.currentRowCount, 'a failed load leaves no staging table').toBe(0);
    return error as SourceError;
  }

  it('stages every common type as the text PostgreSQL prints, NULLs as NULL', async () => {
    const table = `types_${suffix}`;
    await createTable(
      table,
      `i integer, big bigint, num numeric(12,3), r real, d double precision, b boolean, day date,
       ts timestamp, tstz timestamptz, t text, bytes bytea, arr integer[], js jsonb, iv interval`,
      `(42, 9007199254740993, 1234.5, 1.5, 0.1, true, '2024-02-29', '2024-03-01 08:30:05.25',
        '2024-03-01 08:30:00+08', E'病区 "3" it''s\\nsecond line', '\\x0102ff', '{1,2,NULL}', '{"a": [1, "二"]}', '1 day 02:00:00'),
       (-1, -1, -0.001, -2.5e-10, 1e300, false, '1900-01-01', '0001-01-01 00:00:00', '2024-12-31 23:59:59.999999+00', '', '\\x', '{}', 'null', '-3 mons'),
       (NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)`,
    );
    // A server or role whose DateStyle is not ISO still stages ISO dates.
    const url = new URL(readerUrl);
    url.searchParams.set('options', '-c DateStyle=SQL,DMY');
    const { staged, rows, columnNames, columnTypes } = await stage({ url: url.href, table });

    expect(staged).toEqual({
      files: [{ path: `${describeUrl(readerUrl)} table ${table}`, rows: 3 }],
      rowsRead: 3,
      headers: ['i', 'big', 'num', 'r', 'd', 'b', 'day', 'ts', 'tstz', 't', 'bytes', 'arr', 'js', 'iv'],
    });
    expect(columnNames).toEqual(['_file', '_sheet', '_row', ...staged.headers]);
    expect(columnTypes).toEqual(['VARCHAR', 'VARCHAR', 'BIGINT', ...staged.headers.map(() => 'VARCHAR')]);
    // timestamptz prints in the session's time zone, which is the server's: ask it.
    const zoned = await admin.query<{ a: string; b: string }>(
      `SET DateStyle = 'ISO'; SELECT '2024-03-01 08:30:00+08'::timestamptz::text AS a, '2024-12-31 23:59:59.999999+00'::timestamptz::text AS b`,
    ).then((results) => (results as unknown as pg.QueryResult<{ a: string; b: string }>[])[1]!.rows[0]!);
    expect(rows[0]).toEqual({
      _file: `table ${table}`,
      _sheet: null,
      _row: '1',
      i: '42',
      big: '9007199254740993',
      num: '1234.500',
      r: '1.5',
      d: '0.1',
      b: 't',
      day: '2024-02-29',
      ts: '2024-03-01 08:30:05.25',
      tstz: zoned.a,
      t: '病区 "3" it\'s\nsecond line',
      bytes: '\\x0102ff',
      arr: '{1,2,NULL}',
      js: '{"a": [1, "二"]}',
      iv: '1 day 02:00:00',
    });
    expect(rows[1]).toMatchObject({
      _row: '2', i: '-1', big: '-1', num: '-0.001', r: '-2.5e-10', d: '1e+300', b: 'f', day: '1900-01-01',
      ts: '0001-01-01 00:00:00', tstz: zoned.b, t: '', bytes: '\\x', arr: '{}', js: 'null', iv: '-3 mons',
    });
    expect(rows[2]).toEqual({
      _file: `table ${table}`, _sheet: null, _row: '3',
      ...Object.fromEntries(staged.headers.map((header) => [header, null])),
    });
  });

  it('stages a query: its column names, "query" as the file, rows numbered in arrival order', async () => {
    const table = `visits_${suffix}`;
    await createTable(table, 'id int, dept text, cost numeric(8,2)', `(1, '内科', 10.5), (2, '外科', NULL), (3, '内科', 7)`);
    const { staged, rows } = await stage({
      query: `SELECT dept AS "科室", count(*) AS n, sum(cost) AS "Total Cost" FROM ${table} GROUP BY dept ORDER BY n DESC;`,
    });
    expect(staged.headers).toEqual(['科室', 'n', 'Total Cost']);
    expect(staged.files).toEqual([{ path: `${describeUrl(readerUrl)} query`, rows: 2 }]);
    expect(rows).toEqual([
      { _file: 'query', _sheet: null, _row: '1', 科室: '内科', n: '2', 'Total Cost': '17.50' },
      { _file: 'query', _sheet: null, _row: '2', 科室: '外科', n: '1', 'Total Cost': null },
    ]);

    const empty = await stage({ query: 'SELECT 1 AS a, NULL::date AS b WHERE false' });
    expect(empty.staged).toMatchObject({ rowsRead: 0, headers: ['a', 'b'], files: [{ rows: 0 }] });
    expect(empty.columnNames).toEqual(['_file', '_sheet', '_row', 'a', 'b']);

    const numbered = await stage({ query: 'SELECT g FROM generate_series(1, 25) AS g ORDER BY g DESC' });
    expect(numbered.rows.map((row) => [row._row, row.g])).toEqual(
      Array.from({ length: 25 }, (_, i) => [String(i + 1), String(25 - i)]),
    );
  });

  it('reads a schema-qualified table whose names hold quotes and SQL', async () => {
    const schema = `hbi "lab's" ${suffix}`;
    const table = `results"; DROP TABLE x; -- ${suffix}`;
    await admin.query(`CREATE SCHEMA ${q(schema)}`);
    cleanups.push(`DROP SCHEMA IF EXISTS ${q(schema)} CASCADE`);
    await admin.query(`GRANT USAGE ON SCHEMA ${q(schema)} TO ${q(role)}`);
    await createTable(`${q(schema)}.${q(table)}`, '"Value ""x""" text', `('a'), ('b')`);

    const { staged, rows } = await stage({ table: `${schema}.${table}` });
    expect(staged.headers).toEqual(['Value "x"']);
    expect(rows.map((row) => [row._file, row._row, row['Value "x"']])).toEqual([
      [`table ${schema}.${table}`, '1', 'a'],
      [`table ${schema}.${table}`, '2', 'b'],
    ]);
  });

  it('streams a 200,000-row table in batches, every row once', async () => {
    const table = `big_${suffix}`;
    await admin.query(`CREATE TABLE ${table} AS SELECT g AS id, md5(g::text) AS code FROM generate_series(1, 200000) AS g`);
    cleanups.push(`DROP TABLE IF EXISTS ${table}`);
    await admin.query(`GRANT SELECT ON ${table} TO ${q(role)}`);

    const progress: number[] = [];
    const ctx: StageContext = { db: duck, projectDir: '.', onProgress: (n) => progress.push(n) };
    const staged = await stagePostgres(ctx, { url: readerUrl, table }, 'staging_big');
    expect(staged.rowsRead).toBe(200_000);
    expect(staged.files[0]!.rows).toBe(200_000);
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.at(-1)).toBe(200_000);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));

    const check = await duck.runAndReadAll(
      `SELECT count(*)::INT AS n, count(DISTINCT id)::INT AS ids, sum(id::BIGINT)::VARCHAR AS total,
              min(_row)::INT AS first, max(_row)::INT AS last, count(*) FILTER (WHERE _row::VARCHAR = id)::INT AS in_order
         FROM staging_big`,
    );
    expect(check.getRowObjectsJson()[0]).toEqual({
      n: 200_000, ids: 200_000, total: String((200_000 * 200_001) / 2), first: 1, last: 200_000, in_order: 200_000,
    });
  });

  it('leaves an existing staging table alone and says DuckDB failed, not the source', async () => {
    await duck.run(`CREATE TEMP TABLE staging_taken (x INT); INSERT INTO staging_taken VALUES (7)`);
    const error = await stagePostgres({ db: duck, projectDir: '.' }, { url: readerUrl, query: 'SELECT 1 AS x' }, 'staging_taken').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StagingWriteError);
    expect((error as Error).message).toMatch(/^cannot write staging table staging_taken in DuckDB: .*already exists/);
    expect((await duck.runAndReadAll('SELECT x FROM staging_taken')).getRows()).toEqual([[7]]);
  });

  describe('errors name the source, never the password, and leave no staging table', () => {
    it('server unreachable', async () => {
      const url = new URL(readerUrl);
      url.port = '1';
      const error = await stageError({ url: url.href, table: 'visits' });
      expect(error.source).toBe(`postgres://${role}@${url.hostname}:1${url.pathname} table visits`);
      expect(error.message).toMatch(/cannot reach the PostgreSQL server at .*:1 \(connection refused\)/);
    });

    it('server silent past the connect timeout', async () => {
      await withSilentServer(async (port) => {
        const url = new URL(readerUrl);
        url.hostname = '127.0.0.1';
        url.port = String(port);
        url.searchParams.set('connect_timeout', '1');
        const error = await stageError({ url: url.href, query: 'SELECT 1' });
        expect(error.source).toBe(`postgres://${role}@127.0.0.1:${port}${url.pathname} query`);
        expect(error.message).toContain('did not answer within 1 s');
      });
    });

    it('authentication failed: unknown role, role that may not log in, wrong password', async () => {
      const url = new URL(readerUrl);
      url.username = `nobody_${suffix}`;
      expect((await stageError({ url: url.href, table: 'visits' })).message).toMatch(
        new RegExp(`^postgres://nobody_${suffix}@.* table visits: authentication failed for user nobody_${suffix}: role .* does not exist\\. Check the user name and password`),
      );

      const locked = `hbi_locked_${suffix}`;
      await admin.query(`CREATE ROLE ${q(locked)} NOLOGIN PASSWORD '${password}'`);
      cleanups.push(`DROP ROLE IF EXISTS ${q(locked)}`);
      url.username = locked;
      expect((await stageError({ url: url.href, table: 'visits' })).message).toContain(
        `authentication failed for user ${locked}: role "${locked}" is not permitted to log in`,
      );

      // The test server trusts local connections, so it never checks a password: a stand-in server
      // speaks the protocol's password exchange and rejects it as PostgreSQL does (SQLSTATE 28P01).
      await withPasswordRejectingServer(async (port) => {
        const wrong = new URL(readerUrl);
        wrong.hostname = '127.0.0.1';
        wrong.port = String(port);
        const error = await stageError({ url: wrong.href, table: 'visits' });
        expect(error.message).toContain(`authentication failed for user ${role}: password authentication failed for user "${role}"`);
      });
    });

    it('unknown database', async () => {
      const url = new URL(readerUrl);
      url.pathname = `/no_such_db_${suffix}`;
      const error = await stageError({ url: url.href, query: 'SELECT 1' });
      expect(error.message).toMatch(new RegExp(`^postgres://${role}@.*/no_such_db_${suffix} query: database no_such_db_${suffix} does not exist\\.`));
    });

    it('table does not exist, with a hint when only the case differs', async () => {
      const table = `patients_${suffix}`;
      await createTable(table, 'id int');
      const missing = await stageError({ url: readerUrl, table: `public.nope_${suffix}` });
      expect(missing.message).toContain(`table public.nope_${suffix}: table public.nope_${suffix} does not exist.`);
      const wrongCase = await stageError({ url: readerUrl, table: `Patients_${suffix}` });
      expect(wrongCase.message).toContain(`Did you mean public.patients_${suffix}?`);
    });

    it('query syntax error, with the server message and where it is', async () => {
      const error = await stageError({ url: readerUrl, query: 'SELECT id,\n  FROM visits' });
      expect(error.source).toBe(`${describeUrl(readerUrl)} query`);
      expect(error.message).toContain('the query has a syntax error: syntax error at or near "FROM" (line 2, column 3)');
    });

    it('a query that writes, fails midway, or repeats a column name', async () => {
      const table = `victim_${suffix}`;
      await createTable(table, 'id int', '(1)');
      expect((await stageError({ url: readerUrl, query: `DELETE FROM ${table}` })).message).toContain(
        'the query tries to change data: cannot execute DELETE in a read-only transaction',
      );
      expect((await admin.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n).toBe(1);

      // Fails after the first batches were appended: the half-written staging table is dropped.
      const progress: number[] = [];
      expect(
        (await stageError({ url: readerUrl, query: 'SELECT 1 / (g - 25000) AS x FROM generate_series(1, 30000) AS g' }, progress)).message,
      ).toContain('reading failed: division by zero');
      expect(progress).toEqual([10_000, 20_000]);

      expect((await stageError({ url: readerUrl, query: 'SELECT 1 AS id, 2 AS "ID"' })).message).toContain(
        'the result has two columns named id and ID',
      );
      expect((await stageError({ url: readerUrl, query: 'SELECT 1 AS _row' })).message).toContain(
        'a name HBI reserves',
      );
    });

    it('a spec with both or neither of table and query, or a url that is not PostgreSQL', async () => {
      expect((await stageError({ url: readerUrl, table: 't', query: 'SELECT 1' })).message).toContain('both a table and a query');
      expect((await stageError({ url: readerUrl })).message).toContain('neither a table nor a query');
      expect((await stageError({ url: `mysql://root:${password}@host/db`, table: 't' })).message).toBe(
        'PostgreSQL source (mysql: url): the url is not a PostgreSQL connection URL. Write it as postgres://user:password@host:5432/database; percent-encode special characters in the user name and password.',
      );
    });
  });
});

function describeUrl(url: string): string {
  const parsed = new URL(url);
  return `postgres://${parsed.username}@${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`;
}

async function withServer(onConnection: (socket: Socket) => void, use: (port: number) => Promise<void>) {
  const sockets: Socket[] = [];
  const server: Server = createServer((socket) => {
    sockets.push(socket);
    onConnection(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    await use((server.address() as { port: number }).port);
  } finally {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  }
}

/** Accepts connections and never answers. */
const withSilentServer = (use: (port: number) => Promise<void>) => withServer(() => {}, use);

/**
 * Asks for a cleartext password (AuthenticationCleartextPassword) and answers whatever comes with
 * PostgreSQL's FATAL 28P01, as a server with password authentication does for a wrong password.
 */
const withPasswordRejectingServer = (use: (port: number) => Promise<void>) =>
  withServer((socket) => {
    let user = '';
    let asked = false;
    socket.on('data', (data) => {
      if (socket.writableEnded) return; // the client's Terminate after our error
      if (!asked) {
        // Startup message: length, protocol version, then key\0value\0 pairs.
        const pairs = data.subarray(8).toString('utf8').split('\0');
        user = pairs[pairs.indexOf('user') + 1] ?? '';
        asked = true;
        socket.write(Buffer.from([0x52, 0, 0, 0, 8, 0, 0, 0, 3]));
        return;
      }
      const fields = Buffer.from(
        `SFATAL\0VFATAL\0C28P01\0Mpassword authentication failed for user "${user}"\0\0`,
        'utf8',
      );
      const length = Buffer.alloc(4);
      length.writeInt32BE(fields.length + 4);
      socket.end(Buffer.concat([Buffer.from('E'), length, fields]));
    });
  }, use);
