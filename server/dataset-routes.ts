// Loaded datasets, load reports and rejected rows, read from the warehouse's hbi.* and rejects.*
// tables. Rejected rows leave the server with PII-tagged columns masked.
import type { FastifyPluginAsync } from 'fastify';
import type { Warehouse } from '../connectors/warehouse.ts';
import type { DatasetListing, DatasetSummary, LoadReport, LoadSummary, RejectedRows } from '../web/api/types.ts';
import { maskValue, type PiiTag } from './masking.ts';
import { errorSchema } from './error-schema.ts';
import { exportMediaTypes, exportStream, type ExportCell } from './export/table-export.ts';
import { signedIn } from './auth/authentication.ts';
import { accessOf } from './access/user-access.ts';
import type { MetadataStore } from './store/metadata-store.ts';

const loadSummarySchema = {
  type: 'object',
  required: ['loadId', 'dataset', 'status', 'startedAt', 'finishedAt', 'rowsRead', 'rowsLoaded', 'rowsRejected', 'message'],
  properties: {
    loadId: { type: 'integer' }, dataset: { type: 'string' }, status: { type: 'string', enum: ['loaded', 'refused', 'failed', 'held', 'discarded', 'confirmed'] },
    startedAt: { type: 'string' }, finishedAt: { type: 'string' }, rowsRead: { type: 'integer' }, rowsLoaded: { type: 'integer' },
    rowsRejected: { type: 'integer' }, message: { type: ['string', 'null'] },
  },
} as const;

const loadIdParams = { type: 'object', required: ['loadId'], additionalProperties: false, properties: { loadId: { type: 'integer', minimum: 1 } } } as const;
const pageQuery = {
  type: 'object', additionalProperties: false,
  properties: { offset: { type: 'integer', minimum: 0, default: 0 }, limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 } },
} as const;

interface SpecColumn { name: string; pii: PiiTag | null; source?: string }

/** hbi.* times are UTC; the API says so. */
const isoUtc = '%Y-%m-%dT%H:%M:%S.%gZ';

/** A reject reason or example with the value of a PII-tagged column masked, in the message too. */
function maskReason<T extends { column: string | null; value: string | null; message: string }>(reason: T, columns: SpecColumn[]): T {
  const tag = columns.find((c) => c.name === reason.column)?.pii;
  if (!tag || reason.value === null) return reason;
  const masked = maskValue(tag, reason.value) ?? '';
  return { ...reason, value: masked, message: reason.value ? reason.message.replaceAll(reason.value, masked) : reason.message };
}

async function specColumns(query: (sql: string, params?: Record<string, string | number>) => Promise<Record<string, unknown>[]>, dataset: string): Promise<SpecColumn[]> {
  const [spec] = await query(`SELECT spec FROM hbi.datasets WHERE dataset = $dataset`, { dataset });
  return spec ? JSON.parse(String(spec.spec)).columns : [];
}

export const datasetRoutes: FastifyPluginAsync<{ warehouse: Warehouse | null; store: MetadataStore }> = async (app, { warehouse, store }) => {
  const query = async (sql: string, params: Record<string, string | number> = {}) => {
    if (!warehouse) return [];
    const connection = await warehouse.instance.connect();
    try {
      return (await connection.runAndReadAll(sql, params)).getRowObjectsJS();
    } finally {
      connection.closeSync();
    }
  };

  app.get('/datasets', {
    schema: {
      response: {
        200: {
          type: 'object', required: ['datasets', 'dataVersion'],
          properties: {
            dataVersion: { type: ['integer', 'null'] },
            countsWithheld: { type: 'boolean' },
            datasets: {
              type: 'array',
              items: {
                type: 'object', required: ['name', 'title', 'rows', 'dataVersion', 'loadedAt', 'lastLoad'],
                properties: {
                  name: { type: 'string' },
                  title: { type: ['object', 'null'], properties: { zh: { type: 'string' }, en: { type: 'string' } } },
                  rows: { type: ['integer', 'null'] }, dataVersion: { type: ['integer', 'null'] }, loadedAt: { type: ['string', 'null'] },
                  lastLoad: { anyOf: [{ type: 'null' }, loadSummarySchema] },
                },
              },
            },
          },
        },
      },
    },
  }, async (request): Promise<DatasetListing> => {
    // A dataset's row count and its loads' counts are hospital-wide: a reader whose row policy
    // covers part of the rows (a department's analyst) gets them withheld, not another ward's figures.
    const withheld = (await accessOf(signedIn(request), store.policies)).scope.rowFilters.length > 0;
    const rows = await query(`
      WITH latest AS (SELECT * FROM hbi.loads QUALIFY row_number() OVER (PARTITION BY dataset ORDER BY load_id DESC) = 1)
      SELECT coalesce(d.dataset, l.dataset) AS name, d.spec, d.row_count, d.data_version, strftime(d.loaded_at, '${isoUtc}') AS loaded_at,
             l.load_id, l.status, strftime(l.started_at, '${isoUtc}') AS started_at, strftime(l.finished_at, '${isoUtc}') AS finished_at,
             l.rows_read, l.rows_loaded, l.rows_rejected, l.message
      FROM hbi.datasets d FULL OUTER JOIN latest l ON l.dataset = d.dataset ORDER BY name`);
    const datasets = rows.map((r): DatasetSummary => ({
      name: String(r.name),
      title: r.spec ? (JSON.parse(String(r.spec)).title ?? null) : null,
      rows: r.row_count === null || withheld ? null : Number(r.row_count),
      dataVersion: r.data_version === null ? null : Number(r.data_version),
      loadedAt: (r.loaded_at as string | null) ?? null,
      lastLoad: r.load_id === null || withheld ? null : loadSummary(r),
    }));
    const versions = datasets.map((d) => d.dataVersion).filter((v): v is number => v !== null);
    return { datasets, dataVersion: versions.length > 0 ? Math.max(...versions) : null, ...(withheld ? { countsWithheld: true } : {}) };
  });

  app.get<{ Params: { loadId: number } }>('/loads/:loadId', {
    config: { grant: 'steward_data' },
    schema: { params: loadIdParams, response: { 404: errorSchema } },
  }, async (request, reply) => {
    const [row] = await query(`SELECT report FROM hbi.loads WHERE load_id = $id`, { id: request.params.loadId });
    if (!row) return reply.code(404).send({ statusCode: 404, error: 'Not Found', message: `no load ${request.params.loadId}` });
    const report = JSON.parse(String(row.report)) as LoadReport;
    const columns = await specColumns(query, report.dataset);
    return { ...report, rejects: report.rejects.map((r) => ({ ...r, examples: r.examples.map((e) => maskReason(e, columns)) })) };
  });

  const rejectedRows = async (loadId: number, offset: number, limit: number): Promise<RejectedRows | null> => {
    const [load] = await query(`SELECT dataset FROM hbi.loads WHERE load_id = $id`, { id: loadId });
    if (!load) return null;
    const dataset = String(load.dataset);
    const columns = await specColumns(query, dataset);
    const piiBySource = new Map(columns.filter((c) => c.pii).map((c) => [c.source ?? c.name, c.pii as PiiTag]));
    const exists = await query(`SELECT 1 FROM duckdb_tables() WHERE schema_name = 'rejects' AND table_name = $dataset`, { dataset });
    if (exists.length === 0) return { loadId, dataset, total: 0, offset, columns: [], rows: [] };
    const table = `rejects."${dataset.replaceAll('"', '""')}"`;
    const [count] = await query(`SELECT count(*) AS n FROM ${table} WHERE load_id = $id`, { id: loadId });
    const rows = await query(
      `SELECT file, sheet, "row", to_json(reasons)::VARCHAR AS reasons, source::VARCHAR AS source FROM ${table}
       WHERE load_id = $id ORDER BY file, sheet, "row" LIMIT $limit OFFSET $offset`, { id: loadId, limit, offset });
    const parsed = rows.map((r) => {
      const source = JSON.parse(String(r.source)) as Record<string, string | null>;
      for (const [column, tag] of piiBySource) if (column in source) source[column] = maskValue(tag, source[column] ?? null);
      const reasons = (JSON.parse(String(r.reasons)) as { rule: string; column: string | null; value: string | null; message: string }[])
        .map((reason) => maskReason(reason, columns));
      return { file: String(r.file), sheet: (r.sheet as string | null) ?? null, row: Number(r.row), reasons, source };
    });
    return { loadId, dataset, total: Number(count?.n ?? 0), offset, columns: parsed[0] ? Object.keys(parsed[0].source) : [], rows: parsed };
  };

  app.get<{ Params: { loadId: number }; Querystring: { offset: number; limit: number } }>('/loads/:loadId/rejects', {
    config: { grant: 'steward_data' },
    schema: { params: loadIdParams, querystring: pageQuery, response: { 404: errorSchema } },
  }, async (request, reply) => {
    const page = await rejectedRows(request.params.loadId, request.query.offset, request.query.limit);
    if (!page) return reply.code(404).send({ statusCode: 404, error: 'Not Found', message: `no load ${request.params.loadId}` });
    await store.audit.append({ username: signedIn(request).username, action: 'rejected_rows', outcome: 'ok', detail: { loadId: page.loadId, dataset: page.dataset, offset: page.offset }, rows: page.rows.length });
    return page;
  });

  app.get<{ Params: { loadId: number } }>('/loads/:loadId/rejects.csv', {
    config: { grant: 'steward_data' },
    schema: { params: loadIdParams, response: { 404: errorSchema } },
  }, async (request, reply) => {
    const { loadId } = request.params;
    const first = await rejectedRows(loadId, 0, 1);
    if (!first) return reply.code(404).send({ statusCode: 404, error: 'Not Found', message: `no load ${loadId}` });
    async function* batches(): AsyncGenerator<ExportCell[][]> {
      for (let offset = 0; offset < first!.total; offset += 1000) {
        const page = (await rejectedRows(loadId, offset, 1000))!;
        yield page.rows.map((row) => [row.file, row.sheet, String(row.row), row.reasons.map((r) => r.message).join('; '), ...first!.columns.map((c) => row.source[c] ?? null)]);
      }
    }
    // As every export: on record before the first byte, and again with the rows written when it ends or is cut.
    const username = signedIn(request).username;
    const detail = { kind: 'rejected_rows', loadId, dataset: first.dataset, format: 'csv' };
    const started = await store.audit.append({ username, action: 'export', outcome: 'started', detail, rows: null });
    const stream = exportStream({ headers: ['file', 'sheet', 'row', 'reasons', ...first.columns], batches: batches() }, 'csv', first.dataset, (rows, outcome, error) => {
      store.audit.append({ username, action: 'export', outcome, detail: { ...detail, started: started.id, ...(error ? { reason: error.message } : {}) }, rows })
        .catch((failure: Error) => request.log.error(failure));
    });
    return reply
      .type(exportMediaTypes.csv)
      .header('content-disposition', `attachment; filename="${first.dataset}-load-${loadId}-rejects.csv"`)
      .send(stream);
  });
};

function loadSummary(r: Record<string, unknown>): LoadSummary {
  return {
    loadId: Number(r.load_id), dataset: String(r.name), status: r.status as LoadSummary['status'],
    startedAt: String(r.started_at), finishedAt: String(r.finished_at), rowsRead: Number(r.rows_read ?? 0),
    rowsLoaded: Number(r.rows_loaded ?? 0), rowsRejected: Number(r.rows_rejected ?? 0), message: (r.message as string | null) || null,
  };
}
