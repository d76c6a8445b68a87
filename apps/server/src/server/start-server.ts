import { createPrismaClient } from '@wac/db';
import type { FastifyInstance } from 'fastify';
import { type Logger, pino } from 'pino';
import { buildApp } from '../app';
import type { TConfig } from '../config/env';
import { systemClock } from '../lib/clock';
import type { TPrisma } from '../lib/db';
import { createAuditService } from '../modules/audit/audit.service';
import { createPasswordHasher } from '../modules/auth/password-hasher';
import { createSecretBox, loadMasterKey } from '../modules/secrets';
import {
  BOOTSTRAP_ADMIN_NAME,
  ensureBootstrapAdmin,
  formatGeneratedPasswordNotice,
} from '../modules/users/admin-bootstrap';
import { assertDatabaseReachable, migrate, startDatabase, type TDatabaseHandle } from './database';
import { listen } from './listen';

/** JSON lines on stdout at LOG_LEVEL; the same logger the HTTP server uses. */
export function createServerLogger(config: TConfig): Logger {
  return pino({ level: config.logLevel });
}

/** Filled in step by step, so a shutdown during startup can release whatever already exists. */
export type TServerResources = { database?: TDatabaseHandle; prisma?: TPrisma; close?: () => Promise<void> };

export type TRunningServer = { address: string; app: FastifyInstance; resources: TServerResources };

export type TStartServerOptions = {
  log: Logger;
  resources?: TServerResources;
  /** performance.now() at process start, for the "ready in" figure. */
  startedAt?: number;
};

/**
 * Boots the product: master key, database (embedded or external), migrations, the first admin,
 * then the HTTP server. main.ts adds signals and exit codes; the demo script reuses it as is.
 */
export async function startServer(config: TConfig, options: TStartServerOptions): Promise<TRunningServer> {
  const { log } = options;
  const resources = options.resources ?? {};
  const startedAt = options.startedAt ?? performance.now();

  // Before Postgres: a bad key file should cost nothing, and the key never changes while running.
  const masterKey = await loadMasterKey({ secretsKey: config.secretsKey, keyFile: config.secretsKeyFile });
  if (masterKey.source === 'new-key-file') {
    log.warn(
      { keyFile: masterKey.keyFile },
      'created a new master key for stored secrets; back this file up (or set SECRETS_KEY): without it, stored secrets cannot be read',
    );
  }
  const secretBox = createSecretBox(masterKey.key);

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

  const app = await buildApp({ config, prisma, databaseUrl, logger: log, passwordHasher, secretBox });
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
  return { address, app, resources };
}

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

/** Server first (drain requests that still need the database), then the database itself. */
export async function releaseServerResources(resources: TServerResources, log: Logger): Promise<void> {
  await resources.close?.().catch((error: unknown) => log.error({ err: error }, 'closing the server failed'));
  // A connection attempt stuck on an unresponsive database would block $disconnect forever.
  if (resources.prisma !== undefined) await settleWithin(resources.prisma.$disconnect(), 2_000);
  await resources.database?.embedded
    ?.stop()
    .catch((error: unknown) => log.error({ err: error }, 'stopping Postgres failed'));
}
