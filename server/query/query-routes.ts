// The query API: metric queries (JSON, or Arrow IPC on request), drill-through to detail rows,
// exports of either as CSV or xlsx, and an admin's preview of what another user would see.
// Every call is audited with who asked, what and how many rows left the server; the detail
// routes check their grant in the query service, so a refused drill-through is on record as one.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { QueryError, type DetailQuery, type MetricQuery } from '../../metrics/compile.ts';
import { LanguageError } from '../../metrics/language/index.ts';
import type { AuditAction, MetadataStore } from '../store/metadata-store.ts';
import { errorSchema } from '../error-schema.ts';
import { signedIn } from '../auth/authentication.ts';
import { hasGrant } from '../auth/grants.ts';
import { accessOf } from '../access/user-access.ts';
import { exportMediaTypes, exportStream, type ExportFormat, type ExportTable } from '../export/table-export.ts';
import { arrowMediaType, resultToArrow } from './arrow-result.ts';
import { AccessDenied, type QueryService } from './query-service.ts';
import { detailExportSchema, detailPageSchema, detailQuerySchema, metricQuerySchema, queryResultSchema } from './query-schemas.ts';

const exportQuerystring = {
  type: 'object', required: ['format'], additionalProperties: false,
  properties: { format: { type: 'string', enum: ['csv', 'xlsx'] } },
} as const;

/** The planner's and the filter language's complaints are the request's fault: 400 with the reason; refusals are 403. */
export async function answering<T>(reply: FastifyReply, work: () => Promise<T>): Promise<T | FastifyReply> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof AccessDenied) return reply.code(403).send({ statusCode: 403, error: 'Forbidden', message: error.message });
    if (error instanceof QueryError || error instanceof LanguageError) return reply.code(400).send({ statusCode: 400, error: 'Bad Request', message: error.message });
    throw error;
  }
}

const fileName = (name: string, format: ExportFormat) => `${name.replace(/[^A-Za-z0-9_.-]/g, '_')}.${format}`;

export const queryRoutes: FastifyPluginAsync<{ store: MetadataStore; queries: QueryService }> = async (app, { store, queries }) => {
  const audit = (request: FastifyRequest, action: AuditAction, outcome: 'ok' | 'refused' | 'failed', detail: Record<string, unknown>, rows: number | null) =>
    store.audit.append({ username: signedIn(request).username, action, outcome, detail, rows });
  const refusedOr = async (request: FastifyRequest, action: AuditAction, detail: Record<string, unknown>, error: unknown) => {
    if (error instanceof AccessDenied) request.refusalAudited = true;
    await audit(request, action, error instanceof AccessDenied ? 'refused' : 'failed', { ...detail, reason: (error as Error).message }, null);
  };

  app.post<{ Body: MetricQuery; Querystring: { sql?: boolean } }>('/query', {
    schema: {
      summary: `Metric values by dimensions; Arrow IPC when the request accepts ${arrowMediaType}`,
      body: metricQuerySchema,
      querystring: { type: 'object', additionalProperties: false, properties: { sql: { type: 'boolean', description: 'include the plan and the compiled SQL (admins and governance)' } } },
      response: { 200: queryResultSchema, 400: errorSchema, 403: errorSchema },
    },
  }, async (request, reply) => answering(reply, async () => {
    const user = signedIn(request);
    const includeSql = request.query.sql === true;
    try {
      if (includeSql && !hasGrant(user.role, 'view_sql')) throw new AccessDenied(`the ${user.role} role may not see compiled SQL`);
      const result = await queries.query(await accessOf(user, store.policies), request.body, { includeSql });
      await audit(request, 'query', 'ok', { query: request.body, cached: result.cached, dataVersion: result.dataVersion, metricVersions: result.metricVersions }, result.rows.length);
      if (String(request.headers.accept ?? '').includes(arrowMediaType)) {
        const metadata = { metricVersions: JSON.stringify(result.metricVersions), dataVersion: String(result.dataVersion), cached: String(result.cached) };
        return reply.type(arrowMediaType).send(Buffer.from(resultToArrow(result.columns, result.rows, metadata)));
      }
      return result;
    } catch (error) {
      await refusedOr(request, 'query', { query: request.body }, error);
      throw error;
    }
  }));

  /**
   * A board's tiles in one request: browsers open only six connections to a server, so sixteen
   * tiles asked one by one wait for each other. Each query is answered and audited exactly as by
   * POST /query; the reply is NDJSON, one line per query as soon as it is answered (in any order):
   * `{ index, status: 200, result }` or `{ index, status: 400 | 403 | 500, error }`. With
   * `onlyCached`, only answers the server's cache holds are sent; a query it does not hold is
   * neither run nor audited and gets `{ index, status: 204 }` (the app's page carries a board's
   * cached answers this way, server/web-page.ts). With `ahead`, the queries were asked before the
   * reader asked for them (a board's answers grouped by a dimension a click would narrow to), and
   * each audit entry says so.
   */
  app.post<{ Body: { queries: MetricQuery[]; onlyCached?: boolean; ahead?: boolean } }>('/query/batch', {
    schema: {
      summary: 'Several metric queries at once; NDJSON lines { index, status, result | error } as each is answered',
      body: {
        type: 'object', required: ['queries'], additionalProperties: false,
        properties: {
          queries: { type: 'array', minItems: 1, maxItems: 60, items: metricQuerySchema },
          onlyCached: { type: 'boolean', description: 'answer from the result cache only: status 204 for a query it does not hold' },
          ahead: { type: 'boolean', description: 'asked before the reader asked for them (a board\'s answers for a click it may make): audited as such' },
        },
      },
    },
  }, async (request, reply) => {
    const user = signedIn(request);
    const access = await accessOf(user, store.policies);
    const ahead = request.body.ahead ? { ahead: true } : {};
    reply.hijack();
    reply.raw.writeHead(200, { 'content-type': 'application/x-ndjson; charset=utf-8', 'cache-control': 'no-store' });
    await Promise.all(request.body.queries.map(async (query, index) => {
      let line: Record<string, unknown>;
      try {
        const result = request.body.onlyCached ? await queries.cachedQuery(access, query) : await queries.query(access, query);
        if (result) {
          await audit(request, 'query', 'ok', { query, cached: result.cached, dataVersion: result.dataVersion, metricVersions: result.metricVersions, ...ahead }, result.rows.length);
          line = { index, status: 200, result };
        } else {
          line = { index, status: 204 };
        }
      } catch (error) {
        const status = error instanceof AccessDenied ? 403 : error instanceof QueryError || error instanceof LanguageError ? 400 : 500;
        if (status === 500) request.log.error(error);
        await refusedOr(request, 'query', { query, ...ahead }, error).catch((cause: unknown) => request.log.error(cause));
        const message = status === 500 ? 'the server failed to answer this query; see its log' : (error as Error).message;
        line = { index, status, error: { statusCode: status, error: status === 403 ? 'Forbidden' : status === 400 ? 'Bad Request' : 'Internal Server Error', message } };
      }
      reply.raw.write(`${JSON.stringify(line)}\n`);
    }));
    reply.raw.end();
  });

  app.post<{ Body: DetailQuery }>('/query/detail', {
    schema: { summary: 'The detail rows behind a metric value, a page at a time', body: detailQuerySchema, response: { 200: detailPageSchema, 400: errorSchema, 403: errorSchema } },
  }, async (request, reply) => answering(reply, async () => {
    try {
      const page = await queries.detail(await accessOf(signedIn(request), store.policies), request.body);
      await audit(request, 'drill_through', 'ok', { query: request.body, dataset: page.dataset }, page.rows.length);
      return page;
    } catch (error) {
      await refusedOr(request, 'drill_through', { query: request.body }, error);
      throw error;
    }
  }));

  /**
   * An export is on record before its first byte leaves (`started`), and again when it ends with
   * the rows actually written: `ok`, `aborted` when the client cut the download, or `failed`.
   */
  const sendExport = async (request: FastifyRequest, reply: FastifyReply, table: ExportTable, name: string, format: ExportFormat, detail: Record<string, unknown>) => {
    const user = signedIn(request).username;
    const started = await store.audit.append({ username: user, action: 'export', outcome: 'started', detail: { ...detail, format }, rows: null });
    const stream = exportStream(table, format, name, (rows, outcome, error) => {
      store.audit.append({ username: user, action: 'export', outcome, detail: { ...detail, format, started: started.id, ...(error ? { reason: error.message } : {}) }, rows })
        .catch((failure: Error) => request.log.error(failure));
    });
    return reply.type(exportMediaTypes[format]).header('content-disposition', `attachment; filename="${fileName(name, format)}"`).send(stream);
  };

  app.post<{ Body: MetricQuery; Querystring: { format: ExportFormat } }>('/query/export', {
    schema: { summary: 'A metric query as a CSV or xlsx file', body: metricQuerySchema, querystring: exportQuerystring, response: { 400: errorSchema, 403: errorSchema } },
  }, async (request, reply) => answering(reply, async () => {
    try {
      const result = await queries.query(await accessOf(signedIn(request), store.policies), request.body);
      const columns = result.columns;
      async function* batches() {
        yield result.rows.map((row) => columns.map((c) => row[c.name] ?? null));
      }
      const table = { headers: columns.map((c) => `${c.label.zh}${c.unit ? `(${c.unit})` : ''}`), batches: batches() };
      return await sendExport(request, reply, table, request.body.metrics.join('_'), request.query.format, { kind: 'query', query: request.body });
    } catch (error) {
      await refusedOr(request, 'export', { kind: 'query', query: request.body }, error);
      throw error;
    }
  }));

  app.post<{ Body: Omit<DetailQuery, 'offset' | 'limit'>; Querystring: { format: ExportFormat } }>('/query/detail/export', {
    schema: {
      summary: 'Every detail row behind a metric value (up to a million) as a CSV or xlsx file, streamed',
      body: detailExportSchema,
      querystring: exportQuerystring, response: { 400: errorSchema, 403: errorSchema },
    },
  }, async (request, reply) => answering(reply, async () => {
    try {
      const table = await queries.detailExport(await accessOf(signedIn(request), store.policies), request.body);
      return await sendExport(request, reply, table, `${table.dataset}_${request.body.metric}`, request.query.format, { kind: 'detail', query: request.body });
    } catch (error) {
      await refusedOr(request, 'export', { kind: 'detail', query: request.body }, error);
      throw error;
    }
  }));

  app.post<{ Body: { username: string; query: MetricQuery } }>('/access/preview', {
    config: { grant: 'manage_access' },
    schema: {
      summary: "What another user would get for a query: their row filters, hidden columns and masking",
      body: { type: 'object', required: ['username', 'query'], additionalProperties: false, properties: { username: { type: 'string', maxLength: 64 }, query: metricQuerySchema } },
      response: { 200: { type: 'object', required: ['username', 'role', 'result'], properties: { username: { type: 'string' }, role: { type: 'string' }, result: queryResultSchema } }, 400: errorSchema, 403: errorSchema, 404: errorSchema },
    },
  }, async (request, reply) => answering(reply, async () => {
    const subject = await store.users.get(request.body.username);
    if (!subject) return reply.code(404).send({ statusCode: 404, error: 'Not Found', message: `no user "${request.body.username}"` });
    const { passwordHash: _hash, ...user } = subject;
    const result = await queries.query(await accessOf(user, store.policies), request.body.query);
    await audit(request, 'access_preview', 'ok', { as: user.username, query: request.body.query }, result.rows.length);
    return { username: user.username, role: user.role, result };
  }));
};
