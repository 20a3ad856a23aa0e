// A load publishes everything or nothing: one that fails half-way, or whose process is killed,
// leaves the previous version of the dataset in place and the warehouse usable.
import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { createTestProject, withScratchDuckDb, type TestProject } from './test-project.ts';

let project: TestProject;
afterEach(async () => project?.remove());

// holdRowDrop: 1, so that a later version with fewer rows than the first publishes without confirmation.
const spec = (path: string) => `name: visits
source: { format: csv, path: "${path}" }
key: [visit_id]
holdRowDrop: 1
columns:
  - { name: visit_id, type: string }
  - { name: amount, type: decimal }
  - { name: visited_on, type: date }
`;

/** Loads a first version of `visits`: three rows. */
async function publishFirstVersion(): Promise<number> {
  project = await createTestProject();
  await project.write('extracts/first.csv', 'visit_id,amount,visited_on\nV1,1.5,2024-01-01\nV2,2.5,2024-01-02\nV3,3.5,2024-01-03\n');
  await project.spec('visits', spec('extracts/first.csv'));
  const [report] = await project.load();
  expect(report!.status).toBe('loaded');
  return report!.dataVersion!;
}

const state = async () => ({
  rows: await project.rows('SELECT visit_id, amount::VARCHAR AS amount, visited_on FROM visits ORDER BY visit_id'),
  catalogue: await project.rows(`SELECT data_version, row_count FROM hbi.datasets WHERE dataset = 'visits'`),
  scratch: await project.rows(`SELECT table_name FROM duckdb_tables() WHERE starts_with(table_name, '_staging_')`),
});

const firstVersion = (version: number) => ({
  rows: [
    { visit_id: 'V1', amount: '1.5000', visited_on: '2024-01-01' },
    { visit_id: 'V2', amount: '2.5000', visited_on: '2024-01-02' },
    { visit_id: 'V3', amount: '3.5000', visited_on: '2024-01-03' },
  ],
  catalogue: [{ data_version: String(version), row_count: '3' }],
  scratch: [],
});

describe('atomic loads', () => {
  it('keeps the previous version when a later file of a glob cannot be read', async () => {
    const version = await publishFirstVersion();
    await project.write('extracts/daily/visits_1.csv', 'visit_id,amount,visited_on\nN1,9,2024-02-01\n');
    await project.write('extracts/daily/visits_2.csv', iconv.encode('visit_id,amount,visited_on\n门诊,9,2024-02-02\n', 'gb18030'));
    await project.spec('visits', spec('extracts/daily/visits_*.csv'));
    const [report] = await project.load();
    expect(report).toMatchObject({ status: 'failed', dataVersion: version });
    expect(report!.message).toBe('extracts/daily/visits_2.csv: is not valid UTF-8 text. If it was saved by Excel on Chinese Windows, set source.encoding: gb18030');
    expect(await state()).toEqual(firstVersion(version));
  });

  it('keeps the previous version, queryable, when the loading process is killed', async () => {
    const version = await publishFirstVersion();
    project.close();
    const rows = 3_000_000;
    await withScratchDuckDb(`COPY (
        SELECT 'B' || i AS visit_id, (i % 1000) / 10 AS amount, DATE '2024-01-01' + (i % 365)::INT AS visited_on FROM range(${rows}) t(i)
      ) TO '${await project.write('extracts/big.csv', '')}' (HEADER)`);
    await project.spec('visits', spec('extracts/big.csv'));

    // The child reports each phase; it is killed as soon as it starts publishing, inside the
    // transaction that replaces the table.
    const script = await project.write('load-child.mts', `
      import { readConnectorProject } from ${JSON.stringify(new URL('./project.ts', import.meta.url).pathname)};
      import { openWarehouse } from ${JSON.stringify(new URL('./warehouse.ts', import.meta.url).pathname)};
      import { loadDatasets } from ${JSON.stringify(new URL('./load.ts', import.meta.url).pathname)};
      const dir = ${JSON.stringify(project.dir)};
      const warehouse = await openWarehouse(dir);
      await loadDatasets(warehouse, await readConnectorProject(dir), [], ({ phase }) => process.stdout.write(phase + '\\n'));
      process.stdout.write('finished\\n');
    `);
    const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stderr.on('data', (chunk) => (output += chunk));
    const phases: string[] = [];
    const exit = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    child.stdout.on('data', (chunk: Buffer) => {
      phases.push(...chunk.toString().split('\n').filter(Boolean));
      if (phases.includes('publishing')) child.kill('SIGKILL');
    });
    expect(await exit, `the child was not killed: ${phases.join(' ')} ${output}`).toBe('SIGKILL');
    expect(phases).not.toContain('finished');
    expect(phases).toContain('publishing');

    expect(await state()).toEqual(firstVersion(version));
    const [history] = await project.rows(`SELECT count(*) FILTER (WHERE status = 'loaded') AS loaded, max(load_id) AS last FROM hbi.loads`);
    expect(history).toEqual({ loaded: '1', last: String(version) });

    // …and the warehouse takes the next load as if nothing had happened.
    await project.write('extracts/second.csv', 'visit_id,amount,visited_on\nV9,9,2024-03-01\n');
    await project.spec('visits', spec('extracts/second.csv'));
    const [report] = await project.load();
    expect(report).toMatchObject({ status: 'loaded', rowsLoaded: 1 });
    expect(report!.dataVersion).toBeGreaterThan(version);
    expect(await project.rows('SELECT visit_id FROM visits')).toEqual([{ visit_id: 'V9' }]);
  });
});
