// The query server under load: a dashboard-like mix of metric queries POSTed to /api/query by 50
// concurrent clients (autocannon, loopback) on the scale-1 hospital, cached (the same tiles again
// and again) and uncached (each request a new period), with the server's peak memory. The
// baseline is raw DuckDB running the same compiled SQL with the same concurrency, no HTTP.
import { spawn } from 'node:child_process';
import { mkdir, readFile, rm, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { DuckDBInstance } from '@duckdb/node-api';
import { readSemanticModel } from '../metrics/model/semantic-model.ts';
import { compileQuery, type MetricQuery } from '../metrics/compile.ts';
import type { BenchContext, BenchFigure } from './run.ts';

const clients = 50;
const seconds = 15;

/** One board's tiles: each a metric query the way the cockpit asks it. */
const tiles: MetricQuery[] = [
  { metrics: ['discharges'], dimensions: ['department'] },
  { metrics: ['alos'], dimensions: ['time'], grain: 'month' },
  { metrics: ['bed_occupancy_rate'], dimensions: ['department'] },
  { metrics: ['outpatient_emergency_visits'], dimensions: ['time'], grain: 'day', compare: ['yoy'] },
  { metrics: ['ed_dwell_median_hours'] },
  { metrics: ['critical_value_on_time_rate'], dimensions: ['department'] },
  { metrics: ['antibiotic_use_density'], dimensions: ['department'] },
  { metrics: ['drug_stockout_rate'], dimensions: ['time'], grain: 'week' },
];

const addDays = (day: string, days: number) => new Date(Date.parse(day) + days * 86_400_000).toISOString().slice(0, 10);

/** The i-th request of a run: cached runs cycle through the tiles over one period; uncached ones move the period a day per round. */
function requestBody(i: number, cached: boolean, end: string): MetricQuery {
  const tile = tiles[i % tiles.length]!;
  const asOf = cached ? end : addDays(end, -1 - Math.floor(i / tiles.length));
  return { ...tile, timeRange: { relative: 'last_30_days' }, asOf };
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

export async function startServer(project: string): Promise<{ url: string; stop(): Promise<number> }> {
  const child = spawn(process.execPath, ['bin/hbi.js', 'serve', '--demo', '--project', project, '--port', '0'], {
    env: { ...process.env, UV_THREADPOOL_SIZE: '16' }, stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const match = /serving (http:\/\/\S+)/.exec(text);
      if (match) resolve(match[1]!.replace('localhost', '127.0.0.1'));
    });
    child.once('exit', (code) => reject(new Error(`the server exited (${code}) before serving:\n${text}`)));
  });
  // Figures are taken once the rollups are built, as a server that has been up a few seconds runs.
  for (;;) {
    const health = await (await fetch(`${url}/api/health`)).json() as { rollups?: { building: boolean } };
    if (health.rollups && !health.rollups.building) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    url,
    async stop() {
      const status = await readFile(`/proc/${child.pid}/status`, 'utf8');
      const peakKiB = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGINT');
      await exited;
      return peakKiB * 1024;
    },
  };
}

/** Headers of an admin session for JSON API calls: cookie, CSRF token, content type. */
export async function apiHeaders(url: string, project: string): Promise<Record<string, string>> {
  const passwords = JSON.parse(await readFile(join(project, 'data', 'demo-accounts.json'), 'utf8')) as Record<string, string>;
  const response = await fetch(`${url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: passwords.admin }) });
  if (!response.ok) throw new Error(`login: ${response.status} ${await response.text()}`);
  const cookie = response.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const { csrfToken } = await response.json() as { csrfToken: string };
  return { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' };
}

async function load(url: string, headers: Record<string, string>, cached: boolean, end: string) {
  let i = 0;
  const result = await autocannon({
    url, connections: clients, duration: seconds,
    requests: [{ method: 'POST', path: '/api/query', headers, setupRequest: (request) => ({ ...request, body: JSON.stringify(requestBody(i++, cached, end)) }) }],
  });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${result.non2xx} non-2xx replies and ${result.errors} errors under load`);
  return { p50: result.latency.p50, p99: result.latency.p99, perSecond: result.requests.average, requests: result.requests.total };
}

/** The same queries compiled for the rows (no rollups) straight on DuckDB: `clients` workers, each with its own connection, `total` queries in all. */
async function rawDuckDb(project: string, total: number, end: string) {
  const model = await readSemanticModel(project);
  const instance = await DuckDBInstance.create(join(project, 'data', 'warehouse.duckdb'), { access_mode: 'READ_ONLY' });
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: clients }, async () => {
    const connection = await instance.connect();
    for (let i = next++; i < total; i = next++) {
      const { sql } = compileQuery(model, requestBody(i, false, end));
      const began = performance.now();
      await connection.runAndReadAll(sql.text, sql.params as never);
      latencies.push(performance.now() - began);
    }
    connection.closeSync();
  }));
  const elapsed = (performance.now() - started) / 1000;
  instance.closeSync();
  latencies.sort((a, b) => a - b);
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), perSecond: total / elapsed };
}

/** A project folder of the hospital example over the scale-1 extracts; the server loads it on start. */
export async function prepareScale1Project(context: BenchContext, name: string): Promise<string> {
  const project = join(context.workDir, name);
  await rm(project, { recursive: true, force: true });
  await mkdir(project, { recursive: true });
  await symlink(await context.scale1Extracts(), join(project, 'extracts'));
  for (const entry of ['datasets', 'model', 'metrics', 'dashboards', 'access.yaml']) await symlink(new URL(`../examples/hospital/${entry}`, import.meta.url).pathname, join(project, entry));
  return project;
}

export async function benchServer(context: BenchContext): Promise<BenchFigure[]> {
  const project = await prepareScale1Project(context, 'server-project');
  const end = (JSON.parse(await readFile(join(project, 'extracts', 'manifest.json'), 'utf8')) as { to: string }).to;

  const server = await startServer(project);
  let peakBytes = 0;
  let uncached;
  let cached;
  try {
    const headers = await apiHeaders(server.url, project);
    uncached = await load(server.url, headers, false, end);
    cached = await load(server.url, headers, true, end);
  } finally {
    peakBytes = await server.stop();
  }
  const raw = await rawDuckDb(project, Math.min(uncached.requests, 4000), end);
  const ms = (v: number) => `${v.toFixed(1)} ms`;
  return [
    { figure: `/api/query uncached, ${clients} clients: p50 / p99`, value: `${ms(uncached.p50)} / ${ms(uncached.p99)}`, baseline: `raw DuckDB, the same queries on the rows, same concurrency: ${ms(raw.p50)} / ${ms(raw.p99)}`, ratio: (uncached.p50 / raw.p50).toFixed(2) },
    { figure: `/api/query uncached throughput`, value: `${uncached.perSecond.toFixed(0)} req/s`, baseline: `raw DuckDB: ${raw.perSecond.toFixed(0)} queries/s`, ratio: (raw.perSecond / uncached.perSecond).toFixed(2) },
    { figure: `/api/query cached, ${clients} clients: p50 / p99`, value: `${ms(cached.p50)} / ${ms(cached.p99)}`, baseline: `raw DuckDB p50 ${ms(raw.p50)}`, ratio: (cached.p50 / raw.p50).toFixed(2) },
    { figure: `/api/query cached throughput`, value: `${cached.perSecond.toFixed(0)} req/s`, baseline: `raw DuckDB: ${raw.perSecond.toFixed(0)} queries/s`, ratio: (raw.perSecond / cached.perSecond).toFixed(2) },
    { figure: 'query server peak memory (RSS) under load', value: `${(peakBytes / 1024 ** 3).toFixed(2)} GiB`, baseline: '—', ratio: '—' },
  ];
}
