// The AlertStore contract on a real DuckDB metadata file, reopened as after a restart; and a file
// of schema version 3 upgraded to 4 with its dashboards kept.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { alertStoreContract } from './alert-store-contract.ts';
import { openMetadataStore } from './duckdb-metadata-store.ts';
import type { MetadataStore } from './metadata-store.ts';
import { migrate, migrations } from './migrations.ts';
import { onFile, sqlOnFile } from './testing/file-sql.ts';

const dirs: string[] = [];
const open: MetadataStore[] = [];
const now = () => new Date('2025-03-01T08:00:00.000Z');

afterEach(async () => {
  for (const store of open.splice(0)) store.close();
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function newFile(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'hbi-alert-store-'));
  dirs.push(dir);
  return join(dir, 'data', 'metadata.duckdb');
}

async function openOn(file: string): Promise<MetadataStore> {
  const store = await openMetadataStore(file, { clock: now });
  open.push(store);
  return store;
}

alertStoreContract('DuckDB', async () => {
  const file = await newFile();
  let current = await openOn(file);
  return {
    store: current.alerts,
    async reopen() {
      current.close();
      open.splice(open.indexOf(current), 1);
      current = await openOn(file);
      return current.alerts;
    },
  };
});

describe('migration 4', () => {
  it('upgrades a file of schema version 3, keeping its dashboards, and adds the alert tables', async () => {
    const file = await newFile();
    await mkdir(join(file, '..'), { recursive: true });
    await onFile(file, async (db) => {
      expect(await migrate(db, file, migrations.filter((m) => m.version <= 3))).toEqual([1, 2, 3]);
      await db.run(`INSERT INTO dashboards VALUES ('d1', 'ops', 'admin', NULL, '[]', TIMESTAMP '2025-01-01', TIMESTAMP '2025-01-01')`);
    });
    const store = await openOn(file);
    expect((await store.dashboards.get('d1'))?.slug).toBe('ops');
    expect(await store.alerts.rules()).toEqual([]);
    store.close();
    open.splice(0);
    expect((await sqlOnFile(file, `SELECT table_name FROM duckdb_tables() WHERE table_name LIKE 'alert%' ORDER BY 1`)).map((r) => r.table_name))
      .toEqual(['alert_deliveries', 'alert_instances', 'alert_outbox', 'alert_rules', 'alert_transitions']);
  });
});
