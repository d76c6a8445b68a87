import { chmod, mkdir, stat } from 'node:fs/promises';
import { redactDatabaseUrl, runMigrations, startEmbeddedPostgres, type TEmbeddedPostgres } from '@wac/db';
import type { FastifyBaseLogger } from 'fastify';
import type { TConfig } from '../config/env';
import type { TPrisma } from '../lib/db';

export class StartupError extends Error {
  override readonly name = 'StartupError';
}

// An unroutable host makes TCP wait minutes before giving up; an operator should hear in seconds.
export const DATABASE_CONNECT_TIMEOUT_MS = 5_000;

export type TDatabaseHandle = { databaseUrl: string; embedded: TEmbeddedPostgres | undefined };

export async function startDatabase(config: TConfig, log: FastifyBaseLogger): Promise<TDatabaseHandle> {
  if (config.databaseUrl !== undefined) {
    log.info({ databaseUrl: redactDatabaseUrl(config.databaseUrl) }, 'using external Postgres');
    return { databaseUrl: config.databaseUrl, embedded: undefined };
  }
  log.info({ dataDir: config.embeddedPostgresDir }, 'starting embedded Postgres');
  await prepareDataDir(config.dataDir);
  const embedded = await startEmbeddedPostgres({
    dataDir: config.embeddedPostgresDir,
    log: (line) => log.debug({ component: 'postgres' }, line),
  });
  log.info({ port: embedded.port }, 'embedded Postgres is running');
  return { databaseUrl: embedded.databaseUrl, embedded };
}

/**
 * As root, the embedded Postgres runs as the `postgres` user, which must be able to traverse
 * DATA_DIR to reach its cluster; traversal (o+x) without listing keeps the secrets file private.
 */
async function prepareDataDir(dataDir: string): Promise<void> {
  await mkdir(dataDir, { recursive: true, mode: 0o711 });
  if (process.getuid?.() !== 0) return;
  const { mode } = await stat(dataDir);
  if ((mode & 0o011) !== 0o011) await chmod(dataDir, (mode & 0o777) | 0o011);
}

export async function assertDatabaseReachable(prisma: TPrisma, databaseUrl: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), DATABASE_CONNECT_TIMEOUT_MS);
  });
  const where = redactDatabaseUrl(databaseUrl);
  try {
    const outcome = await Promise.race([prisma.$queryRaw`SELECT 1`.then(() => 'ok' as const), timeout]);
    if (outcome === 'timeout') {
      throw new StartupError(
        `The database at ${where} did not answer within ${DATABASE_CONNECT_TIMEOUT_MS / 1000} s. ` +
          'Check DATABASE_URL and that Postgres is running and reachable from this machine.',
      );
    }
  } catch (error) {
    if (error instanceof StartupError) throw error;
    throw new StartupError(
      `Cannot connect to the database at ${where}: ${(error as Error).message}. ` +
        'Check DATABASE_URL and that Postgres is running and reachable from this machine.',
      { cause: error },
    );
  } finally {
    clearTimeout(timer);
  }
}

export async function migrate(databaseUrl: string, log: FastifyBaseLogger, migrationsDir?: string) {
  const applied = await runMigrations({
    databaseUrl,
    migrationsDir,
    log: (message) => log.info({ component: 'migrations' }, message),
  });
  log.info(
    { applied: applied.length },
    applied.length === 0 ? 'database schema is up to date' : 'migrations applied',
  );
}
