// What the server keeps besides the warehouse: users, sessions, access policies, metric versions,
// saved charts, dashboards and the audit log. One interface, so a PostgreSQL store can stand in for the embedded DuckDB one.
import type { MetricVersionStore } from '../../metrics/versions/metric-versions.ts';
import type { AlertStore } from './alert-store.ts';
import type { DashboardDefinition, DashboardShare, DashboardVersion, Role, SessionUser } from '../../web/api/types.ts';

export type { Role };

export const roles: readonly Role[] = ['admin', 'governance', 'analyst', 'viewer'];

/** A user as the API shows them (the web's contract type): no password hash. */
export type User = SessionUser;

export interface UserRecord extends User {
  /** scrypt$N$r$p$salt$hash, base64 parts. */
  passwordHash: string;
}

export interface UserStore {
  list(): Promise<User[]>;
  get(username: string): Promise<UserRecord | null>;
  /** Fails with MetadataConflict when the username exists. */
  create(user: Omit<UserRecord, 'createdAt'>): Promise<User>;
  update(username: string, change: Partial<Pick<UserRecord, 'displayName' | 'role' | 'department' | 'disabled' | 'passwordHash'>>): Promise<User | null>;
  remove(username: string): Promise<boolean>;
}

export interface Session {
  /** sha256 of the cookie's token, hex: the token itself is never stored. */
  tokenHash: string;
  username: string;
  csrfToken: string;
  createdAt: string;
  expiresAt: string;
}

export interface SessionStore {
  create(session: Session): Promise<void>;
  /** Only sessions not yet expired at `now`. */
  get(tokenHash: string, now: Date): Promise<Session | null>;
  remove(tokenHash: string): Promise<void>;
  removeForUser(username: string): Promise<void>;
  removeExpired(now: Date): Promise<number>;
}

/**
 * Rows of every dataset are visible to users of `role` only where `dimension` equals the user's
 * `userAttribute`. A dataset without that dimension is closed to the role, unless it is `exempt`
 * (data about no patient, such as drug stock).
 */
export interface RowPolicy {
  id: number;
  role: Role;
  dimension: string;
  userAttribute: 'department';
  exempt: string[];
}

/** A column of a dataset that users of `role` never see: not as a dimension, not in detail rows. */
export interface ColumnRule {
  id: number;
  role: Role;
  dataset: string;
  column: string;
}

export interface PolicyStore {
  rowPolicies(): Promise<RowPolicy[]>;
  columnRules(): Promise<ColumnRule[]>;
  /** Replaces every policy and rule at once (one transaction). */
  replace(rowPolicies: Omit<RowPolicy, 'id'>[], columnRules: Omit<ColumnRule, 'id'>[]): Promise<void>;
}

/**
 * A chart as its author saved it: what to ask (a MetricQuery) and how to draw it. It holds no
 * data: whoever opens it gets the numbers their own access allows.
 */
export interface SavedChart {
  id: string;
  owner: string;
  name: string;
  description: string;
  config: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

export interface ChartStore {
  /** Newest change first; only `owner`'s when given. */
  list(owner?: string): Promise<SavedChart[]>;
  get(id: string): Promise<SavedChart | null>;
  create(chart: Pick<SavedChart, 'owner' | 'name' | 'description' | 'config'>): Promise<SavedChart>;
  update(id: string, change: Partial<Pick<SavedChart, 'name' | 'description' | 'config'>>): Promise<SavedChart | null>;
  remove(id: string): Promise<boolean>;
}

/**
 * A dashboard (驾驶舱) as stored: the owner's unpublished draft, who may read it, and its latest
 * published version. Published versions are numbered 1, 2, 3 … and never change.
 */
export interface StoredDashboard {
  id: string;
  /** Unique; the file name in a project's dashboards/ folder. */
  slug: string;
  owner: string;
  draft: DashboardDefinition | null;
  shares: DashboardShare[];
  published: DashboardVersion | null;
  createdAt: string;
  updatedAt: string;
}

/** A link that opens a board's published version for any signed-in user until it expires. */
export interface DashboardLink {
  /** sha256 of the token, hex: the token itself is never stored. */
  tokenHash: string;
  dashboardId: string;
  createdBy: string;
  createdAt: string;
  expiresAt: string;
}

export interface DashboardStore {
  /** Every board, newest change first. Who may read which is the routes' business. */
  list(): Promise<StoredDashboard[]>;
  get(id: string): Promise<StoredDashboard | null>;
  getBySlug(slug: string): Promise<StoredDashboard | null>;
  /** Fails with MetadataConflict when the slug is taken. */
  create(board: Pick<StoredDashboard, 'id' | 'slug' | 'owner' | 'draft' | 'shares'>): Promise<StoredDashboard>;
  /** Replaces the draft (null: no unpublished changes). */
  saveDraft(id: string, draft: DashboardDefinition | null): Promise<StoredDashboard | null>;
  /**
   * Publishes version N+1 in one transaction: the draft, which is then cleared, or `definition`
   * when given (a project file), which leaves the draft alone. Fails with MetadataConflict when
   * there is nothing to publish.
   */
  publish(id: string, by: { publishedBy: string; note: string; definition?: DashboardDefinition }): Promise<StoredDashboard | null>;
  /** Newest first. */
  versions(id: string): Promise<DashboardVersion[]>;
  version(id: string, version: number): Promise<DashboardVersion | null>;
  setShares(id: string, shares: DashboardShare[]): Promise<StoredDashboard | null>;
  /** Removes the board with its versions and links. */
  remove(id: string): Promise<boolean>;
  /** Stamps the link with the store's clock; it expires `days` days later. */
  createLink(link: Pick<DashboardLink, 'tokenHash' | 'dashboardId' | 'createdBy'>, days: number): Promise<DashboardLink>;
  /** The link, expired or not, with whether it has expired by the store's clock. */
  link(tokenHash: string): Promise<(DashboardLink & { expired: boolean }) | null>;
}

export type AuditAction =
  | 'login' | 'login_failed' | 'logout'
  | 'query' | 'drill_through' | 'export' | 'access_preview'
  /** A page of a load's rejected rows read (their CSV is an `export` of kind `rejected_rows`). */
  | 'rejected_rows'
  /** A load held for confirmation (rows dropped sharply, or a cut last record), then confirmed or discarded. */
  | 'load_held' | 'load_confirmed' | 'load_discarded'
  /** An admin lifted an account's or an address's failed-login delay. */
  | 'login_unlocked'
  /** A request the user's role has no grant for, refused before it ran. */
  | 'access_refused'
  | 'upload' | 'metric_version'
  | 'user_created' | 'user_changed' | 'user_removed' | 'policies_changed'
  | 'chart_saved' | 'chart_removed'
  | 'dashboard_saved' | 'dashboard_published' | 'dashboard_removed' | 'dashboard_shared' | 'share_link_created' | 'share_link_opened';

export interface AuditEntry {
  id: number;
  at: string;
  /** null when no one is logged in (a failed login names the attempted user in `detail`). */
  username: string | null;
  action: AuditAction;
  /**
   * A read of rows that streams (an export) is recorded twice: `started` before its first byte,
   * then `ok`, `aborted` (the client cut it) or `failed`, with the rows written and the first
   * entry's id in `detail.started`.
   */
  outcome: 'ok' | 'refused' | 'failed' | 'started' | 'aborted';
  /** What was asked: metrics, filters, dataset, file, changed user … */
  detail: Record<string, unknown>;
  rows: number | null;
}

export interface AuditSearch {
  username?: string;
  action?: AuditAction;
  /** ISO 8601, inclusive. */
  from?: string;
  /** ISO 8601, exclusive. */
  to?: string;
  offset?: number;
  limit?: number;
}

/** Append-only: there is no way to change or remove an entry. */
export interface AuditLog {
  append(entry: Omit<AuditEntry, 'id' | 'at'>): Promise<AuditEntry>;
  /** Newest first, with the number of matching entries. */
  search(search: AuditSearch): Promise<{ total: number; entries: AuditEntry[] }>;
}

export interface MetadataStore {
  users: UserStore;
  sessions: SessionStore;
  policies: PolicyStore;
  metricVersions: MetricVersionStore;
  audit: AuditLog;
  charts: ChartStore;
  dashboards: DashboardStore;
  alerts: AlertStore;
  close(): void;
}

export class MetadataConflict extends Error {}
