// Test support: an app with an in-memory metadata store and one signed-in user, for tests about
// something other than access (extract listings, load reports, the web app's pages).
import type { FastifyInstance } from 'fastify';
import { buildApp, type AppOptions } from '../app.ts';
import { openMetadataStore } from '../store/duckdb-metadata-store.ts';
import type { MetadataStore, Role } from '../store/metadata-store.ts';
import { hashPassword } from '../auth/passwords.ts';
import { sessionCookie } from '../auth/authentication.ts';

export const testPassword = 'correct horse battery staple';

export interface SignedInApp {
  app: FastifyInstance;
  store: MetadataStore;
  /** The session cookie and CSRF token of the signed-in user, for `inject` and `fetch`. */
  headers: { cookie: string; 'x-csrf-token': string };
  close(): Promise<void>;
}

export async function signedInApp(options: Omit<AppOptions, 'store'>, user: { username?: string; role?: Role; department?: string | null } = {}): Promise<SignedInApp> {
  const store = await openMetadataStore(':memory:');
  const username = user.username ?? 'tester';
  await store.users.create({
    username, displayName: '测试用户', role: user.role ?? 'admin', department: user.department ?? null, disabled: false, passwordHash: await hashPassword(testPassword),
  });
  const { app } = await buildApp({ ...options, store });
  const login = await app.inject({ method: 'POST', url: '/api/session', payload: { username, password: testPassword } });
  if (login.statusCode !== 200) throw new Error(`test login failed: ${login.body}`);
  const token = login.cookies.find((c) => c.name === sessionCookie)!.value;
  return {
    app, store,
    headers: { cookie: `${sessionCookie}=${token}`, 'x-csrf-token': login.json<{ csrfToken: string }>().csrfToken },
    async close() {
      await app.close();
      store.close();
    },
  };
}
