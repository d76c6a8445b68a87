// What the console does for a directory sync, over real HTTP: a cookie jar, the CSRF token, the
// Google connection, the settings and Synchronize now. Used by sync.bench.ts against the server
// process; nothing here reaches into the server's internals.
import { setTimeout as sleep } from 'node:timers/promises';
import type { TRunSummary } from '@wac/api-contract';

export type { TRunSummary };

type TRequest = { method?: 'GET' | 'POST' | 'PUT'; body?: unknown; form?: FormData };

export type TConsoleClient = ReturnType<typeof createConsoleClient>;

export function createConsoleClient(baseUrl: string) {
  const cookies = new Map<string, string>();
  let csrfToken = '';

  async function call<T>(path: string, options: TRequest = {}): Promise<{ status: number; body: T }> {
    const headers: Record<string, string> = {
      cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join('; '),
    };
    if (options.method !== undefined && options.method !== 'GET') headers['x-csrf-token'] = csrfToken;
    let body: string | FormData | undefined;
    if (options.form !== undefined) body = options.form;
    else if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
    const response = await fetch(new URL(path, baseUrl), {
      method: options.method ?? 'GET',
      headers,
      ...(body === undefined ? {} : { body }),
    });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair = ''] = cookie.split(';');
      const split = pair.indexOf('=');
      const name = pair.slice(0, split);
      const value = pair.slice(split + 1);
      if (value === '') cookies.delete(name);
      else cookies.set(name, value);
    }
    const text = await response.text();
    return { status: response.status, body: (text === '' ? null : JSON.parse(text)) as T };
  }

  async function expectOk<T>(path: string, options: TRequest = {}, status = 200): Promise<T> {
    const response = await call<T>(path, options);
    if (response.status !== status) {
      throw new Error(
        `${options.method ?? 'GET'} ${path} answered ${response.status}: ${JSON.stringify(response.body)}`,
      );
    }
    return response.body;
  }

  return {
    /** Any console call that must answer `status`, for other benches (archive-bench.console.ts). */
    request: expectOk,

    async signIn(userName: string, password: string): Promise<void> {
      csrfToken = (await expectOk<{ csrfToken: string }>('/api/auth/session')).csrfToken;
      const signedIn = await expectOk<{ csrfToken: string }>('/api/auth/sign-in', {
        method: 'POST',
        body: { userName, password },
      });
      csrfToken = signedIn.csrfToken;
    },

    async connectGoogle(keyJson: string, adminUser: string): Promise<void> {
      const form = new FormData();
      form.append('file', new Blob([keyJson], { type: 'application/json' }), 'bench-key.json');
      await expectOk('/api/google/key', { method: 'POST', form });
      await expectOk('/api/google/admin-user', { method: 'PUT', body: { adminUser } });
    },

    /** Saves the settings the console shows for a fresh install: the product's defaults. */
    async saveDefaultSettings(): Promise<void> {
      const current = await expectOk<Record<string, unknown>>('/api/directory-sync/settings');
      const { groups, autoDelete, defaultPrivileges, defaultArchiveAccess, deletionThreshold, schedule } =
        current;
      await expectOk('/api/directory-sync/settings', {
        method: 'PUT',
        body: { groups, autoDelete, defaultPrivileges, defaultArchiveAccess, deletionThreshold, schedule },
      });
    },

    async startSync(): Promise<string> {
      const started = await expectOk<{ runId: string }>('/api/directory-sync/run', { method: 'POST' }, 202);
      return started.runId;
    },

    /** Polls the run as the console's history does, until it is no longer RUNNING. */
    async waitForRun(runId: string, timeoutMs: number, pollMs = 100): Promise<TRunSummary> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const run = await expectOk<TRunSummary>(`/api/directory-sync/runs/${runId}?pageSize=1`);
        if (run.status !== 'RUNNING') return run;
        if (Date.now() > deadline) throw new Error(`run ${runId} still running after ${timeoutMs} ms`);
        await sleep(pollMs);
      }
    },
  };
}
