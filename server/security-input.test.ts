// Security battery, part 5: what a careless client, a truncated extract or a stolen session could
// do with input and time. Impossible days, YAML alias bombs, over-long upload names and cut
// multipart bodies are 400s naming the field and leave nothing behind; what the server answers
// with 500 is in its log; an extract cut short waits for confirmation while the previous version
// serves; logins neither tell which accounts exist nor lock a ward out; an event stream ends when
// its user is disabled; the server's files are its own; uploads are not kept forever.
import { connect } from 'node:net';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startHospitalServer, type ApiClient, type HospitalServer } from './testing/hospital-server.ts';
import { signedInApp, testPassword } from './testing/signed-in-app.ts';
import { GrowingDelay } from './auth/login-throttle.ts';
import { hashPassword, verifyPassword } from './auth/passwords.ts';
import type { Ticker } from './auth/session-watch.ts';
import { openWarehouse } from '../connectors/warehouse.ts';
import { openMetadataStore } from './store/duckdb-metadata-store.ts';
import { pruneUploads } from './uploads/load-jobs.ts';
import { runLoad } from './load-command.ts';
import { createTestProject } from '../connectors/test-project.ts';

/** A ticker the test drives: every registered callback runs when `tick()` is called. */
class ManualTicker {
  private readonly callbacks = new Set<() => void>();
  readonly ticker: Ticker = (_ms, tick) => {
    this.callbacks.add(tick);
    return () => this.callbacks.delete(tick);
  };
  tick(): void {
    for (const callback of [...this.callbacks]) callback();
  }
}

let server: HospitalServer;
let url: string;
let admin: ApiClient;
let yiwuchu: ApiClient;
let xinnei: ApiClient;
const ticks = new ManualTicker();

beforeAll(async () => {
  server = await startHospitalServer({ seed: 23, ticker: ticks.ticker });
  url = (await server.app.listen({ port: 0, host: '127.0.0.1' })).replace('localhost', '127.0.0.1');
  [admin, yiwuchu, xinnei] = await Promise.all(['admin', 'yiwuchu', 'xinnei'].map((u) => server.login(u))) as [ApiClient, ApiClient, ApiClient];
}, 120_000);
afterAll(async () => {
  await server?.close();
});

const login = (app: Awaited<ReturnType<typeof signedInApp>>['app'], username: string, password: string) =>
  app.inject({ method: 'POST', url: '/api/session', payload: { username, password } });

const uploadsDir = () => join(server.root, 'data', 'uploads');
const uploadFolders = async () => (await readdir(uploadsDir()).catch(() => [] as string[])).sort();

async function upload(client: ApiClient, dataset: string, name: string, content: string) {
  const form = new FormData();
  form.append('extract', new Blob([content], { type: 'text/csv' }), name);
  return fetch(`${url}/api/datasets/${dataset}/uploads`, { method: 'POST', headers: { cookie: client.cookie, 'x-csrf-token': client.csrfToken }, body: form });
}

/** The job's outcome, once its event stream has finished. */
async function outcomeOf(client: ApiClient, jobId: string): Promise<{ status: string; loadId: number | null; rowsLoaded: number; message: string | null }> {
  const text = await (await fetch(`${url}/api/jobs/${jobId}/events`, { headers: { cookie: client.cookie } })).text();
  const last = text.trim().split('\n\n').at(-1)!;
  return JSON.parse(last.split('\n')[1]!.replace('data: ', '')).outcome;
}

describe('impossible input', () => {
  it.each([
    ['timeRange.from', { timeRange: { from: '2024-02-30', to: '2024-03-31' } }],
    ['timeRange.to', { timeRange: { from: '2024-01-01', to: '2024-13-45' } }],
    ['asOf', { timeRange: { relative: 'this_month' }, asOf: '2025-02-29' }],
  ])('answers a day that does not exist in %s with 400 naming it, on the query, detail and export routes', async (field, part) => {
    for (const [path, body] of [
      ['/api/query', { metrics: ['discharges'], ...part }],
      ['/api/query/batch', { queries: [{ metrics: ['discharges'], ...part }] }],
      ['/api/query/export?format=csv', { metrics: ['discharges'], ...part }],
      ['/api/query/detail', { metric: 'discharges', ...part }],
      ['/api/query/detail/export?format=csv', { metric: 'discharges', ...part }],
    ] as const) {
      const response = await xinnei.call('POST', path, body);
      if (path === '/api/query/batch') {
        const line = JSON.parse(response.body.trim());
        expect(line.status, path).toBe(400);
        expect(line.error.message, path).toContain(field);
        continue;
      }
      expect(response.statusCode, `${path}: ${response.body}`).toBe(400);
      expect(response.json().message, path).toContain(field);
    }
    expect((await xinnei.call('POST', '/api/query/detail', { metric: 'discharges', cell: { time: '2024-02-30' } })).json().message).toContain('cell.time');
    // a leap day that exists is a day
    expect((await xinnei.call('POST', '/api/query', { metrics: ['discharges'], timeRange: { from: '2024-02-29', to: '2024-02-29' } })).statusCode).toBe(200);
  });

  it('answers a YAML alias bomb on board import with 400, without expanding it', async () => {
    const bomb = ['slug: bomb', 'a: &a ["x","x","x","x","x","x","x","x","x"]', 'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]', 'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
      'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]', 'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]', 'f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]', 'title: [*f,*f,*f,*f,*f,*f,*f,*f,*f]'].join('\n');
    const response = await yiwuchu.call('POST', '/api/dashboards/import', bomb, { 'content-type': 'application/yaml' });
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().message).toMatch(/alias/i);
  });

  it('refuses an upload whose name is over the file-name byte limit with 400, leaving no folder', async () => {
    const before = await uploadFolders();
    const response = await upload(yiwuchu, 'drug_inventory', `${'药品库存盘点表'.repeat(12)}.csv`, 'a,b\n1,2\n');
    expect(response.status).toBe(400);
    expect((await response.json() as { message: string }).message).toMatch(/^file: the name is \d+ bytes long/);
    expect(await uploadFolders()).toEqual(before);
  });

  it('keeps nothing of a multipart body cut before its end, and records the failed upload', async () => {
    const before = await uploadFolders();
    const auditBefore = (await server.store.audit.search({ username: 'yiwuchu', action: 'upload' })).total;
    const boundary = 'hbi-cut-boundary';
    const head = `--${boundary}\r\ncontent-disposition: form-data; name="extract"; filename="inventory.csv"\r\ncontent-type: text/csv\r\n\r\n`;
    const body = `${head}snapshot_date,sku_code\n${'20251231,SKU0001\n'.repeat(2000)}`;
    const { port } = new URL(url);
    await new Promise<void>((resolve) => {
      const socket = connect(Number(port), '127.0.0.1', () => {
        socket.write([
          'POST /api/datasets/drug_inventory/uploads HTTP/1.1', `host: 127.0.0.1:${port}`, `cookie: ${yiwuchu.cookie}`, `x-csrf-token: ${yiwuchu.csrfToken}`,
          `content-type: multipart/form-data; boundary=${boundary}`, `content-length: ${Buffer.byteLength(body) + 1000}`, '', '',
        ].join('\r\n'));
        socket.write(body, () => socket.destroy());
      });
      socket.on('close', () => resolve());
      socket.on('error', () => resolve());
    });
    await vi.waitFor(async () => {
      const { entries, total } = await server.store.audit.search({ username: 'yiwuchu', action: 'upload' });
      if (total <= auditBefore) throw new Error('the cut upload is not on record yet');
      expect(entries[0]).toMatchObject({ outcome: 'failed' });
    }, { timeout: 10_000, interval: 50 });
    expect(await uploadFolders()).toEqual(before);
  });

  it('logs what it answers with 500', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hbi-log-'));
    await mkdir(join(dir, 'manifest.json')); // a folder where a file should be: an error nobody caught
    const lines: string[] = [];
    const stream = new Writable({ write(chunk, _encoding, done) { lines.push(String(chunk)); done(); } });
    const app = await signedInApp({ extractsDir: dir, logger: { stream } });
    try {
      const response = await app.app.inject({ method: 'GET', url: '/api/extracts', headers: app.headers });
      expect(response.statusCode).toBe(500);
      expect(response.json().message).toContain('log');
      const logged = lines.map((l) => JSON.parse(l) as { level: number; err?: { message: string }; reqId?: string });
      expect(logged.some((l) => l.level >= 50 && /EISDIR|directory/i.test(l.err?.message ?? ''))).toBe(true);
    } finally {
      await app.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('an extract cut short', () => {
  const edVisits = `SELECT count(*)::INTEGER AS n FROM emergency_visits`;
  const count = async () => ((await server.warehouse.db.runAndReadAll(edVisits)).getRowObjectsJS()[0] as { n: number }).n;

  it('is held when its last record is cut mid-way (an upload stopped at 30 %): the previous version keeps serving until it is discarded', async () => {
    const whole = await readFile(join(server.root, 'extracts', 'ed', 'emergency_visits.csv'), 'utf8');
    // Stopped at 30 %, inside a record's second field (a stop just after a delimiter leaves a
    // record that may be whole, with an empty last column; the row drop holds that one).
    const cut = whole.slice(0, whole.lastIndexOf('\n', Math.floor(whole.length * 0.3)) + 20);
    expect(cut.at(-1)).not.toBe('\n');
    const rows = await count();
    const before = (await admin.call('POST', '/api/query', { metrics: ['ed_dwell_median_hours'] })).json();
    const job = await (await upload(yiwuchu, 'emergency_visits', 'emergency_visits.csv', cut)).json() as { id: string };
    const outcome = await outcomeOf(yiwuchu, job.id);
    expect(outcome.status).toBe('held');
    expect(outcome.message).toContain('cut mid-way');
    expect(outcome.message).toContain('keeps serving');
    expect(await count()).toBe(rows);
    expect((await admin.call('POST', '/api/query', { metrics: ['ed_dwell_median_hours'] })).json().rows).toEqual(before.rows);
    const held = (await server.store.audit.search({ action: 'load_held' })).entries[0]!;
    expect(held).toMatchObject({ username: 'yiwuchu', detail: { loadId: outcome.loadId, dataset: 'emergency_visits' } });

    const folders = await uploadFolders();
    expect((await xinnei.call('POST', `/api/loads/${outcome.loadId}/discard`)).statusCode).toBe(403);
    const discarded = await yiwuchu.call('POST', `/api/loads/${outcome.loadId}/discard`);
    expect(discarded.json()).toEqual({ loadId: outcome.loadId, status: 'discarded' });
    expect((await uploadFolders()).length).toBe(folders.length - 1);
    expect((await yiwuchu.call('POST', `/api/loads/${outcome.loadId}/confirm`)).statusCode).toBe(404);
    expect(await count()).toBe(rows);
    expect((await yiwuchu.call('GET', `/api/loads/${outcome.loadId}`)).json()).toMatchObject({ status: 'discarded' });
  });

  it('is held when whole lines are gone (cut at a line end): confirmed, it publishes', async () => {
    const whole = (await readFile(join(server.root, 'extracts', 'ed', 'emergency_visits.csv'), 'utf8')).split('\n');
    const short = `${whole.slice(0, Math.floor(whole.length * 0.3)).join('\n')}\n`;
    const rows = await count();
    const job = await (await upload(yiwuchu, 'emergency_visits', 'emergency_visits.csv', short)).json() as { id: string };
    const outcome = await outcomeOf(yiwuchu, job.id);
    expect(outcome.status).toBe('held');
    expect(outcome.message).toMatch(/fewer/);
    expect(await count()).toBe(rows);
    const confirmed = await yiwuchu.call('POST', `/api/loads/${outcome.loadId}/confirm`);
    expect(confirmed.statusCode).toBe(202);
    const published = await outcomeOf(yiwuchu, confirmed.json<{ id: string }>().id);
    expect(published).toMatchObject({ status: 'loaded', rowsLoaded: outcome.rowsLoaded });
    expect(await count()).toBe(outcome.rowsLoaded);
    expect((await server.store.audit.search({ action: 'load_confirmed' })).entries[0]).toMatchObject({ username: 'yiwuchu', detail: { loadId: outcome.loadId } });
  });

  it('is held by hbi load too, and --discard keeps the previous version, --confirm publishes', async () => {
    const project = await createTestProject();
    try {
      await project.spec('wards', `name: wards
source: { format: csv, path: extracts/wards.csv }
key: [ward_code]
holdRowDrop: 0.3
columns:
  - { name: ward_code, type: string, required: true }
  - { name: ward_name, type: string, required: true }
`);
      const wards = (n: number) => ['ward_code,ward_name', ...Array.from({ length: n }, (_, i) => `W${i},病区${i}`)].join('\n');
      const out = () => { const text: string[] = []; return { stream: new Writable({ write(c, _e, done) { text.push(String(c)); done(); } }), text }; };
      await project.write('extracts/wards.csv', `${wards(10)}\n`);
      expect((await runLoad({ projectDir: project.dir, datasets: ['wards'], json: false }, out().stream)).ok).toBe(true);
      await project.write('extracts/wards.csv', `${wards(6)}\n`); // 40 % fewer, past 30 %
      const held = out();
      const first = await runLoad({ projectDir: project.dir, datasets: ['wards'], json: false }, held.stream);
      expect(first.ok).toBe(false);
      expect(first.reports[0]).toMatchObject({ status: 'held' });
      expect(held.text.join('')).toContain('hbi load --confirm wards');
      const rowsNow = async () => {
        const [row] = await project.rows('SELECT count(*)::INTEGER AS n FROM wards');
        project.close(); // hbi load opens the file itself
        return row!.n;
      };
      expect(await rowsNow()).toBe(10);
      expect((await runLoad({ projectDir: project.dir, datasets: ['wards'], json: false, held: 'discard' }, out().stream)).ok).toBe(true);
      expect(await rowsNow()).toBe(10);
      expect((await runLoad({ projectDir: project.dir, datasets: ['wards'], json: false }, out().stream)).reports[0]!.status).toBe('held');
      const confirmed = await runLoad({ projectDir: project.dir, datasets: ['wards'], json: false, held: 'confirm' }, out().stream);
      expect(confirmed.reports[0]).toMatchObject({ status: 'loaded', rowsLoaded: 6 });
      expect(await rowsNow()).toBe(6);
      const statuses = await project.rows(`SELECT status FROM hbi.loads WHERE dataset = 'wards' ORDER BY load_id`);
      expect(statuses.map((s) => s.status)).toEqual(['loaded', 'discarded', 'confirmed', 'loaded']);
    } finally {
      await project.remove();
    }
  });
});

describe('logins', () => {
  it('doubles the delay with each failure past the free ones, up to 15 minutes, and forgets them a day after the last', () => {
    const delay = new GrowingDelay();
    expect([1, 2, 3, 4, 5, 6, 10, 14, 40].map((n) => delay.delayMs(n))).toEqual([0, 0, 0, 0, 1000, 2000, 32_000, 512_000, 900_000]);
    for (let i = 0; i < 6; i++) delay.fail(['admin'], 1000 * i);
    expect(delay.retryAfter(['admin'], 5000)).toBe(2);
    expect(delay.retryAfter(['admin'], 7000)).toBe(0);
    expect(delay.retryAfter(['admin'], 5000 + 24 * 3600_000)).toBe(0);
    delay.fail(['admin'], 6000 + 24 * 3600_000);
    expect(delay.retryAfter(['admin'], 6000 + 24 * 3600_000)).toBe(0); // a first failure again
  });

  it('lets thirty failures from one address (a ward behind NAT) through by default', async () => {
    const shared = await signedInApp({ extractsDir: join(server.root, 'extracts') });
    try {
      for (let i = 0; i < 30; i++) expect((await login(shared.app, `nurse${i}`, 'x')).statusCode).toBe(401);
      expect((await login(shared.app, 'tester', testPassword)).statusCode).toBe(200);
    } finally {
      await shared.close();
    }
  });

  it('checks a password for unknown and disabled accounts as for real ones (the answer time tells nothing)', async () => {
    const checked: string[] = [];
    const counting = await signedInApp({ extractsDir: join(server.root, 'extracts'), passwordCheck: async (password, hash) => { checked.push(hash); return verifyPassword(password, hash); } });
    try {
      await counting.store.users.create({ username: 'gone', displayName: 'x', role: 'viewer', department: null, disabled: true, passwordHash: await hashPassword('gone password 1') });
      checked.length = 0;
      for (const username of ['tester', 'nobody', 'gone']) expect((await login(counting.app, username, 'wrong password')).statusCode).toBe(401);
      expect(checked).toHaveLength(3);
      expect(checked.every((h) => h.startsWith('scrypt$'))).toBe(true);
    } finally {
      await counting.close();
    }
  });

});

describe('a long-lived event stream', () => {
  it('is closed once its user is disabled, at the next session check', async () => {
    const created = await admin.call('POST', '/api/users', { username: 'wardtv', displayName: '病区电视', role: 'viewer', password: 'ward tv password 1' });
    expect(created.statusCode).toBe(201);
    const session = await server.app.inject({ method: 'POST', url: '/api/session', payload: { username: 'wardtv', password: 'ward tv password 1' } });
    const cookie = `hbi_session=${session.cookies.find((c) => c.name === 'hbi_session')!.value}`;
    const response = await fetch(`${url}/api/events`, { headers: { cookie } });
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    expect((await reader.read()).value).toContain('connected');
    ticks.tick(); // still valid: nothing happens
    expect((await admin.call('PATCH', '/api/users/wardtv', { disabled: true })).statusCode).toBe(200);
    server.events.publish({ type: 'data_published', dataVersion: 1, at: '2025-12-31T00:00:00.000Z' });
    let seen = '';
    while (!seen.includes('data_published')) seen += (await reader.read()).value ?? ''; // events reach it until the check
    ticks.tick();
    let rest = '';
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) rest += chunk.value;
    expect(rest).toContain('session_ended');
    expect(server.events.listenerCount).toBe(0);
  });
});

describe("the server's files", () => {
  it('are created 0600 in 0700 folders: the warehouse, the metadata store and uploads', async () => {
    const project = await mkdtemp(join(tmpdir(), 'hbi-modes-'));
    try {
      const warehouse = await openWarehouse(project);
      warehouse.close();
      const store = await openMetadataStore(join(project, 'data', 'metadata.duckdb'));
      store.close();
      const mode = async (path: string) => (await stat(path)).mode & 0o777;
      expect(await mode(join(project, 'data'))).toBe(0o700);
      expect(await mode(join(project, 'data', 'warehouse.duckdb'))).toBe(0o600);
      expect(await mode(join(project, 'data', 'metadata.duckdb'))).toBe(0o600);
    } finally {
      await rm(project, { recursive: true, force: true });
    }
    const before = await uploadFolders();
    const job = await (await upload(yiwuchu, 'drug_inventory', 'modes.csv', 'snapshot_date,sku_code\n')).json() as { id: string };
    const folder = (await uploadFolders()).find((f) => !before.includes(f));
    if (folder) {
      expect((await stat(join(uploadsDir(), folder))).mode & 0o777).toBe(0o700);
      const [file] = await readdir(join(uploadsDir(), folder));
      if (file) expect((await stat(join(uploadsDir(), folder, file))).mode & 0o777).toBe(0o600);
    }
    await outcomeOf(yiwuchu, job.id);
  });

  it('drop a failed upload at once, and any upload after the retention period', async () => {
    const before = await uploadFolders();
    const job = await (await upload(yiwuchu, 'drug_inventory', 'broken.csv', 'not,the,columns\n1,2,3\n')).json() as { id: string };
    expect((await outcomeOf(yiwuchu, job.id)).status).toBe('failed');
    expect(await uploadFolders()).toEqual(before);
    const old = join(uploadsDir(), '2025-01-01T08-00-00-000Z-0badf00d');
    const recent = join(uploadsDir(), '2025-12-20T08-00-00-000Z-0000beef');
    for (const folder of [old, recent]) {
      await mkdir(folder, { recursive: true });
      await writeFile(join(folder, 'x.csv'), 'a\n');
    }
    const removed = await pruneUploads(server.root, 30, new Date('2025-12-31T00:00:00Z'));
    expect(removed).toEqual([join('data', 'uploads', '2025-01-01T08-00-00-000Z-0badf00d')]);
    expect(await uploadFolders()).toContain('2025-12-20T08-00-00-000Z-0000beef');
    await rm(recent, { recursive: true, force: true });
  });
});

describe('security headers', () => {
  it('come with every answer: a CSP without eval or framing, frame options, nosniff and a referrer policy', async () => {
    for (const response of [await server.app.inject({ method: 'GET', url: '/api/health' }), await admin.call('GET', '/api/datasets'), await server.app.inject({ method: 'GET', url: '/api/nothing' })]) {
      const csp = String(response.headers['content-security-policy']);
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('unsafe-eval');
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      expect(response.headers['x-frame-options']).toBe('DENY');
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['referrer-policy']).toBe('no-referrer');
    }
  });
});

describe('GET /api/health', () => {
  it('names no folder of the server, to anyone', async () => {
    for (const response of [await server.app.inject({ method: 'GET', url: '/api/health' }), await admin.call('GET', '/api/health')]) {
      expect(response.statusCode).toBe(200);
      expect(response.body).not.toContain(server.root);
      expect(response.body).not.toMatch(/"\/[^"]*"/);
    }
  });
});
