import { createPrismaClient, MigrationError } from '@wac/db';
import { type Logger, pino } from 'pino';
import { buildApp } from './app';
import { ConfigError, loadConfig, type TConfig } from './config/env';
import { systemClock } from './lib/clock';
import type { TPrisma } from './lib/db';
import { createAuditService } from './modules/audit/audit.service';
import { createPasswordHasher } from './modules/auth/password-hasher';
import {
  BOOTSTRAP_ADMIN_NAME,
  ensureBootstrapAdmin,
  formatGeneratedPasswordNotice,
} from './modules/users/admin-bootstrap';
import {
  assertDatabaseReachable,
  migrate,
  StartupError,
  startDatabase,
  type TDatabaseHandle,
} from './server/database';
import { listen } from './server/listen';
import { loadTlsCredentials, TlsConfigError } from './server/tls';

const SHUTDOWN_TIMEOUT_MS = 15_000;

async function settleWithin(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    promise.catch(() => undefined),
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, ms);
    }),
  ]);
  clearTimeout(timer);
}

function fail(message: string): never {
  process.stderr.write(`\nError: ${message}\n\n`);
  process.exit(1);
}

function readConfig(): TConfig {
  try {
    const config = loadConfig();
    // Fail before starting Postgres rather than after: a typo in a path should cost nothing.
    if (config.tls !== undefined) loadTlsCredentials(config.tls);
    return config;
  } catch (error) {
    if (error instanceof ConfigError || error instanceof TlsConfigError) fail(error.message);
    throw error;
  }
}

async function main(): Promise<void> {
  const startedAt = performance.now();
  const config = readConfig();
  const log = pino({ level: config.logLevel });
  const resources: { database?: TDatabaseHandle; prisma?: TPrisma; close?: () => Promise<void> } = {};

  // Server first (drain requests that still need the database), then the database itself.
  const releaseAll = async () => {
    await resources
      .close?.()
      .catch((error: unknown) => log.error({ err: error }, 'closing the server failed'));
    // A connection attempt stuck on an unresponsive database would block $disconnect forever.
    if (resources.prisma !== undefined) await settleWithin(resources.prisma.$disconnect(), 2_000);
    await resources.database?.embedded
      ?.stop()
      .catch((error: unknown) => log.error({ err: error }, 'stopping Postgres failed'));
  };

  const startup = start(config, log, resources, startedAt);

  let isShuttingDown = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (isShuttingDown) {
      log.warn({ signal }, 'second signal: exiting without waiting');
      process.exit(1);
    }
    isShuttingDown = true;
    log.info({ signal }, 'shutting down');
    setTimeout(() => {
      log.error('shutdown took too long; exiting');
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS).unref();
    // A signal during startup waits for the step in flight, so an embedded Postgres that is
    // still starting is stopped too instead of being orphaned.
    void startup
      .catch(() => undefined)
      .then(releaseAll)
      .then(() => {
        log.info('stopped');
        process.exit(0);
      });
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);

  try {
    await startup;
  } catch (error) {
    if (isShuttingDown) return;
    await releaseAll();
    if (error instanceof StartupError || error instanceof MigrationError || error instanceof TlsConfigError) {
      fail(error.message);
    }
    log.fatal({ err: error }, 'startup failed');
    fail(`Startup failed: ${(error as Error).message}`);
  }
}

async function start(
  config: TConfig,
  log: Logger,
  resources: { database?: TDatabaseHandle; prisma?: TPrisma; close?: () => Promise<void> },
  startedAt: number,
): Promise<void> {
  resources.database = await startDatabase(config, log);
  const { databaseUrl } = resources.database;
  const prisma = createPrismaClient(databaseUrl);
  resources.prisma = prisma;
  await assertDatabaseReachable(prisma, databaseUrl);
  await migrate(databaseUrl, log);

  const passwordHasher = createPasswordHasher();
  const bootstrap = await ensureBootstrapAdmin({
    prisma,
    passwordHasher,
    audit: createAuditService({ prisma, clock: systemClock }),
    adminPassword: config.adminPassword,
  });
  if (bootstrap.outcome === 'created') {
    log.info({ userName: BOOTSTRAP_ADMIN_NAME }, 'created the first local administrator');
    if (bootstrap.generatedPassword !== undefined) {
      process.stdout.write(formatGeneratedPasswordNotice(bootstrap.generatedPassword));
    }
  } else if (bootstrap.outcome === 'name-taken') {
    log.warn(
      `No user holds the admin privilege, and the user name "${BOOTSTRAP_ADMIN_NAME}" belongs to another user, ` +
        'so no administrator was created. Grant the admin privilege to a user in the database.',
    );
  }

  const app = await buildApp({ config, prisma, databaseUrl, logger: log, passwordHasher });
  resources.close = () => app.close();
  const address = await listen(app, config);
  log.info(
    {
      address,
      readyInMs: Math.round(performance.now() - startedAt),
      sinceProcessStartMs: Math.round(process.uptime() * 1000),
    },
    `Workspace Archive Connector is ready at ${address}`,
  );
}

void main();
