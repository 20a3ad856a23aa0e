// Sessions end to end through the app: login and its cookie, CSRF on changes, logout, expiry,
// the login rate limit, user management by admins only, and a restart keeping what was stored.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.ts';
import { openMetadataStore } from '../store/duckdb-metadata-store.ts';
import { signedInApp, testPassword, type SignedInApp } from '../testing/signed-in-app.ts';
import { sessionCookie, tokenHash } from './authentication.ts';
import { hashPassword } from './passwords.ts';
import { LoginThrottle } from './login-throttle.ts';

let root: string;
let admin: SignedInApp;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'hbi-sessions-'));
  admin = await signedInApp({ extractsDir: join(root, 'extracts') });
});
afterAll(async () => {
  await admin?.close();
  await rm(root, { recursive: true, force: true });
});

const login = (app: SignedInApp['app'], username: string, password: string) =>
  app.inject({ method: 'POST', url: '/api/session', payload: { username, password } });

describe('logging in', () => {
  it('sets an HTTP-only, SameSite=Strict session cookie for eight hours and answers the user with a CSRF token', async () => {
    const response = await login(admin.app, 'tester', testPassword);
    expect(response.statusCode).toBe(200);
    const cookie = response.cookies.find((c) => c.name === sessionCookie)!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/', maxAge: 8 * 3600 });
    const body = response.json();
    expect(body.user).toMatchObject({ username: 'tester', role: 'admin' });
    expect(body.user).not.toHaveProperty('passwordHash');
    expect(body.csrfToken).toMatch(/^[\w-]{20,}$/);
    const stored = await admin.store.sessions.get(tokenHash(cookie.value), new Date());
    expect(stored?.username).toBe('tester');
    expect(Date.parse(body.expiresAt) - Date.now()).toBeGreaterThan(7.9 * 3600_000);
  });

  it('refuses a wrong password or an unknown user alike, and records the attempt', async () => {
    for (const [username, password] of [['tester', 'wrong password'], ['nobody', testPassword]] as const) {
      const response = await login(admin.app, username, password);
      expect(response.statusCode).toBe(401);
      expect(response.json().message).toBe('wrong username or password');
      expect(response.cookies).toHaveLength(0);
    }
    const { entries } = await admin.store.audit.search({ action: 'login_failed' });
    expect(entries.map((e) => e.detail.username)).toEqual(expect.arrayContaining(['tester', 'nobody']));
  });

  it('answers 401 without a session, except for health and the API document', async () => {
    for (const url of ['/api/extracts', '/api/datasets', '/api/users']) {
      const response = await admin.app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(401);
      expect(response.json().message).toContain('log in');
    }
    expect((await admin.app.inject('/api/health')).statusCode).toBe(200);
    const docs = await admin.app.inject('/api/docs');
    expect(docs.statusCode).toBe(200);
    expect(docs.json().openapi).toMatch(/^3\./);
    expect(Object.keys(docs.json().paths)).toEqual(expect.arrayContaining(['/api/session', '/api/users', '/api/users/{username}']));
    expect((await admin.app.inject({ method: 'GET', url: '/api/session' })).json()).toEqual({ user: null });
  });

  it('refuses a change without the session\'s CSRF token, or with another one', async () => {
    const body = { username: 'csrf_victim', displayName: 'x', role: 'viewer', password: 'long enough password' };
    const none = await admin.app.inject({ method: 'POST', url: '/api/users', headers: { cookie: admin.headers.cookie }, payload: body });
    expect(none.statusCode).toBe(403);
    expect(none.json().message).toContain('x-csrf-token');
    const wrong = await admin.app.inject({ method: 'POST', url: '/api/users', headers: { ...admin.headers, 'x-csrf-token': 'A'.repeat(32) }, payload: body });
    expect(wrong.statusCode).toBe(403);
    expect(await admin.store.users.get('csrf_victim')).toBeNull();
  });
});

describe('sessions end', () => {
  it('at logout: the cookie no longer opens anything', async () => {
    const response = await login(admin.app, 'tester', testPassword);
    const cookie = `${sessionCookie}=${response.cookies.find((c) => c.name === sessionCookie)!.value}`;
    const csrf = response.json().csrfToken as string;
    expect((await admin.app.inject({ method: 'GET', url: '/api/extracts', headers: { cookie } })).statusCode).toBe(200);
    expect((await admin.app.inject({ method: 'DELETE', url: '/api/session', headers: { cookie, 'x-csrf-token': csrf } })).statusCode).toBe(204);
    expect((await admin.app.inject({ method: 'GET', url: '/api/extracts', headers: { cookie } })).statusCode).toBe(401);
    expect((await admin.store.audit.search({ action: 'logout' })).total).toBe(1);
    // Logging out again (an ended session, a stale tab) still answers 204 and clears the cookie.
    const again = await admin.app.inject({ method: 'DELETE', url: '/api/session', headers: { cookie } });
    expect(again.statusCode).toBe(204);
    expect(again.cookies.find((c) => c.name === sessionCookie)?.value).toBe('');
    expect((await admin.store.audit.search({ action: 'logout' })).total).toBe(1);
  });

  it('after eight hours', async () => {
    const token = 'an-expired-session-token-of-enough-length';
    const past = Date.now() - 9 * 3600_000;
    await admin.store.sessions.create({
      tokenHash: tokenHash(token), username: 'tester', csrfToken: 'c'.repeat(32), createdAt: new Date(past).toISOString(), expiresAt: new Date(past + 8 * 3600_000).toISOString(),
    });
    const response = await admin.app.inject({ method: 'GET', url: '/api/extracts', headers: { cookie: `${sessionCookie}=${token}` } });
    expect(response.statusCode).toBe(401);
  });

  it('when an admin disables the user or changes their password', async () => {
    await admin.app.inject({ method: 'POST', url: '/api/users', headers: admin.headers, payload: { username: 'nurse', displayName: '护士长', role: 'viewer', password: 'first password 1' } });
    const nurse = await login(admin.app, 'nurse', 'first password 1');
    const cookie = `${sessionCookie}=${nurse.cookies.find((c) => c.name === sessionCookie)!.value}`;
    expect((await admin.app.inject({ method: 'GET', url: '/api/extracts', headers: { cookie } })).statusCode).toBe(200);
    const changed = await admin.app.inject({ method: 'PATCH', url: '/api/users/nurse', headers: admin.headers, payload: { password: 'second password 2' } });
    expect(changed.statusCode).toBe(200);
    expect((await admin.app.inject({ method: 'GET', url: '/api/extracts', headers: { cookie } })).statusCode).toBe(401);
    expect((await login(admin.app, 'nurse', 'first password 1')).statusCode).toBe(401);
    expect((await login(admin.app, 'nurse', 'second password 2')).statusCode).toBe(200);
    await admin.app.inject({ method: 'PATCH', url: '/api/users/nurse', headers: admin.headers, payload: { disabled: true } });
    expect((await login(admin.app, 'nurse', 'second password 2')).statusCode).toBe(401);
  });
});

describe('the login rate limit', () => {
  it('makes a sixth try after five failures wait a growing delay (seconds, not a 15-minute lockout), even with the right password; an admin lifts it', async () => {
    const limited = await signedInApp({ extractsDir: join(root, 'extracts') });
    try {
      for (let i = 0; i < 5; i++) expect((await login(limited.app, 'tester', `wrong ${i}`)).statusCode).toBe(401);
      const sixth = await login(limited.app, 'tester', testPassword);
      expect(sixth.statusCode).toBe(429);
      expect(Number(sixth.headers['retry-after'])).toBeGreaterThan(0);
      expect(Number(sixth.headers['retry-after'])).toBeLessThanOrEqual(2);
      expect(sixth.json().message).toContain('try again');
      const unlock = await limited.app.inject({ method: 'POST', url: '/api/login-unlocks', headers: limited.headers, payload: { username: 'tester' } });
      expect(unlock.json()).toEqual({ unlocked: true });
      expect((await login(limited.app, 'tester', testPassword)).statusCode).toBe(200);
      expect((await limited.store.audit.search({ action: 'login_unlocked' })).entries[0]).toMatchObject({ username: 'tester', detail: { username: 'tester', unlocked: true } });
    } finally {
      await limited.close();
    }
  });

  it('limits one address across accounts, and a valid login does not clear the way for more guesses', async () => {
    const limited = await signedInApp({ extractsDir: join(root, 'extracts'), throttles: { account: new LoginThrottle(5), address: new LoginThrottle(6) } });
    try {
      for (let i = 0; i < 3; i++) expect((await login(limited.app, `guess${i}`, 'x')).statusCode).toBe(401);
      expect((await login(limited.app, 'tester', testPassword)).statusCode).toBe(200);
      for (let i = 3; i < 6; i++) expect((await login(limited.app, `guess${i}`, 'x')).statusCode).toBe(401);
      expect((await login(limited.app, 'another', 'x')).statusCode).toBe(429);
    } finally {
      await limited.close();
    }
  });

  it('forgets failures after the window', () => {
    const throttle = new LoginThrottle(2, 1000);
    throttle.fail(['user:a'], 0);
    throttle.fail(['user:a'], 10);
    expect(throttle.retryAfter(['user:a'], 500)).toBe(1);
    expect(throttle.retryAfter(['user:a'], 1011)).toBe(0);
  });
});

describe('user management', () => {
  it('is for admins: an analyst is refused, with the reason', async () => {
    const analyst = await signedInApp({ extractsDir: join(root, 'extracts') }, { username: 'ana', role: 'analyst', department: '0101' });
    try {
      const list = await analyst.app.inject({ method: 'GET', url: '/api/users', headers: analyst.headers });
      expect(list.statusCode).toBe(403);
      expect(list.json().message).toBe('the analyst role may not manage users and access policies');
      const { entries } = await analyst.store.audit.search({ action: 'access_refused' });
      expect(entries[0]).toMatchObject({ username: 'ana', outcome: 'refused', detail: { method: 'GET', route: '/api/users', grant: 'manage_access' } });
    } finally {
      await analyst.close();
    }
  });

  it('validates what it is given, naming the field', async () => {
    const short = await admin.app.inject({ method: 'POST', url: '/api/users', headers: admin.headers, payload: { username: 'x1', displayName: 'x', role: 'viewer', password: 'short' } });
    expect(short.statusCode).toBe(400);
    expect(short.json().message).toContain('password');
    const role = await admin.app.inject({ method: 'POST', url: '/api/users', headers: admin.headers, payload: { username: 'x2', displayName: 'x', role: 'superuser', password: 'long enough password' } });
    expect(role.statusCode).toBe(400);
    expect(role.json().message).toContain('role');
    const name = await admin.app.inject({ method: 'PATCH', url: "/api/users/x'--", headers: admin.headers, payload: { disabled: true } });
    expect(name.statusCode).toBe(400);
    const twice = await admin.app.inject({ method: 'POST', url: '/api/users', headers: admin.headers, payload: { username: 'tester', displayName: 'x', role: 'viewer', password: 'long enough password' } });
    expect(twice.statusCode).toBe(409);
    const self = await admin.app.inject({ method: 'DELETE', url: '/api/users/tester', headers: admin.headers });
    expect(self.statusCode).toBe(400);
  });
});

describe('a restart', () => {
  it('keeps users, sessions, metric versions and the audit log', async () => {
    const file = join(root, 'data', 'metadata.duckdb');
    const first = await openMetadataStore(file);
    await first.users.create({ username: 'kept', displayName: '保留', role: 'governance', department: null, disabled: false, passwordHash: await hashPassword('kept password 1') });
    const firstApp = (await buildApp({ extractsDir: join(root, 'extracts'), store: first })).app;
    const session = await login(firstApp, 'kept', 'kept password 1');
    const cookie = `${sessionCookie}=${session.cookies.find((c) => c.name === sessionCookie)!.value}`;
    await first.metricVersions.append({ metric: 'discharges', spec: { name: 'discharges' } as never, author: 'a', createdAt: new Date().toISOString(), reason: 'r', hash: 'h' });
    await firstApp.close();
    first.close();

    const second = await openMetadataStore(file);
    const secondApp = (await buildApp({ extractsDir: join(root, 'extracts'), store: second })).app;
    try {
      expect((await secondApp.inject({ method: 'GET', url: '/api/session', headers: { cookie } })).json().user.username).toBe('kept');
      expect((await login(secondApp, 'kept', 'kept password 1')).statusCode).toBe(200);
      expect((await second.metricVersions.history('discharges')).map((v) => v.version)).toEqual([1]);
      const logins = await second.audit.search({ username: 'kept', action: 'login' });
      expect(logins.total).toBe(2);
    } finally {
      await secondApp.close();
      second.close();
    }
  });
});
