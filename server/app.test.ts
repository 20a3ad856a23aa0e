import { mkdtemp, rm, stat, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInApp, type SignedInApp } from './testing/signed-in-app.ts';
import { generateHospital, type GenerationManifest } from '../examples/hospital/generator/generate.ts';
import type { ExtractListing, HealthReport } from '../web/api/types.ts';

let root: string;
let manifest: GenerationManifest;
let app: SignedInApp;
const get = (server: SignedInApp, url: string) => server.app.inject({ method: 'GET', url, headers: server.headers });

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'hbi-app-'));
  manifest = await generateHospital({ outDir: join(root, 'extracts'), scale: 0.01, seed: 3, end: '2025-06-30' });
  await mkdir(join(root, 'web'));
  await writeFile(join(root, 'web', 'index.html'), '<!doctype html><title>HBI</title><div id="root"></div>');
  await mkdir(join(root, 'web', 'assets'));
  await writeFile(join(root, 'web', 'assets', 'index-C_kUb1D6.js'), 'console.log("HBI");');
  app = await signedInApp({ extractsDir: join(root, 'extracts'), webRoot: join(root, 'web') });
});
afterAll(async () => {
  await app?.close();
  await rm(root, { recursive: true, force: true });
});

describe('GET /api/health', () => {
  it('answers status and version', async () => {
    const response = await app.app.inject({ method: 'GET', url: '/api/health' });
    expect(response.statusCode).toBe(200);
    const body = response.json<HealthReport>();
    expect(body.status).toBe('ok');
    expect(body.version).toMatch(/^\d+\.\d+\.\d+/);
  });
});

describe('GET /api/extracts', () => {
  it('lists every extract with the size and row count of its file on disk', async () => {
    const response = await get(app, '/api/extracts');
    expect(response.statusCode).toBe(200);
    const listing = response.json<ExtractListing>();
    expect(listing.generation).toMatchObject({ seed: 3, scale: 0.01, from: '2023-07-01', to: '2025-06-30' });
    expect(listing.extracts.map((e) => e.name)).toEqual(manifest.extracts.map((e) => e.name));
    for (const extract of listing.extracts) {
      const written = manifest.extracts.find((e) => e.name === extract.name)!;
      const [file] = extract.files;
      expect(file!.path).toBe(written.file);
      expect(extract.sizeBytes).toBe((await stat(join(root, 'extracts', written.file))).size);
      expect(extract.rows, extract.name).toBe(written.rows);
      expect(extract.defects).toBe(manifest.defects.filter((d) => d.extract === extract.name).length);
    }
    const outpatient = listing.extracts.find((e) => e.name === 'outpatient_visits')!;
    expect(outpatient).toMatchObject({ sourceSystem: 'HIS', format: 'csv', encoding: 'gb18030', title: { zh: '门诊挂号就诊' } });
  });

  it('recounts a file that changed on disk', async () => {
    const dir = join(root, 'changed');
    await generateHospital({ outDir: dir, scale: 0.01, seed: 4, end: '2025-06-30' });
    const changedApp = await signedInApp({ extractsDir: dir });
    const before = (await get(changedApp, '/api/extracts')).json<ExtractListing>();
    await writeFile(join(dir, 'his/departments.csv'), 'dept_code,dept_name,dept_category\n0101,心血管内科,内科系统\n');
    const after = (await get(changedApp, '/api/extracts')).json<ExtractListing>();
    expect(before.extracts.find((e) => e.name === 'departments')!.rows).toBe(31);
    expect(after.extracts.find((e) => e.name === 'departments')!.rows).toBe(1);
    await changedApp.close();
  });

  it('answers an empty listing for a folder without extracts, and a clear error for a missing file', async () => {
    const empty = await signedInApp({ extractsDir: join(root, 'nothing-here') });
    expect((await get(empty, '/api/extracts')).json()).toEqual({ generation: null, extracts: [] });
    await empty.close();
    const dir = join(root, 'broken');
    await generateHospital({ outDir: dir, scale: 0.01, seed: 5, end: '2025-06-30' });
    await rm(join(dir, 'or/surgeries.csv'));
    const broken = await signedInApp({ extractsDir: dir });
    const response = await get(broken, '/api/extracts');
    expect(response.statusCode).toBe(500);
    expect(response.json().message).toContain('or/surgeries.csv');
    await broken.close();
  });
});

describe('GET /api/dashboards without a project', () => {
  it('lists no boards and no home board: the web app opens on its data page', async () => {
    expect((await get(app, '/api/dashboards')).json()).toEqual({ dashboards: [], home: null });
    expect((await get(app, '/api/dashboards/home')).json()).toEqual({ dashboard: null });
  });
});

describe('web app', () => {
  it('serves index.html for client-side routes and JSON 404s for unknown API paths', async () => {
    const page = await app.app.inject('/some/page');
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    const api = await get(app, '/api/nope');
    expect(api.statusCode).toBe(404);
    expect(api.json().message).toContain('/api/nope');
  });

  it('lets the browser keep hashed assets for good, and keeps no copy of the page (it carries the session)', async () => {
    const asset = await app.app.inject('/assets/index-C_kUb1D6.js');
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    for (const url of ['/', '/index.html', '/dashboards/8e98f446-e249-4e04-921f-576737fcf646']) {
      const page = await app.app.inject(url);
      expect(page.statusCode, url).toBe(200);
      expect(page.headers['content-type'], url).toContain('text/html');
      expect(page.headers['cache-control'], url).toBe('no-store');
      expect(page.body, url).toContain('<div id="root"></div>');
    }
    // An asset that is not there (an old build's) is no page: the client-side route fallback must not be kept for good either.
    const missing = await app.app.inject('/assets/index-gone.js');
    expect(missing.headers['cache-control']).not.toContain('immutable');
  });
});
