// Who is asking, on every request: the session cookie names a stored session; API routes need one
// unless they are marked public, state-changing requests carry the session's CSRF token, and a
// route's grant is checked against the user's role. Registered once, at the app's root.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { MetadataStore, Session, User } from '../store/metadata-store.ts';
import { hasGrant, type Grant } from './grants.ts';

export const sessionCookie = 'hbi_session';
export const csrfHeader = 'x-csrf-token';
export const sessionHours = 8;

declare module 'fastify' {
  interface FastifyRequest {
    user: User | null;
    session: Session | null;
    /** Set once this request's refusal is in the audit log, so it is recorded once. */
    refusalAudited: boolean;
  }
  interface FastifyContextConfig {
    /** Answered without a session (login, health, the API document). */
    public?: boolean;
    /** The grant a user's role must have. */
    grant?: Grant;
  }
}

export const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

const grantWords: Record<Grant, string> = {
  unmask: 'see patient identifiers unmasked',
  detail: 'read detail rows',
  view_sql: 'see compiled SQL',
  steward_data: 'upload extracts or read load reports',
  edit_charts: 'save or change charts',
  manage_access: 'manage users and access policies',
  read_audit: 'read the audit log',
};

const sameToken = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

export function refuse(reply: FastifyReply, statusCode: 401 | 403, message: string) {
  return reply.code(statusCode).send({ statusCode, error: statusCode === 401 ? 'Unauthorized' : 'Forbidden', message });
}

/** Records `request` as refused (once): who, what route, why. */
export async function auditRefusal(store: MetadataStore, request: FastifyRequest, detail: Record<string, unknown>): Promise<void> {
  if (request.refusalAudited) return;
  request.refusalAudited = true;
  await store.audit.append({
    username: request.user?.username ?? null, action: 'access_refused', outcome: 'refused',
    detail: { method: request.method, route: request.routeOptions.url ?? request.url, ...detail }, rows: null,
  });
}

export function registerAuthentication(app: FastifyInstance, store: MetadataStore): void {
  app.decorateRequest('user', null);
  app.decorateRequest('session', null);
  app.decorateRequest('refusalAudited', false);
  // Every 403 is on record, whichever route refused it: those that record their own (a refused
  // query, with its body) mark the request; the rest are recorded here with the reply's reason.
  app.addHook('onSend', async (request, reply, payload) => {
    if (reply.statusCode !== 403 || request.refusalAudited) return payload;
    let reason: string | undefined;
    try {
      reason = typeof payload === 'string' ? (JSON.parse(payload) as { message?: string }).message : undefined;
    } catch {
      reason = undefined;
    }
    await auditRefusal(store, request, reason ? { reason } : {});
    return payload;
  });
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const token = request.cookies[sessionCookie];
    if (token) {
      const session = await store.sessions.get(tokenHash(token), new Date());
      const user = session ? await store.users.get(session.username) : null;
      if (session && user && !user.disabled) {
        const { passwordHash: _hash, ...visible } = user;
        request.user = visible;
        request.session = session;
      }
    }
    const config = request.routeOptions.config;
    // Unknown routes fall through to the not-found handler; pages of the web app are public.
    if (!request.url.startsWith('/api/') || !request.routeOptions.url || config.public) return;
    if (!request.user || !request.session) return refuse(reply, 401, 'log in first: this needs a session (POST /api/session)');
    if (!['GET', 'HEAD', 'OPTIONS'].includes(request.method)) {
      const sent = request.headers[csrfHeader];
      if (typeof sent !== 'string' || !sameToken(sent, request.session.csrfToken)) {
        await auditRefusal(store, request, { reason: 'missing or wrong CSRF token' });
        return refuse(reply, 403, `a change needs the session's CSRF token in the ${csrfHeader} header (GET /api/session gives it)`);
      }
    }
    if (config.grant && !hasGrant(request.user.role, config.grant)) {
      await auditRefusal(store, request, { grant: config.grant });
      return refuse(reply, 403, `the ${request.user.role} role may not ${grantWords[config.grant]}`);
    }
  });
}

/** The signed-in user, on routes that are not public (the hook guarantees one). */
export function signedIn(request: FastifyRequest): User {
  if (!request.user) throw new Error('route reached without a session: is it marked public?');
  return request.user;
}
