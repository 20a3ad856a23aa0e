// `hbi load` as a person runs it: exit codes, the summary and --json reports, loading named
// datasets, and clear words when a dataset name is wrong or the warehouse is held by another process.
import { spawn } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from './testing/run-cli.ts';
import type { LoadReport } from '../connectors/load-report.ts';
import { warehouseFile } from '../connectors/warehouse.ts';
import { createTestProject, type TestProject } from '../connectors/test-project.ts';

let project: TestProject;

const run = runCli;

const load = (...args: string[]) => run(['load', '--project', project.dir, ...args]);

/** Statuses of every load so far, read from the warehouse after the command has closed it. */
async function history(): Promise<[string, string][]> {
  const rows = await project.rows('SELECT dataset, status FROM hbi.loads ORDER BY load_id');
  project.close();
  return rows.map((r) => [String(r.dataset), String(r.status)]);
}

beforeEach(async () => {
  project = await createTestProject('hbi-load-command-');
  await project.write('extracts/departments.csv', 'dept_code,dept_name\n0101,心内科\n0102,呼吸科\n');
  await project.spec('departments', 'name: departments\nsource: { format: csv, path: extracts/departments.csv }\nkey: [dept_code]\ncolumns: [{ name: dept_code, type: string }, { name: dept_name, type: string }]\n');
  await project.write('extracts/wards.csv', 'ward_code,dept_code\nW1,0101\nW2,0102\n');
  await project.spec('wards', 'name: wards\nsource: { format: csv, path: extracts/wards.csv }\nkey: [ward_code]\ncolumns: [{ name: ward_code, type: string }, { name: dept_code, type: string }]\n');
});
afterEach(async () => project?.remove());

describe('hbi load', () => {
  it('exits 0 when every dataset loads, with a line per dataset', async () => {
    const { code, out, err } = await load();
    expect({ code, err }).toEqual({ code: 0, err: '' });
    expect(out).toMatch(/^✓ departments +loaded +2 loaded, 0 rejected of 2 read in [\d.]+ s \([\d,]+ rows\/s\), data version 1\n/);
    expect(out).toMatch(/\n✓ wards +loaded +2 loaded, 0 rejected of 2 read .*, data version 2\n$/);
    expect(await history()).toEqual([['departments', 'loaded'], ['wards', 'loaded']]);
  });

  it('exits 1 when a dataset is refused, says why, and still loads the others', async () => {
    await project.write('extracts/departments.csv', 'dept_code,dept_name\n0101,心内科\n,呼吸科\n');
    const { code, out } = await load();
    expect(code).toBe(1);
    expect(out).toContain('✗ departments                  refused  1 loaded, 1 rejected of 2 read');
    expect(out).toContain('1 × required (dept_code)  e.g. extracts/departments.csv row 2: dept_code is empty but required');
    expect(out).toContain('1 of 2 rows (50.0%) were rejected, above the threshold of 5.0%; the previous version of departments stays in place.');
    expect(out).toContain('✓ wards');
    expect(await history()).toEqual([['departments', 'refused'], ['wards', 'loaded']]);
  });

  it('exits 1 when a source cannot be read, naming the file', async () => {
    await project.write('extracts/wards.csv', 'ward_cd,dept_code\nW1,0101\n');
    const { code, out } = await load();
    expect(code).toBe(1);
    expect(out).toContain('✓ departments');
    expect(out).toContain('✗ wards                        failed');
    expect(out).toContain('extracts/wards.csv: missing column "ward_code" (did you mean "ward_cd"?). The file has: ward_cd, dept_code.');
  });

  it('prints the load reports as JSON with --json', async () => {
    const { code, out } = await load('--json');
    expect(code).toBe(0);
    const reports = JSON.parse(out) as LoadReport[];
    expect(reports.map((r) => [r.dataset, r.status, r.rowsLoaded, r.dataVersion, r.files])).toEqual([
      ['departments', 'loaded', 2, 1, [{ path: 'extracts/departments.csv', rows: 2 }]],
      ['wards', 'loaded', 2, 2, [{ path: 'extracts/wards.csv', rows: 2 }]],
    ]);
  });

  it('loads only the datasets named', async () => {
    const { code, out } = await load('--json', 'departments');
    expect(code).toBe(0);
    expect((JSON.parse(out) as LoadReport[]).map((r) => r.dataset)).toEqual(['departments']);
    expect(await history()).toEqual([['departments', 'loaded']]);
  });

  it('refuses an unknown dataset name as a usage error, suggesting the one meant, and loads nothing', async () => {
    const { code, out, err } = await load('departments', 'ward');
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toMatch(/^hbi: no dataset "ward" in .*datasets \(did you mean "wards"\?\)\n/);
    expect(err).not.toContain('usage:'); // a name the project lacks is not a misuse of the command
    expect(await history()).toEqual([]);
  });

  it('exits 1 on a spec error, naming file, line and column', async () => {
    await project.spec('wards', 'name: wards\nsource: { format: csv, path: extracts/wards.csv }\ncolumns:\n  - { name: ward_code, type: strng }\n');
    const { code, err } = await load();
    expect(code).toBe(1);
    expect(err).toMatch(/^hbi: \/.*\/datasets\/wards\.yaml:4:30: columns\.0\.type: "strng" is not one of .* \(did you mean "string"\?\)\n$/);
  });

  it('says the warehouse is in use when another process holds it, not DuckDB\'s lock error', async () => {
    await load('departments');
    const holder = spawn(process.execPath, ['--input-type=module', '-e', `
      import { DuckDBInstance } from '@duckdb/node-api';
      const instance = await DuckDBInstance.create(process.argv[1]);
      const connection = await instance.connect();
      await connection.run('SELECT 1');
      process.stdout.write('holding\\n');
      // The timer holds the instance: garbage collection would close it and release the lock.
      setInterval(() => [instance, connection], 1000);
    `, warehouseFile(project.dir)], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      await new Promise<void>((resolve, reject) => {
        let output = '';
        holder.stdout.on('data', (chunk) => {
          output += chunk;
          if (output.includes('holding')) resolve();
        });
        holder.stderr.on('data', (chunk) => (output += chunk));
        holder.on('exit', () => reject(new Error(`the process holding the warehouse exited: ${output}`)));
      });
      const { code, err } = await load();
      expect(holder.exitCode, 'the process holding the warehouse is still running').toBeNull();
      expect(code).toBe(1);
      expect(err).toBe(`hbi: ${warehouseFile(project.dir)} is in use by another HBI process (probably \`hbi serve\`); stop it, or upload the extract through the running server\n`);
    } finally {
      const exited = new Promise((resolve) => holder.on('exit', resolve));
      holder.kill('SIGKILL');
      await exited;
    }
  });
});
