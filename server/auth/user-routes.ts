// Admins manage users: create, change (role, department, password, disabled), remove. Every
// change is audited; a change that narrows what a user may do ends their sessions.
import type { FastifyPluginAsync } from 'fastify';
import { MetadataConflict, roles, type MetadataStore, type Role, type UserRecord } from '../store/metadata-store.ts';
import { errorSchema } from '../error-schema.ts';
import { signedIn } from './authentication.ts';
import { hashPassword, passwordProblem } from './passwords.ts';
import { userSchema } from './user-schema.ts';

const usernameParams = {
  type: 'object', required: ['username'], additionalProperties: false,
  properties: { username: { type: 'string', pattern: '^[A-Za-z0-9_.-]{1,64}$' } },
} as const;

const editable = {
  displayName: { type: 'string', minLength: 1, maxLength: 100 },
  role: { type: 'string', enum: [...roles] },
  department: { type: ['string', 'null'], maxLength: 64 },
  password: { type: 'string', minLength: 1, maxLength: 256 },
  disabled: { type: 'boolean' },
} as const;

interface UserChange { displayName?: string; role?: Role; department?: string | null; password?: string; disabled?: boolean }

const visible = ({ passwordHash: _hash, ...user }: UserRecord) => user;

export const userRoutes: FastifyPluginAsync<{ store: MetadataStore }> = async (app, { store }) => {
  const audit = (username: string, action: 'user_created' | 'user_changed' | 'user_removed', detail: Record<string, unknown>) =>
    store.audit.append({ username, action, outcome: 'ok', detail, rows: null });

  app.get('/users', {
    config: { grant: 'manage_access' },
    schema: { summary: 'Every user', response: { 200: { type: 'object', required: ['users'], properties: { users: { type: 'array', items: userSchema } } } } },
  }, async () => ({ users: await store.users.list() }));

  app.post<{ Body: UserChange & { username: string; displayName: string; role: Role; password: string } }>('/users', {
    config: { grant: 'manage_access' },
    schema: {
      summary: 'Create a user',
      body: { type: 'object', required: ['username', 'displayName', 'role', 'password'], additionalProperties: false, properties: { ...usernameParams.properties, ...editable } },
      response: { 201: userSchema, 400: errorSchema, 409: errorSchema },
    },
  }, async (request, reply) => {
    const { username, displayName, role, department = null, password, disabled = false } = request.body;
    const problem = passwordProblem(password);
    if (problem) return reply.code(400).send({ statusCode: 400, error: 'Bad Request', message: `body/password: ${problem}` });
    try {
      const user = await store.users.create({ username, displayName, role, department, disabled, passwordHash: await hashPassword(password) });
      await audit(signedIn(request).username, 'user_created', { user: username, role, department });
      return reply.code(201).send(user);
    } catch (error) {
      if (error instanceof MetadataConflict) return reply.code(409).send({ statusCode: 409, error: 'Conflict', message: `a user "${username}" exists already` });
      throw error;
    }
  });

  app.patch<{ Params: { username: string }; Body: UserChange }>('/users/:username', {
    config: { grant: 'manage_access' },
    schema: {
      summary: 'Change a user',
      params: usernameParams,
      body: { type: 'object', additionalProperties: false, minProperties: 1, properties: editable },
      response: { 200: userSchema, 400: errorSchema, 404: errorSchema },
    },
  }, async (request, reply) => {
    const { username } = request.params;
    const { password, ...change } = request.body;
    if (password !== undefined) {
      const problem = passwordProblem(password);
      if (problem) return reply.code(400).send({ statusCode: 400, error: 'Bad Request', message: `body/password: ${problem}` });
    }
    if (username === signedIn(request).username && (change.role !== undefined && change.role !== 'admin' || change.disabled)) {
      return reply.code(400).send({ statusCode: 400, error: 'Bad Request', message: 'you cannot take your own admin role away or disable yourself; ask another admin' });
    }
    const before = await store.users.get(username);
    const user = await store.users.update(username, { ...change, ...(password !== undefined ? { passwordHash: await hashPassword(password) } : {}) });
    if (!before || !user) return reply.code(404).send({ statusCode: 404, error: 'Not Found', message: `no user "${username}"` });
    if (password !== undefined || change.disabled || (change.role !== undefined && change.role !== before.role) || (change.department !== undefined && change.department !== before.department)) {
      await store.sessions.removeForUser(username);
    }
    await audit(signedIn(request).username, 'user_changed', {
      user: username, before: visible(before), after: user, ...(password !== undefined ? { passwordChanged: true } : {}),
    });
    return user;
  });

  app.delete<{ Params: { username: string } }>('/users/:username', {
    config: { grant: 'manage_access' },
    schema: { summary: 'Remove a user', params: usernameParams, response: { 204: { type: 'null' }, 400: errorSchema, 404: errorSchema } },
  }, async (request, reply) => {
    const { username } = request.params;
    if (username === signedIn(request).username) return reply.code(400).send({ statusCode: 400, error: 'Bad Request', message: 'you cannot remove yourself; ask another admin' });
    await store.sessions.removeForUser(username);
    if (!await store.users.remove(username)) return reply.code(404).send({ statusCode: 404, error: 'Not Found', message: `no user "${username}"` });
    await audit(signedIn(request).username, 'user_removed', { user: username });
    return reply.code(204).send();
  });
};
