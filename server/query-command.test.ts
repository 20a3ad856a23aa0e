import { cp, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './testing/run-cli.ts';
import { generateHospital } from '../examples/hospital/generator/generate.ts';

let project: string;
const hospital = new URL('../examples/hospital/', import.meta.url).pathname;

const run = runCli;

beforeAll(async () => {
  project = await mkdtemp(join(tmpdir(), 'hbi-query-'));
  await generateHospital({ outDir: join(project, 'extracts'), scale: 0.01, seed: 2, end: '2025-12-31' });
  await symlink(join(hospital, 'datasets'), join(project, 'datasets'));
  await symlink(join(hospital, 'model'), join(project, 'model'));
  await cp(join(hospital, 'metrics'), join(project, 'metrics'), { recursive: true });
  expect((await run(['load', '--project', project])).code).toBe(0);
});
afterAll(async () => {
  await rm(project, { recursive: true, force: true });
});

describe('hbi query', () => {
  it('prints JSON with columns, rows of numbers, metric versions and the data version', async () => {
    const { code, out } = await run(['query', '--project', project, '--metric', 'discharges', '--metric', 'alos', '--by', 'department',
      '--from', '2025-01-01', '--to', '2025-12-31', '--format', 'json']);
    expect(code).toBe(0);
    const result = JSON.parse(out);
    expect(result.columns.map((c: { name: string }) => c.name)).toEqual(['department', 'discharges', 'alos']);
    expect(result.rows.length).toBeGreaterThan(20);
    expect(typeof result.rows[0].discharges).toBe('number');
    expect(typeof result.rows[0].alos).toBe('number');
    expect(result.metricVersions).toEqual({ discharges: 1, alos: 1 });
    expect(result.dataVersion).toBeGreaterThan(0);
  });

  it('prints CSV and the SQL with its bound parameters', async () => {
    const { code, out } = await run(['query', '--project', project, '--metric', 'outpatient_visits', '--grain', 'quarter', '--range', 'last_year',
      '--as-of', '2025-06-01', '--format', 'csv', '--sql', '--where', "department = '0101'"]);
    expect(code).toBe(0);
    const [header, ...rest] = out.split('\n');
    expect(header).toBe('time,outpatient_visits');
    expect(rest.slice(0, 4).map((l) => l.split(',')[0])).toEqual(['2024-01-01', '2024-04-01', '2024-07-01', '2024-10-01']);
    expect(out).toMatch(/-- parameters: \[.*"普通","专家"/);
    expect(out).toContain('"0101"');
  });

  it.each([
    [['query', '--metric', 'alos', '--grain', 'fortnight'], '--grain must be one of'],
    [['query', '--metric', 'alos', '--range', 'last_week'], '--range must be one of'],
    [['query', '--metric', 'alos', '--from', '2025-01-01'], '--from and --to go together'],
    [['query', '--metric', 'alos', '--compare', 'wow'], '--compare must be yoy, mom or previous_period'],
  ])('refuses %j as a usage error', async (args, message) => {
    const { code, err } = await run([...args, '--project', project]);
    expect(code).toBe(2);
    expect(err).toContain(message);
  });

  it('names an unknown dimension in a filter with the closest valid one', async () => {
    const { code, err } = await run(['query', '--project', project, '--metric', 'discharges', '--where', "departmnt = '0101'"]);
    expect(code).toBe(2);
    expect(err).toMatch(/did you mean 'department'/);
  });
});

describe('metric versions', () => {
  it('records a new version when a definition changes, pins old ones with name@N, and says which version each number used', async () => {
    const query = async (...metrics: string[]) => JSON.parse((await run(['query', '--project', project, ...metrics.flatMap((m) => ['--metric', m]), '--format', 'json'])).out);
    const before = await query('inhospital_mortality_rate');
    const v1 = before.metricVersions.inhospital_mortality_rate;
    const file = join(project, 'metrics', 'inhospital_mortality_rate.yaml');
    const original = await readFile(file, 'utf8');
    // A governance decision: count deaths over all admissions, not only discharges.
    await writeFile(file, original.replace('denominator: inpatient_stays.discharges', 'denominator: inpatient_stays.admissions'));
    try {
      const after = await query('inhospital_mortality_rate', `inhospital_mortality_rate@${v1}`);
      expect(after.metricVersions).toEqual({ inhospital_mortality_rate: v1 + 1, [`inhospital_mortality_rate@${v1}`]: v1 });
      expect(after.rows[0][`inhospital_mortality_rate@${v1}`]).toBe(before.rows[0].inhospital_mortality_rate);
      expect(after.rows[0].inhospital_mortality_rate).toBeLessThan(before.rows[0].inhospital_mortality_rate);
      const history = JSON.parse(await readFile(join(project, 'data', 'metric-versions.json'), 'utf8'))
        .filter((v: { metric: string }) => v.metric === 'inhospital_mortality_rate');
      expect(history.map((v: { version: number; reason: string }) => [v.version, v.reason])).toEqual([
        [v1, expect.stringContaining('first seen in')], [v1 + 1, expect.stringContaining('inhospital_mortality_rate.yaml changed')],
      ]);
      expect(history[1].spec.denominator).toBe('inpatient_stays.admissions');
      expect(history[1].author).toBeTruthy();
      const missing = await run(['query', '--project', project, '--metric', 'inhospital_mortality_rate@9']);
      expect(missing.code).toBe(2);
      expect(missing.err).toContain(`inhospital_mortality_rate has versions 1–${v1 + 1}; there is no version 9`);
    } finally {
      await writeFile(file, original);
    }
  });
});

describe('hbi validate', () => {
  it("checks the project's dashboards, naming a bad tile's file and line", async () => {
    await cp(join(hospital, 'dashboards'), join(project, 'dashboards'), { recursive: true });
    try {
      expect((await run(['validate', '--project', project])).out).toContain('ok: 1 dashboards (hospital-operations)\n');
      await writeFile(join(project, 'dashboards', 'broken.yaml'), [
        'title: 坏看板', 'description: ""', 'tabs: []', 'filters: { dimensions: [] }', 'tiles:', '  - id: k', '    kind: chart',
        '    layout: { x: 0, y: 0, w: 3, h: 3 }', '    chart:', '      query: { metrics: [dischargs] }', '      chart: { type: kpi, y: [dischargs] }', '',
      ].join('\n'));
      const { code, err } = await run(['validate', '--project', project]);
      expect(code).toBe(1);
      expect(err).toMatch(/dashboards\/broken\.yaml:10:\d+: tile "k": no metric "dischargs"/);
    } finally {
      await rm(join(project, 'dashboards'), { recursive: true, force: true });
    }
  });

  it('reports a bad metric definition with its file, line and column', async () => {
    expect((await run(['validate', '--project', project])).out).toMatch(/^ok: \d+ model datasets, \d+ dimensions, \d+ measures, \d+ metrics\n/);
    await writeFile(join(project, 'metrics', 'broken.yaml'), [
      'name: broken', 'label: { zh: 坏, en: Broken }', 'type: ratio', 'numerator: inpatient_stays.deaths',
      'denominator: inpatient_stays.dischargs', 'owner: 医务处', 'description: test', '',
    ].join('\n'));
    const { code, err } = await run(['validate', '--project', project]);
    expect(code).toBe(1);
    expect(err).toMatch(/metrics\/broken\.yaml:5:14: inpatient_stays has no measure "dischargs" \(did you mean "discharges"\?\)/);
  });
});
