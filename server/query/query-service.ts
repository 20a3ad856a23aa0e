// The query path every caller shares (the query API, drill-through, exports, access preview):
// the user's access is checked against what the query reads, their row filters go into the plan,
// results are cached by everything that decides them, and patient identifiers are masked on the
// way out for users without the unmask grant.
import { readLookup, type Warehouse } from '../../connectors/warehouse.ts';
import { compileDetail, compileDimensionValues, compileQuery, dimensionColumns, QueryError, type DimensionValuesQuery, type DetailColumn, type DetailQuery, type MetricQuery } from '../../metrics/compile.ts';
import { LanguageError, nodesOf, parseExpression } from '../../metrics/language/index.ts';
import { recordMetricVersions, type MetricVersionStore } from '../../metrics/versions/metric-versions.ts';
import type { SemanticModel } from '../../metrics/model/semantic-model.ts';
import { currentDataVersion, metricDefinitions, plainValue, readRows, resolveVersions, resultOf, type Cell, type MetricVersions, type QueryResult } from '../query-runner.ts';
import { maskValue, type PiiTag } from '../masking.ts';
import { accessKey, type UserAccess } from '../access/user-access.ts';
import { ResultCache } from './result-cache.ts';
import { buildRollups, type RollupBuild } from './rollup-builder.ts';
import type { ExportTable } from '../export/table-export.ts';

/** A request the user's access does not allow: answered 403 with the reason. */
export class AccessDenied extends Error {}

export interface ServedResult extends QueryResult {
  cached: boolean;
  closedDatasets: string[];
  columns: (QueryResult['columns'][number] & { masked?: boolean })[];
  /** Per dimension column with a lookup, the names of the values in `rows` (0101 → 心血管内科). */
  labels: Record<string, Record<string, string>>;
}

export interface DetailPage {
  metric: string;
  dataset: string;
  columns: (DetailColumn & { masked?: boolean })[];
  rows: Record<string, Cell>[];
  total: number;
  offset: number;
  limit: number;
  metricVersion: number;
  dataVersion: number | null;
}

/** Detail exports stop here: a bigger extract is a job for the warehouse's owners, not a download. */
export const detailExportLimit = 1_000_000;

export class QueryService {
  private readonly cache = new ResultCache<Omit<ServedResult, 'cached'>>();
  /** Dimension lookups (code → name) by `dataset.key.name`, read once per data version. */
  private readonly lookups = new Map<string, Promise<Map<string, string>>>();
  /** The rollups built from the current data; none while they are being built. */
  private rollups: RollupBuild | null = null;
  private rollupsBuilding: Promise<RollupBuild | null> = Promise.resolve(null);

  private constructor(
    private readonly warehouse: Warehouse,
    readonly model: SemanticModel,
    private readonly versions: MetricVersions,
    private dataVersion: number | null,
  ) {}

  /** Records the model's metric definitions as versions (new ones by `author`) and reads the data version. */
  static async open(warehouse: Warehouse, model: SemanticModel, store: MetricVersionStore, author: string): Promise<QueryService> {
    const current = await recordMetricVersions(store, metricDefinitions(model), author);
    const connection = await warehouse.instance.connect();
    try {
      const service = new QueryService(warehouse, model, { store, current }, await currentDataVersion(connection));
      service.rebuildRollups();
      return service;
    } finally {
      connection.closeSync();
    }
  }

  /**
   * Builds the rollups from the data as it is now, in the background: queries read the rows until
   * they are built, and a build overtaken by a newer load is dropped.
   */
  private rebuildRollups(): void {
    this.rollups = null;
    const version = this.dataVersion;
    const previous = this.rollupsBuilding;
    this.rollupsBuilding = previous.catch(() => null).then(async () => {
      const build = await buildRollups(this.warehouse, this.model);
      if (this.dataVersion !== version) return null;
      this.rollups = build;
      return build;
    });
  }

  /** The rollups once the current build has finished: what was built, what was not and why. */
  async rollupsReady(): Promise<RollupBuild | null> {
    let building;
    do {
      building = this.rollupsBuilding;
      await building;
    } while (building !== this.rollupsBuilding);
    return this.rollups;
  }

  get rollupStatus(): { built: number; building: boolean } {
    return { built: this.rollups?.catalog.built.length ?? 0, building: this.rollups === null };
  }

  get currentDataVersion(): number | null {
    return this.dataVersion;
  }

  get cacheStatus() {
    return { ...this.cache.size, hits: this.cache.hits, misses: this.cache.misses };
  }

  /** A load published: results cached before it may be stale. */
  async dataPublished(): Promise<void> {
    const connection = await this.warehouse.instance.connect();
    try {
      this.dataVersion = await currentDataVersion(connection);
    } finally {
      connection.closeSync();
    }
    this.cache.clear();
    this.lookups.clear();
    this.rebuildRollups();
  }

  /** The names of a dimension's values, when the model gives it a lookup. */
  private async lookupOf(dimension: string): Promise<Map<string, string> | null> {
    const labels = this.model.dimensions.get(dimension)?.labels;
    if (!labels) return null;
    const key = `${labels.dataset}.${labels.key}.${labels.name}`;
    let lookup = this.lookups.get(key);
    if (!lookup) {
      lookup = readLookup(this.warehouse, labels.dataset, labels.key, labels.name);
      this.lookups.set(key, lookup);
      lookup.catch(() => this.lookups.delete(key));
    }
    return lookup;
  }

  /** Names for the values `rows` hold in each dimension column; masked columns get none. */
  private async labelsOf(dimensions: string[], rows: Record<string, Cell>[], masked: ReadonlySet<string>): Promise<Record<string, Record<string, string>>> {
    const labels: Record<string, Record<string, string>> = {};
    for (const dimension of dimensions) {
      const lookup = masked.has(dimension) ? null : await this.lookupOf(dimension);
      if (!lookup) continue;
      const named: Record<string, string> = {};
      for (const row of rows) {
        const code = row[dimension];
        const name = code === null || code === undefined ? undefined : lookup.get(String(code));
        if (name !== undefined) named[String(code)] = name;
      }
      labels[dimension] = named;
    }
    return labels;
  }

  /** What decides `query`'s answer for `access`: its plan and SQL, the columns to mask, the metric versions, the cache key. */
  private async prepare(access: UserAccess, query: MetricQuery, includeSql: boolean) {
    checkDays(query);
    const masks = this.checkReads(access, query.dimensions ?? [], query.where);
    const { model, used } = await resolveVersions(this.model, query.metrics, this.versions);
    const compiled = compileQuery(model, query, 'duckdb', access.scope, this.rollups?.catalog);
    const dataVersion = this.dataVersion;
    const key = ResultCache.key({ sql: compiled.sql, dataVersion, access: accessKey(access), includeSql });
    return { masks, used, compiled, dataVersion, key };
  }

  /**
   * `query`'s answer if the cache holds it, else null without running anything: for a page that
   * carries the answers the server already has and leaves the rest to be asked.
   */
  async cachedQuery(access: UserAccess, query: MetricQuery): Promise<ServedResult | null> {
    const hit = this.cache.get((await this.prepare(access, query, false)).key);
    return hit ? { ...hit, cached: true } : null;
  }

  async query(access: UserAccess, query: MetricQuery, options: { includeSql?: boolean } = {}): Promise<ServedResult> {
    const { masks, used, compiled, dataVersion, key } = await this.prepare(access, query, options.includeSql ?? false);
    const hit = this.cache.get(key);
    if (hit) return { ...hit, cached: true };
    const rows = await this.withConnection((connection) => readRows(connection, compiled.sql, compiled.columns));
    for (const [column, tag] of masks) for (const row of rows) row[column] = maskValue(tag, row[column] === null ? null : String(row[column]));
    const result = {
      ...resultOf(compiled, rows, used, dataVersion, options.includeSql ?? false),
      columns: compiled.columns.map((c) => (masks.has(c.name) ? { ...c, masked: true } : c)),
      closedDatasets: compiled.plan.closedDatasets,
      labels: await this.labelsOf(query.dimensions ?? [], rows, new Set(masks.keys())),
    };
    this.cache.set(key, result, JSON.stringify(rows).length * 2 + 1024);
    return { ...result, cached: false };
  }

  /** A dimension's values within the user's access, for filter pickers; a dimension of patient identifiers needs the unmask grant. */
  async dimensionValues(access: UserAccess, query: DimensionValuesQuery): Promise<{ values: Cell[]; labels: Record<string, string> }> {
    this.checkReads(access, [query.dimension], undefined, true);
    const limit = query.limit ?? 50;
    const lookup = await this.lookupOf(query.dimension);
    if (lookup && query.search) {
      // A search finds values by name too (心血管 → 0101): within the user's values, read whole
      // (a lookup's dimension has hundreds of values, not millions), matched here.
      const { values } = await this.dimensionValues(access, { dimension: query.dimension, limit: 100_000 });
      const search = query.search.toLowerCase();
      const found = values.filter((v) => v !== null && (String(v).toLowerCase().includes(search) || lookup.get(String(v))?.toLowerCase().includes(search))).slice(0, limit);
      return { values: found, labels: this.namesOf(found, lookup) };
    }
    const compiled = compileDimensionValues(this.model, { ...query, limit }, 'duckdb', access.scope);
    const lists = await this.withConnection(async (connection) => {
      const found: Cell[][] = [];
      for (const { sql } of compiled) found.push((await readRows(connection, sql, [{ name: 'value' }])).map((r) => r.value ?? null));
      return found;
    });
    // Each dataset gave its first `limit` values in order; their merge's first `limit` are the dimension's.
    const values = [...new Set(lists.flat())].sort((a, b) => String(a).localeCompare(String(b))).slice(0, limit);
    return { values, labels: lookup ? this.namesOf(values, lookup) : {} };
  }

  private namesOf(values: Cell[], lookup: Map<string, string>): Record<string, string> {
    return Object.fromEntries(values.flatMap((v) => {
      const name = v === null ? undefined : lookup.get(String(v));
      return name === undefined ? [] : [[String(v), name]];
    }));
  }

  /** Compiles `query` as `access` would run it, without running it: refuses what the query would refuse. */
  async check(access: UserAccess, query: MetricQuery): Promise<void> {
    checkDays(query);
    this.checkReads(access, query.dimensions ?? [], query.where);
    const { model } = await resolveVersions(this.model, query.metrics, this.versions);
    compileQuery(model, query, 'duckdb', access.scope);
  }

  async detail(access: UserAccess, query: DetailQuery): Promise<DetailPage> {
    const { compiled, masks, metricVersion } = await this.compileDetailFor(access, query);
    const offset = query.offset ?? 0;
    const limit = query.limit ?? 100;
    return this.withConnection(async (connection) => {
      const rows = await readRows(connection, compiled.sql, compiled.columns);
      const [count] = (await connection.runAndReadAll(compiled.countSql.text, compiled.countSql.params as never)).getRows();
      return {
        metric: query.metric, dataset: compiled.dataset,
        columns: compiled.columns.map((c) => (masks.has(c.name) ? { ...c, masked: true } : c)),
        rows: rows.map((row) => maskRow(row, masks)),
        total: Number(count?.[0] ?? 0), offset, limit, metricVersion, dataVersion: this.dataVersion,
      };
    });
  }

  /** Every detail row behind a number (up to `detailExportLimit`), read from the warehouse in chunks as the export is written. */
  async detailExport(access: UserAccess, query: Omit<DetailQuery, 'offset' | 'limit'>): Promise<ExportTable & { dataset: string }> {
    const { compiled, masks } = await this.compileDetailFor(access, { ...query, offset: 0, limit: detailExportLimit });
    const connection = await this.warehouse.instance.connect();
    let open = true;
    const release = () => {
      if (open) connection.closeSync();
      open = false;
    };
    async function* batches(): AsyncGenerator<Cell[][]> {
      try {
        const result = await connection.stream(compiled.sql.text, compiled.sql.params as never);
        for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
          yield chunk.getRowObjects(result.deduplicatedColumnNames()).map((row) => {
            const plain = Object.fromEntries(compiled.columns.map((c) => [c.name, plainValue(row[c.name])]));
            const masked = maskRow(plain, masks);
            return compiled.columns.map((c) => masked[c.name] ?? null);
          });
        }
      } finally {
        release();
      }
    }
    const rows = batches();
    // A cut download: a chunk being read is interrupted, and the result and its connection are
    // released as soon as the generator stops (at once when it waits at a `yield`).
    const close = async () => {
      if (open) connection.interrupt();
      await rows.return(undefined);
      release();
    };
    return { dataset: compiled.dataset, headers: compiled.columns.map((c) => c.label?.zh ?? c.name), batches: rows, close };
  }

  private async compileDetailFor(access: UserAccess, query: DetailQuery) {
    if (!access.grants.includes('detail')) throw new AccessDenied(`the ${access.user.role} role sees aggregates only, not the rows behind them`);
    checkDays(query);
    this.checkReads(access, Object.keys(query.cell ?? {}).filter((d) => d !== 'time'), query.where, true);
    const { model, used } = await resolveVersions(this.model, [query.metric], this.versions);
    const all = compileDetail(model, query, 'duckdb', access.scope);
    const hidden = new Set(access.hidden.filter((h) => h.dataset === all.table).map((h) => h.column));
    const compiled = hidden.size === 0 ? all : compileDetail(model, query, 'duckdb', access.scope, all.columns.map((c) => c.name).filter((c) => !hidden.has(c)));
    const masks = new Map(access.unmask ? [] : compiled.columns.filter((c) => c.pii).map((c) => [c.name, c.pii as PiiTag]));
    return { compiled, masks, metricVersion: used[query.metric] ?? 1 };
  }

  /**
   * Dimensions and filters may not read hidden columns. Without the unmask grant, a filter may not
   * read a patient identifier (it would tell values apart), and a dimension reading one is masked:
   * the result's columns to mask, with their tags.
   */
  private checkReads(access: UserAccess, dimensions: string[], where: string | undefined, maskedDimensionsRefused = false): Map<string, PiiTag> {
    const filtered = where ? [...nodesOf(parsedWhere(where))].flatMap((n) => (n.kind === 'reference' ? [n.path[0]!] : [])) : [];
    const masks = new Map<string, PiiTag>();
    for (const [dimension, inFilter] of [...dimensions.map((d) => [d, maskedDimensionsRefused] as const), ...filtered.map((d) => [d, true] as const)]) {
      if (!this.model.dimensions.has(dimension)) continue; // the planner names unknown dimensions
      for (const { table, column, pii } of dimensionColumns(this.model, dimension)) {
        if (access.hidden.some((h) => h.dataset === table && h.column === column)) {
          throw new AccessDenied(`${dimension} reads ${table}.${column}, which is hidden from the ${access.user.role} role`);
        }
        if (pii && !access.unmask) {
          if (inFilter) throw new AccessDenied(`${dimension} reads patient identifiers (${table}.${column}); filtering on them needs the unmask grant`);
          masks.set(dimension, pii);
        }
      }
    }
    return masks;
  }

  private async withConnection<T>(work: (connection: Awaited<ReturnType<Warehouse['instance']['connect']>>) => Promise<T>): Promise<T> {
    const connection = await this.warehouse.instance.connect();
    try {
      return await work(connection);
    } finally {
      connection.closeSync();
    }
  }
}

/** A YYYY-MM-DD that is a day of the calendar: 2024-02-30, 2024-13-45 and 2025-02-29 are not. */
export function isCalendarDay(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** Refuses days that do not exist with a 400 naming the field, before they reach the planner or the database. */
function checkDays(query: { timeRange?: MetricQuery['timeRange']; asOf?: string; cell?: Record<string, unknown> }): void {
  const days: [string, unknown][] = [['asOf', query.asOf]];
  if (query.timeRange && 'from' in query.timeRange) days.push(['timeRange.from', query.timeRange.from], ['timeRange.to', query.timeRange.to]);
  if (query.cell && typeof query.cell.time === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(query.cell.time)) days.push(['cell.time', query.cell.time]);
  for (const [field, value] of days) {
    if (typeof value === 'string' && !isCalendarDay(value)) throw new QueryError(`${field}: ${value} is not a day of the calendar / 日期不存在`);
  }
}

function parsedWhere(where: string) {
  try {
    return parseExpression(where);
  } catch (error) {
    if (error instanceof LanguageError) throw new QueryError(`where: ${error.message}`);
    throw error;
  }
}

function maskRow(row: Record<string, Cell>, masks: Map<string, PiiTag>): Record<string, Cell> {
  if (masks.size === 0) return row;
  const masked = { ...row };
  for (const [column, tag] of masks) masked[column] = maskValue(tag, row[column] === null || row[column] === undefined ? null : String(row[column]));
  return masked;
}
