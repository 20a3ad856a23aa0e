import type { ApiErrorBody } from './types.ts';

/** A failed API call, carrying the message the server gave so the UI can show it as is. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    message: string,
    readonly path: string,
    readonly status: number | null,
  ) {
    super(message);
  }
}

function isApiErrorBody(value: unknown): value is ApiErrorBody {
  return typeof value === 'object' && value !== null && typeof (value as ApiErrorBody).message === 'string';
}

/**
 * GET a JSON resource from the HBI server.
 * Every failure becomes an ApiError whose message says what went wrong and where, because the
 * pages show it verbatim: a network failure, the server's own error message, or a reply that is
 * not JSON (e.g. a proxy's HTML error page).
 */
export async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { signal, headers: { accept: 'application/json' } });
  } catch (cause) {
    if (signal?.aborted) throw cause;
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new ApiError(`${path}: ${reason}`, path, null);
  }

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
    throw new ApiError(message, path, response.status);
  }
  return body as T;
}
