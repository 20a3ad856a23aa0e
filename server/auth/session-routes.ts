// Logging in and out. A session is a random token in an HTTP-only, SameSite=Strict cookie (only
// its hash is stored), valid for eight hours, with its own CSRF token for changes.
import { randomBytes } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import type { MetadataStore, User } from '../store/metadata-store.ts';
import { errorSchema } from '../error-schema.ts';
import { csrfHeader, sessionCookie, sessionHours, tokenHash } from './authentication.ts';
import { GrowingDelay, LoginThrottle, type FailedLogins } from './login-throttle.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { roleGrants } from './grants.ts';
import { userSchema } from './user-schema.ts';

const sessionSchema = {
  type: 'object', required: ['user'],
  properties: {
    user: { anyOf: [userSchema, { type: 'null' }] },
    departmentName: { type: ['string', 'null'] },
    rowScope: {
      type: 'array',
      items: {
        type: 'object', required: ['dimension', 'values', 'names'],
        properties: { dimension: { type: 'string' }, values: { type: 'array', items: { type: 'string' } }, names: { type: 'array', items: { type: 'string' } }, exempt: { type: 'array', items: { type: 'string' } } },
      },
    },
    restrictedRoles: { type: 'array', items: { type: 'string' } },
    grants: { type: 'array', items: { type: 'string' } },
    csrfToken: { type: 'string' },
    expiresAt: { type: 'string' },
  },
} as const;

export interface LoginThrottles {
  /** Failures per account: a delay growing with each, since guessing one password is the attack. */
  account: FailedLogins;
  /** Failures per client address: many allowed, since a ward's PCs share one address behind NAT. */
  address: FailedLogins;
}

export const defaultThrottles = (): LoginThrottles => ({ account: new GrowingDelay(), address: new LoginThrottle(100) });

export type PasswordCheck = (password: string, storedHash: string) => Promise<boolean>;

export const sessionRoutes: FastifyPluginAsync<{ store: MetadataStore; departmentNames: Map<string, string>; throttles?: LoginThrottles; passwordCheck?: PasswordCheck }> = async (app, { store, departmentNames, throttles = defaultThrottles(), passwordCheck = verifyPassword }) => {
  // An unknown or disabled account costs the same scrypt work as a real one: the answer's time
  // must not tell which usernames exist.
  const dummyHash = await hashPassword(randomBytes(16).toString('base64'));
  // Whose rows the user sees (boards say so: 按你的数据权限：仅心血管内科), and which roles see only
  // some rows (sharing a board with them warns its author that they will see less).
  const described = async (user: User, session: { csrfToken: string; expiresAt: string }) => {
    const policies = await store.policies.rowPolicies();
    const rowScope = policies.filter((p) => p.role === user.role).map((p) => {
      const values = user[p.userAttribute] === null ? [] : [user[p.userAttribute]!];
      return { dimension: p.dimension, values, names: values.map((v) => departmentNames.get(v) ?? v), exempt: p.exempt };
    });
    return {
      user, departmentName: user.department === null ? null : departmentNames.get(user.department) ?? null,
      rowScope, restrictedRoles: [...new Set(policies.map((p) => p.role))],
      grants: [...roleGrants[user.role]], csrfToken: session.csrfToken, expiresAt: session.expiresAt,
    };
  };

  app.post<{ Body: { username: string; password: string } }>('/session', {
    config: { public: true },
    schema: {
      summary: 'Log in',
      body: {
        type: 'object', required: ['username', 'password'], additionalProperties: false,
        properties: { username: { type: 'string', minLength: 1, maxLength: 64 }, password: { type: 'string', minLength: 1, maxLength: 256 } },
      },
      response: { 200: sessionSchema, 401: errorSchema, 429: errorSchema },
    },
  }, async (request, reply) => {
    const { username, password } = request.body;
    const wait = Math.max(throttles.account.retryAfter([username]), throttles.address.retryAfter([request.ip]));
    if (wait > 0) {
      await store.audit.append({ username: null, action: 'login_failed', outcome: 'refused', detail: { username, address: request.ip, reason: 'rate limit' }, rows: null });
      return reply.code(429).header('retry-after', String(wait))
        .send({ statusCode: 429, error: 'Too Many Requests', message: `too many failed logins; try again in ${wait < 60 ? `${wait} s` : `${Math.ceil(wait / 60)} min`}, or ask an admin to unlock the account / 登录失败次数过多，请稍后再试或请管理员解锁` });
    }
    const user = await store.users.get(username);
    const checked = await passwordCheck(password, user && !user.disabled ? user.passwordHash : dummyHash);
    const valid = user !== null && !user.disabled && checked;
    if (!valid) {
      throttles.account.fail([username]);
      throttles.address.fail([request.ip]);
      await store.audit.append({ username: null, action: 'login_failed', outcome: 'refused', detail: { username, address: request.ip }, rows: null });
      return reply.code(401).send({ statusCode: 401, error: 'Unauthorized', message: 'wrong username or password' });
    }
    // Only the account's count: a valid login must not reset the address's, or one account could
    // keep clearing the way for guesses at others.
    throttles.account.succeed([username]);
    const token = randomBytes(32).toString('base64url');
    const now = new Date();
    const session = {
      tokenHash: tokenHash(token), username, csrfToken: randomBytes(24).toString('base64url'),
      createdAt: now.toISOString(), expiresAt: new Date(now.getTime() + sessionHours * 3600_000).toISOString(),
    };
    await store.sessions.create(session);
    await store.sessions.removeExpired(now);
    await store.audit.append({ username, action: 'login', outcome: 'ok', detail: { address: request.ip }, rows: null });
    reply.setCookie(sessionCookie, token, {
      httpOnly: true, sameSite: 'strict', path: '/', maxAge: sessionHours * 3600, secure: request.protocol === 'https',
    });
    const { passwordHash: _hash, ...visible } = user;
    return described(visible, session);
  });

  app.post<{ Body: { username?: string; address?: string } }>('/login-unlocks', {
    config: { grant: 'manage_access' },
    schema: {
      summary: "Lift an account's or an address's failed-login delay",
      body: {
        type: 'object', additionalProperties: false, minProperties: 1,
        properties: { username: { type: 'string', minLength: 1, maxLength: 64 }, address: { type: 'string', minLength: 1, maxLength: 64 } },
      },
      response: { 200: { type: 'object', required: ['unlocked'], properties: { unlocked: { type: 'boolean' } } } },
    },
  }, async (request) => {
    const { username, address } = request.body;
    const unlocked = [username !== undefined && throttles.account.unlock(username), address !== undefined && throttles.address.unlock(address)].some(Boolean);
    await store.audit.append({ username: request.user!.username, action: 'login_unlocked', outcome: 'ok', detail: { ...request.body, unlocked }, rows: null });
    return { unlocked };
  });

  app.get('/session', {
    config: { public: true },
    schema: { summary: `Who is logged in, with the CSRF token to send in ${csrfHeader}`, response: { 200: sessionSchema } },
  }, async (request) => (request.user && request.session ? described(request.user, request.session) : { user: null }));

  // Public, so logging out always works: with an expired session there is nothing to end, and the
  // cookie is cleared all the same. A forged logout can only log someone out.
  app.delete('/session', { config: { public: true }, schema: { summary: 'Log out', response: { 204: { type: 'null' } } } }, async (request, reply) => {
    if (request.user && request.session) {
      await store.sessions.remove(request.session.tokenHash);
      await store.audit.append({ username: request.user.username, action: 'logout', outcome: 'ok', detail: {}, rows: null });
    }
    reply.clearCookie(sessionCookie, { path: '/' });
    return reply.code(204).send();
  });
};
