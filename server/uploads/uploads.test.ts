// Uploading an extract over real HTTP: multipart in, the load's progress as server-sent events,
// the report at /api/loads/:loadId; a refused upload keeps the data there was; a loaded one
// publishes a new data version, which the next query reads instead of a cached result.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHospitalServer, type ApiClient, type HospitalServer } from '../testing/hospital-server.ts';

let server: HospitalServer;
let url: string;
let admin: ApiClient;

beforeAll(async () => {
  server = await startHospitalServer({ seed: 31 });
  url = (await server.app.listen({ port: 0, host: '127.0.0.1' })).replace('localhost', '127.0.0.1');
  admin = await server.login('admin');
}, 120_000);
afterAll(async () => {
  await server?.close();
});

const header = 'snapshot_date,sku_code,drug_name,specification,unit,pharmacy,stock_qty,safety_stock';
const inventory = (rows: number, outOfStock: number, bad = 0) => [
  header,
  ...Array.from({ length: rows }, (_, i) => `20251231,SKU${String(i).padStart(4, '0')},阿莫西林,0.25g,盒,门诊药房,${i < outOfStock ? 0 : 20},10`),
  ...Array.from({ length: bad }, (_, i) => `20251231,BAD${i},坏行,x,盒,门诊药房,-5,10`),
].join('\n');

async function upload(client: ApiClient, dataset: string, name: string, text: string) {
  const form = new FormData();
  form.append('extract', new Blob([text], { type: 'text/csv' }), name);
  return fetch(`${url}/api/datasets/${dataset}/uploads`, { method: 'POST', headers: { cookie: client.cookie, 'x-csrf-token': client.csrfToken }, body: form });
}

/** Every server-sent event of a job, read until the stream ends. */
async function events(client: ApiClient, jobId: string): Promise<{ event: string; data: { state: string; phase: string | null; outcome: { status: string; loadId: number | null; rowsLoaded: number; rowsRejected: number; message: string | null } | null } }[]> {
  const response = await fetch(`${url}/api/jobs/${jobId}/events`, { headers: { cookie: client.cookie } });
  expect(response.headers.get('content-type')).toContain('text/event-stream');
  return (await response.text()).trim().split('\n\n').map((block) => {
    const [event, data] = block.split('\n') as [string, string];
    return { event: event.replace('event: ', ''), data: JSON.parse(data.replace('data: ', '')) };
  });
}

/** The first event on GET /api/events after the stream is open; the stream is then closed. */
async function firstEvent(client: ApiClient): Promise<{ event: string; data: Record<string, unknown> }> {
  const abort = new AbortController();
  const response = await fetch(`${url}/api/events`, { headers: { cookie: client.cookie }, signal: abort.signal });
  expect(response.headers.get('content-type')).toContain('text/event-stream');
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let text = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`the event stream ended before an event: ${text}`);
    text += value;
    const block = text.split('\n\n').find((b) => b.startsWith('event: '));
    if (block) {
      abort.abort();
      const [event, data] = block.split('\n') as [string, string];
      return { event: event.replace('event: ', ''), data: JSON.parse(data.replace('data: ', '')) };
    }
  }
}

const stockoutQuery = { metrics: ['drug_stockout_rate'], timeRange: { from: '2025-12-31', to: '2025-12-31' } };

describe('uploading an extract', () => {
  it('refuses a file with too many bad rows and keeps the data there was', async () => {
    const before = (await admin.call('POST', '/api/query', stockoutQuery)).json();
    const response = await upload(admin, 'drug_inventory', 'inventory.csv', inventory(3, 1, 1));
    expect(response.status).toBe(202);
    const job = await response.json() as { id: string; dataset: string };
    expect(job.dataset).toBe('drug_inventory');
    const stream = await events(admin, job.id);
    expect(stream.at(-1)!.event).toBe('finished');
    expect(stream.slice(0, -1).every((e) => e.event === 'progress')).toBe(true);
    expect(stream.at(-1)!.data.outcome).toMatchObject({ status: 'refused', rowsRejected: 1 });
    const report = (await admin.call('GET', `/api/loads/${stream.at(-1)!.data.outcome!.loadId}`)).json();
    expect(report).toMatchObject({ dataset: 'drug_inventory', status: 'refused' });
    expect(report.files[0].path).toMatch(/^data\/uploads\/.+\/inventory\.csv$/);
    const after = (await admin.call('POST', '/api/query', stockoutQuery)).json();
    expect(after.rows).toEqual(before.rows);
    expect(after.dataVersion).toBe(before.dataVersion);
  });

  it('loads a good file once confirmed (it has far fewer rows than the loaded table): a new data version, and queries read it instead of the cache', async () => {
    const before = (await admin.call('POST', '/api/query', stockoutQuery)).json();
    const published = firstEvent(await server.login('yuanban'));
    expect((await admin.call('POST', '/api/query', stockoutQuery)).json().cached).toBe(true);
    const job = await (await upload(admin, 'drug_inventory', '库存 2025-12-31.csv', inventory(40, 10))).json() as { id: string };
    const held = (await events(admin, job.id)).at(-1)!;
    expect(held.data.outcome).toMatchObject({ status: 'held', rowsLoaded: 40, rowsRejected: 0 });
    expect((await admin.call('POST', '/api/query', stockoutQuery)).json().rows).toEqual(before.rows);
    const confirmed = await admin.call('POST', `/api/loads/${held.data.outcome!.loadId}/confirm`);
    expect(confirmed.statusCode).toBe(202);
    const finished = (await events(admin, confirmed.json<{ id: string }>().id)).at(-1)!;
    expect(finished.data.outcome).toMatchObject({ status: 'loaded', rowsLoaded: 40, rowsRejected: 0 });
    const after = (await admin.call('POST', '/api/query', stockoutQuery)).json();
    expect(after.cached).toBe(false);
    expect(after.dataVersion).toBeGreaterThan(before.dataVersion);
    expect(after.rows[0].drug_stockout_rate).toBe(10 / 40);
    // The rollups are built again from the new rows; until then queries read the rows.
    await server.queries!.rollupsReady();
    expect((await admin.call('GET', '/api/health')).json().rollups).toMatchObject({ building: false });
    const fromRollup = (await admin.call('POST', '/api/query?sql=true', stockoutQuery)).json();
    expect(fromRollup.plan.groups.map((g: { rollup: string | null }) => g.rollup)).toEqual(['daily']);
    expect(fromRollup.rows[0].drug_stockout_rate).toBe(10 / 40);
    // Every open page (a viewer's board in TV mode) hears of the new data version.
    expect(await published).toMatchObject({ event: 'data_published', data: { type: 'data_published', dataVersion: after.dataVersion } });
    const [row] = (await server.warehouse.db.runAndReadAll('SELECT count(*) FILTER (WHERE stock_qty = 0) / count(*) FROM drug_inventory')).getRows();
    expect(row![0]).toBe(0.25);
    const audit = await server.store.audit.search({ action: 'upload' });
    expect(audit.entries.map((e) => e.detail.file)).toEqual(['库存 2025-12-31.csv', 'inventory.csv']);
  });

  it('is for data stewards, needs a file, a known dataset and a file source', async () => {
    const analyst = await server.login('xinnei');
    const refused = await upload(analyst, 'drug_inventory', 'x.csv', inventory(1, 0));
    expect(refused.status).toBe(403);
    expect((await refused.json() as { message: string }).message).toBe('the analyst role may not upload extracts or read load reports');
    const unknown = await upload(admin, 'no_such_dataset', 'x.csv', inventory(1, 0));
    expect(unknown.status).toBe(404);
    expect((await unknown.json() as { message: string }).message).toContain('no dataset "no_such_dataset"');
    const empty = await fetch(`${url}/api/datasets/drug_inventory/uploads`, { method: 'POST', headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrfToken, 'content-type': 'application/json' }, body: '{}' });
    expect(empty.status).toBe(400);
    expect((await admin.call('GET', '/api/jobs/999')).statusCode).toBe(404);
  });
});
