// Dashboards in the DuckDB metadata store on real files: drafts, publishing (numbered versions, in
// one transaction with clearing the draft), shares, links that expire by the store's clock, removal
// with versions and links, a restart, and a file of schema version 2 upgraded to 3.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DashboardDefinition } from '../../web/api/types.ts';
import { openMetadataStore } from './duckdb-metadata-store.ts';
import { onFile as onFileAt, sqlOnFile, type FileConnection } from './testing/file-sql.ts';
import { MetadataConflict, type MetadataStore } from './metadata-store.ts';
import { migrate, migrations } from './migrations.ts';

let dir: string;
let file: string;
let now: Date;
const open: MetadataStore[] = [];

async function openStore(): Promise<MetadataStore> {
  const store = await openMetadataStore(file, { clock: () => now });
  open.push(store);
  return store;
}
const closeAll = () => {
  for (const store of open.splice(0)) store.close();
};

const onFile = <T>(run: (db: FileConnection) => Promise<T>) => onFileAt(file, run);
const sql = (text: string) => sqlOnFile(file, text);

const definition = (title: string): DashboardDefinition => ({
  title, description: "it's \"quoted\"", tabs: ['运营'], filters: { dimensions: [{ dimension: 'department', values: ['0101'] }] },
  tiles: [{ id: 'k', kind: 'chart', tab: '运营', layout: { x: 0, y: 0, w: 3, h: 3 }, chart: { query: { metrics: ['discharges'] }, chart: { type: 'kpi', y: ['discharges'] } } }],
});
const ids = ['11111111-1111-4111-8111-111111111111', '22222222-2222-4222-8222-222222222222'] as const;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hbi-dashboards-store-'));
  file = join(dir, 'data', 'metadata.duckdb');
  now = new Date('2025-03-01T08:00:00.000Z');
});
afterEach(async () => {
  closeAll();
  await rm(dir, { recursive: true, force: true });
});

describe('dashboards', () => {
  it('keep a draft, publish it as numbered versions, restore by saving a version as the draft, and survive a restart', async () => {
    const store = await openStore();
    const created = await store.dashboards.create({ id: ids[0], slug: 'ops', owner: 'li', draft: definition('v1'), shares: [] });
    expect(created).toEqual({ id: ids[0], slug: 'ops', owner: 'li', draft: definition('v1'), shares: [], published: null, createdAt: '2025-03-01T08:00:00.000Z', updatedAt: '2025-03-01T08:00:00.000Z' });
    await expect(store.dashboards.create({ id: ids[1], slug: 'ops', owner: 'wang', draft: null, shares: [] })).rejects.toBeInstanceOf(MetadataConflict);

    now = new Date('2025-03-02T08:00:00.000Z');
    const first = await store.dashboards.publish(ids[0], { publishedBy: 'li', note: '首版' });
    expect(first).toMatchObject({ draft: null, updatedAt: '2025-03-02T08:00:00.000Z', published: { version: 1, definition: definition('v1'), publishedBy: 'li', publishedAt: '2025-03-02T08:00:00.000Z', note: '首版' } });
    await expect(store.dashboards.publish(ids[0], { publishedBy: 'li', note: '' })).rejects.toThrow('dashboard "ops" has no draft to publish');

    await store.dashboards.saveDraft(ids[0], definition('v2'));
    const second = await store.dashboards.publish(ids[0], { publishedBy: 'admin', note: '' });
    expect(second).toMatchObject({ draft: null, published: { version: 2, definition: definition('v2') } });
    // A project file's definition is published as given; the editor's draft stays.
    await store.dashboards.saveDraft(ids[0], definition('work in progress'));
    const fromFile = await store.dashboards.publish(ids[0], { publishedBy: 'project files', note: 'project files', definition: definition('v3') });
    expect(fromFile).toMatchObject({ draft: definition('work in progress'), published: { version: 3, definition: definition('v3') } });
    expect((await store.dashboards.versions(ids[0])).map((v) => [v.version, v.definition.title])).toEqual([[3, 'v3'], [2, 'v2'], [1, 'v1']]);
    expect((await store.dashboards.version(ids[0], 1))?.definition).toEqual(definition('v1'));
    expect(await store.dashboards.version(ids[0], 4)).toBeNull();

    const shared = await store.dashboards.setShares(ids[0], [{ kind: 'role', role: 'viewer' }, { kind: 'department', department: '0101' }, { kind: 'user', username: "o'brien" }]);
    expect(shared?.shares).toEqual([{ kind: 'role', role: 'viewer' }, { kind: 'department', department: '0101' }, { kind: 'user', username: "o'brien" }]);
    expect(await store.dashboards.saveDraft(ids[1], null)).toBeNull();
    expect(await store.dashboards.setShares(ids[1], [])).toBeNull();
    expect(await store.dashboards.publish(ids[1], { publishedBy: 'x', note: '' })).toBeNull();

    now = new Date('2025-03-03T08:00:00.000Z');
    await store.dashboards.create({ id: ids[1], slug: 'newer', owner: 'wang', draft: definition('newer'), shares: [] });
    expect((await store.dashboards.list()).map((d) => d.slug)).toEqual(['newer', 'ops']);
    const kept = await store.dashboards.get(ids[0]);
    closeAll();

    const reopened = await openStore();
    expect(await reopened.dashboards.get(ids[0])).toEqual(kept);
    expect(await reopened.dashboards.getBySlug('ops')).toEqual(kept);
    expect(await reopened.dashboards.getBySlug('nope')).toBeNull();
  });

  it('keep share links by hash, expiring by the store clock, and remove them with their board', async () => {
    const store = await openStore();
    await store.dashboards.create({ id: ids[0], slug: 'ops', owner: 'li', draft: definition('v1'), shares: [] });
    const link = await store.dashboards.createLink({ tokenHash: 'hash-1', dashboardId: ids[0], createdBy: 'li' }, 7);
    expect(link).toEqual({ tokenHash: 'hash-1', dashboardId: ids[0], createdBy: 'li', createdAt: '2025-03-01T08:00:00.000Z', expiresAt: '2025-03-08T08:00:00.000Z' });
    expect(await store.dashboards.link('hash-1')).toEqual({ ...link, expired: false });
    now = new Date('2025-03-08T08:00:00.000Z');
    expect(await store.dashboards.link('hash-1')).toEqual({ ...link, expired: true });
    expect(await store.dashboards.link('unknown')).toBeNull();

    await store.dashboards.publish(ids[0], { publishedBy: 'li', note: '' });
    expect(await store.dashboards.remove(ids[0])).toBe(true);
    expect(await store.dashboards.remove(ids[0])).toBe(false);
    expect(await store.dashboards.link('hash-1')).toBeNull();
    expect(await store.dashboards.versions(ids[0])).toEqual([]);
    closeAll();
    expect(await sql('SELECT count(*)::INTEGER AS n FROM dashboard_versions')).toEqual([{ n: 0 }]);
  });
});

describe('migration 3', () => {
  it('upgrades a file of schema version 2, keeping its charts, and adds the dashboard tables', async () => {
    await mkdir(join(dir, 'data'));
    await onFile(async (db) => {
      expect(await migrate(db, file, migrations.filter((m) => m.version <= 2))).toEqual([1, 2]);
      await db.run(`INSERT INTO saved_charts VALUES ('c1', 'li', '出院人数', '', '{"chart":{"type":"bar"}}', TIMESTAMP '2025-01-01', TIMESTAMP '2025-01-01')`);
    });
    const store = await openStore();
    expect((await store.charts.get('c1'))?.name).toBe('出院人数');
    await store.dashboards.create({ id: ids[0], slug: 'ops', owner: 'li', draft: definition('v1'), shares: [] });
    closeAll();
    expect((await sql('SELECT version FROM schema_migrations ORDER BY version')).map((r) => r.version)).toEqual(migrations.map((m) => m.version));
    expect((await sql(`SELECT table_name FROM duckdb_tables() WHERE table_name LIKE 'dashboard%' ORDER BY 1`)).map((r) => r.table_name)).toEqual(['dashboard_links', 'dashboard_versions', 'dashboards']);
  });
});
