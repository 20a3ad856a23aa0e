// The warehouse as `hbi serve` locks it down (hardenWarehouse): files only inside the folders it
// is given, no network, no extension installed or loaded, and no connection able to undo that.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hardenWarehouse, openWarehouse, type Warehouse } from './warehouse.ts';

let dir: string;
let extractsDir: string;
let warehouse: Warehouse;

const denied = /Permission Error|disabled by configuration/;
const locked = /configuration has been locked/;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hbi-hardening-'));
  // A quote in the folder's name: the allowed list is SQL text, so it must be escaped.
  extractsDir = join(dir, "it's extracts");
  await mkdir(extractsDir);
  await writeFile(join(extractsDir, 'wards.csv'), 'ward_code,beds\n0101-01,40\n0101-02,38\n');
  await writeFile(join(dir, 'outside.csv'), 'secret\n42\n');
  // A sibling whose name starts like an allowed folder must not count as inside it.
  await mkdir(join(dir, 'data-elsewhere'));
  await writeFile(join(dir, 'data-elsewhere', 'x.csv'), 'secret\n43\n');
  warehouse = await openWarehouse(dir);
  await hardenWarehouse(warehouse, [join(dir, 'data'), extractsDir]);
});

afterAll(async () => {
  warehouse?.close();
  await rm(dir, { recursive: true, force: true });
});

const run = (sql: string) => warehouse.db.runAndReadAll(sql);
const quotedPath = (path: string) => `'${path.replaceAll("'", "''")}'`;

describe('a hardened warehouse', () => {
  it('refuses to read files outside the allowed folders', async () => {
    await expect(run("SELECT * FROM read_csv('/etc/passwd')")).rejects.toThrow(denied);
    await expect(run("SELECT * FROM read_text('/etc/hostname')")).rejects.toThrow(denied);
    await expect(run(`SELECT * FROM read_csv(${quotedPath(join(dir, 'outside.csv'))})`)).rejects.toThrow(denied);
    await expect(run(`SELECT * FROM read_csv(${quotedPath(join(dir, 'data-elsewhere', 'x.csv'))})`)).rejects.toThrow(denied);
    // `..` does not climb out of an allowed folder
    await expect(run(`SELECT * FROM read_csv(${quotedPath(join(extractsDir, '..', 'outside.csv'))})`)).rejects.toThrow(denied);
  });

  it('refuses to write or attach files outside them, and to reach the network', async () => {
    await expect(run(`COPY (SELECT 1 AS x) TO ${quotedPath(join(dir, 'leak.csv'))}`)).rejects.toThrow(denied);
    await expect(run(`ATTACH ${quotedPath(join(dir, 'other.duckdb'))} AS other`)).rejects.toThrow(denied);
    await expect(run("SELECT * FROM read_csv('https://example.com/patients.csv')")).rejects.toThrow(denied);
  });

  it('reads and writes CSV files inside the allowed folders', async () => {
    const rows = (await run(`SELECT ward_code, beds FROM read_csv(${quotedPath(join(extractsDir, 'wards.csv'))}) ORDER BY ward_code`)).getRowObjectsJS();
    expect(rows).toEqual([{ ward_code: '0101-01', beds: 40n }, { ward_code: '0101-02', beds: 38n }]);
    const target = join(dir, 'data', 'copy.csv');
    await run(`COPY (SELECT 7 AS n) TO ${quotedPath(target)}`);
    expect((await run(`SELECT n FROM read_csv(${quotedPath(target)})`)).getRows()).toEqual([[7n]]);
  });

  it('locks its configuration, for every connection', async () => {
    await expect(run('SET enable_external_access = true')).rejects.toThrow(locked);
    await expect(run("SET allowed_directories = ['/']")).rejects.toThrow(locked);
    await expect(run('SET lock_configuration = false')).rejects.toThrow(locked);
    await expect(run('SET autoinstall_known_extensions = true')).rejects.toThrow(locked);
    const other = await warehouse.instance.connect();
    try {
      await expect(other.run('SET enable_external_access = true')).rejects.toThrow(locked);
      await expect(other.run("SELECT * FROM read_csv('/etc/passwd')")).rejects.toThrow(denied);
    } finally {
      other.closeSync();
    }
  });

  it('installs and loads no extension', async () => {
    await expect(run('INSTALL httpfs')).rejects.toThrow(/Permission Error|disabled/);
    await expect(run('LOAD httpfs')).rejects.toThrow(/Permission Error|disabled/);
  });
});
