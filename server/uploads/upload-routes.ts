// Uploading an extract for a dataset: the file is saved under the project's data/uploads/ and
// loaded with the dataset's spec in place of its usual source; progress streams as server-sent
// events; the load report is then at /api/loads/:loadId. Data stewards (admin, governance) only.
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyPluginAsync } from 'fastify';
import multipart from '@fastify/multipart';
import type { ConnectorProject } from '../../connectors/project.ts';
import type { MetadataStore } from '../store/metadata-store.ts';
import { errorSchema } from '../error-schema.ts';
import { signedIn } from '../auth/authentication.ts';
import { pruneUploads, type LoadJob, type LoadJobs } from './load-jobs.ts';
import { settleHeldLoad } from '../../connectors/load.ts';
import type { LoadReport } from '../../connectors/load-report.ts';
import type { Warehouse } from '../../connectors/warehouse.ts';
import { intervalTicker, watchSession, type Ticker } from '../auth/session-watch.ts';

export const uploadLimitBytes = 2 * 1024 ** 3;

const jobSchema = {
  type: 'object', required: ['id', 'dataset', 'file', 'state', 'phase', 'rowsRead', 'outcome'],
  properties: {
    id: { type: 'string' }, dataset: { type: 'string' }, file: { type: 'string' }, username: { type: 'string' },
    state: { type: 'string', enum: ['queued', 'running', 'finished'] }, phase: { type: ['string', 'null'] }, rowsRead: { type: 'integer' },
    outcome: {
      anyOf: [{ type: 'null' }, {
        type: 'object', required: ['status', 'loadId', 'rowsLoaded', 'rowsRejected', 'message'],
        properties: { status: { type: 'string' }, loadId: { type: ['integer', 'null'] }, rowsLoaded: { type: 'integer' }, rowsRejected: { type: 'integer' }, message: { type: ['string', 'null'] } },
      }],
    },
  },
} as const;

const jobParams = { type: 'object', required: ['jobId'], additionalProperties: false, properties: { jobId: { type: 'string', pattern: '^[0-9]{1,12}$' } } } as const;

/** File systems hold names of up to 255 bytes; an uploaded name must fit with room to spare. */
export const uploadNameLimitBytes = 200;

/** The uploaded file's own name, kept readable but unable to leave its folder or act as a glob. */
const safeFileName = (name: string) => name.replace(/[^\p{L}\p{N}._-]/gu, '_').replace(/^\.+/, '') || 'extract';

const badRequest = (message: string) => ({ statusCode: 400, error: 'Bad Request', message });

/** Uploaded extracts are removed this many days after they arrived, unless the server is told otherwise. */
export const defaultUploadRetentionDays = 30;

export interface UploadRouteOptions {
  store: MetadataStore;
  project: ConnectorProject;
  warehouse: Warehouse;
  jobs: LoadJobs;
  ticker?: Ticker;
  /** Days an uploaded extract is kept (`hbi serve --upload-retention-days`). */
  retentionDays?: number;
  clock?: () => Date;
}

const loadIdParams = { type: 'object', required: ['loadId'], additionalProperties: false, properties: { loadId: { type: 'integer', minimum: 1 } } } as const;

export const uploadRoutes: FastifyPluginAsync<UploadRouteOptions> = async (app, { store, project, warehouse, jobs, ticker = intervalTicker, retentionDays = defaultUploadRetentionDays, clock = () => new Date() }) => {
  await app.register(multipart, { limits: { files: 1, fields: 0, fileSize: uploadLimitBytes } });
  const prune = () => pruneUploads(project.dir, retentionDays, clock()).catch((error: unknown) => app.log.error(error));
  await prune();

  app.post<{ Params: { dataset: string } }>('/datasets/:dataset/uploads', {
    config: { grant: 'steward_data' },
    schema: {
      summary: 'Upload an extract (multipart, one file) and load it into the dataset',
      consumes: ['multipart/form-data'],
      params: { type: 'object', required: ['dataset'], additionalProperties: false, properties: { dataset: { type: 'string', pattern: '^[a-z_][a-z0-9_]{0,63}$' } } },
      response: { 202: jobSchema, 400: errorSchema, 404: errorSchema, 413: errorSchema },
    },
  }, async (request, reply) => {
    const user = signedIn(request);
    const { dataset } = request.params;
    const spec = project.datasets.find((d) => d.spec.name === dataset)?.spec;
    if (!spec) return reply.code(404).send({ statusCode: 404, error: 'Not Found', message: `no dataset "${dataset}"; the datasets are ${project.datasets.map((d) => d.spec.name).join(', ')}` });
    if (spec.source.format === 'postgres' || spec.source.format === 'mysql') {
      return reply.code(400).send({ statusCode: 400, error: 'Bad Request', message: `${dataset} is read from a ${spec.source.format} database, not from a file; it takes no uploads` });
    }
    if (!request.isMultipart()) return reply.code(400).send({ statusCode: 400, error: 'Bad Request', message: 'send the extract as multipart/form-data with one file field' });
    let part;
    try {
      part = await request.file();
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 413) throw error;
      await store.audit.append({ username: user.username, action: 'upload', outcome: 'failed', detail: { dataset, reason: (error as Error).message }, rows: null });
      return reply.code(400).send(badRequest(`file: the multipart body could not be read (${(error as Error).message}); send the extract again / 上传内容不完整，请重新上传`));
    }
    if (!part) return reply.code(400).send({ statusCode: 400, error: 'Bad Request', message: 'the request has no file: add the extract as a file field' });
    if (Buffer.byteLength(part.filename) > uploadNameLimitBytes) {
      part.file.resume();
      await store.audit.append({ username: user.username, action: 'upload', outcome: 'refused', detail: { dataset, file: part.filename.slice(0, 80), reason: 'file name too long' }, rows: null });
      return reply.code(400).send(badRequest(`file: the name is ${Buffer.byteLength(part.filename)} bytes long, more than ${uploadNameLimitBytes}; rename the file / 文件名过长，请改短后再上传`));
    }
    const folder = join('data', 'uploads', `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(4).toString('hex')}`);
    const file = join(folder, safeFileName(part.filename));
    // The folder and file are the server's alone (0700/0600): they hold patient rows.
    await mkdir(join(project.dir, folder), { recursive: true, mode: 0o700 });
    try {
      await pipeline(part.file, createWriteStream(join(project.dir, file), { mode: 0o600 }));
    } catch (error) {
      // A body cut before its end (the client went away, a proxy gave up): nothing is kept.
      await rm(join(project.dir, folder), { recursive: true, force: true });
      await store.audit.append({ username: user.username, action: 'upload', outcome: 'failed', detail: { dataset, file: part.filename, reason: (error as Error).message }, rows: null });
      return reply.code(400).send(badRequest(`file: the upload of ${part.filename} ended before the whole file arrived (${(error as Error).message}); send it again / 上传未完成，请重新上传`));
    }
    if (part.file.truncated) {
      await rm(join(project.dir, folder), { recursive: true, force: true });
      await store.audit.append({ username: user.username, action: 'upload', outcome: 'refused', detail: { dataset, file: part.filename, reason: 'too large' }, rows: null });
      return reply.code(413).send({ statusCode: 413, error: 'Payload Too Large', message: `${part.filename} is larger than ${uploadLimitBytes / 1024 ** 3} GiB; split the extract or load it from its folder with hbi load` });
    }
    await prune();
    const job = jobs.start(spec, file, user.username);
    await store.audit.append({ username: user.username, action: 'upload', outcome: 'ok', detail: { dataset, file: part.filename, savedAs: file, job: job.id }, rows: null });
    return reply.code(202).header('location', `/api/jobs/${job.id}`).send(job);
  });

  const heldReport = async (loadId: number): Promise<LoadReport | null> => {
    const rows = (await warehouse.db.runAndReadAll(`SELECT report FROM hbi.loads WHERE load_id = $id AND status = 'held'`, { id: loadId })).getRows();
    return rows.length > 0 ? JSON.parse(String(rows[0]![0])) as LoadReport : null;
  };
  const notHeld = (loadId: number) => ({ statusCode: 404, error: 'Not Found', message: `load ${loadId} is not held for confirmation (no such load, or already confirmed or discarded) / 没有待确认的加载 ${loadId}` });

  app.post<{ Params: { loadId: number } }>('/loads/:loadId/confirm', {
    config: { grant: 'steward_data' },
    schema: { summary: 'Confirm a held load: it runs again from the same file and publishes', params: loadIdParams, response: { 202: jobSchema, 404: errorSchema } },
  }, async (request, reply) => {
    const user = signedIn(request);
    const report = await heldReport(request.params.loadId);
    const spec = report ? project.datasets.find((d) => d.spec.name === report.dataset)?.spec : undefined;
    if (!report || !spec) return reply.code(404).send(notHeld(request.params.loadId));
    await settleHeldLoad(warehouse, report.loadId, 'confirmed', user.username);
    const file = report.files.length === 1 && !('url' in spec.source) ? report.files[0]!.path : null;
    const job = file ? jobs.start(spec, file, user.username, { confirmHold: true }) : null;
    await store.audit.append({ username: user.username, action: 'load_confirmed', outcome: 'ok', detail: { loadId: report.loadId, dataset: report.dataset, file, job: job?.id ?? null }, rows: report.rowsLoaded });
    if (!job) return reply.code(404).send({ statusCode: 404, error: 'Not Found', message: `load ${report.loadId} read ${report.files.length} files; confirm it with hbi load --confirm ${report.dataset}` });
    return reply.code(202).header('location', `/api/jobs/${job.id}`).send(job);
  });

  app.post<{ Params: { loadId: number } }>('/loads/:loadId/discard', {
    config: { grant: 'steward_data' },
    schema: { summary: 'Discard a held load: the previous version stays, an uploaded file is removed', params: loadIdParams, response: { 200: { type: 'object', required: ['loadId', 'status'], properties: { loadId: { type: 'integer' }, status: { type: 'string' } } }, 404: errorSchema } },
  }, async (request, reply) => {
    const user = signedIn(request);
    const report = await settleHeldLoad(warehouse, request.params.loadId, 'discarded', user.username);
    if (!report) return reply.code(404).send(notHeld(request.params.loadId));
    for (const f of report.files) await jobs.removeUpload(f.path);
    await store.audit.append({ username: user.username, action: 'load_discarded', outcome: 'ok', detail: { loadId: report.loadId, dataset: report.dataset }, rows: null });
    return { loadId: report.loadId, status: report.status };
  });

  app.get<{ Params: { jobId: string } }>('/jobs/:jobId', {
    config: { grant: 'steward_data' },
    schema: { summary: "An upload's load: state, phase, rows read, outcome", params: jobParams, response: { 200: jobSchema, 404: errorSchema } },
  }, async (request, reply) => jobs.get(request.params.jobId) ?? reply.code(404).send({ statusCode: 404, error: 'Not Found', message: `no job ${request.params.jobId}` }));

  app.get<{ Params: { jobId: string } }>('/jobs/:jobId/events', {
    config: { grant: 'steward_data' },
    schema: { summary: "An upload's load as server-sent events: `progress` while it runs, then one `finished`", params: jobParams, response: { 404: errorSchema } },
  }, async (request, reply) => {
    const job = jobs.get(request.params.jobId);
    if (!job) return reply.code(404).send({ statusCode: 404, error: 'Not Found', message: `no job ${request.params.jobId}` });
    reply.hijack();
    reply.raw.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive' });
    const send = (state: LoadJob) => reply.raw.write(`event: ${state.state === 'finished' ? 'finished' : 'progress'}\ndata: ${JSON.stringify(state)}\n\n`);
    send(job);
    if (job.state === 'finished') return reply.raw.end();
    const stop = jobs.watch(job.id, (state) => {
      send(state);
      if (state.state === 'finished') {
        stop();
        stopWatch();
        reply.raw.end();
      }
    });
    const stopWatch = watchSession(store, request, ticker, () => {
      stop();
      reply.raw.end('event: session_ended\ndata: {}\n\n');
    });
    request.raw.on('close', () => {
      stop();
      stopWatch();
    });
  });
};
