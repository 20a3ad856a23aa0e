import type { ApiErrorBody } from './types.ts';

/** A failed API call, carrying the message the server gave so the UI can show it as is. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    message: string,
    readonly path: string,
    /** null when no reply came (network failure). */
    readonly status: number | null,
    /** From a 429's retry-after header, so that the page can say how long to wait. */
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
  }
}

function isApiErrorBody(value: unknown): value is ApiErrorBody {
  return typeof value === 'object' && value !== null && typeof (value as ApiErrorBody).message === 'string';
}

function retryAfter(response: Response): number | null {
  const seconds = Number(response.headers.get('retry-after') ?? Number.NaN);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : null;
}

/**
 * One request to the HBI server. Every failure becomes an ApiError whose message says what went
 * wrong and where, because the pages show it verbatim: a network failure, the server's own error
 * message, or a reply that is not JSON (e.g. a proxy's HTML error page).
 */
async function requestJson<T>(path: string, init: RequestInit): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, init);
  } catch (cause) {
    if (init.signal?.aborted) throw cause;
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new ApiError(`${path}: ${reason}`, path, null);
  }
  // 204 No Content (logging out): nothing to parse.
  if (response.status === 204) return undefined as T;

  const contentType = response.headers.get('content-type') ?? '';
  if (!contentType.includes('json')) {
    throw new ApiError(
      `${path}: HTTP ${response.status}, ${contentType || 'no content type'} instead of JSON`,
      path,
      response.status,
    );
  }
  const body: unknown = await response.json();
  if (!response.ok) {
    // The server's messages already say what failed and what to do; shown as they are.
    const message = isApiErrorBody(body) ? body.message : `${path}: HTTP ${response.status}`;
    throw new ApiError(message, path, response.status, retryAfter(response));
  }
  return body as T;
}

/** GET a JSON resource from the HBI server (the session cookie goes along by itself). */
export function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  return requestJson<T>(path, { signal, headers: { accept: 'application/json' } });
}

export type ChangeMethod = 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * Send a change to the HBI server. The server refuses every change without the session's CSRF
 * token, except logging in, which is the one change made before there is a session (csrfToken
 * null). Components get the token through useSendJson, not by passing it around.
 */
export function sendJson<T>(method: ChangeMethod, path: string, body: unknown, csrfToken: string | null): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (csrfToken !== null) headers['x-csrf-token'] = csrfToken;
  return requestJson<T>(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
}
