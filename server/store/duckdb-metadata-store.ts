// The metadata store in an embedded DuckDB file (`<project>/data/metadata.duckdb`), apart from the
// warehouse so that reloading data never touches who may see it.
import { randomUUID } from 'node:crypto';
import { dirname } from 'node:path';
import { mkdir } from 'node:fs/promises';
import { privateDirMode, privateFiles } from '../../connectors/private-files.ts';
import { DuckDBInstance, LIST, VARCHAR, listValue } from '@duckdb/node-api';
import type { MetricSpec } from '../../metrics/model/metric-spec.ts';
import type { MetricVersion, MetricVersionStore } from '../../metrics/versions/metric-versions.ts';
import {
  MetadataConflict,
  type AuditAction, type ChartStore, type SavedChart, type AuditEntry, type AuditLog, type AuditSearch, type ColumnRule, type MetadataStore,
  type PolicyStore, type Role, type RowPolicy, type Session, type SessionStore, type User, type UserRecord, type UserStore,
} from './metadata-store.ts';
import { migrate } from './migrations.ts';
import { Db, SerialConnection, iso, json, timestampFromIso, timestampOf, type Params, type Row } from './serial-connection.ts';
import { dashboardStore } from './duckdb-dashboard-store.ts';
import { alertStore } from './duckdb-alert-store.ts';

const userRecord = (r: Row): UserRecord => ({
  username: r.username as string, displayName: r.display_name as string, role: r.role as Role,
  department: r.department as string | null, disabled: r.disabled as boolean, createdAt: iso(r.created_at),
  passwordHash: r.password_hash as string,
});
const visible = ({ passwordHash: _hash, ...user }: UserRecord): User => user;

/**
 * Users, sessions and policies are read on every request, and this process is the file's only
 * writer (DuckDB locks it), so their reads are kept in memory and dropped on every change.
 */
class ReadCache<T> {
  private readonly entries = new Map<string, Promise<T>>();

  read(key: string, load: () => Promise<T>): Promise<T> {
    let entry = this.entries.get(key);
    if (!entry) {
      entry = load();
      this.entries.set(key, entry);
      entry.catch(() => this.entries.delete(key));
    }
    return entry;
  }

  clear(): void {
    this.entries.clear();
  }
}

function userStore(serial: SerialConnection, clock: () => Date, cache: ReadCache<UserRecord | null>): UserStore {
  const read = async (db: Db, username: string) => {
    const [row] = await db.rows('SELECT * FROM users WHERE username = $username', { username });
    return row ? userRecord(row) : null;
  };
  const changing = <T>(work: Promise<T>) => work.finally(() => cache.clear());
  return {
    list: () => serial.run(async (db) => (await db.rows('SELECT * FROM users ORDER BY username')).map((r) => visible(userRecord(r)))),
    get: (username) => cache.read(username, () => serial.run((db) => read(db, username))),
    create: (user) => changing(serial.run(async (db) => {
      const [row] = await db.rows(`
        INSERT INTO users (username, display_name, role, department, disabled, password_hash, created_at)
        VALUES ($username, $displayName, $role, $department, $disabled, $passwordHash, $createdAt)
        ON CONFLICT DO NOTHING RETURNING *`, {
        username: user.username, displayName: user.displayName, role: user.role, department: user.department,
        disabled: user.disabled, passwordHash: user.passwordHash, createdAt: timestampOf(clock()),
      });
      if (!row) throw new MetadataConflict(`a user "${user.username}" exists already`);
      return visible(userRecord(row));
    })),
    update: (username, change) => changing(serial.transaction(async (db) => {
      const before = await read(db, username);
      if (!before) return null;
      // An explicit `undefined` means "not changed", as in a PATCH body: it must not clear the field.
      const after: UserRecord = { ...before, ...Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined)) };
      await db.execute(`
        UPDATE users SET display_name = $displayName, role = $role, department = $department, disabled = $disabled, password_hash = $passwordHash
        WHERE username = $username`, {
        username, displayName: after.displayName, role: after.role, department: after.department,
        disabled: after.disabled, passwordHash: after.passwordHash,
      });
      return visible(after);
    })),
    // A removed user keeps no session: one left behind would come back to life with a new user of that name.
    remove: (username) => changing(serial.transaction(async (db) => {
      await db.execute('DELETE FROM sessions WHERE username = $username', { username });
      return await db.execute('DELETE FROM users WHERE username = $username', { username }) > 0;
    })),
  };
}

function sessionStore(serial: SerialConnection, cache: ReadCache<Session | null>): SessionStore {
  const changing = <T>(work: Promise<T>) => work.finally(() => cache.clear());
  return {
    create: (session) => changing(serial.run(async (db) => {
      await db.execute('INSERT INTO sessions VALUES ($tokenHash, $username, $csrfToken, $createdAt, $expiresAt)', {
        tokenHash: session.tokenHash, username: session.username, csrfToken: session.csrfToken,
        createdAt: timestampFromIso(session.createdAt, 'session createdAt'), expiresAt: timestampFromIso(session.expiresAt, 'session expiresAt'),
      });
    })),
    get: async (tokenHash, now) => {
      const session = await cache.read(tokenHash, () => serial.run(async (db) => {
        const [row] = await db.rows('SELECT * FROM sessions WHERE token_hash = $tokenHash', { tokenHash });
        return row ? {
          tokenHash: row.token_hash as string, username: row.username as string, csrfToken: row.csrf_token as string,
          createdAt: iso(row.created_at), expiresAt: iso(row.expires_at),
        } satisfies Session : null;
      }));
      return session && Date.parse(session.expiresAt) > now.getTime() ? session : null;
    },
    remove: (tokenHash) => changing(serial.run(async (db) => {
      await db.execute('DELETE FROM sessions WHERE token_hash = $tokenHash', { tokenHash });
    })),
    removeForUser: (username) => changing(serial.run(async (db) => {
      await db.execute('DELETE FROM sessions WHERE username = $username', { username });
    })),
    removeExpired: (now) => changing(serial.run((db) => db.execute('DELETE FROM sessions WHERE expires_at <= $now', { now: timestampOf(now) }))),
  };
}

function policyStore(serial: SerialConnection, cache: ReadCache<RowPolicy[] | ColumnRule[]>): PolicyStore {
  return {
    rowPolicies: () => cache.read('row', () => serial.run(async (db) => (await db.rows('SELECT * FROM row_policies ORDER BY id')).map((r): RowPolicy => ({
      id: Number(r.id), role: r.role as Role, dimension: r.dimension as string,
      userAttribute: r.user_attribute as RowPolicy['userAttribute'], exempt: r.exempt as string[],
    })))) as Promise<RowPolicy[]>,
    columnRules: () => cache.read('column', () => serial.run(async (db) => (await db.rows('SELECT * FROM column_rules ORDER BY id')).map((r): ColumnRule => ({
      id: Number(r.id), role: r.role as Role, dataset: r.dataset as string, column: r.column_name as string,
    })))) as Promise<ColumnRule[]>,
    replace: (rowPolicies, columnRules) => serial.transaction(async (db) => {
      await db.execute('DELETE FROM row_policies');
      await db.execute('DELETE FROM column_rules');
      for (const p of rowPolicies) {
        // The list's type is given: an empty list has no item to infer it from.
        await db.execute(
          'INSERT INTO row_policies (role, dimension, user_attribute, exempt) VALUES ($role, $dimension, $userAttribute, $exempt)',
          { role: p.role, dimension: p.dimension, userAttribute: p.userAttribute, exempt: listValue(p.exempt) },
          { exempt: LIST(VARCHAR) },
        );
      }
      for (const r of columnRules) {
        await db.execute('INSERT INTO column_rules (role, dataset, column_name) VALUES ($role, $dataset, $column)', { role: r.role, dataset: r.dataset, column: r.column });
      }
    }).finally(() => cache.clear()),
  };
}

const metricVersion = (r: Row): MetricVersion => ({
  metric: r.metric as string, version: Number(r.version), spec: json(r.spec) as MetricSpec, author: r.author as string,
  createdAt: iso(r.created_at), reason: r.reason as string, hash: r.hash as string,
});

/**
 * Versions never change once written and this store is the file's only writer, so each metric's
 * history is read once and kept: every query and the catalogue ask for it, and reads through the one
 * serial connection would queue behind each other and the audit log.
 */
function metricVersionStore(serial: SerialConnection): MetricVersionStore {
  const histories = new Map<string, Promise<MetricVersion[]>>();
  return {
    history: (metric) => {
      let history = histories.get(metric);
      if (!history) {
        history = serial.run(async (db) => (await db.rows('SELECT * FROM metric_versions WHERE metric = $metric ORDER BY version', { metric })).map(metricVersion));
        histories.set(metric, history);
        history.catch(() => histories.delete(metric));
      }
      return history.then((versions) => [...versions]);
    },
    append: (v) => serial.transaction(async (db) => {
      const [row] = await db.rows(`
        INSERT INTO metric_versions (metric, version, spec, author, created_at, reason, hash)
        SELECT $metric, coalesce(max(version), 0) + 1, $spec, $author, $createdAt, $reason, $hash FROM metric_versions WHERE metric = $metric
        RETURNING *`, {
        metric: v.metric, spec: JSON.stringify(v.spec), author: v.author, createdAt: timestampFromIso(v.createdAt, `metric ${v.metric} createdAt`),
        reason: v.reason, hash: v.hash,
      });
      return metricVersion(row!);
    }).finally(() => histories.delete(v.metric)),
  };
}

const savedChart = (r: Row): SavedChart => ({
  id: r.id as string, owner: r.owner as string, name: r.name as string, description: r.description as string,
  config: json(r.config) as Record<string, unknown>, createdAt: iso(r.created_at), updatedAt: iso(r.updated_at),
});

function chartStore(serial: SerialConnection, clock: () => Date): ChartStore {
  return {
    list: (owner) => serial.run(async (db) => (await db.rows(
      `SELECT * FROM saved_charts ${owner === undefined ? '' : 'WHERE owner = $owner'} ORDER BY updated_at DESC, id`, owner === undefined ? {} : { owner },
    )).map(savedChart)),
    get: (id) => serial.run(async (db) => {
      const [row] = await db.rows('SELECT * FROM saved_charts WHERE id = $id', { id });
      return row ? savedChart(row) : null;
    }),
    create: (chart) => serial.run(async (db) => {
      const now = timestampOf(clock());
      const [row] = await db.rows(`
        INSERT INTO saved_charts VALUES ($id, $owner, $name, $description, $config, $now, $now) RETURNING *`, {
        id: randomUUID(), owner: chart.owner, name: chart.name, description: chart.description, config: JSON.stringify(chart.config), now,
      });
      return savedChart(row!);
    }),
    update: (id, change) => serial.transaction(async (db) => {
      const [row] = await db.rows('SELECT * FROM saved_charts WHERE id = $id', { id });
      if (!row) return null;
      const before = savedChart(row);
      const after = { ...before, ...Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined)) };
      const [updated] = await db.rows(`
        UPDATE saved_charts SET name = $name, description = $description, config = $config, updated_at = $now WHERE id = $id RETURNING *`, {
        id, name: after.name, description: after.description, config: JSON.stringify(after.config), now: timestampOf(clock()),
      });
      return savedChart(updated!);
    }),
    remove: (id) => serial.run(async (db) => await db.execute('DELETE FROM saved_charts WHERE id = $id', { id }) > 0),
  };
}

const defaultLimit = 100;
const maxLimit = 1000;

const auditEntry = (r: Row): AuditEntry => ({
  id: Number(r.id), at: iso(r.logged_at), username: r.username as string | null, action: r.action as AuditAction,
  outcome: r.outcome as AuditEntry['outcome'], detail: json(r.detail) as Record<string, unknown>,
  rows: r.row_count === null ? null : Number(r.row_count),
});

interface PendingEntry {
  entry: Omit<AuditEntry, 'id' | 'at'>;
  at: Date;
  resolve: (entry: AuditEntry) => void;
  reject: (error: Error) => void;
}

/**
 * Entries are written in group commits: those that arrive while one commit is on disk are written
 * together in the next transaction, and each append answers once its entry is committed. Under
 * fifty concurrent queries that is one disk flush for many entries instead of one each, and
 * nothing is acknowledged before it is durable.
 */
function auditLog(serial: SerialConnection, clock: () => Date): AuditLog {
  let waiting: PendingEntry[] = [];
  let flushScheduled = false;
  const flush = async () => {
    let batch: PendingEntry[] = [];
    try {
      const written = await serial.transaction(async (db) => {
        flushScheduled = false;
        batch = waiting;
        waiting = [];
        // One statement for the batch; parameter names are numbered here, values are bound.
        const params: Params = {};
        const rows = batch.map(({ entry, at }, i) => {
          Object.assign(params, {
            [`at${i}`]: timestampOf(at), [`username${i}`]: entry.username, [`action${i}`]: entry.action, [`outcome${i}`]: entry.outcome,
            [`detail${i}`]: JSON.stringify(entry.detail), [`rows${i}`]: entry.rows,
          });
          return `($at${i}, $username${i}, $action${i}, $outcome${i}, $detail${i}, $rows${i})`;
        });
        const inserted = await db.rows(`INSERT INTO audit_log (logged_at, username, action, outcome, detail, row_count) VALUES ${rows.join(', ')} RETURNING *`, params);
        // Ids come from the sequence in the order of the VALUES list.
        return inserted.map(auditEntry).sort((a, b) => a.id - b.id);
      });
      batch.forEach((pending, i) => pending.resolve(written[i]!));
    } catch (error) {
      flushScheduled = false;
      const failed = batch.length > 0 ? batch : waiting.splice(0);
      for (const pending of failed) pending.reject(error as Error);
    }
  };
  return {
    append: (entry) => new Promise<AuditEntry>((resolve, reject) => {
      waiting.push({ entry, at: clock(), resolve, reject });
      if (!flushScheduled) {
        flushScheduled = true;
        void flush();
      }
    }),
    search: async (search: AuditSearch) => {
      const conditions: string[] = [];
      const params: Params = {};
      if (search.username !== undefined) { conditions.push('username = $username'); params.username = search.username; }
      if (search.action !== undefined) { conditions.push('action = $action'); params.action = search.action; }
      if (search.from !== undefined) { conditions.push('logged_at >= $from'); params.from = timestampFromIso(search.from, 'audit search from'); }
      if (search.to !== undefined) { conditions.push('logged_at < $to'); params.to = timestampFromIso(search.to, 'audit search to'); }
      const where = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
      const limit = Math.min(Math.max(Math.trunc(search.limit ?? defaultLimit), 0), maxLimit);
      const offset = Math.max(Math.trunc(search.offset ?? 0), 0);
      // Both queries in one turn of the connection, so that `total` counts the entries paged through.
      return serial.run(async (db) => {
        const [count] = await db.rows(`SELECT count(*) AS total FROM audit_log ${where}`, params);
        const rows = await db.rows(`SELECT * FROM audit_log ${where} ORDER BY logged_at DESC, id DESC LIMIT $limit OFFSET $offset`, { ...params, limit, offset });
        return { total: Number(count!.total), entries: rows.map(auditEntry) };
      });
    },
  };
}

export interface MetadataStoreOptions {
  /** When audit entries and users are stamped; tests fix it to check time filters. */
  clock?: () => Date;
}

/** Opens (creating it and its folder if need be) the metadata file at `path`, or `:memory:`, migrated to the current schema. */
export async function openMetadataStore(path: string, { clock = () => new Date() }: MetadataStoreOptions = {}): Promise<MetadataStore> {
  // A folder created here is 0700; one that exists (the project's data/) is left as it is.
  if (path !== ':memory:') await mkdir(dirname(path), { recursive: true, mode: privateDirMode });
  let instance: DuckDBInstance;
  try {
    instance = await DuckDBInstance.create(path);
  } catch (error) {
    throw new Error(`cannot open the metadata store ${path}: ${(error as Error).message}`);
  }
  // Sessions, password hashes and the audit log: the server's account only.
  if (path !== ':memory:') await privateFiles(path, `${path}.wal`);
  const connection = await instance.connect();
  const close = () => {
    connection.closeSync();
    instance.closeSync();
  };
  try {
    await migrate(connection, path);
  } catch (error) {
    close();
    throw error;
  }
  const serial = new SerialConnection(new Db(connection));
  return {
    users: userStore(serial, clock, new ReadCache()),
    sessions: sessionStore(serial, new ReadCache()),
    policies: policyStore(serial, new ReadCache()),
    metricVersions: metricVersionStore(serial),
    audit: auditLog(serial, clock),
    charts: chartStore(serial, clock),
    dashboards: dashboardStore(serial, clock),
    alerts: alertStore(serial, clock),
    close,
  };
}
