// The JSON contract between the HBI server and the web app.
// The server imports these types from here; the web app never imports server code,
// so this file must stay free of runtime imports.

/** GET /api/health */
export type HealthReport = {
  status: 'ok';
  version: string;
  uptimeSeconds: number;
  rollups?: { built: number; building: boolean };
};

export type ExtractFormat = 'csv' | 'xlsx' | 'parquet' | 'ndjson';

/** Names as shown in both languages; the web picks one per the current language. */
export type LocalizedText = { zh: string; en: string };

export type ExtractFile = {
  /** Relative to the server's extracts directory. */
  path: string;
  sizeBytes: number;
  /** Data records in this file; header and title rows are excluded. */
  rows: number;
};

export type Extract = {
  /** Stable identifier, e.g. 'outpatient_visits'. */
  name: string;
  title: LocalizedText;
  /** The hospital system the extract comes from: 'HIS', 'LIS', 'nursing', 'pharmacy', 'OR', … */
  sourceSystem: string;
  format: ExtractFormat;
  /** null where the format carries its own encoding (xlsx, parquet). */
  encoding: 'utf-8' | 'gb18030' | null;
  compression: 'gzip' | null;
  files: ExtractFile[];
  /** Sum over files. */
  sizeBytes: number;
  /** Data records, sum over files. */
  rows: number;
  /** Injected defect rows listed in the manifest. */
  defects: number;
};

/** How the demo extracts were generated; from the extracts directory's manifest.json. */
export type GenerationInfo = {
  seed: number;
  scale: number;
  /** First day of the generated period, YYYY-MM-DD. */
  from: string;
  /** Last day of the generated period, YYYY-MM-DD. */
  to: string;
  /** ISO timestamp, on the 'to' day so that generation is reproducible. */
  generatedAt: string;
};

/** GET /api/extracts */
export type ExtractListing = {
  /** null when the extracts directory has no manifest. */
  generation: GenerationInfo | null;
  extracts: Extract[];
  /** True when the extracts were left out: their hospital-wide counts are beyond the reader's row policy. */
  withheld?: boolean;
};

/** What a role may do beyond reading metrics; fixed per role by the server. */
export type Role = 'admin' | 'governance' | 'analyst' | 'viewer';

export type Grant =
  /** See PII-tagged values as they are. */
  | 'unmask'
  /** Read detail rows: drill-through and detail exports. */
  | 'detail'
  /** See the compiled SQL and plan of a query. */
  | 'view_sql'
  /** Upload extracts and read load reports with their rejected rows. */
  | 'steward_data'
  /** Save, change and remove their own charts. */
  | 'edit_charts'
  /** Manage users, row policies and column rules. */
  | 'manage_access'
  /** Search the audit log. */
  | 'read_audit';

export type SessionUser = {
  username: string;
  displayName: string;
  role: Role;
  /** Department code, e.g. '0101'; null for hospital-wide roles. */
  department: string | null;
  disabled: boolean;
  createdAt: string;
};

/** POST /api/session (log in), and GET /api/session when logged in. */
export type SessionInfo = {
  user: SessionUser;
  /** The department's name; null without a department or when the server does not know the code. */
  departmentName: string | null;
  /**
   * The row filters the user's role puts on every query (empty: every row): the dimension, the
   * values allowed (none: no rows), their names, and the datasets exempt from it.
   */
  rowScope?: { dimension: string; values: string[]; names: string[]; exempt?: string[] }[];
  /** Roles that see only some rows (a row policy names them). */
  restrictedRoles?: Role[];
  grants: Grant[];
  /** Sent back in the x-csrf-token header with every POST, PUT, PATCH and DELETE. */
  csrfToken: string;
  expiresAt: string;
};

/** GET /api/session: always 200, `user: null` when nobody is logged in. */
export type SessionReply = SessionInfo | { user: null };

/** Body of POST /api/session. */
export type Credentials = { username: string; password: string };

/** Body of every non-2xx reply from /api/*. */
export type ApiErrorBody = {
  statusCode: number;
  error: string;
  message: string;
};

/** One loaded (or attempted) dataset: GET /api/datasets */
export type DatasetSummary = {
  name: string;
  title: LocalizedText | null;
  /** Rows in the published table; null when it has never loaded. */
  rows: number | null;
  /** The load that published the current table. */
  dataVersion: number | null;
  loadedAt: string | null;
  lastLoad: LoadSummary | null;
};

export type { LoadStatus } from '../../connectors/load-report.ts';
import type { LoadStatus } from '../../connectors/load-report.ts';

export type LoadSummary = {
  loadId: number;
  dataset: string;
  status: LoadStatus;
  startedAt: string;
  finishedAt: string;
  rowsRead: number;
  rowsLoaded: number;
  rowsRejected: number;
  message: string | null;
};

/** `countsWithheld`: the reader's row policy covers only part of the rows, so per-dataset counts (rows, last load) are null. */
export type DatasetListing = { datasets: DatasetSummary[]; dataVersion: number | null; countsWithheld?: boolean };

/** GET /api/loads/:loadId: the load report as the loader wrote it (type-only import: no code crosses). */
export type { LoadReport, RejectExample, RejectSummary } from '../../connectors/load-report.ts';

/** GET /api/loads/:loadId/rejects?offset&limit: rejected rows as the source had them (PII masked). */
export type RejectedRows = {
  loadId: number;
  dataset: string;
  total: number;
  offset: number;
  columns: string[];
  rows: { file: string; sheet: string | null; row: number; reasons: { rule: string; column: string | null; value: string | null; message: string }[]; source: Record<string, string | null> }[];
};

// ---- the metric catalogue (指标中心) ----

export type MetricType = 'simple' | 'ratio' | 'derived' | 'cumulative';

/** A column a metric reads, in the model dataset whose expression reads it. */
export type LineageColumn = {
  dataset: string;
  /** The loaded dataset holding the column (a lookup's, for a relationship); may be left out. */
  table?: string;
  column: string;
  /** The column's PII tag ('mrn', 'id_number', …), when it has one. */
  pii?: string;
};

/** What a metric reads: metric → measures → datasets → columns, and the metrics it is computed from. */
export type MetricLineage = {
  /** Measure columns are named as the dataset's expressions name them (`ddd.ddd_g` for a lookup's). */
  measures: { dataset: string; measure: string; columns: string[] }[];
  datasets: string[];
  columns: LineageColumn[];
  dependsOn: string[];
};

/** draft → in_review → approved (认证, in force) → deprecated; the same list as metrics/model/metric-spec.ts. */
export type MetricStatus = 'draft' | 'in_review' | 'approved' | 'deprecated';

/** Which way a metric is good; the same list as metrics/model/metric-spec.ts. Absent: neutral. */
export type MetricDirection = 'higher_better' | 'lower_better' | 'neutral';

/** A metric as the catalogue lists it: its current definition (口径). */
export type CatalogueMetric = {
  name: string;
  label: LocalizedText;
  type: MetricType;
  unit?: string;
  /** 'integer', 'percent', or a decimal pattern such as '0.0'. */
  format?: string;
  /** The department answerable for the definition, e.g. 医务处. */
  owner: string;
  /** The 口径: what is counted and how, in the owner's words. */
  description: string;
  /** The 口径 in English, when the definition gives it. */
  descriptionEn?: string;
  synonyms: string[];
  /** Where the definition stands with the governance committee (a definition without one is approved). */
  status: MetricStatus;
  direction?: MetricDirection;
  /** The goal in stored units (a percent as a fraction). */
  target?: number;
  /** `dataset.time_dimension`; absent for metrics computed from other metrics, which use theirs. */
  timeDimension?: string;
  currentVersion: number;
  lineage: MetricLineage;
};

export type NamedField = { name: string; label: LocalizedText };

export type CatalogueDataset = {
  name: string;
  label: LocalizedText;
  dimensions: NamedField[];
  timeDimensions: NamedField[];
  measures: (NamedField & { agg: string })[];
};

/** GET /api/catalogue */
export type Catalogue = {
  datasets: CatalogueDataset[];
  dimensions: { name: string; label: LocalizedText; type: string; datasets: string[] }[];
  hierarchies: { name: string; label: LocalizedText; levels: string[] }[];
  metrics: CatalogueMetric[];
};

/** A metric's definition as its YAML file writes it. */
export type MetricDefinition = {
  name: string;
  label: LocalizedText;
  type: MetricType;
  /** simple and cumulative: `dataset.measure`. */
  measure?: string;
  /** ratio: each `dataset.measure` or a metric name. */
  numerator?: string;
  denominator?: string;
  /** derived: a formula over other metrics. */
  formula?: string;
  filter?: string;
  /** cumulative: a running total, or a rolling window of N days. */
  window?: 'running' | { days: number };
  timeDimension?: string;
  unit?: string;
  format?: string;
  owner: string;
  description: string;
  synonyms?: string[];
  status?: MetricStatus;
  direction?: MetricDirection;
  target?: number;
};

export type MetricVersionRecord = {
  version: number;
  author: string;
  createdAt: string;
  reason: string;
  definition: MetricDefinition;
};

/** GET /api/catalogue/metrics/:name: the current definition and every recorded version, oldest first. */
export type MetricDetail = { metric: CatalogueMetric; versions: MetricVersionRecord[] };

// ---- metric queries ----

export type TimeGrain = 'day' | 'week' | 'month' | 'quarter' | 'year';

export type RelativeRange =
  | 'today' | 'yesterday' | 'last_7_days' | 'last_30_days' | 'this_month' | 'last_month'
  | 'this_quarter' | 'last_quarter' | 'this_year' | 'last_year';

/** Body of POST /api/query. */
export type MetricQuery = {
  /** Metric names, optionally pinned to a version: `alos@2`. */
  metrics: string[];
  /** Conformed dimension names; `time` (with `grain`) is each metric's own time dimension. */
  dimensions?: string[];
  grain?: TimeGrain;
  where?: string;
  timeRange?: { from: string; to: string } | { relative: RelativeRange };
  asOf?: string;
  compare?: ('yoy' | 'mom' | 'previous_period')[];
  percentOfTotal?: boolean;
  order?: { by: string; desc?: boolean }[];
  limit?: number;
};

export type QueryColumn = {
  name: string;
  role: 'dimension' | 'metric';
  type: string;
  label: LocalizedText;
  unit?: string;
  format?: string;
  masked?: boolean;
  /** A metric's good direction (KPI cards colour a change by it) and target, from its definition. */
  direction?: MetricDirection;
  target?: number;
};

export type QueryCell = string | number | boolean | null;

/** POST /api/query (JSON). Time values are YYYY-MM-DD, the first day of their period. */
export type QueryResult = {
  columns: QueryColumn[];
  rows: Record<string, QueryCell>[];
  metricVersions: Record<string, number>;
  dataVersion: number | null;
  cached: boolean;
  /** Datasets the user's row policy closes: their metrics count no rows. */
  closedDatasets?: string[];
  /** Per dimension column with a lookup, the names of the codes in `rows` (0101 → 心血管内科). */
  labels?: Record<string, Record<string, string>>;
};

// ---- saved charts ----

export type SavedChart = {
  id: string;
  owner: string;
  name: string;
  description: string;
  /** The query to ask and how to draw the answer; no numbers. */
  config: { query: MetricQuery; chart: { type: string } & Record<string, unknown> };
  createdAt: string;
  updatedAt: string;
};

/** GET /api/charts: the user's own charts (every chart, for admins), newest change first. */
export type ChartListing = { charts: SavedChart[] };

// ---- dashboards (驾驶舱) ----

/** A tile's place on the board's 12-column grid, in grid units (rows are 40 px). */
export type TileLayout = { x: number; y: number; w: number; h: number };

/** How a chart tile draws: the same `{ query, chart }` a saved chart holds, copied onto the board. */
export type TileChart = SavedChart['config'];

export type DashboardTile = {
  /** Unique within the board; cross-filter selections and drill state are kept per tile id. */
  id: string;
  layout: TileLayout;
  /** The tab the tile sits on (one of the board's `tabs`); without it, the first tab. */
  tab?: string;
  title?: string;
} & (
  | {
      kind: 'chart';
      chart: TileChart;
      /** The saved chart it was copied from, when it was. */
      sourceChartId?: string;
      /** True: the board's global filters and other tiles' selections leave this tile alone. */
      ignoreGlobalFilters?: boolean;
    }
  /** A heading or a note: plain text, paragraphs separated by blank lines. */
  | { kind: 'text'; text: string; style?: 'title' | 'note' }
);

/**
 * A filter on a conformed dimension: rows whose value is one of `values`. `pinned`: set by the
 * board's author as part of the board (科室 = 心血管内科), so that every reader sees it as meant
 * (within their own access); readers cannot change it.
 */
export type DimensionFilter = { dimension: string; values: string[]; pinned?: boolean };

/** What a board shows and how; a board's draft and each published version are one of these. */
export type DashboardDefinition = {
  title: string;
  description: string;
  /** Tab names in order; an empty list is a board without tabs. */
  tabs: string[];
  /** Global filters: every tile whose metrics have the dimension (or time) follows them. */
  filters: {
    timeRange?: MetricQuery['timeRange'];
    /** The dimensions offered in the board's filter bar, with their current values (empty: all). */
    dimensions: DimensionFilter[];
  };
  tiles: DashboardTile[];
  /** Seconds between refreshes in TV mode (and on the board); absent: refresh only on new data. */
  refreshSeconds?: number;
};

/** Who may read a board's published version, besides its owner and admins. */
export type DashboardShare =
  | { kind: 'role'; role: Role }
  | { kind: 'department'; department: string }
  | { kind: 'user'; username: string };

export type DashboardVersion = {
  version: number;
  definition: DashboardDefinition;
  publishedBy: string;
  publishedAt: string;
  note: string;
};

/** GET /api/dashboards/:id. Readers who may not edit get `draft: null`. */
export type Dashboard = {
  id: string;
  /** The file name in `dashboards/` (`hospital-operations` ↔ dashboards/hospital-operations.yaml). */
  slug: string;
  owner: string;
  /** Unpublished changes, for the owner and admins; null when there are none (or for readers). */
  draft: DashboardDefinition | null;
  /** The latest published version; null until the first publish. */
  published: DashboardVersion | null;
  shares: DashboardShare[];
  /** Whether the caller may change it (owner or admin, with the edit_charts grant). */
  editable: boolean;
  createdAt: string;
  updatedAt: string;
};

export type DashboardSummary = {
  id: string;
  slug: string;
  owner: string;
  /** The draft's title for editors when there is a draft, else the published one's. */
  title: string;
  publishedVersion: number | null;
  hasDraft: boolean;
  editable: boolean;
  updatedAt: string;
};

/** GET /api/dashboards: the boards the caller may read, newest change first. */
export type DashboardListing = {
  dashboards: DashboardSummary[];
  /** The board the app opens on (the project's first dashboards/*.yaml), when the caller may read it. */
  home: string | null;
};

/**
 * GET /api/dashboards/home: the board the app opens on, as GET /api/dashboards/:id answers it, or
 * null when the project has none or the caller may not read it (the listing's `home` in one request).
 */
export type HomeDashboardReply = { dashboard: Dashboard | null };

/**
 * The answers the app's page (index.html, any client-side route) arrives with, in the script
 * element `hbi-bootstrap`: those the page would ask for first, each as the API answers it (200s
 * only). The session always; on a board's page (home, a board, TV mode) for a logged-in user,
 * the home board or the board, the catalogue, and those of the board's opening tile queries
 * whose answers the server's cache holds (`POST /api/query/batch` with `onlyCached`).
 */
export const pageBootstrapElementId = 'hbi-bootstrap';

export type PageBootstrap = {
  session?: SessionReply;
  home?: HomeDashboardReply;
  dashboard?: Dashboard;
  catalogue?: Catalogue;
  tileAnswers?: { query: MetricQuery; result: QueryResult }[];
};

/** POST /api/dashboards/:id/links: a link that opens the board after login, until it expires. */
export type ShareLink = { token: string; path: string; expiresAt: string };

/** A server-sent event on GET /api/events. */
export type ServerEvent = { type: 'data_published'; dataVersion: number | null; at: string };
