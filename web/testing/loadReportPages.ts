// Reading the datasets table and the load report page the way a user sees them, and the files
// behind them (extracts, CSV downloads) independently of connectors/ and server/. Shared by the
// browser tests; not part of the app.
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';

/** RFC 4180 records: quoted fields may hold commas, quotes ("") and line ends. */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let inQuotes = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (inQuotes) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') inQuotes = false;
      else field += char;
    } else if (char === '"') inQuotes = true;
    else if (char === ',') {
      record.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') i++;
      record.push(field);
      if (record.some((value) => value !== '')) records.push(record);
      record = [];
      field = '';
    } else field += char;
  }
  record.push(field);
  if (record.some((value) => value !== '')) records.push(record);
  return records;
}

/** The extract's header and its data records by record number (1 = first after the header). */
export async function readExtract(path: string, encoding: string): Promise<{ header: string[]; record: (row: number) => Record<string, string> }> {
  const [header = [], ...records] = parseCsv(new TextDecoder(encoding, { fatal: true }).decode(await readFile(path)));
  return {
    header,
    record(row) {
      const values = records[row - 1];
      if (!values) throw new Error(`${path} has no record ${row}`);
      return Object.fromEntries(header.map((name, i) => [name, values[i] ?? '']));
    },
  };
}

/** What a medical record number must look like masked: its two first and two last characters. */
export const maskedMrn = (raw: string) => `${raw.slice(0, 2)}${'*'.repeat(raw.length - 4)}${raw.slice(-2)}`;

// ---- reading the pages ----

export type ShownDataset = {
  name: string;
  title: string;
  rows: number | null;
  rowsText: string;
  lastLoad: string;
  status: string;
  rejected: number | null;
  dataVersion: number | null;
  reportHref: string | null;
  reportLink: string;
};

const zhDatasetHeaders = { dataset: '数据集', rows: '仓库行数', lastLoad: '最近加载', status: '状态', rejected: '被拒行数', dataVersion: '数据版本', report: '加载报告' };

export async function readDatasetTable(page: Page, name: string): Promise<ShownDataset[]> {
  const table = page.getByRole('table', { name, exact: true });
  await table.waitFor();
  return table.evaluate((element, headers): ShownDataset[] => {
    const headerTexts = [...element.querySelectorAll('thead th')].map((th) => th.textContent?.trim());
    const cell = (row: Element, header: string) => {
      const index = headerTexts.indexOf(header);
      if (index < 0) throw new Error(`no column "${header}" in ${JSON.stringify(headerTexts)}`);
      return row.children[index];
    };
    // Only roles that may read load reports get their column; for the others, reportHref is null.
    const reportCell = (row: Element) => (headerTexts.includes(headers.report) ? cell(row, headers.report) : undefined);
    const value = (element: Element | undefined) => {
      const data = element?.querySelector('data');
      return data ? Number(data.getAttribute('value')) : null;
    };
    const visible = (element: Element | undefined) => (element as HTMLElement | undefined)?.innerText.trim() ?? '';
    // What a screen reader says: without the marks hidden from it, with the words only it hears.
    const spoken = (element: Element | undefined) => {
      const copy = element?.cloneNode(true) as Element | undefined;
      for (const hidden of copy?.querySelectorAll('[aria-hidden="true"]') ?? []) hidden.remove();
      return copy?.textContent?.trim() ?? '';
    };
    return [...element.querySelectorAll('tbody tr')].map((row) => {
      const link = reportCell(row)?.querySelector('a');
      return {
        name: cell(row, headers.dataset)?.querySelector('code')?.textContent ?? '',
        title: cell(row, headers.dataset)?.querySelector('.item-title')?.textContent ?? '',
        rows: value(cell(row, headers.rows)),
        rowsText: spoken(cell(row, headers.rows)),
        lastLoad: visible(cell(row, headers.lastLoad)),
        status: spoken(cell(row, headers.status)),
        rejected: value(cell(row, headers.rejected)),
        dataVersion: value(cell(row, headers.dataVersion)),
        reportHref: link?.getAttribute('href') ?? null,
        reportLink: link?.getAttribute('aria-label') ?? '',
      };
    });
  }, zhDatasetHeaders);
}

export type ShownRejectGroup = { rule: string | null; label: string; column: string; rows: number; examples: Array<{ row: number; value: string; message: string }> };

export async function readRejectSummary(page: Page, name: string): Promise<ShownRejectGroup[]> {
  const table = page.getByRole('table', { name, exact: true });
  await table.waitFor();
  return table.evaluate((element) =>
    [...element.querySelectorAll('tbody')].map((group) => {
      const heading = group.querySelector('th[scope="rowgroup"]');
      const label = heading?.querySelector('.rule-label');
      return {
        rule: label?.getAttribute('data-rule') ?? null,
        label: label?.textContent ?? '',
        column: heading?.querySelector('.reject-column')?.textContent ?? '',
        rows: Number(heading?.querySelector('data')?.getAttribute('value')),
        examples: [...group.querySelectorAll('tr.reject-example')].map((row) => {
          const cells = [...row.children] as HTMLElement[];
          return {
            row: Number(row.querySelector('data')?.getAttribute('value')),
            value: cells[cells.length - 2]?.innerText.trim() ?? '',
            message: cells[cells.length - 1]?.innerText.trim() ?? '',
          };
        }),
      };
    }),
  );
}

export type ShownRejectedRow = { row: number; rules: string[]; source: Record<string, string> };

/** The rejected rows table: row number, rules, and the source values under their source headers. */
export async function readRejectedRows(page: Page, name: string, fixedHeaders: string[]): Promise<ShownRejectedRow[]> {
  const table = page.getByRole('table', { name, exact: true });
  await table.waitFor();
  return table.evaluate((element, fixedHeaders): ShownRejectedRow[] => {
    const headers = [...element.querySelectorAll('thead th')].map((th) => th.textContent?.trim() ?? '');
    return [...element.querySelectorAll('tbody tr')].map((row) => {
      const cells = [...row.children] as HTMLElement[];
      const source: Record<string, string> = {};
      headers.forEach((header, i) => {
        if (!fixedHeaders.includes(header)) source[header] = cells[i]?.innerText ?? '';
      });
      return {
        row: Number(row.querySelector('data')?.getAttribute('value')),
        rules: [...row.querySelectorAll('.rule-label')].map((label) => label.getAttribute('data-rule') ?? label.textContent ?? ''),
        source,
      };
    });
  }, fixedHeaders);
}

/** The load report's facts by label: the text shown, and the exact value where there is one. */
export async function readFacts(page: Page): Promise<Record<string, { text: string; value: number | null }>> {
  return page.locator('dl.load-facts').evaluate((dl) =>
    Object.fromEntries(
      [...dl.querySelectorAll(':scope > div')].map((pair) => {
        const dd = pair.querySelector('dd') as HTMLElement | null;
        const data = dd?.querySelector('data');
        return [pair.querySelector('dt')?.textContent ?? '', { text: dd?.innerText ?? '', value: data ? Number(data.getAttribute('value')) : null }];
      }),
    ),
  );
}

export const pagerText = (page: Page) => page.getByRole('navigation', { name: '被拒行分页' }).getByRole('status').innerText();
