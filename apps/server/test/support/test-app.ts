import { randomBytes } from 'node:crypto';
import type { TTestDatabase } from '@wac/db/testing';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { buildApp, type TAppDeps } from '../../src/app';
import { parseEnv } from '../../src/config/env';
import { createAuditService } from '../../src/modules/audit/audit.service';
import { createPasswordHasher, type TPasswordHasher } from '../../src/modules/auth/password-hasher';
import { ensureBootstrapAdmin } from '../../src/modules/users/admin-bootstrap';

export const ADMIN_PASSWORD = 'integration-admin-pw';

// A master key per test run: without it the app would create DATA_DIR/secrets.key in the checkout.
export const TEST_SECRETS_KEY = randomBytes(32).toString('base64');

// Cheapest valid argon2id settings: integration tests hash and verify many passwords.
export const fastPasswordHasher: TPasswordHasher = createPasswordHasher({
  memoryCost: 1024,
  timeCost: 1,
  parallelism: 1,
});

export type TTestAppOptions = Partial<Omit<TAppDeps, 'databaseUrl'>> & {
  env?: Record<string, string>;
};

/** The app wired to a test database, driven with app.inject() (no socket). */
export async function buildTestApp(
  database: TTestDatabase,
  options: TTestAppOptions = {},
): Promise<FastifyInstance> {
  const { env, ...deps } = options;
  return buildApp({
    config: parseEnv({
      LOG_LEVEL: 'silent',
      DATABASE_URL: database.databaseUrl,
      SECRETS_KEY: TEST_SECRETS_KEY,
      ...env,
    }),
    prisma: database.prisma,
    databaseUrl: database.databaseUrl,
    passwordHasher: fastPasswordHasher,
    ...deps,
  });
}

export async function bootstrapAdmin(database: TTestDatabase, adminPassword = ADMIN_PASSWORD) {
  return ensureBootstrapAdmin({
    prisma: database.prisma,
    passwordHasher: fastPasswordHasher,
    audit: createAuditService({ prisma: database.prisma, clock: { now: () => new Date() } }),
    adminPassword,
  });
}

/** A browser's cookie jar, reduced to what these tests need. */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  store(response: LightMyRequestResponse): void {
    for (const cookie of response.cookies) {
      const isCleared =
        cookie.value === '' || (cookie.expires !== undefined && cookie.expires.getTime() <= Date.now());
      if (isCleared) this.cookies.delete(cookie.name);
      else this.cookies.set(cookie.name, cookie.value);
    }
  }

  get(name: string): string | undefined {
    return this.cookies.get(name);
  }

  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

export type TBrowser = {
  jar: CookieJar;
  csrfToken: string;
  request(options: {
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
    url: string;
    payload?: unknown;
    csrfToken?: string | null;
    remoteAddress?: string;
  }): Promise<LightMyRequestResponse>;
};

/** Opens the console like a browser would: GET /api/auth/session, keeping cookies and the CSRF token. */
export async function openBrowser(app: FastifyInstance, remoteAddress = '127.0.0.1'): Promise<TBrowser> {
  const jar = new CookieJar();
  const browser: TBrowser = {
    jar,
    csrfToken: '',
    async request(options) {
      const token = options.csrfToken === undefined ? browser.csrfToken : options.csrfToken;
      const response = await app.inject({
        method: options.method,
        url: options.url,
        remoteAddress: options.remoteAddress ?? remoteAddress,
        headers: {
          cookie: jar.header(),
          ...(token === null ? {} : { 'x-csrf-token': token }),
        },
        ...(options.payload === undefined ? {} : { payload: options.payload as object }),
      });
      jar.store(response);
      return response;
    },
  };
  const session = await browser.request({ method: 'GET', url: '/api/auth/session' });
  expect(session.statusCode).toBe(200);
  browser.csrfToken = session.json<{ csrfToken: string }>().csrfToken;
  return browser;
}

export async function signIn(
  app: FastifyInstance,
  userName: string,
  password: string,
  remoteAddress?: string,
) {
  const browser = await openBrowser(app, remoteAddress);
  const response = await browser.request({
    method: 'POST',
    url: '/api/auth/sign-in',
    payload: { userName, password },
  });
  expect(response.statusCode, response.body).toBe(200);
  browser.csrfToken = response.json<{ csrfToken: string }>().csrfToken;
  return browser;
}
