// The metadata file's schema as an ordered list of migrations. A migration, once released, is
// never edited: a file written by an older HBI must reach today's schema by replaying the list.
import { timestampValue, type DuckDBConnection } from '@duckdb/node-api';

export interface Migration {
  version: number;
  description: string;
  statements: string[];
}

/** Times are DuckDB TIMESTAMP in UTC, written and read by the store as JS Dates (never via the session TimeZone). */
export const migrations: readonly Migration[] = [
  {
    version: 1,
    description: 'users, sessions, access policies, metric versions and the audit log',
    statements: [
      `CREATE TABLE users (
        username VARCHAR PRIMARY KEY,
        display_name VARCHAR NOT NULL,
        role VARCHAR NOT NULL,
        department VARCHAR,
        disabled BOOLEAN NOT NULL,
        password_hash VARCHAR NOT NULL,
        created_at TIMESTAMP NOT NULL
      )`,
      // No foreign key to users: DuckDB checks it before the transaction ends, so removing a user and
      // their sessions in one transaction would be refused.
      `CREATE TABLE sessions (
        token_hash VARCHAR PRIMARY KEY,
        username VARCHAR NOT NULL,
        csrf_token VARCHAR NOT NULL,
        created_at TIMESTAMP NOT NULL,
        expires_at TIMESTAMP NOT NULL
      )`,
      'CREATE SEQUENCE row_policy_ids',
      `CREATE TABLE row_policies (
        id BIGINT PRIMARY KEY DEFAULT nextval('row_policy_ids'),
        role VARCHAR NOT NULL,
        dimension VARCHAR NOT NULL,
        user_attribute VARCHAR NOT NULL,
        exempt VARCHAR[] NOT NULL
      )`,
      'CREATE SEQUENCE column_rule_ids',
      `CREATE TABLE column_rules (
        id BIGINT PRIMARY KEY DEFAULT nextval('column_rule_ids'),
        role VARCHAR NOT NULL,
        dataset VARCHAR NOT NULL,
        column_name VARCHAR NOT NULL
      )`,
      `CREATE TABLE metric_versions (
        metric VARCHAR NOT NULL,
        version INTEGER NOT NULL,
        spec JSON NOT NULL,
        author VARCHAR NOT NULL,
        created_at TIMESTAMP NOT NULL,
        reason VARCHAR NOT NULL,
        hash VARCHAR NOT NULL,
        PRIMARY KEY (metric, version)
      )`,
      'CREATE SEQUENCE audit_ids',
      `CREATE TABLE audit_log (
        id BIGINT PRIMARY KEY DEFAULT nextval('audit_ids'),
        logged_at TIMESTAMP NOT NULL,
        username VARCHAR,
        action VARCHAR NOT NULL,
        outcome VARCHAR NOT NULL,
        detail JSON NOT NULL,
        row_count BIGINT
      )`,
    ],
  },
  {
    version: 2,
    description: 'saved charts',
    statements: [
      `CREATE TABLE saved_charts (
        id VARCHAR PRIMARY KEY,
        owner VARCHAR NOT NULL,
        name VARCHAR NOT NULL,
        description VARCHAR NOT NULL,
        config JSON NOT NULL,
        created_at TIMESTAMP NOT NULL,
        updated_at TIMESTAMP NOT NULL
      )`,
    ],
  },
  {
    version: 3,
    description: 'dashboards, their published versions and share links',
    statements: [
      `CREATE TABLE dashboards (
        id VARCHAR PRIMARY KEY,
        slug VARCHAR NOT NULL UNIQUE,
        owner VARCHAR NOT NULL,
        draft JSON,
        shares JSON NOT NULL,
        created_at TIMESTAMP NOT NULL,
        updated_at TIMESTAMP NOT NULL
      )`,
      // No foreign keys to dashboards: DuckDB checks them before the transaction ends, so removing a
      // board with its versions in one transaction would be refused (as with users and sessions).
      `CREATE TABLE dashboard_versions (
        dashboard_id VARCHAR NOT NULL,
        version INTEGER NOT NULL,
        definition JSON NOT NULL,
        published_by VARCHAR NOT NULL,
        published_at TIMESTAMP NOT NULL,
        note VARCHAR NOT NULL,
        PRIMARY KEY (dashboard_id, version)
      )`,
      `CREATE TABLE dashboard_links (
        token_hash VARCHAR PRIMARY KEY,
        dashboard_id VARCHAR NOT NULL,
        created_by VARCHAR NOT NULL,
        created_at TIMESTAMP NOT NULL,
        expires_at TIMESTAMP NOT NULL
      )`,
    ],
  },
  {
    version: 4,
    description: 'alert rules, instances, their transitions, the notification outbox and the delivery log',
    statements: [
      `CREATE TABLE alert_rules (
        id VARCHAR PRIMARY KEY,
        definition JSON NOT NULL,
        saved_by VARCHAR NOT NULL,
        saved_at TIMESTAMP NOT NULL
      )`,
      // The instance's whole state as JSON; its state is a column too, to find the open ones.
      `CREATE TABLE alert_instances (
        rule_id VARCHAR NOT NULL,
        alert_key VARCHAR NOT NULL,
        state VARCHAR NOT NULL,
        instance JSON NOT NULL,
        PRIMARY KEY (rule_id, alert_key)
      )`,
      'CREATE SEQUENCE alert_transition_ids',
      `CREATE TABLE alert_transitions (
        id BIGINT PRIMARY KEY DEFAULT nextval('alert_transition_ids'),
        rule_id VARCHAR NOT NULL,
        alert_key VARCHAR NOT NULL,
        episode INTEGER NOT NULL,
        occurred_at TIMESTAMP NOT NULL,
        from_state VARCHAR NOT NULL,
        to_state VARCHAR NOT NULL,
        actor VARCHAR NOT NULL,
        reason VARCHAR NOT NULL,
        value DOUBLE,
        threshold JSON,
        note VARCHAR
      )`,
      'CREATE SEQUENCE alert_outbox_ids',
      `CREATE TABLE alert_outbox (
        id BIGINT PRIMARY KEY DEFAULT nextval('alert_outbox_ids'),
        channel VARCHAR NOT NULL,
        rule_id VARCHAR NOT NULL,
        notice JSON NOT NULL,
        status VARCHAR NOT NULL,
        attempts INTEGER NOT NULL,
        next_attempt_at TIMESTAMP NOT NULL,
        created_at TIMESTAMP NOT NULL,
        sent_at TIMESTAMP,
        detail VARCHAR
      )`,
      'CREATE SEQUENCE alert_delivery_ids',
      `CREATE TABLE alert_deliveries (
        id BIGINT PRIMARY KEY DEFAULT nextval('alert_delivery_ids'),
        attempted_at TIMESTAMP NOT NULL,
        channel VARCHAR NOT NULL,
        entries JSON NOT NULL,
        ok BOOLEAN NOT NULL,
        error VARCHAR
      )`,
    ],
  },
];

export class MetadataSchemaTooNew extends Error {}

/**
 * Applies, in order and each in its own transaction, the migrations `file` has not had yet; returns
 * their versions. Refuses a file migrated by a newer HBI: this code would misread its tables.
 */
export async function migrate(db: DuckDBConnection, file: string, list: readonly Migration[] = migrations): Promise<number[]> {
  await db.run('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TIMESTAMP NOT NULL)');
  const applied = new Set((await db.runAndReadAll('SELECT version FROM schema_migrations')).getRows().map(([v]) => Number(v)));
  const newest = Math.max(0, ...applied);
  const known = Math.max(0, ...list.map((m) => m.version));
  if (newest > known) {
    throw new MetadataSchemaTooNew(
      `${file} has metadata schema version ${newest}, but this HBI knows versions up to ${known}; `
      + 'run the newer HBI that wrote it, or restore a backup made with this one',
    );
  }
  const done: number[] = [];
  for (const migration of list.filter((m) => !applied.has(m.version))) {
    await db.run('BEGIN TRANSACTION');
    try {
      for (const statement of migration.statements) await db.run(statement);
      await db.run('INSERT INTO schema_migrations VALUES ($version, $appliedAt)', {
        version: migration.version, appliedAt: timestampValue(BigInt(Date.now()) * 1000n),
      });
      await db.run('COMMIT');
    } catch (error) {
      await db.run('ROLLBACK');
      throw new Error(`${file}: metadata migration ${migration.version} (${migration.description}) failed, nothing of it was applied: ${(error as Error).message}`);
    }
    done.push(migration.version);
  }
  return done;
}
