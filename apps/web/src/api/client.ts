export type TApiErrorBody = {
  error: {
    code: string;
    message: string;
    requestId?: string;
    details?: Record<string, unknown>;
  };
};

/** An API failure whose `message` is written for people and may be shown as is. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly requestId: string | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(init: {
    status: number;
    code: string;
    message: string;
    requestId?: string | undefined;
    details?: Record<string, unknown> | undefined;
  }) {
    super(init.message);
    this.name = 'ApiError';
    this.status = init.status;
    this.code = init.code;
    this.requestId = init.requestId;
    this.details = init.details;
  }
}

export const NETWORK_ERROR = 'NETWORK_ERROR';
export const UNEXPECTED_RESPONSE = 'UNEXPECTED_RESPONSE';
const CSRF_TOKEN_INVALID = 'CSRF_TOKEN_INVALID';

export type THttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export type TRequestOptions = {
  body?: unknown;
  query?: Record<string, string | number | undefined>;
  signal?: AbortSignal;
};

export type TApiClientDeps = {
  fetch?: typeof fetch;
  /** Returns the current CSRF token; `refresh` asks for a new one (after the server rejected ours). */
  getCsrfToken: (options: { refresh: boolean }) => Promise<string | undefined>;
};

const isStateChanging = (method: THttpMethod): boolean => method !== 'GET';

function isErrorBody(value: unknown): value is TApiErrorBody {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const error = (value as { error: unknown }).error;
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { code?: unknown }).code === 'string' &&
    typeof (error as { message?: unknown }).message === 'string'
  );
}

function buildUrl(path: string, query: TRequestOptions['query']): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function toApiError(status: number, body: unknown): ApiError {
  if (isErrorBody(body)) {
    return new ApiError({
      status,
      code: body.error.code,
      message: body.error.message,
      requestId: body.error.requestId,
      details: body.error.details,
    });
  }
  return new ApiError({
    status,
    code: UNEXPECTED_RESPONSE,
    message: `The server returned an unexpected response (HTTP ${status}). Try again in a moment.`,
  });
}

export function createApiClient(deps: TApiClientDeps) {
  const doFetch = deps.fetch ?? ((input, init) => globalThis.fetch(input, init));

  async function send(method: THttpMethod, path: string, options: TRequestOptions, refreshToken: boolean) {
    const headers: Record<string, string> = { accept: 'application/json' };
    // A FormData body (a file upload) sets its own multipart content type with the boundary.
    const isForm = typeof FormData !== 'undefined' && options.body instanceof FormData;
    if (options.body !== undefined && !isForm) headers['content-type'] = 'application/json';
    if (isStateChanging(method)) {
      const token = await deps.getCsrfToken({ refresh: refreshToken });
      if (token) headers['x-csrf-token'] = token;
    }
    try {
      return await doFetch(buildUrl(path, options.query), {
        method,
        headers,
        credentials: 'same-origin',
        body:
          options.body === undefined
            ? undefined
            : isForm
              ? (options.body as FormData)
              : JSON.stringify(options.body),
        signal: options.signal,
      });
    } catch (cause) {
      if (options.signal?.aborted) throw cause;
      throw new ApiError({
        status: 0,
        code: NETWORK_ERROR,
        message: 'The server could not be reached. Check that it is running and try again.',
      });
    }
  }

  async function request<T>(method: THttpMethod, path: string, options: TRequestOptions = {}): Promise<T> {
    let response = await send(method, path, options, false);
    let body = await readBody(response);
    // A session that was signed out or rotated elsewhere leaves us holding a stale token;
    // one retry with a fresh token keeps that from surfacing as an error.
    if (
      response.status === 403 &&
      isStateChanging(method) &&
      isErrorBody(body) &&
      body.error.code === CSRF_TOKEN_INVALID
    ) {
      response = await send(method, path, options, true);
      body = await readBody(response);
    }
    if (!response.ok) throw toApiError(response.status, body);
    return body as T;
  }

  return {
    request,
    get: <T>(path: string, options?: Omit<TRequestOptions, 'body'>) => request<T>('GET', path, options),
    post: <T>(path: string, body?: unknown, options?: TRequestOptions) =>
      request<T>('POST', path, { ...options, body }),
    put: <T>(path: string, body?: unknown, options?: TRequestOptions) =>
      request<T>('PUT', path, { ...options, body }),
    patch: <T>(path: string, body?: unknown, options?: TRequestOptions) =>
      request<T>('PATCH', path, { ...options, body }),
    delete: <T>(path: string, options?: TRequestOptions) => request<T>('DELETE', path, options),
  };
}

export type TApiClient = ReturnType<typeof createApiClient>;
