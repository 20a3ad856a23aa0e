// Runs against a real MySQL or MariaDB server: MYSQL_URL=mysql://root@127.0.0.1:3306/test
import { createServer, type Server, type Socket } from 'node:net';
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import mysql from 'mysql2/promise';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { SourceError, type StageContext } from '../staging.ts';
import { stageMysql, quoteMysqlIdentifier as q, type DatabaseSource } from './mysql-source.ts';

const mysqlUrl = process.env.MYSQL_URL;
if (!mysqlUrl) console.warn('skipping MySQL source tests: MYSQL_URL is not set');

describe.skipIf(!mysqlUrl)('stageMysql', () => {
  const suffix = randomBytes(4).toString('hex');
  const password = `pw-${suffix}-secret`;
  const user = `hbi_reader_${suffix}`;
  let admin: mysql.Connection;
  let duck: DuckDBConnection;
  /** The test user's url: it carries a password, so every message can be checked for it. */
  let readerUrl: string;
  let database: string;
  let cleanups: string[] = [];

  beforeAll(async () => {
    admin = await mysql.createConnection({ uri: mysqlUrl, multipleStatements: true });
    const url = new URL(mysqlUrl!);
    database = decodeURIComponent(url.pathname.slice(1));
    await admin.query(`CREATE USER IF NOT EXISTS ?@'%' IDENTIFIED BY ?`, [user, password]);
    await admin.query(`GRANT SELECT ON ${q(database)}.* TO ?@'%'`, [user]);
    url.username = user;
    url.password = password;
    readerUrl = url.href;
    duck = await (await DuckDBInstance.create(':memory:')).connect();
  });

  afterEach(async () => {
    for (const sql of cleanups.reverse()) await admin.query(sql);
    cleanups = [];
  });

  afterAll(async () => {
    await admin?.query(`DROP USER IF EXISTS ?@'%'`, [user]);
    await admin?.end();
    duck?.closeSync();
  });

  async function createTable(qualifiedName: string, columns: string, rows?: string) {
    await admin.query(`CREATE TABLE ${qualifiedName} (${columns}) DEFAULT CHARSET = utf8mb4`);
    cleanups.push(`DROP TABLE IF EXISTS ${qualifiedName}`);
    if (rows) await admin.query(`INSERT INTO ${qualifiedName} VALUES ${rows}`);
  }

  let stagingCount = 0;
  async function stage(source: Omit<DatabaseSource, 'url'> & { url?: string }) {
    const stagingTable = `staging_${++stagingCount}`;
    const staged = await stageMysql({ db: duck, projectDir: '.' }, { url: readerUrl, ...source }, stagingTable);
    const reader = await duck.runAndReadAll(`SELECT * FROM "${stagingTable}" ORDER BY _row`);
    const columnTypes = reader.columnTypes().map(String);
    return { staged, rows: reader.getRowObjectsJson(), columnNames: reader.columnNames(), columnTypes };
  }

  async function stageError(source: DatabaseSource, progress: number[] = []): Promise<SourceError> {
    const ctx: StageContext = { db: duck, projectDir: '.', onProgress: (n) => progress.push(n) };
    const error = await stageMysql(ctx, source, 'staging_failed').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceError);
    const message = (error as SourceError).message;
    expect(message).not.toContain(password);
    expect(message).not.toContain('secret');
    const tables = await duck.runAndReadAll(`SELECT * FROM duckdb_tables() WHERE table_name = 'staging_failed'`);
    expect(tables.currentRowCount, 'a failed load leaves no staging table').toBe(0);
    return error as SourceError;
  }

  it('stages every common type as the text MySQL prints, NULLs as NULL', async () => {
    const table = `types_${suffix}`;
    // The zero date is legal only without NO_ZERO_DATE (MySQL 8 sets it by default): this session only.
    const [[{ mode }]] = (await admin.query('SELECT @@SESSION.sql_mode AS mode')) as unknown as [[{ mode: string }]];
    await admin.query(`SET SESSION sql_mode = ''`);
    await createTable(
      table,
      `i INT, big BIGINT, ubig BIGINT UNSIGNED, num DECIMAL(12,3), f FLOAT, d DOUBLE, flag BOOLEAN, day DATE,
       dt DATETIME(3), ts TIMESTAMP NULL, tm TIME, yr YEAR, t TEXT, bytes VARBINARY(8), bits BIT(4),
       js JSON, choice ENUM('门诊','住院')`,
      `(42, 9223372036854775807, 18446744073709551615, 1234.5, 1.5, 0.1, TRUE, '2024-02-29',
        '2024-03-01 08:30:05.250', '2024-03-01 08:30:00', '-01:30:00', 2024, '病区 "3" it''s\\nsecond line',
        X'0102FF', b'1010', '{"a": [1, "二"]}', '住院'),
       (-1, -1, 0, -0.001, -2.5e-10, 1e300, FALSE, '0000-00-00', '1000-01-01 00:00:00', NULL, '838:59:59', 1901, '',
        X'', b'0', 'null', '门诊'),
       (NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)`,
    );
    await admin.query('SET SESSION sql_mode = ?', [mode]);
    // TIMESTAMP prints in the session's time zone, which is the server's, and MySQL and MariaDB print
    // small floats differently (-2.5e-10, -0.00000000025): ask the server.
    const [[printed]] = (await admin.query(
      `SELECT (SELECT CAST(ts AS CHAR) FROM ${table} WHERE i = 42) AS ts, (SELECT CONCAT(f) FROM ${table} WHERE i = -1) AS f`,
    )) as unknown as [[{ ts: string; f: string }]];
    expect(printed.f).toMatch(/^(-2\.5e-10|-0\.00000000025)$/);

    const { staged, rows, columnNames, columnTypes } = await stage({ table });
    expect(staged).toEqual({
      files: [{ path: `${describeUrl(readerUrl)} table ${table}`, rows: 3 }],
      rowsRead: 3,
      headers: ['i', 'big', 'ubig', 'num', 'f', 'd', 'flag', 'day', 'dt', 'ts', 'tm', 'yr', 't', 'bytes', 'bits', 'js', 'choice'],
    });
    expect(columnNames).toEqual(['_file', '_sheet', '_row', ...staged.headers]);
    expect(columnTypes).toEqual(['VARCHAR', 'VARCHAR', 'BIGINT', ...staged.headers.map(() => 'VARCHAR')]);
    expect(rows[0]).toEqual({
      _file: `table ${table}`,
      _sheet: null,
      _row: '1',
      i: '42',
      big: '9223372036854775807',
      ubig: '18446744073709551615',
      num: '1234.500',
      f: '1.5',
      d: '0.1',
      flag: '1',
      day: '2024-02-29',
      dt: '2024-03-01 08:30:05.250',
      ts: printed.ts,
      tm: '-01:30:00',
      yr: '2024',
      t: '病区 "3" it\'s\nsecond line',
      bytes: '0x0102ff',
      bits: '10',
      js: expect.stringMatching(/^\{"a": ?\[1, ?"二"\]\}$/),
      choice: '住院',
    });
    expect(rows[1]).toMatchObject({
      _row: '2', i: '-1', big: '-1', ubig: '0', num: '-0.001', f: printed.f, d: '1e300', flag: '0', day: '0000-00-00',
      dt: '1000-01-01 00:00:00.000', ts: null, tm: '838:59:59', yr: '1901', t: '', bytes: '0x', bits: '0', js: 'null', choice: '门诊',
    });
    expect(rows[2]).toEqual({
      _file: `table ${table}`, _sheet: null, _row: '3',
      ...Object.fromEntries(staged.headers.map((header) => [header, null])),
    });
  });

  it('stages a query: its column names, "query" as the file, rows numbered in arrival order', async () => {
    const table = `visits_${suffix}`;
    await createTable(table, 'id INT, dept VARCHAR(20), cost DECIMAL(8,2)', `(1, '内科', 10.5), (2, '外科', NULL), (3, '内科', 7)`);
    const { staged, rows } = await stage({
      query: `SELECT dept AS \`科室\`, COUNT(*) AS n, SUM(cost) AS \`Total Cost\` FROM ${table} GROUP BY dept ORDER BY n DESC`,
    });
    expect(staged.headers).toEqual(['科室', 'n', 'Total Cost']);
    expect(staged.files).toEqual([{ path: `${describeUrl(readerUrl)} query`, rows: 2 }]);
    expect(rows).toEqual([
      { _file: 'query', _sheet: null, _row: '1', 科室: '内科', n: '2', 'Total Cost': '17.50' },
      { _file: 'query', _sheet: null, _row: '2', 科室: '外科', n: '1', 'Total Cost': null },
    ]);

    const empty = await stage({ query: 'SELECT 1 AS a, CAST(NULL AS DATE) AS b FROM DUAL WHERE FALSE' });
    expect(empty.staged).toMatchObject({ rowsRead: 0, headers: ['a', 'b'], files: [{ rows: 0 }] });
    expect(empty.columnNames).toEqual(['_file', '_sheet', '_row', 'a', 'b']);

    const numbered = await stage({ query: 'SELECT seq AS g FROM seq_1_to_25 ORDER BY seq DESC' });
    expect(numbered.rows.map((row) => [row._row, row.g])).toEqual(
      Array.from({ length: 25 }, (_, i) => [String(i + 1), String(25 - i)]),
    );
  });

  it('reads a database-qualified table whose names hold backticks, quotes and SQL', async () => {
    const otherDatabase = `hbi_lab's_${suffix}`;
    const table = `results\`; DROP TABLE x; -- "${suffix}`;
    await admin.query(`CREATE DATABASE ${q(otherDatabase)}`);
    cleanups.push(`DROP DATABASE IF EXISTS ${q(otherDatabase)}`);
    await admin.query(`GRANT SELECT ON ${q(otherDatabase.replaceAll('_', '\\_'))}.* TO ?@'%'`, [user]);
    await createTable(`${q(otherDatabase)}.${q(table)}`, '`Value ``x``` TEXT', `('a'), ('b')`);

    const { staged, rows } = await stage({ table: `${otherDatabase}.${table}` });
    expect(staged.headers).toEqual(['Value `x`']);
    expect(rows.map((row) => [row._file, row._row, row['Value `x`']])).toEqual([
      [`table ${otherDatabase}.${table}`, '1', 'a'],
      [`table ${otherDatabase}.${table}`, '2', 'b'],
    ]);
  });

  it('streams a 200,000-row table in batches, every row once', async () => {
    const table = `big_${suffix}`;
    await admin.query(`CREATE TABLE ${table} AS SELECT seq AS id, MD5(seq) AS code FROM seq_1_to_200000`);
    cleanups.push(`DROP TABLE IF EXISTS ${table}`);

    const progress: number[] = [];
    const ctx: StageContext = { db: duck, projectDir: '.', onProgress: (n) => progress.push(n) };
    const staged = await stageMysql(ctx, { url: readerUrl, query: `SELECT * FROM ${table} ORDER BY id` }, 'staging_big');
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

  describe('errors name the source, never the password, and leave no staging table', () => {
    it('server unreachable', async () => {
      const url = new URL(readerUrl);
      url.port = '1';
      const error = await stageError({ url: url.href, table: 'visits' });
      expect(error.source).toBe(`mysql://${user}@${url.hostname}:1${url.pathname} table visits`);
      expect(error.message).toMatch(/cannot reach the MySQL server at .*:1 \(connection refused\)/);
    });

    it('server silent past the connect timeout', async () => {
      await withSilentServer(async (port) => {
        const url = new URL(readerUrl);
        url.hostname = '127.0.0.1';
        url.port = String(port);
        url.searchParams.set('connectTimeout', '1000');
        const error = await stageError({ url: url.href, query: 'SELECT 1' });
        expect(error.source).toBe(`mysql://${user}@127.0.0.1:${port}${url.pathname} query`);
        expect(error.message).toContain('did not answer within 1 s');
      });
    });

    it('authentication failed: wrong password, unknown user', async () => {
      const url = new URL(readerUrl);
      url.password = `wrong-${password}`;
      const wrong = await stageError({ url: url.href, table: 'visits' });
      expect(wrong.source).toBe(`${describeUrl(readerUrl)} table visits`);
      expect(wrong.message).toContain(`authentication failed for user ${user}: Access denied for user '${user}'@`);
      expect(wrong.message).toContain('Check the user name and password in the url');

      url.username = `nobody_${suffix}`;
      expect((await stageError({ url: url.href, table: 'visits' })).message).toContain(
        `authentication failed for user nobody_${suffix}`,
      );
    });

    it('unknown database', async () => {
      const url = new URL(mysqlUrl!); // the administrator sees that it does not exist
      url.pathname = `/no_such_db_${suffix}`;
      const missing = await stageError({ url: url.href, query: 'SELECT 1' });
      expect(missing.message).toMatch(new RegExp(`^mysql://.*/no_such_db_${suffix} query: database no_such_db_${suffix} does not exist\\.`));

      const reader = new URL(readerUrl); // a user without rights on it hears "access denied"
      reader.pathname = `/no_such_db_${suffix}`;
      expect((await stageError({ url: reader.href, query: 'SELECT 1' })).message).toContain(
        `user ${user} may not use database no_such_db_${suffix}`,
      );
    });

    it('table does not exist, with a hint when only the case differs', async () => {
      const table = `patients_${suffix}`;
      await createTable(table, 'id INT');
      const missing = await stageError({ url: readerUrl, table: `nope_${suffix}` });
      expect(missing.message).toContain(`table nope_${suffix}: table nope_${suffix} does not exist.`);
      const wrongCase = await stageError({ url: readerUrl, table: `${database}.Patients_${suffix}` });
      expect(wrongCase.message).toContain(`Did you mean ${database}.patients_${suffix}?`);
    });

    it('query syntax error, with the server message', async () => {
      const error = await stageError({ url: readerUrl, query: 'SELECT id,\n  FROM visits' });
      expect(error.source).toBe(`${describeUrl(readerUrl)} query`);
      expect(error.message).toMatch(/the query has a syntax error: You have an error in your SQL syntax.*near 'FROM visits' at line 2/);
    });

    it('a query that writes, fails midway, returns no result set or repeats a column name', async () => {
      const table = `victim_${suffix}`;
      await createTable(table, 'id INT', '(1)');
      await admin.query(`GRANT DELETE ON ${q(database)}.${q(table)} TO ?@'%'`, [user]);
      expect((await stageError({ url: readerUrl, query: `DELETE FROM ${table}` })).message).toContain(
        'the query tries to change data',
      );
      const [[count]] = (await admin.query(`SELECT COUNT(*) AS n FROM ${table}`)) as unknown as [[{ n: number }]];
      expect(count.n).toBe(1);

      // Fails after the first batches were appended: the half-written staging table is dropped.
      const progress: number[] = [];
      expect(
        (await stageError({ url: readerUrl, query: 'SELECT seq, (SELECT 1 UNION SELECT 2 FROM DUAL WHERE seq > 25000) AS x FROM seq_1_to_30000' }, progress)).message,
      ).toContain('Subquery returns more than 1 row');
      expect(progress).toEqual([10_000, 20_000]);

      expect((await stageError({ url: readerUrl, query: 'DO 1' })).message).toContain('the query returns no rows and columns');
      expect((await stageError({ url: readerUrl, query: 'SELECT 1 AS id, 2 AS ID' })).message).toContain(
        'the result has two columns named id and ID',
      );
    });

    it('a url that is not MySQL', async () => {
      expect((await stageError({ url: `postgres://root:${password}@host/db`, table: 't' })).message).toBe(
        'MySQL source (postgres: url): the url is not a MySQL connection URL. Write it as mysql://user:password@host:3306/database; percent-encode special characters in the user name and password.',
      );
    });
  });
});

function describeUrl(url: string): string {
  const parsed = new URL(url);
  return `mysql://${parsed.username}@${parsed.hostname}:${parsed.port || 3306}${parsed.pathname}`;
}

/** Accepts connections and never answers. */
async function withSilentServer(use: (port: number) => Promise<void>) {
  const sockets: Socket[] = [];
  const server: Server = createServer((socket) => sockets.push(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    await use((server.address() as { port: number }).port);
  } finally {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  }
}
