// Security battery, part 3: no unmasked patient identifier leaves the server for a role without
// the unmask grant. The identifiers are read from the warehouse itself (every PII-tagged column of
// every loaded dataset, and the raw source of rejected rows); every kind of response each role can
// get (queries by every dimension as JSON and Arrow, detail pages, detail and query exports as CSV
// and xlsx, the catalogue, load reports and rejected rows) is searched for any of them as raw text.
import JSZip from 'jszip';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dimensionColumns } from '../metrics/compile.ts';
import { regions } from '../examples/hospital/generator/reference.ts';
import { startHospitalServer, type ApiClient, type HospitalServer } from './testing/hospital-server.ts';

let server: HospitalServer;
const clients: Record<string, ApiClient> = {};
/** PII-tagged columns per loaded dataset, with the name of their column in the source file. */
let piiColumns: Map<string, { name: string; source: string; pii: string }[]>;
let identifiers: IdentifierIndex;

/** Every identifier of at least `minLength` characters, found in text by its first characters. */
class IdentifierIndex {
  private readonly byPrefix = new Map<string, string[]>();
  size = 0;
  constructor(values: Iterable<string>, private readonly minLength = 6) {
    for (const value of new Set(values)) {
      if (value.length < minLength) continue;
      const prefix = value.slice(0, minLength);
      this.byPrefix.set(prefix, [...(this.byPrefix.get(prefix) ?? []), value]);
      this.size++;
    }
  }
  /** The identifiers that occur in `text`. */
  find(text: string): string[] {
    const found = new Set<string>();
    for (let i = 0; i + this.minLength <= text.length; i++) {
      for (const value of this.byPrefix.get(text.slice(i, i + this.minLength)) ?? []) if (text.startsWith(value, i)) found.add(value);
    }
    return [...found];
  }
}

const xmlText = (xml: string) => xml.replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
  .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
  .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

/** Everything a response says, as text: JSON also with its strings decoded, xlsx unzipped, Arrow as UTF-8. */
async function textOf(response: LightMyRequestResponse): Promise<string> {
  const type = String(response.headers['content-type'] ?? '');
  if (type.includes('spreadsheetml')) {
    const zip = await JSZip.loadAsync(response.rawPayload);
    const parts = await Promise.all(Object.values(zip.files).filter((f) => !f.dir).map((f) => f.async('string')));
    return parts.map(xmlText).join('\n');
  }
  const raw = response.rawPayload.toString('utf8');
  if (!type.includes('json')) return raw;
  const strings: string[] = [];
  const walk = (value: unknown): void => {
    if (typeof value === 'string') strings.push(value);
    else if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') Object.entries(value).forEach(([k, v]) => { strings.push(k); walk(v); });
  };
  walk(JSON.parse(raw));
  return `${raw}\n${strings.join('\n')}`;
}

async function leaksIn(response: LightMyRequestResponse): Promise<string[]> {
  return identifiers.find(await textOf(response));
}

beforeAll(async () => {
  server = await startHospitalServer();
  for (const username of ['admin', 'yiwuchu', 'xinnei', 'jizhen', 'yuanban']) clients[username] = await server.login(username);
  const db = server.warehouse.db;
  const specs = (await db.runAndReadAll('SELECT dataset, spec::VARCHAR AS spec FROM hbi.datasets ORDER BY dataset')).getRowObjectsJS();
  piiColumns = new Map(specs.map((s) => [String(s.dataset), (JSON.parse(String(s.spec)).columns as { name: string; source?: string; pii: string | null }[])
    .filter((c) => c.pii).map((c) => ({ name: c.name, source: c.source ?? c.name, pii: c.pii! }))]));
  const values: string[] = [];
  const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;
  for (const [dataset, columns] of piiColumns) {
    // A birth date alone is a date like any other (admission days share them); the quasi-identifier battery checks it.
    for (const { name, source } of columns.filter((c) => c.pii !== 'birth_date')) {
      const loaded = await db.runAndReadAll(`SELECT DISTINCT ${quote(name)}::VARCHAR AS v FROM main.${quote(dataset)} WHERE ${quote(name)} IS NOT NULL`);
      values.push(...loaded.getRowObjectsJS().map((r) => String(r.v)));
      const rejected = await db.runAndReadAll(`SELECT DISTINCT json_extract_string(source, $path) AS v FROM rejects.${quote(dataset)}`, { path: `$."${source}"` });
      values.push(...rejected.getRowObjectsJS().filter((r) => r.v !== null).map((r) => String(r.v)));
    }
  }
  identifiers = new IdentifierIndex(values);
}, 120_000);
afterAll(async () => {
  await server?.close();
});

/** A metric counted over a dataset having each dimension: every dimension of the model is queried. */
const metricByDimension: Record<string, string> = {
  department: 'discharges', ward: 'discharges', doctor: 'discharges', admission_source: 'discharges', discharge_status: 'discharges', gender: 'discharges',
  drug: 'antibiotic_ddds', pharmacy: 'drug_stockout_rate', triage_level: 'ed_dwell_median_hours', disposition: 'ed_dwell_median_hours', area: 'ed_dwell_median_hours',
  test: 'critical_value_on_time_rate', visit_type: 'outpatient_visits', surgery_level: 'surgery_cancellation_rate',
};
const detailMetrics = ['discharges', 'outpatient_visits', 'new_infections', 'ed_dwell_median_hours', 'critical_value_on_time_rate', 'antibiotic_ddds',
  'surgery_cancellation_rate', 'readmission_30d_rate', 'occupied_bed_days', 'hai_incidence_rate'];
const exportedDetails = ['discharges', 'new_infections', 'ed_dwell_median_hours', 'surgery_cancellation_rate'];

describe('the identifiers searched for', () => {
  it('are the PII-tagged values of the warehouse: medical record numbers, ID numbers, phones and addresses', async () => {
    expect([...piiColumns.get('patients')!.map((c) => c.name)].sort()).toEqual(['address', 'birth_date', 'id_number', 'name', 'patient_id', 'phone']);
    expect(piiColumns.get('admissions')!.map((c) => c.name)).toEqual(['patient_id']);
    const [{ n }] = (await server.warehouse.db.runAndReadAll('SELECT count(*)::INTEGER AS n FROM patients')).getRowObjectsJS() as [{ n: number }];
    expect(identifiers.size).toBeGreaterThan(n * 3); // each patient's record number, ID number, phone and address
  });

  it('are found when they do leave: the admin (unmask grant) sees real values in detail pages and exports', async () => {
    const admin = clients.admin!;
    const page = await admin.call('POST', '/api/query/detail', { metric: 'discharges', limit: 50 });
    expect(page.statusCode).toBe(200);
    const first = page.json<{ rows: { patient_id: string }[] }>().rows[0]!.patient_id;
    expect(await leaksIn(page)).toContain(first);
    const xlsx = await admin.call('POST', '/api/query/detail/export?format=xlsx', { metric: 'new_infections' });
    expect((await leaksIn(xlsx)).length).toBeGreaterThan(0);
    const csv = await admin.call('POST', '/api/query/detail/export?format=csv', { metric: 'new_infections' });
    expect((await leaksIn(csv)).length).toBeGreaterThan(0);
  });
});

describe.each(['yiwuchu', 'xinnei', 'jizhen', 'yuanban'])('%s (no unmask grant)', (username) => {
  const isViewer = username === 'yuanban';
  const isSteward = username === 'yiwuchu';
  const client = () => clients[username]!;
  const expectClean = async (label: string, response: LightMyRequestResponse, status = 200) => {
    expect(response.statusCode, `${label}: ${response.body.slice(0, 300)}`).toBe(status);
    expect(await leaksIn(response), label).toEqual([]);
  };

  it('gets no identifier from queries by any dimension, as JSON, Arrow, CSV or xlsx', async () => {
    expect(Object.keys(metricByDimension).sort()).toEqual([...server.model.dimensions.keys()].sort());
    for (const [dimension, metric] of [...Object.entries(metricByDimension), ['time', 'discharges'] as const]) {
      const body = { metrics: [metric], dimensions: [dimension], ...(dimension === 'time' ? { grain: 'month' } : {}) };
      // managers compare departments and wards, not doctors (a column rule)
      const status = isViewer && dimension === 'doctor' ? 403 : 200;
      await expectClean(`query by ${dimension}`, await client().call('POST', '/api/query', body), status);
      await expectClean(`arrow by ${dimension}`, await client().call('POST', '/api/query', body, { accept: 'application/vnd.apache.arrow.stream' }), status);
      for (const format of ['csv', 'xlsx']) await expectClean(`${format} by ${dimension}`, await client().call('POST', `/api/query/export?format=${format}`, body), status);
    }
  });

  it('gets no identifier from detail pages and detail exports (viewers get none at all)', async () => {
    for (const metric of detailMetrics) {
      const response = await client().call('POST', '/api/query/detail', { metric, limit: 1000 });
      await expectClean(`detail ${metric}`, response, isViewer ? 403 : 200);
      if (isViewer) continue;
      const page = response.json<{ columns: { name: string; pii?: string; masked?: boolean }[]; rows: Record<string, unknown>[] }>();
      for (const column of page.columns.filter((c) => c.pii)) expect(column.masked, `${metric}.${column.name}`).toBe(true);
      if (page.rows.length === 1000) await expectClean(`detail ${metric} page 2`, await client().call('POST', '/api/query/detail', { metric, limit: 1000, offset: 1000 }));
    }
    for (const metric of exportedDetails) {
      for (const format of ['csv', 'xlsx']) {
        const response = await client().call('POST', `/api/query/detail/export?format=${format}`, { metric });
        await expectClean(`detail export ${metric} ${format}`, response, isViewer ? 403 : 200);
        if (!isViewer && metric === 'discharges') {
          // the export is not empty: there was something to leak
          expect(response.rawPayload.length, `${metric} ${format}`).toBeGreaterThan(10_000);
        }
      }
    }
  });

  it('gets no identifier from the catalogue, the session, the dataset list and load reports (stewards only)', async () => {
    for (const url of ['/api/session', '/api/catalogue', '/api/datasets', '/api/extracts', ...[...server.model.metrics.keys()].map((m) => `/api/catalogue/metrics/${m}`)]) {
      await expectClean(url, await client().call('GET', url));
    }
    // the load ids as a steward sees them: a department's analyst gets no load figures at all
    const { datasets } = (await clients.admin!.call('GET', '/api/datasets')).json<{ datasets: { name: string; lastLoad: { loadId: number; rowsRejected: number } | null }[] }>();
    const loads = datasets.flatMap((d) => (d.lastLoad ? [{ dataset: d.name, ...d.lastLoad }] : []));
    expect(loads.length).toBe(piiColumns.size);
    expect(loads.some((l) => l.rowsRejected > 0)).toBe(true);
    for (const load of loads) {
      for (const url of [`/api/loads/${load.loadId}`, `/api/loads/${load.loadId}/rejects?limit=1000`, `/api/loads/${load.loadId}/rejects.csv`]) {
        await expectClean(url, await client().call('GET', url), isSteward ? 200 : 403);
      }
    }
  });
});

describe('rejected rows', () => {
  // Masked for every steward, the admin too: they are read to fix extracts, not to identify patients.
  it.each(['yiwuchu', 'admin'])('reach %s with every PII-tagged source value changed, short names too', async (username) => {
    const steward = clients[username]!;
    const { datasets } = (await steward.call('GET', '/api/datasets')).json<{ datasets: { name: string; lastLoad: { loadId: number } | null }[] }>();
    let checked = 0;
    for (const d of datasets) {
      const columns = piiColumns.get(d.name) ?? [];
      if (!d.lastLoad || columns.length === 0) continue;
      const response = await steward.call('GET', `/api/loads/${d.lastLoad.loadId}/rejects?limit=1000`);
      expect(await leaksIn(response), d.name).toEqual([]);
      for (const url of [`/api/loads/${d.lastLoad.loadId}`, `/api/loads/${d.lastLoad.loadId}/rejects.csv`]) expect(await leaksIn(await steward.call('GET', url)), url).toEqual([]);
      const raw = new Map((await server.warehouse.db.runAndReadAll(`SELECT "row", source::VARCHAR AS source FROM rejects."${d.name}" WHERE load_id = ${d.lastLoad.loadId}`))
        .getRowObjectsJS().map((r) => [Number(r.row), JSON.parse(String(r.source)) as Record<string, string | null>]));
      for (const row of response.json<{ rows: { row: number; source: Record<string, string | null> }[] }>().rows) {
        for (const { source, pii } of columns) {
          const original = raw.get(row.row)?.[source];
          if (!original) continue;
          expect(row.source[source], `${d.name} row ${row.row} ${source}`).not.toBe(original);
          if (pii === 'birth_date') expect(row.source[source], `${d.name} row ${row.row} ${source}`).toMatch(/^(\d{4}|\*{4})$/);
          else expect(row.source[source], `${d.name} row ${row.row} ${source}`).toContain('*');
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(20);
  });
});

describe('filters reading patient identifiers', () => {
  it('are refused to analysts', async (context) => {
    const specs = (await server.warehouse.db.runAndReadAll('SELECT dataset, spec::VARCHAR AS spec FROM hbi.datasets')).getRowObjectsJS();
    const tagged = new Set(specs.flatMap((s) => (JSON.parse(String(s.spec)).columns as { name: string; pii: string | null }[])
      .filter((c) => c.pii).map((c) => `${String(s.dataset)}.${c.name}`)));
    const piiDimensions = [...server.model.dimensions.keys()].filter((d) => dimensionColumns(server.model, d).some((c) => tagged.has(`${c.table}.${c.column}`)));
    // The hospital's model has no dimension reading a PII-tagged column (patients are counted, never
    // grouped by who they are), so there is nothing to refuse; the case runs once a model has one.
    if (piiDimensions.length === 0) return context.skip();
    for (const dimension of piiDimensions) {
      const metric = metricByDimension[dimension] ?? 'discharges';
      const response = await clients.xinnei!.call('POST', '/api/query', { metrics: [metric], where: `${dimension} = 'P00000001'` });
      expect(response.statusCode, dimension).toBe(403);
      const drill = await clients.xinnei!.call('POST', '/api/query/detail', { metric, cell: { [dimension]: 'P00000001' } });
      expect(drill.statusCode, dimension).toBe(403);
    }
  });
});

describe('viewers', () => {
  it('are refused detail rows, detail exports and the doctor dimension', async () => {
    const viewer = clients.yuanban!;
    expect((await viewer.call('POST', '/api/query/detail', { metric: 'discharges' })).statusCode).toBe(403);
    for (const format of ['csv', 'xlsx']) expect((await viewer.call('POST', `/api/query/detail/export?format=${format}`, { metric: 'discharges' })).statusCode).toBe(403);
    for (const body of [{ metrics: ['discharges'], dimensions: ['doctor'] }, { metrics: ['discharges'], where: "doctor <> ''" }]) {
      expect((await viewer.call('POST', '/api/query', body)).statusCode).toBe(403);
      expect((await viewer.call('POST', '/api/query/export?format=csv', body)).statusCode).toBe(403);
    }
    const catalogue = (await viewer.call('GET', '/api/catalogue')).json<{ dimensions: { name: string }[] }>();
    expect(catalogue.dimensions.map((d) => d.name)).not.toContain('doctor');
  });
});

/**
 * Quasi-identifiers: an ID number is its region (6 digits, given by the address's district), the
 * birth date (8) and 4 more. Every response carrying patient rows, to every role without the unmask
 * grant (rejected rows: to every steward), must leave too little to rebuild one: no ID digits
 * before the last 4, no district of an address, birth dates as years.
 */
describe('quasi-identifiers', () => {
  /** The ID numbers an attacker could rebuild from one row: region from the address, birth date, last 4. */
  function rebuildable(row: Record<string, unknown>, columns: { name: string; pii: string }[]): string[] {
    const text = (tag: string) => columns.filter((c) => c.pii === tag).map((c) => String(row[c.name] ?? '')).join('');
    const address = text('address');
    const birth = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(text('birth_date'));
    const id = text('id_number');
    const region = regions.filter((r) => address.startsWith(r.address));
    const shownDigits = /^(\d+)\*/.exec(id)?.[1] ?? '';
    const regionDigits = shownDigits.length >= 6 ? [shownDigits.slice(0, 6)] : region.map((r) => r.code);
    if (regionDigits.length !== 1 || !birth || !/\d{4}$/.test(id)) return [];
    return [`${regionDigits[0]}${birth[1]}${birth[2]}${birth[3]}…${id.slice(-4)}`];
  }
  const districts = regions.map((r) => r.address);
  const expectNoQuasiLeak = (label: string, text: string) => {
    expect(text.match(/\d{3}\*{6,}/g) ?? [], `${label}: an ID number keeping more than its last 4 digits`).toEqual([]);
    expect(districts.filter((d) => text.includes(d)), `${label}: an address down to its district`).toEqual([]);
  };

  it.each(['yiwuchu', 'admin'])('leave rejected patient rows, their CSV and load reports unable to rebuild an ID number, for %s', async (username) => {
    const steward = clients[username]!;
    const { datasets } = (await steward.call('GET', '/api/datasets')).json<{ datasets: { name: string; lastLoad: { loadId: number } | null }[] }>();
    let rows = 0;
    for (const d of datasets) {
      const columns = piiColumns.get(d.name) ?? [];
      if (!d.lastLoad || columns.length === 0) continue;
      const page = await steward.call('GET', `/api/loads/${d.lastLoad.loadId}/rejects?limit=1000`);
      expectNoQuasiLeak(`${d.name} rejects`, await textOf(page));
      const bySource = columns.map((c) => ({ name: c.source, pii: c.pii }));
      for (const row of page.json<{ rows: { source: Record<string, string | null> }[] }>().rows) {
        expect(rebuildable(row.source, bySource), `${d.name}: ${JSON.stringify(row.source)}`).toEqual([]);
        for (const c of bySource.filter((b) => b.pii === 'birth_date')) if (row.source[c.name]) expect(row.source[c.name]).toMatch(/^(\d{4}|\*{4})$/);
        rows++;
      }
      for (const url of [`/api/loads/${d.lastLoad.loadId}/rejects.csv`, `/api/loads/${d.lastLoad.loadId}`]) expectNoQuasiLeak(url, await textOf(await steward.call('GET', url)));
    }
    expect(rows).toBeGreaterThan(0);
    // the rows held something to rebuild from: rejected patient rows with an ID number and an address
    const [{ n }] = (await server.warehouse.db.runAndReadAll(`SELECT count(*)::INTEGER AS n FROM rejects.patients WHERE json_extract_string(source, '$.id_number') IS NOT NULL AND json_extract_string(source, '$.address') IS NOT NULL`)).getRowObjectsJS() as [{ n: number }];
    expect(n).toBeGreaterThan(0);
  });

  it.each(['yiwuchu', 'xinnei', 'jizhen'])('leave detail pages and detail exports unable to rebuild an ID number, for %s', async (username) => {
    const client = clients[username]!;
    for (const metric of detailMetrics) {
      const response = await client.call('POST', '/api/query/detail', { metric, limit: 1000 });
      expect(response.statusCode, metric).toBe(200);
      const page = response.json<{ columns: { name: string; pii?: string }[]; rows: Record<string, unknown>[] }>();
      const tagged = page.columns.filter((c): c is { name: string; pii: string } => Boolean(c.pii));
      for (const row of page.rows) expect(rebuildable(row, tagged), metric).toEqual([]);
      for (const c of tagged.filter((t) => t.pii === 'birth_date')) for (const row of page.rows) if (row[c.name]) expect(String(row[c.name])).toMatch(/^\d{4}$/);
      expectNoQuasiLeak(`detail ${metric}`, await textOf(response));
    }
    for (const metric of exportedDetails) {
      for (const format of ['csv', 'xlsx']) expectNoQuasiLeak(`${metric} ${format}`, await textOf(await client.call('POST', `/api/query/detail/export?format=${format}`, { metric })));
    }
  });
});
