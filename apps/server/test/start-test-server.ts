import { randomBytes } from 'node:crypto';
import { createPrismaClient } from '@wac/db';
import type { FastifyInstance } from 'fastify';
import { buildApp, type TAppDeps } from '../src/app';
import { parseEnv, type TConfig } from '../src/config/env';
import type { TClock } from '../src/lib/clock';
import type { TPrisma } from '../src/lib/db';
import { createAuditService } from '../src/modules/audit/audit.service';
import { createPasswordHasher } from '../src/modules/auth/password-hasher';
import { ensureBootstrapAdmin } from '../src/modules/users/admin-bootstrap';

export type TStartTestServerOptions = {
  /** A migrated database, e.g. from createTestDatabase() in @wac/db/testing. */
  databaseUrl: string;
  /** Password of the bootstrap user `admin` (created when no admin exists yet). */
  adminPassword: string;
  /** Defaults to apps/web/dist; point it at a folder without index.html to test the "not built" notice. */
  webDistDir?: string;
  /** Extra environment variables, parsed exactly like the real server's. */
  env?: Record<string, string>;
  clock?: TClock;
  /** The mailbox runner (a fake in browser tests) and archive polling speeds. */
  archiving?: TAppDeps['archiving'];
};

export type TTestServer = {
  /** e.g. http://127.0.0.1:43817 (no trailing slash). */
  url: string;
  app: FastifyInstance;
  prisma: TPrisma;
  config: TConfig;
  close(): Promise<void>;
};

/**
 * The real app on a real socket (127.0.0.1, random port) for browser and HTTP-level tests.
 * Call close() in afterAll; it closes the server and its database connections (not the database).
 */
export async function startTestServer(options: TStartTestServerOptions): Promise<TTestServer> {
  const config = parseEnv({
    LOG_LEVEL: 'silent',
    // The app would otherwise create DATA_DIR/secrets.key in the checkout.
    SECRETS_KEY: randomBytes(32).toString('base64'),
    ...options.env,
    HOST: '127.0.0.1',
    PORT: '0',
    DATABASE_URL: options.databaseUrl,
    ADMIN_PASSWORD: options.adminPassword,
  });
  const prisma = createPrismaClient(options.databaseUrl);
  const passwordHasher = createPasswordHasher();
  try {
    await ensureBootstrapAdmin({
      prisma,
      passwordHasher,
      audit: createAuditService({ prisma, clock: options.clock ?? { now: () => new Date() } }),
      adminPassword: options.adminPassword,
    });
    const app = await buildApp({
      config,
      prisma,
      databaseUrl: options.databaseUrl,
      passwordHasher,
      clock: options.clock,
      webDistDir: options.webDistDir,
      ...(options.archiving ? { archiving: options.archiving } : {}),
    });
    const address = await app.listen({ host: config.host, port: config.port });
    return {
      url: address.replace(/\/$/, ''),
      app,
      prisma,
      config,
      close: async () => {
        await app.close();
        await prisma.$disconnect();
      },
    };
  } catch (error) {
    await prisma.$disconnect();
    throw error;
  }
}
