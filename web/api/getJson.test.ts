import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, getJson } from './getJson.ts';

// Stands in for the network only; what is under test is how each kind of reply becomes an error.
function replyWith(response: Response | Error) {
  vi.stubGlobal('fetch', async () => {
    if (response instanceof Error) throw response;
    return response;
  });
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
});
