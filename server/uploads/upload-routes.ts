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
import type { LoadJob, LoadJobs } from './load-jobs.ts';

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

/** The uploaded file's own name, kept readable but unable to leave its folder or act as a glob. */
const safeFileName = (name: string) => name.replace(/[^\p{L}\p{N}._-]/gu, '_').replace(/^\.+/, '').slice(0, 120) || 'extract';

export const uploadRoutes: FastifyPluginAsync<{ store: MetadataStore; project: ConnectorProject; jobs: LoadJobs }> = async (app, { store, project, jobs }) => {
  await app.register(multipart, { limits: { files: 1, fields: 0, fileSize: uploadLimitBytes } });

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
    const part = await request.file();
    if (!part) return reply.code(400).send({ statusCode: 400, error: 'Bad Request', message: 'the request has no file: add the extract as a file field' });
    const folder = join('data', 'uploads', `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(4).toString('hex')}`);
    const file = join(folder, safeFileName(part.filename));
    await mkdir(join(project.dir, folder), { recursive: true });
    await pipeline(part.file, createWriteStream(join(project.dir, file)));
    if (part.file.truncated) {
      await rm(join(project.dir, folder), { recursive: true, force: true });
      await store.audit.append({ username: user.username, action: 'upload', outcome: 'refused', detail: { dataset, file: part.filename, reason: 'too large' }, rows: null });
      return reply.code(413).send({ statusCode: 413, error: 'Payload Too Large', message: `${part.filename} is larger than ${uploadLimitBytes / 1024 ** 3} GiB; split the extract or load it from its folder with hbi load` });
    }
    const job = jobs.start(spec, file, user.username);
    await store.audit.append({ username: user.username, action: 'upload', outcome: 'ok', detail: { dataset, file: part.filename, savedAs: file, job: job.id }, rows: null });
    return reply.code(202).header('location', `/api/jobs/${job.id}`).send(job);
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
        reply.raw.end();
      }
    });
    request.raw.on('close', stop);
  });
};
