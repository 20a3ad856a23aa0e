// The DuckDB metadata store on real files: every method, what survives a restart, migrations,
// and hostile strings kept as plain values.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MetricSpec } from '../../metrics/model/metric-spec.ts';
import { definitionHash, recordMetricVersions } from '../../metrics/versions/metric-versions.ts';
import { openMetadataStore } from './duckdb-metadata-store.ts';
import { onFile as onFileAt, sqlOnFile, type FileConnection } from './testing/file-sql.ts';
import { MetadataConflict, type MetadataStore } from './metadata-store.ts';
import { MetadataSchemaTooNew, migrate, migrations } from './migrations.ts';

let dir: string;
let file: string;
let now: Date;
const open: MetadataStore[] = [];

async function openStore(path = file): Promise<MetadataStore> {
  const store = await openMetadataStore(path, { clock: () => now });
  open.push(store);
  return store;
}

function closeAll() {
  for (const store of open.splice(0)) store.close();
}

const onFile = <T>(run: (db: FileConnection) => Promise<T>) => onFileAt(file, run);
const sql = (text: string) => sqlOnFile(file, text);

/** Closes `store` first: DuckDB shows one instance's writes to another only once they are on disk. */
async function sqlAfterClose(store: MetadataStore, text: string) {
  store.close();
  open.splice(open.indexOf(store), 1);
  return sql(text);
}

const user = (username: string, extra: Partial<{ role: 'admin' | 'analyst' | 'viewer'; department: string | null; displayName: string }> = {}) => ({
  username, displayName: extra.displayName ?? `${username} 医生`, role: extra.role ?? 'analyst' as const,
  department: extra.department === undefined ? '0101' : extra.department, disabled: false, passwordHash: `scrypt$16384$8$1$salt$${username}`,
});

const spec = (name: string, description = '平均住院日'): MetricSpec => ({
  name, label: { zh: '平均住院日', en: 'ALOS' }, type: 'ratio', numerator: 'inpatient.bed_days', denominator: 'discharges',
  owner: '医务处', description, synonyms: ['住院日', "it's \"quoted\""],
});

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hbi-metadata-'));
  file = join(dir, 'data', 'metadata.duckdb');
  now = new Date('2025-03-01T08:00:00.000Z');
});
afterEach(async () => {
  closeAll();
  await rm(dir, { recursive: true, force: true });
});

describe('users', () => {
  it('creates, lists, gets, updates and removes users', async () => {
    const store = await openStore();
    expect(await store.users.create(user('zhang', { role: 'viewer' }))).toEqual({
      username: 'zhang', displayName: 'zhang 医生', role: 'viewer', department: '0101', disabled: false, createdAt: '2025-03-01T08:00:00.000Z',
    });
    now = new Date('2025-03-02T09:30:00.123Z');
    await store.users.create(user('admin', { role: 'admin', department: null }));
    expect((await store.users.list()).map((u) => [u.username, u.role, u.department, u.createdAt])).toEqual([
      ['admin', 'admin', null, '2025-03-02T09:30:00.123Z'], ['zhang', 'viewer', '0101', '2025-03-01T08:00:00.000Z'],
    ]);
    expect(await store.users.list()).not.toContainEqual(expect.objectContaining({ passwordHash: expect.anything() }));
    expect((await store.users.get('zhang'))?.passwordHash).toBe('scrypt$16384$8$1$salt$zhang');
    expect(await store.users.get('nobody')).toBeNull();

    expect(await store.users.update('zhang', { role: 'analyst', department: null, disabled: true, displayName: undefined })).toEqual({
      username: 'zhang', displayName: 'zhang 医生', role: 'analyst', department: null, disabled: true, createdAt: '2025-03-01T08:00:00.000Z',
    });
    await store.users.update('zhang', { passwordHash: 'scrypt$new' });
    expect(await store.users.get('zhang')).toMatchObject({ passwordHash: 'scrypt$new', role: 'analyst', disabled: true });
    expect(await store.users.update('nobody', { role: 'admin' })).toBeNull();

    expect(await store.users.remove('zhang')).toBe(true);
    expect(await store.users.remove('zhang')).toBe(false);
    expect((await store.users.list()).map((u) => u.username)).toEqual(['admin']);
  });

  it('refuses a second user of the same name with MetadataConflict, keeping the first', async () => {
    const store = await openStore();
    await store.users.create(user('li', { displayName: '李医生' }));
    const second = store.users.create(user('li', { displayName: '另一个李' }));
    await expect(second).rejects.toBeInstanceOf(MetadataConflict);
    await expect(second).rejects.toThrow('a user "li" exists already');
    expect((await store.users.get('li'))?.displayName).toBe('李医生');
  });

  it('ends the sessions of a removed user', async () => {
    const store = await openStore();
    await store.users.create(user('wang'));
    await store.sessions.create({ tokenHash: 'h1', username: 'wang', csrfToken: 'c', createdAt: '2025-03-01T08:00:00Z', expiresAt: '2025-03-01T16:00:00Z' });
    await store.users.remove('wang');
    await store.users.create(user('wang'));
    expect(await store.sessions.get('h1', now)).toBeNull();
  });
});

describe('reads kept in memory', () => {
  it('never outlive a change: a user, a session and the policies read after a change are the changed ones', async () => {
    const store = await openStore();
    await store.users.create(user('li'));
    expect((await store.users.get('li'))!.role).toBe('analyst');
    await store.users.update('li', { role: 'viewer' });
    expect((await store.users.get('li'))!.role).toBe('viewer');
    await store.sessions.create({ tokenHash: 't1', username: 'li', csrfToken: 'c', createdAt: '2025-03-01T08:00:00Z', expiresAt: '2025-03-01T16:00:00Z' });
    expect(await store.sessions.get('t1', now)).not.toBeNull();
    await store.sessions.removeForUser('li');
    expect(await store.sessions.get('t1', now)).toBeNull();
    expect(await store.policies.rowPolicies()).toEqual([]);
    await store.policies.replace([{ role: 'analyst', dimension: 'department', userAttribute: 'department', exempt: [] }], []);
    expect((await store.policies.rowPolicies()).map((p) => p.dimension)).toEqual(['department']);
    await store.users.remove('li');
    expect(await store.users.get('li')).toBeNull();
  });
});

describe('sessions', () => {
  const session = (tokenHash: string, username: string, expiresAt: string) => ({ tokenHash, username, csrfToken: `csrf-${tokenHash}`, createdAt: '2025-03-01T08:00:00.000Z', expiresAt });

  it('gives a session only until it expires, in UTC', async () => {
    const store = await openStore();
    // 16:00 in Beijing is 08:00 UTC: the store keeps the instant, not the wall clock.
    await store.sessions.create(session('a', 'zhang', '2025-03-01T16:00:00+08:00'));
    expect(await store.sessions.get('a', new Date('2025-03-01T07:59:59.999Z'))).toEqual({
      tokenHash: 'a', username: 'zhang', csrfToken: 'csrf-a', createdAt: '2025-03-01T08:00:00.000Z', expiresAt: '2025-03-01T08:00:00.000Z',
    });
    expect(await store.sessions.get('a', new Date('2025-03-01T08:00:00.000Z'))).toBeNull();
    expect(await store.sessions.get('unknown', new Date('2025-03-01T00:00:00Z'))).toBeNull();
  });

  it('removes one session, a user\'s sessions, and the expired ones', async () => {
    const store = await openStore();
    await store.sessions.create(session('a', 'zhang', '2025-03-01T09:00:00Z'));
    await store.sessions.create(session('b', 'zhang', '2025-03-01T18:00:00Z'));
    await store.sessions.create(session('c', 'li', '2025-03-01T10:00:00Z'));
    await store.sessions.create(session('d', 'li', '2025-03-01T18:00:00Z'));
    await store.sessions.create(session('e', 'wang', '2025-03-01T18:00:00Z'));
    const before = new Date('2025-03-01T08:30:00Z');

    await store.sessions.remove('a');
    expect(await store.sessions.get('a', before)).toBeNull();
    expect(await store.sessions.get('b', before)).not.toBeNull();
    await store.sessions.removeForUser('zhang');
    expect(await store.sessions.get('b', before)).toBeNull();

    expect(await store.sessions.removeExpired(new Date('2025-03-01T10:00:00Z'))).toBe(1);
    expect(await store.sessions.get('c', before)).toBeNull();
    expect(await store.sessions.removeExpired(new Date('2025-03-01T10:00:00Z'))).toBe(0);
    expect((await sqlAfterClose(store, 'SELECT token_hash FROM sessions ORDER BY token_hash')).map((r) => r.token_hash)).toEqual(['d', 'e']);
  });

  it('refuses a time without a zone rather than guess one', async () => {
    const store = await openStore();
    await expect(store.sessions.create(session('z', 'zhang', '2025-03-01T16:00:00'))).rejects.toThrow(
      'session expiresAt "2025-03-01T16:00:00" is not an ISO 8601 date or time with a zone',
    );
  });
});

describe('policies', () => {
  const rowPolicies = [
    { role: 'analyst' as const, dimension: 'department', userAttribute: 'department' as const, exempt: ['drug_stock', '药品库存'] },
    { role: 'viewer' as const, dimension: 'department', userAttribute: 'department' as const, exempt: [] },
  ];
  const columnRules = [{ role: 'viewer' as const, dataset: 'visits', column: 'patient_name' }];

  it('replaces every row policy and column rule at once', async () => {
    const store = await openStore();
    expect(await store.policies.rowPolicies()).toEqual([]);
    await store.policies.replace(rowPolicies, columnRules);
    const first = await store.policies.rowPolicies();
    expect(first.map(({ id: _id, ...p }) => p)).toEqual(rowPolicies);
    expect(new Set(first.map((p) => p.id)).size).toBe(2);
    expect((await store.policies.columnRules()).map(({ id: _id, ...r }) => r)).toEqual(columnRules);

    await store.policies.replace([rowPolicies[1]!], []);
    expect((await store.policies.rowPolicies()).map((p) => [p.role, p.exempt])).toEqual([['viewer', []]]);
    expect(await store.policies.columnRules()).toEqual([]);
  });

  it('keeps the old policies when a replacement fails half way', async () => {
    const store = await openStore();
    await store.policies.replace(rowPolicies, columnRules);
    const broken = [{ role: 'viewer' as const, dataset: 'visits', column: null as unknown as string }];
    await expect(store.policies.replace([], broken)).rejects.toThrow(/NOT NULL/);
    expect((await store.policies.rowPolicies()).map((p) => p.role)).toEqual(['analyst', 'viewer']);
    expect((await store.policies.columnRules()).map((r) => r.column)).toEqual(['patient_name']);
  });
});

describe('metric versions', () => {
  const version = (metric: string, description?: string) => {
    const s = spec(metric, description);
    return { metric, spec: s, author: '王主任', createdAt: '2025-03-01T08:00:00.000Z', reason: 'first seen in metrics/alos.yaml', hash: definitionHash(s) };
  };

  it('numbers the versions of each metric from 1 and gives them back in order', async () => {
    const store = await openStore();
    expect(await store.metricVersions.history('alos')).toEqual([]);
    expect(await store.metricVersions.append(version('alos'))).toEqual({ ...version('alos'), version: 1 });
    expect((await store.metricVersions.append(version('mortality'))).version).toBe(1);
    expect((await store.metricVersions.append(version('alos', '改了口径'))).version).toBe(2);
    const history = await store.metricVersions.history('alos');
    expect(history.map((v) => [v.version, v.spec.description])).toEqual([[1, '平均住院日'], [2, '改了口径']]);
    expect(history[0]?.spec).toEqual(spec('alos'));
  });

  it('gives concurrent appends distinct versions', async () => {
    const store = await openStore();
    const versions = await Promise.all([1, 2, 3, 4, 5].map((n) => store.metricVersions.append(version('alos', `v${n}`))));
    expect(versions.map((v) => v.version).sort()).toEqual([1, 2, 3, 4, 5]);
  });

  it('serves recordMetricVersions: a new version only when the definition changes', async () => {
    const store = await openStore();
    const metrics = [{ spec: spec('alos'), file: 'metrics/alos.yaml' }];
    expect(await recordMetricVersions(store.metricVersions, metrics, 'hbi', now)).toEqual(new Map([['alos', 1]]));
    expect(await recordMetricVersions(store.metricVersions, metrics, 'hbi', now)).toEqual(new Map([['alos', 1]]));
    const changed = [{ spec: spec('alos', '新口径'), file: 'metrics/alos.yaml' }];
    expect(await recordMetricVersions(store.metricVersions, changed, 'hbi', new Date('2025-04-01T00:00:00Z'))).toEqual(new Map([['alos', 2]]));
    expect((await store.metricVersions.history('alos')).map((v) => [v.reason, v.createdAt])).toEqual([
      ['first seen in metrics/alos.yaml', '2025-03-01T08:00:00.000Z'], ['metrics/alos.yaml changed', '2025-04-01T00:00:00.000Z'],
    ]);
  });
});

describe('audit log', () => {
  it('stamps entries itself and keeps their detail as JSON', async () => {
    const store = await openStore();
    const entry = await store.audit.append({ username: 'zhang', action: 'query', outcome: 'ok', detail: { metrics: ['alos'], filters: { department: '0101' }, n: 1.5 }, rows: 12 });
    expect(entry).toEqual({
      id: expect.any(Number), at: '2025-03-01T08:00:00.000Z', username: 'zhang', action: 'query', outcome: 'ok',
      detail: { metrics: ['alos'], filters: { department: '0101' }, n: 1.5 }, rows: 12,
    });
    const failed = await store.audit.append({ username: null, action: 'login_failed', outcome: 'refused', detail: { username: 'ghost' }, rows: null });
    expect(failed.id).toBeGreaterThan(entry.id);
    expect((await store.audit.search({})).entries[0]).toEqual(failed);
    // Append-only: the log offers no way to change or remove an entry.
    expect(Object.keys(store.audit).sort()).toEqual(['append', 'search']);
  });

  it('commits concurrent appends together, each answered once on disk, in the order they came', async () => {
    const store = await openStore();
    const entries = await Promise.all(Array.from({ length: 50 }, (_, i) => store.audit.append({ username: `u${i}`, action: 'query', outcome: 'ok', detail: { i }, rows: i })));
    expect(new Set(entries.map((e) => e.id)).size).toBe(50);
    expect(entries.map((e) => e.id)).toEqual([...entries.map((e) => e.id)].sort((a, b) => a - b));
    expect(entries.map((e) => e.detail.i)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    const rows = await sqlAfterClose(store, 'SELECT count(*)::INTEGER AS n FROM audit_log');
    expect(rows[0]!.n).toBe(50);
  });

  it('filters by user, action and time (from inclusive, to exclusive), newest first, with paging and total', async () => {
    const store = await openStore();
    const log = [
      ['2025-03-01T08:00:00Z', 'zhang', 'login'], ['2025-03-01T09:00:00Z', 'zhang', 'query'], ['2025-03-01T10:00:00Z', 'li', 'query'],
      ['2025-03-01T11:00:00Z', 'zhang', 'export'], ['2025-03-01T12:00:00Z', 'zhang', 'query'], ['2025-03-01T13:00:00Z', 'li', 'logout'],
    ] as const;
    for (const [time, username, action] of log) {
      now = new Date(time);
      await store.audit.append({ username, action, outcome: 'ok', detail: { time }, rows: null });
    }
    const times = (r: { entries: { at: string }[] }) => r.entries.map((e) => e.at.slice(11, 13));

    const all = await store.audit.search({});
    expect([all.total, times(all)]).toEqual([6, ['13', '12', '11', '10', '09', '08']]);
    const zhang = await store.audit.search({ username: 'zhang' });
    expect([zhang.total, times(zhang)]).toEqual([4, ['12', '11', '09', '08']]);
    const queries = await store.audit.search({ action: 'query' });
    expect([queries.total, queries.entries.map((e) => e.username)]).toEqual([3, ['zhang', 'li', 'zhang']]);
    const window = await store.audit.search({ from: '2025-03-01T09:00:00Z', to: '2025-03-01T12:00:00Z' });
    expect([window.total, times(window)]).toEqual([3, ['11', '10', '09']]);
    const beijing = await store.audit.search({ from: '2025-03-01T17:00:00+08:00', to: '2025-03-02' });
    expect([beijing.total, times(beijing)]).toEqual([5, ['13', '12', '11', '10', '09']]);
    const combined = await store.audit.search({ username: 'zhang', action: 'query', from: '2025-03-01T10:00:00Z' });
    expect([combined.total, times(combined)]).toEqual([1, ['12']]);
    const page = await store.audit.search({ offset: 2, limit: 2 });
    expect([page.total, times(page)]).toEqual([6, ['11', '10']]);
    const beyond = await store.audit.search({ offset: 10 });
    expect([beyond.total, beyond.entries]).toEqual([6, []]);
    await expect(store.audit.search({ from: 'yesterday' })).rejects.toThrow('audit search from "yesterday" is not an ISO 8601 date or time with a zone');
  });

  it('returns 100 entries unless asked, and never more than 1000', async () => {
    await openStore();
    closeAll();
    await sql(`INSERT INTO audit_log (logged_at, username, action, outcome, detail, row_count)
      SELECT TIMESTAMP '2025-01-01' + to_seconds(range), 'bulk', 'query', 'ok', '{}', range FROM range(1200)`);
    const store = await openStore();
    const byDefault = await store.audit.search({});
    expect([byDefault.total, byDefault.entries.length, byDefault.entries[0]?.rows]).toEqual([1200, 100, 1199]);
    const capped = await store.audit.search({ limit: 5000 });
    expect([capped.entries.length, capped.entries.at(-1)?.rows]).toEqual([1000, 200]);
  });
});

describe('the file', () => {
  it('keeps users, sessions, policies, metric versions and audit across a restart', async () => {
    const first = await openStore();
    await first.users.create(user('zhang'));
    await first.sessions.create({ tokenHash: 'h', username: 'zhang', csrfToken: 'c', createdAt: '2025-03-01T08:00:00Z', expiresAt: '2025-03-01T16:00:00Z' });
    await first.policies.replace([{ role: 'analyst', dimension: 'department', userAttribute: 'department', exempt: ['drug_stock'] }], [{ role: 'viewer', dataset: 'visits', column: 'id_number' }]);
    await first.metricVersions.append({ metric: 'alos', spec: spec('alos'), author: 'hbi', createdAt: '2025-03-01T08:00:00Z', reason: 'first', hash: 'x' });
    const entry = await first.audit.append({ username: 'zhang', action: 'login', outcome: 'ok', detail: { address: '10.0.0.1' }, rows: null });
    const saved = {
      users: await first.users.list(), policies: await first.policies.rowPolicies(), rules: await first.policies.columnRules(),
    };
    closeAll();

    const second = await openStore();
    expect(await second.users.list()).toEqual(saved.users);
    expect(await second.sessions.get('h', now)).toMatchObject({ username: 'zhang', expiresAt: '2025-03-01T16:00:00.000Z' });
    expect(await second.policies.rowPolicies()).toEqual(saved.policies);
    expect(await second.policies.columnRules()).toEqual(saved.rules);
    expect((await second.metricVersions.history('alos')).map((v) => [v.version, v.spec])).toEqual([[1, spec('alos')]]);
    expect((await second.audit.search({})).entries).toEqual([entry]);
    // Ids go on from where they were, never reused.
    expect((await second.audit.append({ username: 'zhang', action: 'logout', outcome: 'ok', detail: {}, rows: null })).id).toBeGreaterThan(entry.id);
  });

  it('works in memory', async () => {
    const store = await openStore(':memory:');
    await store.users.create(user('zhang'));
    expect((await store.users.list()).map((u) => u.username)).toEqual(['zhang']);
  });
});

describe('migrations', () => {
  it('are numbered 1, 2, 3 … in the order they apply', () => {
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
  });

  it('run once: a reopened file keeps each migration applied at its first opening', async () => {
    await openStore();
    closeAll();
    const applied = await sql('SELECT version, applied_at FROM schema_migrations ORDER BY version');
    expect(applied.map((r) => r.version)).toEqual(migrations.map((m) => m.version));
    await openStore();
    closeAll();
    expect(await sql('SELECT version, applied_at FROM schema_migrations ORDER BY version')).toEqual(applied);
    expect(await onFile((db) => migrate(db, file))).toEqual([]);
  });

  it('refuse a file from a newer HBI, naming the file and both versions', async () => {
    await openStore();
    closeAll();
    await sql(`INSERT INTO schema_migrations VALUES (7, TIMESTAMP '2030-01-01')`);
    const opening = openStore();
    await expect(opening).rejects.toBeInstanceOf(MetadataSchemaTooNew);
    await expect(opening).rejects.toThrow(`${file} has metadata schema version 7, but this HBI knows versions up to ${migrations.length}`);
    // The refused file is left as it was.
    expect((await sql('SELECT version FROM schema_migrations ORDER BY version')).map((r) => r.version)).toEqual([...migrations.map((m) => m.version), 7]);
  });

  it('apply new migrations in order, and none of a failing one', async () => {
    await openStore();
    closeAll();
    const known = migrations.length;
    const broken = { version: known + 1, description: 'broken', statements: ['CREATE TABLE extra (x INTEGER)', 'SELECT * FROM no_such_table'] };
    await expect(onFile((db) => migrate(db, file, [...migrations, broken]))).rejects.toThrow(`${file}: metadata migration ${known + 1} (broken) failed, nothing of it was applied`);
    expect(await sql(`SELECT table_name FROM duckdb_tables() WHERE table_name = 'extra'`)).toEqual([]);
    const next = [
      { version: known + 1, description: 'extra', statements: ['CREATE TABLE extra (x INTEGER)'] },
      { version: known + 2, description: 'extra row', statements: ['INSERT INTO extra VALUES (3)'] },
    ];
    expect(await onFile((db) => migrate(db, file, [...migrations, ...next]))).toEqual([known + 1, known + 2]);
    expect(await sql('SELECT x FROM extra')).toEqual([{ x: 3 }]);
  });
});

describe('saved charts', () => {
  it('are created, listed by owner newest first, updated, removed, and kept across a restart', async () => {
    const store = await openStore();
    const first = await store.charts.create({ owner: 'li', name: '出院人数', description: '', config: { query: { metrics: ['discharges'] }, chart: { type: 'bar' } } });
    now = new Date('2025-03-02T08:00:00.000Z');
    const second = await store.charts.create({ owner: 'wang', name: "it's \"quoted\"", description: 'd', config: { chart: { type: 'line' } } });
    expect(first.id).toMatch(/^[0-9a-f-]{36}$/);
    expect((await store.charts.list()).map((c) => c.id)).toEqual([second.id, first.id]);
    expect((await store.charts.list('li')).map((c) => c.name)).toEqual(['出院人数']);
    now = new Date('2025-03-03T08:00:00.000Z');
    const renamed = await store.charts.update(first.id, { name: '出院人数（月）' });
    expect(renamed).toMatchObject({ name: '出院人数（月）', description: '', createdAt: '2025-03-01T08:00:00.000Z', updatedAt: '2025-03-03T08:00:00.000Z' });
    expect(await store.charts.update('00000000-0000-0000-0000-000000000000', { name: 'x' })).toBeNull();
    expect(await store.charts.remove(second.id)).toBe(true);
    expect(await store.charts.remove(second.id)).toBe(false);
    store.close();
    open.splice(open.indexOf(store), 1);
    const reopened = await openStore();
    expect(await reopened.charts.get(first.id)).toEqual(renamed);
  });
});

describe('hostile strings', () => {
  const hostile = [`o'brien "x"`, `'; DROP TABLE users; --`, '张三 / 心内科', `$1 ? \\' %`];

  it('round-trip as plain values everywhere', async () => {
    const store = await openStore();
    for (const [i, text] of hostile.entries()) {
      await store.users.create({ ...user(text), displayName: text, department: text });
      await store.sessions.create({ tokenHash: text, username: text, csrfToken: text, createdAt: '2025-03-01T08:00:00Z', expiresAt: '2025-03-02T08:00:00Z' });
      await store.audit.append({ username: text, action: 'query', outcome: 'ok', detail: { filter: text, [text]: [text] }, rows: i });
      await store.metricVersions.append({ metric: text, spec: spec('alos', text), author: text, createdAt: '2025-03-01T08:00:00Z', reason: text, hash: text });
    }
    await store.policies.replace(
      hostile.map((text) => ({ role: 'analyst' as const, dimension: text, userAttribute: 'department' as const, exempt: [text, text] })),
      hostile.map((text) => ({ role: 'viewer' as const, dataset: text, column: text })),
    );
    closeAll();
    const reopened = await openStore();

    expect((await reopened.users.list()).map((u) => [u.username, u.displayName, u.department])).toEqual(
      [...hostile].sort().map((t) => [t, t, t]),
    );
    for (const text of hostile) {
      expect(await reopened.sessions.get(text, now)).toMatchObject({ username: text, csrfToken: text });
      expect((await reopened.metricVersions.history(text)).map((v) => [v.author, v.reason, v.spec.description])).toEqual([[text, text, text]]);
      const { entries } = await reopened.audit.search({ username: text });
      expect(entries.map((e) => e.detail)).toEqual([{ filter: text, [text]: [text] }]);
    }
    expect((await reopened.policies.rowPolicies()).map((p) => [p.dimension, p.exempt])).toEqual(hostile.map((t) => [t, [t, t]]));
    expect((await reopened.policies.columnRules()).map((r) => [r.dataset, r.column])).toEqual(hostile.map((t) => [t, t]));
  });
});
