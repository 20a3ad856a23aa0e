// Alerts in the metadata store: rules, each (rule, group) instance with its state, the append-only
// timeline of transitions, the outbox of notifications and the delivery log. One interface, so a
// PostgreSQL store can stand in for the DuckDB one; `alert-store-contract.ts` is what both answer.
import type { AlertRule } from '../alerts/alert-rule.ts';
import type { AlertInstance, AlertState, AlertTransition } from '../alerts/lifecycle.ts';
import type { AlertNotice } from '../notify/notice.ts';

export interface StoredAlertRule {
  rule: AlertRule;
  /** Who saved it last: a username, or `project files`. */
  savedBy: string;
  savedAt: string;
}

export type NotificationStatus = 'pending' | 'sent' | 'failed' | 'suppressed';

export interface OutboxEntry {
  id: number;
  channel: string;
  notice: AlertNotice;
  status: NotificationStatus;
  attempts: number;
  /** When a pending entry may next be sent. */
  nextAttemptAt: string;
  createdAt: string;
  sentAt: string | null;
  /** Why it failed last (secrets removed), or why it stays quiet (a silence, a mute time). */
  detail: string | null;
}

/** One notification to send when its transition is recorded; a quiet one is kept as `suppressed`. */
export interface NewNotification {
  channel: string;
  notice: AlertNotice;
  quietBecause: string | null;
}

/** One attempt to send one message on a channel, carrying one or more outbox entries. */
export interface Delivery {
  id: number;
  at: string;
  channel: string;
  entries: number[];
  ok: boolean;
  /** What went wrong, secrets removed. */
  error: string | null;
}

/** What a delivery attempt did to each entry it carried. */
export interface EntryOutcome {
  id: number;
  status: NotificationStatus;
  attempts: number;
  nextAttemptAt: string;
  detail: string | null;
}

export interface AlertChange {
  instance: AlertInstance;
  transition: AlertTransition | null;
  notifications: NewNotification[];
}

export interface AlertStore {
  /** Creates or replaces the rule of that id. */
  saveRule(rule: AlertRule, savedBy: string): Promise<StoredAlertRule>;
  rules(): Promise<StoredAlertRule[]>;
  rule(id: string): Promise<StoredAlertRule | null>;
  /** Removes the rule; its instances and their history stay (an alert's history is an audit record). */
  removeRule(id: string): Promise<boolean>;

  instances(search?: { ruleId?: string; states?: AlertState[] }): Promise<AlertInstance[]>;
  instance(ruleId: string, key: string): Promise<AlertInstance | null>;
  /**
   * In one transaction: each instance as it is now, its transition appended, its notifications
   * put in the outbox (pending, or suppressed when quiet), stamped with the transition's time.
   */
  record(changes: AlertChange[]): Promise<void>;
  /** Oldest first: an instance's timeline, or a rule's. Transitions never change. */
  transitions(ruleId: string, key?: string): Promise<AlertTransition[]>;

  /** Pending entries whose time has come, oldest first. */
  dueNotifications(now: Date, limit?: number): Promise<OutboxEntry[]>;
  /** The earliest time a pending entry may be sent, or null when none waits. */
  nextDue(): Promise<string | null>;
  notifications(search?: { ruleId?: string; status?: NotificationStatus }): Promise<OutboxEntry[]>;
  /** In one transaction: the attempt logged and its entries updated. */
  recordDelivery(delivery: Omit<Delivery, 'id'>, outcomes: EntryOutcome[]): Promise<Delivery>;
  /** Newest first. */
  deliveries(search?: { channel?: string; limit?: number }): Promise<Delivery[]>;
}
