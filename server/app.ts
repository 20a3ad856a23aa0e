// The HBI HTTP application: one Fastify instance, one plugin per area, the built web app as
// static files. Tests drive it with `app.inject()`; `hbi serve` listens on a port.
import { existsSync } from 'node:fs';
import { join, sep } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import { ExtractInventory } from '../connectors/extract-inventory.ts';
import type { ConnectorProject } from '../connectors/project.ts';
import type { Warehouse } from '../connectors/warehouse.ts';
import type { SemanticModel } from '../metrics/model/semantic-model.ts';
import type { MetricVersionStore } from '../metrics/versions/metric-versions.ts';
import { healthRoutes } from './health-routes.ts';
import { extractRoutes } from './extract-routes.ts';
import { datasetRoutes } from './dataset-routes.ts';
import { registerAuthentication } from './auth/authentication.ts';
import { sessionRoutes, type LoginThrottles, type PasswordCheck } from './auth/session-routes.ts';
import { userRoutes } from './auth/user-routes.ts';
import { accessRoutes } from './access/access-routes.ts';
import { catalogueRoutes } from './catalogue/catalogue-routes.ts';
import { queryRoutes } from './query/query-routes.ts';
import { QueryService } from './query/query-service.ts';
import { LoadJobs } from './uploads/load-jobs.ts';
import { ServerEvents } from './events/data-events.ts';
import { eventRoutes } from './events/event-routes.ts';
import type { Ticker } from './auth/session-watch.ts';
import { uploadRoutes } from './uploads/upload-routes.ts';
import { chartRoutes } from './charts/chart-routes.ts';
import { dashboardRoutes, type HomeDashboard } from './dashboards/dashboard-routes.ts';
import { publishProjectDashboards } from './dashboards/project-dashboards.ts';
import type { MetadataStore } from './store/metadata-store.ts';
import { hbiVersion } from './version.ts';
import { appPageServer } from './web-page.ts';

/**
 * What the web app's pages may load and run: its own scripts only, and no eval (Vega runs its
 * expressions through vega-interpreter, web/builder/chartDrawing.ts); inline styles (React's and
 * Vega's SVG attributes); images from itself and data:/blob: URLs (chart pictures and PNG
 * exports); no plugins, no framing (clickjacking), no form posts or base URLs elsewhere.
 */
const contentSecurityPolicy = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  workerSrc: ["'self'", 'blob:'],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/** How long a browser may keep a built asset: a year, without revalidating (its name changes with its content). */
const immutableAsset = 'public, max-age=31536000, immutable';

export interface AppOptions {
  /** Folder with the departmental extracts and their manifest.json. */
  extractsDir: string;
  /** Users, sessions, policies, metric versions and the audit log. */
  store: MetadataStore;
  /** The project the server answers for: its warehouse (owned by this process), datasets and model. */
  project?: { warehouse: Warehouse; connectors: ConnectorProject; model: SemanticModel };
  /** Department codes to names, to show a user's department (access.yaml `departments`). */
  departmentNames?: Map<string, string>;
  /** The built web app (vite build output); without it only the API is served. */
  webRoot?: string;
  /**
   * The server's log (pino, JSON lines): by default its errors on stderr, so that every 500 answered
   * ("the details are in its log") is there. `false` turns it off; a stream receives it instead.
   */
  logger?: false | { level?: 'error' | 'warn' | 'info'; stream?: NodeJS.WritableStream };
  /** Failed-login limits; tests give each app its own. */
  throttles?: LoginThrottles;
  /** Days an uploaded extract is kept (default 30); failed and refused ones are removed at once. */
  uploadRetentionDays?: number;
  /** Timers of long-lived streams (heartbeats, session re-checks); tests tick their own. */
  ticker?: Ticker;
  /** How a login's password is checked (scrypt); tests count the checks. */
  passwordCheck?: PasswordCheck;
}

export interface HbiApp {
  app: FastifyInstance;
  /** Null without a project. */
  queries: QueryService | null;
  jobs: LoadJobs | null;
  /** What open pages are told (GET /api/events). */
  events: ServerEvents;
}

/** Metric versions whose every new version is also an audit entry: a definition change is on record. */
function auditedVersions(store: MetadataStore): MetricVersionStore {
  return {
    history: (metric) => store.metricVersions.history(metric),
    async append(version) {
      const recorded = await store.metricVersions.append(version);
      await store.audit.append({ username: version.author, action: 'metric_version', outcome: 'ok', detail: { metric: recorded.metric, version: recorded.version, reason: recorded.reason, hash: recorded.hash }, rows: null });
      return recorded;
    },
  };
}

export async function buildApp(options: AppOptions): Promise<HbiApp> {
  // Closing drops open connections too: a browser holding one must not keep Ctrl-C (or a test) waiting.
  // Unknown fields are refused, not silently dropped: a misspelt `wehre` must not run unfiltered.
  const logger = options.logger === false ? false : { level: options.logger?.level ?? 'error', stream: options.logger?.stream ?? process.stderr };
  const app = Fastify({ logger, forceCloseConnections: true, ajv: { customOptions: { removeAdditional: false } } });
  // Requests a user got wrong keep their message; anything else is logged, not shown raw.
  app.setErrorHandler((error: { statusCode?: number; message: string; name?: string }, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status < 500) return reply.code(status).send({ statusCode: status, error: error.name ?? 'Bad Request', message: error.message });
    request.log.error(error);
    return reply.code(500).send({ statusCode: 500, error: 'Internal Server Error', message: 'the server could not answer this request; the details are in its log' });
  });
  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'HBI API', version: hbiVersion, description: 'Hospital BI: metric queries, catalogue, loads, access. Log in with POST /api/session; send the CSRF token it returns in x-csrf-token with every change.' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'hbi_session' } } },
      security: [{ session: [] }],
    },
  });
  await app.register(fastifyHelmet, { contentSecurityPolicy: { useDefaults: false, directives: contentSecurityPolicy }, frameguard: { action: 'deny' }, hsts: false });
  await app.register(fastifyCookie);
  registerAuthentication(app, options.store);
  const { store, project } = options;
  const inventory = new ExtractInventory(options.extractsDir);

  await app.register(healthRoutes, { prefix: '/api', version: hbiVersion, rollups: () => queries?.rollupStatus ?? null });
  await app.register(sessionRoutes, { prefix: '/api', store, departmentNames: options.departmentNames ?? new Map(), ...(options.throttles ? { throttles: options.throttles } : {}), ...(options.passwordCheck ? { passwordCheck: options.passwordCheck } : {}) });
  await app.register(userRoutes, { prefix: '/api', store });
  await app.register(extractRoutes, { prefix: '/api', inventory, store });
  await app.register(datasetRoutes, { prefix: '/api', warehouse: project?.warehouse ?? null, store });

  const events = new ServerEvents();
  const ticker = options.ticker ? { ticker: options.ticker } : {};
  await app.register(eventRoutes, { prefix: '/api', events, store, ...ticker });

  let queries: QueryService | null = null;
  let jobs: LoadJobs | null = null;
  if (project) {
    const { warehouse, connectors, model } = project;
    queries = await QueryService.open(warehouse, model, auditedVersions(store), 'project files');
    const service = queries;
    jobs = new LoadJobs(warehouse, connectors, async () => {
      await service.dataPublished();
      events.publish({ type: 'data_published', dataVersion: service.currentDataVersion, at: new Date().toISOString() });
    }, async (report, job) => {
      await store.audit.append({ username: job.username, action: 'load_held', outcome: 'ok', detail: { loadId: report.loadId, dataset: report.dataset, file: job.file, reason: report.message }, rows: report.rowsLoaded });
    });
    const columnsOf = (dataset: string) => connectors.datasets.find((d) => d.spec.name === dataset)?.spec.columns.map((c) => c.name) ?? null;
    await app.register(catalogueRoutes, { prefix: '/api', store, model, versions: store.metricVersions, queries });
    await app.register(queryRoutes, { prefix: '/api', store, queries });
    await app.register(accessRoutes, { prefix: '/api', store, model, columnsOf });
    await app.register(uploadRoutes, {
      prefix: '/api', store, project: connectors, warehouse, jobs, ...ticker,
      ...(options.uploadRetentionDays !== undefined ? { retentionDays: options.uploadRetentionDays } : {}),
    });
    await app.register(chartRoutes, { prefix: '/api', store, queries });
    const home: HomeDashboard = { slug: null };
    await app.register(dashboardRoutes, { prefix: '/api', store, queries, model, home });
    // Dashboards as code: the project's dashboards/*.yaml, published as new versions when they changed.
    try {
      home.slug = (await publishProjectDashboards(connectors.dir, store, model, queries)).home;
    } catch (error) {
      await app.close();
      throw error;
    }
  } else {
    // A server of extracts alone has no metrics, so no boards: the web app then opens on its data page.
    app.get('/api/dashboards', { schema: { summary: 'No dashboards: the server has no project' } }, async () => ({ dashboards: [], home: null }));
    app.get('/api/dashboards/home', { schema: { summary: 'No home board: the server has no project' } }, async () => ({ dashboard: null }));
  }

  app.get('/api/docs', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());

  const webRoot = options.webRoot;
  const hasWebApp = webRoot !== undefined && existsSync(join(webRoot, 'index.html'));
  if (hasWebApp) {
    // Vite names each built asset after a hash of its content, so a file under assets/ never
    // changes: the browser keeps it without asking again. index.html (also the answer for every
    // client-side route) names the current assets, so the browser asks for it every time.
    const assets = join(webRoot, 'assets') + sep;
    await app.register(fastifyStatic, {
      root: webRoot,
      wildcard: false,
      cacheControl: false,
      // index.html is the app's page, served below with its first answers.
      index: false,
      allowedPath: (path) => path !== '/index.html',
      setHeaders: (reply, path) => {
        reply.header('cache-control', path.startsWith(assets) ? immutableAsset : 'no-cache');
      },
    });
  }
  const appPage = hasWebApp ? await appPageServer(app, webRoot) : null;

  // Unknown API paths answer JSON; any other GET is a client-side route of the web app.
  app.setNotFoundHandler((request, reply) => {
    if (request.method === 'GET' && appPage && !request.url.startsWith('/api/')) return appPage(request, reply);
    return reply.code(404).send({ statusCode: 404, error: 'Not Found', message: `no route ${request.method} ${request.url}` });
  });
  return { app, queries, jobs, events };
}
