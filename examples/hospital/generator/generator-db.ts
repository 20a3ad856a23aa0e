// The scratch DuckDB database the hospital is simulated in. Randomness is a hash of
// (seed, row key, purpose), never a random() call, so every value depends only on the seed and
// the row it belongs to, whatever the thread count or the order rows are produced in.
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';

export class GeneratorDb {
  private constructor(
    private readonly instance: DuckDBInstance,
    readonly connection: DuckDBConnection,
  ) {}

  static async open(seed: number, from: string, to: string): Promise<GeneratorDb> {
    const instance = await DuckDBInstance.create(':memory:', { threads: '2', preserve_insertion_order: 'true' });
    const connection = await instance.connect();
    const db = new GeneratorDb(instance, connection);
    await connection.run('SET VARIABLE seed = $seed', { seed });
    await connection.run('SET VARIABLE period_from = $from::DATE', { from });
    await connection.run('SET VARIABLE period_to = $to::DATE', { to });
    await db.run(randomMacros);
    return db;
  }

  async run(sql: string): Promise<void> {
    await this.connection.run(sql);
  }

  async rows<T = Record<string, unknown>>(sql: string, params?: Record<string, string | number>): Promise<T[]> {
    const reader = await this.connection.runAndReadAll(sql, params);
    return reader.getRowObjectsJS() as T[];
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}

const randomMacros = `
-- 64 random bits from (seed, key, purpose). hash() of several values combines them so that two
-- purposes of one key come out almost perfectly correlated; hashing the result again mixes them.
CREATE MACRO bits(k, salt) AS hash(hash(getvariable('seed'), k, salt));
-- uniform in [0, 1)
CREATE MACRO u01(k, salt) AS ((bits(k, salt) >> 11)::DOUBLE / 9007199254740992.0);
-- standard normal by Box–Muller
CREATE MACRO gauss(k, salt) AS sqrt(-2 * ln(1 - u01(k, salt || '#1'))) * cos(2 * pi() * u01(k, salt || '#2'));
-- one element of a list
CREATE MACRO pick(xs, k, salt) AS xs[1 + floor(u01(k, salt) * len(xs))::BIGINT];
-- an integer in [lo, hi]
CREATE MACRO uint(lo, hi, k, salt) AS (lo + floor(u01(k, salt) * (hi - lo + 1)))::INTEGER;
-- log-normal with a given median
CREATE MACRO lognormal(median, sigma, k, salt) AS median * exp(sigma * gauss(k, salt));
-- a count with mean lam: normal approximation for large lam; for small lam (a ward admits a
-- fraction of a patient a day) rounding up or down at random, which keeps the mean exact
CREATE MACRO poisson(lam, k, salt) AS (CASE
  WHEN lam >= 8 THEN greatest(0, round(lam + sqrt(lam) * gauss(k, salt)))
  ELSE floor(lam) + (u01(k, salt || '#round') < lam - floor(lam))::INT END)::BIGINT;
CREATE MACRO minutes(m) AS to_microseconds(round(m::DOUBLE * 60000000)::BIGINT);
CREATE MACRO ts_text(ts) AS strftime(ts, '%Y-%m-%d %H:%M:%S');
-- the format some department systems use: 2025/3/4 8:05
CREATE MACRO ts_slash(ts) AS strftime(ts, '%Y/%-m/%-d %-H:%M');
-- a date that does not exist in the same month and year (Feb 30th)
CREATE MACRO bad_date(ts) AS strftime(ts, '%Y') || '-02-30';
-- GB 11643 check digit of an 18-digit resident ID number
CREATE MACRO id_check_digit(s17) AS '10X98765432'[1 + (list_sum(list_transform(range(1, 18),
  lambda i: (s17[i]::INT) * [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2][i])) % 11)::INT];
`;

/** Loads static reference rows (from reference.ts) into a table; the JSON travels as a parameter. */
export async function tableFromRows(
  db: GeneratorDb,
  name: string,
  rows: readonly object[],
  columns: Record<string, 'VARCHAR' | 'DOUBLE' | 'BIGINT' | 'VARCHAR[]'>,
): Promise<void> {
  const structure = JSON.stringify([columns]);
  await db.connection.run(
    `CREATE TABLE ${name} AS SELECT unnest(from_json($rows::JSON, '${structure}'), recursive := true)`,
    { rows: JSON.stringify(rows) },
  );
}
