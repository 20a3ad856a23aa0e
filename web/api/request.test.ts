import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, getJson, sendJson } from './request.ts';

// Stands in for the network only; what is under test is how each kind of reply becomes an error,
// and what a change sends.
function replyWith(response: Response | Error): Array<{ path: string; init: RequestInit }> {
  const sent: Array<{ path: string; init: RequestInit }> = [];
  vi.stubGlobal('fetch', async (path: string, init: RequestInit) => {
    sent.push({ path, init });
    if (response instanceof Error) throw response;
    return response;
  });
  return sent;
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8' } });

async function failure(path: string): Promise<ApiError> {
  const error: unknown = await getJson(path).then(
    () => undefined,
    (rejection: unknown) => rejection,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('getJson', () => {
  it('returns the parsed body of a JSON reply', async () => {
    replyWith(json({ status: 'ok', version: '0.1.0' }));
    await expect(getJson('/api/health')).resolves.toEqual({ status: 'ok', version: '0.1.0' });
  });

  it("passes on the server's own error message and status", async () => {
    replyWith(json({ statusCode: 500, error: 'Extract folder unreadable', message: 'manifest.json is not valid JSON' }, 500));
    const error = await failure('/api/extracts');
    expect(error.message).toBe('manifest.json is not valid JSON');
    expect(error.status).toBe(500);
  });

  it('names the path when the reply is not JSON, e.g. a proxy error page', async () => {
    replyWith(new Response('<html>Bad Gateway</html>', { status: 502, headers: { 'content-type': 'text/html' } }));
    const error = await failure('/api/extracts');
    expect(error.message).toBe('/api/extracts: HTTP 502, text/html instead of JSON');
    expect(error.status).toBe(502);
  });

  it('names the path when the server cannot be reached', async () => {
    replyWith(new TypeError('Failed to fetch'));
    const error = await failure('/api/health');
    expect(error.message).toBe('/api/health: Failed to fetch');
    expect(error.status).toBeNull();
  });

  it('says how long to wait when the server refuses for a while (429 retry-after)', async () => {
    replyWith(
      new Response(JSON.stringify({ statusCode: 429, error: 'Too Many Requests', message: 'too many failed logins; try again in 15 min' }), {
        status: 429,
        headers: { 'content-type': 'application/json', 'retry-after': '900' },
      }),
    );
    const error = await failure('/api/extracts');
    expect(error.status).toBe(429);
    expect(error.retryAfterSeconds).toBe(900);
  });
});

describe('sendJson', () => {
  it('sends the body as JSON with the CSRF token, and returns the reply', async () => {
    const sent = replyWith(json({ ok: true }));
    await expect(sendJson('POST', '/api/things', { name: '门诊' }, 'token-1')).resolves.toEqual({ ok: true });
    expect(sent).toHaveLength(1);
    expect(sent[0]?.path).toBe('/api/things');
    expect(sent[0]?.init.method).toBe('POST');
    expect(sent[0]?.init.body).toBe('{"name":"门诊"}');
    expect(sent[0]?.init.headers).toMatchObject({ 'content-type': 'application/json', 'x-csrf-token': 'token-1' });
  });

  it('sends no token before there is a session (logging in), and no body when there is none', async () => {
    const login = replyWith(json({ user: null }));
    await sendJson('POST', '/api/session', { username: 'u', password: 'p' }, null);
    expect(Object.keys(login[0]?.init.headers ?? {})).not.toContain('x-csrf-token');

    const logout = replyWith(new Response(null, { status: 204 }));
    await expect(sendJson('DELETE', '/api/session', undefined, 'token-1')).resolves.toBeUndefined();
    expect(logout[0]?.init.body).toBeUndefined();
    expect(Object.keys(logout[0]?.init.headers ?? {})).not.toContain('content-type');
  });

  it("fails with the server's message, e.g. a refused change", async () => {
    replyWith(json({ statusCode: 403, error: 'Forbidden', message: 'the viewer role may not upload extracts or read load reports' }, 403));
    const error: unknown = await sendJson('POST', '/api/uploads', {}, 'token-1').catch((rejection: unknown) => rejection);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(403);
    expect((error as ApiError).message).toBe('the viewer role may not upload extracts or read load reports');
  });
});
