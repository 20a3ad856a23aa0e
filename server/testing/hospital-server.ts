// Test support: the HBI app over a small generated hospital, loaded into an in-memory warehouse,
// with an in-memory metadata store holding the demo accounts of the hospital's access.yaml. Tests
// log in as those users and call the API through `inject` (or a real port, for browsers).
import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { generateHospital } from '../../examples/hospital/generator/generate.ts';
import { readConnectorProject } from '../../connectors/project.ts';
import { openWarehouse, readLookup, type Warehouse } from '../../connectors/warehouse.ts';
import { loadDatasets } from '../../connectors/load.ts';
import { readSemanticModel, type SemanticModel } from '../../metrics/model/semantic-model.ts';
import { buildApp, type HbiApp } from '../app.ts';
import { openMetadataStore } from '../store/duckdb-metadata-store.ts';
import type { MetadataStore } from '../store/metadata-store.ts';
import { readAccessConfig } from '../access/access-config.ts';
import { prepareAccounts } from '../access/first-start.ts';
import { sessionCookie } from '../auth/authentication.ts';

export const hospitalProject = new URL('../../examples/hospital/', import.meta.url).pathname;

export interface ApiClient {
  username: string;
  csrfToken: string;
  cookie: string;
  /** A request with this user's session cookie and, for changes, CSRF token. */
  call(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
}

export interface HospitalServer extends HbiApp {
  root: string;
  store: MetadataStore;
  warehouse: Warehouse;
  model: SemanticModel;
  passwords: Record<string, string>;
  login(username: string): Promise<ApiClient>;
  close(): Promise<void>;
}

export interface HospitalServerOptions {
  scale?: number;
  seed?: number;
  end?: string;
  webRoot?: string;
  /** The metadata store's clock (audit times, share links' expiry); tests move it to expire links. */
  clock?: () => Date;
  /** Timers of event streams (heartbeats, session re-checks); tests tick them by hand. */
  ticker?: import('../auth/session-watch.ts').Ticker;
  /** Failed-login delays; a test of the wait's wording gives one that waits long. */
  throttles?: import('../auth/session-routes.ts').LoginThrottles;
}

export async function startHospitalServer(options: HospitalServerOptions = {}): Promise<HospitalServer> {
  const root = await mkdtemp(join(tmpdir(), 'hbi-server-'));
  await generateHospital({ outDir: join(root, 'extracts'), scale: options.scale ?? 0.01, seed: options.seed ?? 11, end: options.end ?? '2025-12-31' });
  for (const entry of ['datasets', 'model', 'metrics', 'dashboards', 'access.yaml']) await symlink(join(hospitalProject, entry), join(root, entry));
  await mkdir(join(root, 'data'));
  const warehouse = await openWarehouse(root, { memory: true });
  const connectors = await readConnectorProject(root);
  await loadDatasets(warehouse, connectors);
  const model = await readSemanticModel(root);
  const store = await openMetadataStore(':memory:', options.clock ? { clock: options.clock } : {});
  const access = await readAccessConfig(root);
  const accounts = await prepareAccounts(store, access, root, true);
  const passwords = Object.fromEntries(accounts.map((a) => [a.username, a.password!]));
  const built = await buildApp({
    extractsDir: join(root, 'extracts'), store, project: { warehouse, connectors, model },
    departmentNames: await readLookup(warehouse, access.departments!.dataset, access.departments!.code, access.departments!.name),
    ...(options.webRoot ? { webRoot: options.webRoot } : {}),
    ...(options.ticker ? { ticker: options.ticker } : {}),
    ...(options.throttles ? { throttles: options.throttles } : {}),
  });
  // Tests read numbers through the rollups, as a running server does once they are built.
  await built.queries?.rollupsReady();
  const login = async (username: string): Promise<ApiClient> => {
    const response = await built.app.inject({ method: 'POST', url: '/api/session', payload: { username, password: passwords[username] } });
    if (response.statusCode !== 200) throw new Error(`login as ${username}: ${response.statusCode} ${response.body}`);
    const cookie = `${sessionCookie}=${response.cookies.find((c) => c.name === sessionCookie)!.value}`;
    const { csrfToken } = response.json<{ csrfToken: string }>();
    return {
      username, csrfToken, cookie,
      call: (method, url, body, headers = {}) => built.app.inject({
        method, url, headers: { cookie, ...(method === 'GET' ? {} : { 'x-csrf-token': csrfToken }), ...headers },
        ...(body === undefined ? {} : { payload: body as object }),
      }),
    };
  };
  return {
    ...built, root, store, warehouse, model, passwords, login,
    async close() {
      await built.app.close();
      await built.jobs?.idle();
      await built.queries?.rollupsReady();
      store.close();
      warehouse.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}
