import { describe, expect, it, vi } from 'vitest';
import { ApiError, createApiClient, NETWORK_ERROR, UNEXPECTED_RESPONSE } from './client';

type TCall = { url: string; init: RequestInit };

function jsonResponse(status: number, body: unknown): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}

function setup(
  responses: Response[],
  tokens: Record<'cached' | 'fresh', string> = { cached: 'a', fresh: 'b' },
) {
  const calls: TCall[] = [];
  const fetch = vi.fn(async (url: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: String(url), init: init ?? {} });
    const next = responses.shift();
    if (!next) throw new Error('unexpected request');
    return next;
  });
  const getCsrfToken = vi.fn(async ({ refresh }: { refresh: boolean }) =>
    refresh ? tokens.fresh : tokens.cached,
  );
  const client = createApiClient({ fetch: fetch as typeof globalThis.fetch, getCsrfToken });
  return { client, calls, getCsrfToken };
}

const headerOf = (call: TCall | undefined, name: string) =>
  (call?.init.headers as Record<string, string> | undefined)?.[name];

describe('createApiClient', () => {
  it('sends GET requests with same-origin credentials, query parameters and no CSRF header', async () => {
    const { client, calls, getCsrfToken } = setup([jsonResponse(200, { items: [] })]);

    const body = await client.get<{ items: unknown[] }>('/api/users', {
      query: { search: 'ada', page: 2, pageSize: undefined, empty: '' },
    });

    expect(body).toEqual({ items: [] });
    expect(calls[0]?.url).toBe('/api/users?search=ada&page=2');
    expect(calls[0]?.init.credentials).toBe('same-origin');
    expect(headerOf(calls[0], 'x-csrf-token')).toBeUndefined();
    expect(getCsrfToken).not.toHaveBeenCalled();
  });

  it('sends the CSRF token and a JSON body on state-changing requests', async () => {
    const { client, calls } = setup([jsonResponse(200, { ok: true })]);

    await client.post('/api/auth/sign-in', { userName: 'admin', password: 'pw' });

    expect(calls[0]?.init.method).toBe('POST');
    expect(headerOf(calls[0], 'x-csrf-token')).toBe('a');
    expect(headerOf(calls[0], 'content-type')).toBe('application/json');
    expect(calls[0]?.init.body).toBe('{"userName":"admin","password":"pw"}');
  });

  it('sends a FormData body as is, leaving the multipart content type to fetch', async () => {
    const { client, calls } = setup([jsonResponse(200, { ok: true })]);
    const form = new FormData();
    form.set('file', new Blob(['{}'], { type: 'application/json' }), 'key.json');

    await client.post('/api/google/key', form);

    expect(calls[0]?.init.body).toBe(form);
    expect(headerOf(calls[0], 'content-type')).toBeUndefined();
    expect(headerOf(calls[0], 'x-csrf-token')).toBe('a');
  });

  it('resolves to undefined for an empty 204 answer', async () => {
    const { client } = setup([new Response(null, { status: 204 })]);
    await expect(client.post('/api/auth/sign-out')).resolves.toBeUndefined();
  });

  it('turns an error body into an ApiError carrying code, message, request id and details', async () => {
    const { client } = setup([
      jsonResponse(429, {
        error: {
          code: 'TOO_MANY_ATTEMPTS',
          message: 'Too many attempts.',
          requestId: 'req-7',
          details: { retryAfterSeconds: 120 },
        },
      }),
    ]);

    const error = await client.post('/api/auth/sign-in', {}).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 429,
      code: 'TOO_MANY_ATTEMPTS',
      message: 'Too many attempts.',
      requestId: 'req-7',
      details: { retryAfterSeconds: 120 },
    });
  });

  it('describes a response without an error body in words instead of leaking it', async () => {
    const { client } = setup([new Response('<html>Bad gateway</html>', { status: 502 })]);

    const error = await client.get('/api/users').catch((caught: unknown) => caught);

    expect(error).toMatchObject({ status: 502, code: UNEXPECTED_RESPONSE });
    expect((error as ApiError).message).toContain('HTTP 502');
    expect((error as ApiError).message).not.toContain('html');
  });

  it('reports an unreachable server as a network error', async () => {
    const fetch = vi.fn(async () => {
      throw new TypeError('fetch failed');
    });
    const client = createApiClient({
      fetch: fetch as typeof globalThis.fetch,
      getCsrfToken: async () => 't',
    });

    const error = await client.get('/api/auth/session').catch((caught: unknown) => caught);

    expect(error).toMatchObject({ status: 0, code: NETWORK_ERROR });
  });

  it('retries once with a fresh token when the server rejects the CSRF token', async () => {
    const { client, calls } = setup([
      jsonResponse(403, { error: { code: 'CSRF_TOKEN_INVALID', message: 'Bad token', requestId: 'r1' } }),
      jsonResponse(200, { done: true }),
    ]);

    await expect(client.post('/api/thing')).resolves.toEqual({ done: true });
    expect(calls.map((call) => headerOf(call, 'x-csrf-token'))).toEqual(['a', 'b']);
  });

  it('gives up after the retry when the fresh token is rejected too', async () => {
    const rejected = () =>
      jsonResponse(403, { error: { code: 'CSRF_TOKEN_INVALID', message: 'Bad token', requestId: 'r1' } });
    const { client, calls } = setup([rejected(), rejected()]);

    await expect(client.delete('/api/thing')).rejects.toMatchObject({ code: 'CSRF_TOKEN_INVALID' });
    expect(calls).toHaveLength(2);
  });

  it('does not retry other 403 answers', async () => {
    const { client, calls } = setup([
      jsonResponse(403, { error: { code: 'FORBIDDEN', message: 'Administrators only.', requestId: 'r2' } }),
    ]);

    await expect(client.post('/api/thing')).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(calls).toHaveLength(1);
  });
});
