// Alerts in the DuckDB metadata file: rules as JSON definitions, an instance row per (rule, group)
// with its state as JSON, transitions and deliveries appended and never changed, and the outbox.
import { BIGINT, DOUBLE, INTEGER, LIST, TIMESTAMP, VARCHAR, listValue, type DuckDBType, type DuckDBValue } from '@duckdb/node-api';
import type { AlertRule } from '../alerts/alert-rule.ts';
import type { AlertInstance, AlertState, AlertTransition } from '../alerts/lifecycle.ts';
import type { AlertNotice } from '../notify/notice.ts';
import type { AlertStore, Delivery, NotificationStatus, OutboxEntry, StoredAlertRule } from './alert-store.ts';
import { iso, json, timestampFromIso, timestampOf, type Db, type Params, type Row, type SerialConnection } from './serial-connection.ts';

const storedRule = (r: Row): StoredAlertRule => ({ rule: json(r.definition) as AlertRule, savedBy: r.saved_by as string, savedAt: iso(r.saved_at) });

const transition = (r: Row): AlertTransition => ({
  ruleId: r.rule_id as string, key: r.alert_key as string, episode: Number(r.episode), at: iso(r.occurred_at),
  from: r.from_state as AlertState, to: r.to_state as AlertState, by: r.actor as string, reason: r.reason as AlertTransition['reason'],
  value: r.value === null ? null : Number(r.value), threshold: r.threshold === null ? null : json(r.threshold) as AlertTransition['threshold'],
  note: r.note as string | null,
});

const outboxEntry = (r: Row): OutboxEntry => ({
  id: Number(r.id), channel: r.channel as string, notice: json(r.notice) as AlertNotice, status: r.status as NotificationStatus,
  attempts: Number(r.attempts), nextAttemptAt: iso(r.next_attempt_at), createdAt: iso(r.created_at),
  sentAt: r.sent_at === null ? null : iso(r.sent_at), detail: r.detail as string | null,
});

const delivery = (r: Row): Delivery => ({
  id: Number(r.id), at: iso(r.attempted_at), channel: r.channel as string, entries: json(r.entries) as number[], ok: r.ok as boolean, error: r.error as string | null,
});

/** Runs `sql` once with each column's values as one typed list parameter; nothing to insert runs nothing. */
async function insertRows<T>(db: Db, sql: string, rows: T[], columns: Record<string, [DuckDBType, (row: T) => DuckDBValue]>): Promise<void> {
  if (rows.length === 0) return;
  const params: Params = {};
  const types: Record<string, DuckDBType> = {};
  for (const [name, [type, value]] of Object.entries(columns)) {
    params[name] = listValue(rows.map(value));
    types[name] = LIST(type);
  }
  await db.execute(sql, params, types);
}

const listLimit = (limit: number | undefined, fallback: number) => Math.min(Math.max(Math.trunc(limit ?? fallback), 1), 10_000);

export function alertStore(serial: SerialConnection, clock: () => Date): AlertStore {
  return {
    saveRule: (rule, savedBy) => serial.run(async (db) => {
      const [row] = await db.rows(`
        INSERT INTO alert_rules VALUES ($id, $definition, $savedBy, $savedAt)
        ON CONFLICT (id) DO UPDATE SET definition = excluded.definition, saved_by = excluded.saved_by, saved_at = excluded.saved_at
        RETURNING *`, { id: rule.id, definition: JSON.stringify(rule), savedBy, savedAt: timestampOf(clock()) });
      return storedRule(row!);
    }),
    rules: () => serial.run(async (db) => (await db.rows('SELECT * FROM alert_rules ORDER BY id')).map(storedRule)),
    rule: (id) => serial.run(async (db) => {
      const [row] = await db.rows('SELECT * FROM alert_rules WHERE id = $id', { id });
      return row ? storedRule(row) : null;
    }),
    removeRule: (id) => serial.run(async (db) => await db.execute('DELETE FROM alert_rules WHERE id = $id', { id }) > 0),

    instances: (search = {}) => serial.run(async (db) => {
      const conditions: string[] = [];
      const params: Params = {};
      if (search.ruleId !== undefined) { conditions.push('rule_id = $ruleId'); params.ruleId = search.ruleId; }
      // The states are a fixed vocabulary, each bound as its own parameter.
      if (search.states !== undefined) {
        if (search.states.length === 0) return [];
        conditions.push(`state IN (${search.states.map((_, i) => `$state${i}`).join(', ')})`);
        search.states.forEach((state, i) => { params[`state${i}`] = state; });
      }
      const where = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
      return (await db.rows(`SELECT instance FROM alert_instances ${where} ORDER BY rule_id, alert_key`, params)).map((r) => json(r.instance) as AlertInstance);
    }),
    instance: (ruleId, key) => serial.run(async (db) => {
      const [row] = await db.rows('SELECT instance FROM alert_instances WHERE rule_id = $ruleId AND alert_key = $key', { ruleId, key });
      return row ? json(row.instance) as AlertInstance : null;
    }),
    // One statement per table for the whole batch (lists unnested side by side): an evaluation
    // after a load records thousands of rows, and one INSERT per row would take seconds.
    record: (changes) => serial.transaction(async (db) => {
      const latest = new Map(changes.map(({ instance }) => [`${instance.ruleId}\u0000${instance.key}`, instance]));
      await insertRows(db, `
        INSERT INTO alert_instances SELECT * FROM (SELECT unnest($ruleId), unnest($key), unnest($state), unnest($instance))
        ON CONFLICT (rule_id, alert_key) DO UPDATE SET state = excluded.state, instance = excluded.instance`, [...latest.values()], {
        ruleId: [VARCHAR, (i) => i.ruleId], key: [VARCHAR, (i) => i.key], state: [VARCHAR, (i) => i.state], instance: [VARCHAR, (i) => JSON.stringify(i)],
      });
      await insertRows(db, `
        INSERT INTO alert_transitions (rule_id, alert_key, episode, occurred_at, from_state, to_state, actor, reason, value, threshold, note)
        SELECT unnest($ruleId), unnest($key), unnest($episode), unnest($at), unnest($from), unnest($to), unnest($by), unnest($reason),
          unnest($value), unnest($threshold), unnest($note)`, changes.flatMap((c) => (c.transition ? [c.transition] : [])), {
        ruleId: [VARCHAR, (t) => t.ruleId], key: [VARCHAR, (t) => t.key], episode: [INTEGER, (t) => t.episode],
        at: [TIMESTAMP, (t) => timestampFromIso(t.at, 'transition at')], from: [VARCHAR, (t) => t.from], to: [VARCHAR, (t) => t.to],
        by: [VARCHAR, (t) => t.by], reason: [VARCHAR, (t) => t.reason], value: [DOUBLE, (t) => t.value],
        threshold: [VARCHAR, (t) => (t.threshold === null ? null : JSON.stringify(t.threshold))], note: [VARCHAR, (t) => t.note],
      });
      await insertRows(db, `
        INSERT INTO alert_outbox (channel, rule_id, notice, status, attempts, next_attempt_at, created_at, sent_at, detail)
        SELECT unnest($channel), unnest($ruleId), unnest($notice), unnest($status), 0, unnest($at), unnest($at), NULL, unnest($detail)`,
      changes.flatMap((c) => c.notifications), {
        channel: [VARCHAR, (n) => n.channel], ruleId: [VARCHAR, (n) => n.notice.ruleId], notice: [VARCHAR, (n) => JSON.stringify(n.notice)],
        status: [VARCHAR, (n) => (n.quietBecause === null ? 'pending' : 'suppressed')], at: [TIMESTAMP, (n) => timestampFromIso(n.notice.at, 'notification time')],
        detail: [VARCHAR, (n) => n.quietBecause],
      });
    }),
    transitions: (ruleId, key) => serial.run(async (db) => (await db.rows(
      `SELECT * FROM alert_transitions WHERE rule_id = $ruleId ${key === undefined ? '' : 'AND alert_key = $key'} ORDER BY occurred_at, id`,
      key === undefined ? { ruleId } : { ruleId, key },
    )).map(transition)),

    dueNotifications: (now, limit) => serial.run(async (db) => (await db.rows(
      `SELECT * FROM alert_outbox WHERE status = 'pending' AND next_attempt_at <= $now ORDER BY next_attempt_at, id LIMIT $limit`,
      { now: timestampOf(now), limit: listLimit(limit, 1000) },
    )).map(outboxEntry)),
    nextDue: () => serial.run(async (db) => {
      const [row] = await db.rows(`SELECT min(next_attempt_at) AS next FROM alert_outbox WHERE status = 'pending'`);
      return row?.next === null || row?.next === undefined ? null : iso(row.next);
    }),
    notifications: (search = {}) => serial.run(async (db) => {
      const conditions: string[] = [];
      const params: Params = {};
      if (search.ruleId !== undefined) { conditions.push('rule_id = $ruleId'); params.ruleId = search.ruleId; }
      if (search.status !== undefined) { conditions.push('status = $status'); params.status = search.status; }
      const where = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
      return (await db.rows(`SELECT * FROM alert_outbox ${where} ORDER BY id`, params)).map(outboxEntry);
    }),
    recordDelivery: (attempt, outcomes) => serial.transaction(async (db) => {
      const at = timestampFromIso(attempt.at, 'delivery time');
      const [row] = await db.rows('INSERT INTO alert_deliveries (attempted_at, channel, entries, ok, error) VALUES ($at, $channel, $entries, $ok, $error) RETURNING *', {
        at, channel: attempt.channel, entries: JSON.stringify(attempt.entries), ok: attempt.ok, error: attempt.error,
      });
      // All entries in one statement: a rate-limited pass may put back a thousand at once.
      if (outcomes.length > 0) {
        await db.execute(`
          UPDATE alert_outbox SET status = u.status, attempts = u.attempts, next_attempt_at = u.next, detail = u.detail,
            sent_at = CASE WHEN u.status = 'sent' THEN $at ELSE alert_outbox.sent_at END
          FROM (SELECT unnest($id) AS id, unnest($status) AS status, unnest($attempts) AS attempts, unnest($next) AS next, unnest($detail) AS detail) u
          WHERE alert_outbox.id = u.id`, {
          at, id: listValue(outcomes.map((o) => BigInt(o.id))), status: listValue(outcomes.map((o) => o.status)),
          attempts: listValue(outcomes.map((o) => o.attempts)), next: listValue(outcomes.map((o) => timestampFromIso(o.nextAttemptAt, 'next attempt'))),
          detail: listValue(outcomes.map((o) => o.detail)),
        }, { id: LIST(BIGINT), status: LIST(VARCHAR), attempts: LIST(INTEGER), next: LIST(TIMESTAMP), detail: LIST(VARCHAR) });
      }
      return delivery(row!);
    }),
    deliveries: (search = {}) => serial.run(async (db) => (await db.rows(
      `SELECT * FROM alert_deliveries ${search.channel === undefined ? '' : 'WHERE channel = $channel'} ORDER BY attempted_at DESC, id DESC LIMIT $limit`,
      { ...(search.channel === undefined ? {} : { channel: search.channel }), limit: listLimit(search.limit, 100) },
    )).map(delivery)),
  };
}
