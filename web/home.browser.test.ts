// The home page, end to end: build the web app, generate the demo hospital, serve both with the
// real server, and read the page in Debian's Chromium. What the page says about each extract is
// checked against the files on disk, counted here independently of the server's own counters.
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { DuckDBInstance } from '@duckdb/node-api';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateHospital } from '../examples/hospital/generator/generate.ts';
import { signedInApp, testPassword, type SignedInApp } from '../server/testing/signed-in-app.ts';
import { artifactsDir, buildWebApp, hasChromium, openBrowserPage, repoRoot } from './testing/chromium.ts';
import { addSessionCookie, logInThroughPage } from './testing/session.ts';
import { formatCount } from './format/count.ts';
import { formatDay } from './format/day.ts';
import { formatFileSize } from './format/fileSize.ts';

/** The part of the generator's manifest.json this test relies on, spelled out on purpose. */
type Manifest = {
  seed: number;
  scale: number;
  from: string;
  to: string;
  extracts: Array<{
    name: string;
    format: 'csv' | 'xlsx' | 'parquet' | 'ndjson';
    encoding: 'utf-8' | 'gb18030' | null;
    compression: 'gzip' | null;
    file: string;
    /** xlsx: rows above the first data row of every sheet. */
    headerRows: number;
    sheets: string[] | null;
    rows: number;
  }>;
  defects: Array<{ extract: string }>;
};
type ManifestExtract = Manifest['extracts'][number];

/** One table row as the page shows it. */
type ShownExtract = {
  name: string;
  title: string;
  files: string[];
  sizeText: string;
  sizeBytes: number;
  rowsText: string;
  rows: number;
  defects: number;
};

// ---- counting records on disk, independently of connectors/ ----

/** Records of delimited text: line ends inside double quotes belong to a field, blank lines are nothing. */
function countCsvRecords(text: string): number {
  let records = 0;
  let inQuotes = false;
  let recordHasContent = false;
  for (const char of text) {
    if (char === '"') inQuotes = !inQuotes;
    if (char === '\n' && !inQuotes) {
      if (recordHasContent) records++;
      recordHasContent = false;
    } else if (char !== '\r') {
      recordHasContent = true;
    }
  }
  return recordHasContent ? records + 1 : records;
}

async function readText(path: string, extract: ManifestExtract): Promise<string> {
  const bytes = await readFile(path);
  const plain = extract.compression === 'gzip' ? gunzipSync(bytes) : bytes;
  return new TextDecoder(extract.encoding ?? 'utf-8', { fatal: true }).decode(plain);
}

async function countParquetRows(path: string): Promise<number> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const reader = await connection.runAndReadAll('SELECT count(*) AS n FROM read_parquet($1)', [path]);
    return Number(reader.getRows()[0]?.[0]);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

async function countXlsxRows(path: string, extract: ManifestExtract): Promise<number> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  if (extract.sheets) expect(workbook.worksheets.map((sheet) => sheet.name), `${extract.name}: worksheets`).toEqual(extract.sheets);
  let rows = 0;
  workbook.eachSheet((sheet) => {
    rows += sheet.actualRowCount - extract.headerRows;
  });
  return rows;
}

/** Data records of an extract's file: CSV headers and xlsx title/header rows are not data. */
async function countDataRecords(path: string, extract: ManifestExtract): Promise<number> {
  switch (extract.format) {
    case 'csv':
      return countCsvRecords(await readText(path, extract)) - 1;
    case 'ndjson': {
      const lines = (await readText(path, extract)).split('\n').filter((line) => line.trim() !== '');
      for (const line of lines) JSON.parse(line); // each line is one record, not a fragment
      return lines.length;
    }
    case 'parquet':
      return countParquetRows(path);
    case 'xlsx':
      return countXlsxRows(path, extract);
  }
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => relative(dir, join(entry.parentPath, entry.name)));
}

// ---- reading the page ----

/** The extract rows of the table, read by column header so the test fails if a column goes missing. */
type ColumnHeaders = { title: string; files: string; size: string; rows: string; defects: string };

async function readExtractTable(page: Page, caption: string, headers: ColumnHeaders) {
  const table = page.getByRole('table', { name: caption });
  await table.waitFor();
  return table.evaluate((element, headers): ShownExtract[] => {
    const headerTexts = [...element.querySelectorAll('thead th')].map((th) => th.textContent?.trim());
    const column = (header: string) => {
      const index = headerTexts.indexOf(header);
      if (index < 0) throw new Error(`no column "${header}" in ${JSON.stringify(headerTexts)}`);
      return index;
    };
    const value = (cell: Element | undefined) => Number(cell?.querySelector('data')?.getAttribute('value'));
    return [...element.querySelectorAll('tbody tr')].map((row) => {
      const cells = [...row.children];
      const titleCell = cells[column(headers.title)];
      const sizeCell = cells[column(headers.size)];
      const rowsCell = cells[column(headers.rows)];
      return {
        name: titleCell?.querySelector('code')?.textContent ?? '',
        title: titleCell?.querySelector('.item-title')?.textContent ?? '',
        files: [...(cells[column(headers.files)]?.querySelectorAll('code') ?? [])].map((code) => code.textContent ?? ''),
        sizeText: sizeCell?.textContent?.trim() ?? '',
        sizeBytes: value(sizeCell),
        rowsText: rowsCell?.textContent?.trim() ?? '',
        rows: value(rowsCell),
        defects: value(cells[column(headers.defects)]),
      };
    });
  }, headers);
}

const zhHeaders: ColumnHeaders = { title: '抽取文件', files: '文件', size: '大小', rows: '行数', defects: '注入缺陷' };
const enHeaders: ColumnHeaders = { title: 'Extract', files: 'Files', size: 'Size', rows: 'Rows', defects: 'Injected defects' };

describe.skipIf(!hasChromium)('home page in Chromium', () => {
  let workDir: string;
  let extractsDir: string;
  let webRoot: string;
  let server: SignedInApp | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let baseUrl: string;
  let manifest: Manifest;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'hbi-home-'));
    extractsDir = join(workDir, 'extracts');
    webRoot = join(workDir, 'web');
    await Promise.all([
      buildWebApp(webRoot),
      generateHospital({ outDir: extractsDir, scale: 0.01, seed: 7, end: '2025-12-31' }),
    ]);
    manifest = JSON.parse(await readFile(join(extractsDir, 'manifest.json'), 'utf8')) as Manifest;

    server = await signedInApp({ extractsDir, webRoot });
    baseUrl = await server.app.listen({ port: 0, host: '127.0.0.1' });

    ({ browser, page } = await openBrowserPage(pageErrors));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  it('opens in Chinese, and after logging in lists every extract with the rows and size found on disk', async () => {
    await page.goto(baseUrl);
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    await page.getByRole('heading', { name: 'HBI 医院数据平台' }).waitFor();
    await logInThroughPage(page, 'tester', testPassword);

    const shown = await readExtractTable(page, '部门数据抽取文件', zhHeaders);
    expect(shown.map((row) => row.name).sort()).toEqual(manifest.extracts.map((extract) => extract.name).sort());

    for (const extract of manifest.extracts) {
      const row = shown.find((candidate) => candidate.name === extract.name);
      const path = join(extractsDir, extract.file);
      const sizeBytes = (await stat(path)).size;
      const records = await countDataRecords(path, extract);

      expect(row?.files, `${extract.name}: file`).toEqual([extract.file]);
      expect(row?.rows, `${extract.name}: rows shown vs counted on disk`).toBe(records);
      expect(row?.rowsText, `${extract.name}: rows text`).toBe(formatCount(records, 'zh-CN'));
      expect(row?.sizeBytes, `${extract.name}: bytes shown vs on disk`).toBe(sizeBytes);
      expect(row?.sizeText, `${extract.name}: size text`).toBe(formatFileSize(sizeBytes, 'zh-CN'));
      expect(row?.defects, `${extract.name}: defects`).toBe(manifest.defects.filter((d) => d.extract === extract.name).length);
      // The generator's own count must agree with the file too, or its defect row numbers are off.
      expect(records, `${extract.name}: manifest rows vs counted on disk`).toBe(extract.rows);
    }

    // Nothing on disk is hidden from the page.
    const dataFiles = (await listFiles(extractsDir)).filter((file) => /\.(csv|csv\.gz|xlsx|parquet|ndjson)$/.test(file));
    expect(dataFiles.sort()).toEqual(shown.flatMap((row) => row.files).sort());
  });

  it('shows how the demo data was generated and the server version', async () => {
    await page.goto(baseUrl);
    const generation = page.getByRole('region', { name: '演示数据生成参数' });
    const text = await generation.innerText();
    expect(text).toContain(String(manifest.seed));
    expect(text).toContain(`${formatDay(manifest.from, 'zh-CN')} 至 ${formatDay('2025-12-31', 'zh-CN')}`);

    const version = (JSON.parse(await readFile(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;
    await page.getByRole('contentinfo').getByText(`HBI 服务端版本 ${version}`).waitFor();

    await page.screenshot({ path: join(artifactsDir, 'home-zh.png'), fullPage: true });
  });

  it('switches to English, and stays in English after a reload', async () => {
    await page.goto(baseUrl);
    await page.getByRole('button', { name: 'English' }).click();

    const shown = await readExtractTable(page, 'Departmental extracts', enHeaders);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.title()).toBe('HBI Hospital Data Platform');
    await page.getByRole('heading', { name: 'HBI Hospital Data Platform' }).waitFor();
    for (const row of shown) {
      expect(row.sizeText, row.name).toBe(formatFileSize(row.sizeBytes, 'en'));
      expect(row.title, row.name).not.toMatch(/\p{Script=Han}/u); // English titles, not the Chinese ones
    }

    await page.reload();
    await page.getByRole('table', { name: 'Departmental extracts' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.title()).toBe('HBI Hospital Data Platform');
    await page.getByRole('button', { name: '中文' }).waitFor();
    await page.screenshot({ path: join(artifactsDir, 'home-en.png'), fullPage: true });

    await page.getByRole('button', { name: '中文' }).click();
    await page.getByRole('table', { name: '部门数据抽取文件' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
  });

  it('says why the list cannot be read, and shows it after a retry once the cause is fixed', async () => {
    const brokenDir = join(workDir, 'broken');
    await mkdir(brokenDir);
    await writeFile(join(brokenDir, 'manifest.json'), '{ "seed": 7,');
    const broken = await signedInApp({ extractsDir: brokenDir, webRoot });
    try {
      // Another port is another origin: no stored language, so the page opens in Chinese. The
      // cookie, though, is per host: this server's session replaces the other one's.
      const brokenUrl = await broken.app.listen({ port: 0, host: '127.0.0.1' });
      await addSessionCookie(page.context(), brokenUrl, broken.headers.cookie);
      await page.goto(brokenUrl);
      const alert = page.getByRole('alert');
      await alert.waitFor();
      expect(await alert.innerText()).toMatch(/^无法读取抽取文件清单：.*manifest\.json is not valid JSON/);
      await page.screenshot({ path: join(artifactsDir, 'home-error-zh.png') });

      const emptyManifest = { seed: 7, scale: 0.01, from: '2024-01-01', to: '2025-12-31', extracts: [], defects: [] };
      await writeFile(join(brokenDir, 'manifest.json'), JSON.stringify(emptyManifest));
      await page.getByRole('button', { name: '重试' }).click();
      await page.getByText('抽取目录中没有找到抽取文件。').waitFor();
      expect(await page.getByRole('alert').count()).toBe(0);
    } finally {
      // Leave the page first: a request the page still has open keeps the server from closing.
      await page.goto('about:blank');
      await broken.close();
    }
    // The failed request itself is the one error the browser may report here.
    const unexpected = pageErrors.filter((message) => !message.includes('500 (Internal Server Error)'));
    pageErrors.length = 0;
    expect(unexpected).toEqual([]);
  });

  it('logged no errors in the browser', () => {
    expect(pageErrors).toEqual([]);
  });
});
