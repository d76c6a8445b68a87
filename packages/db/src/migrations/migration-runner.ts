import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { redactDatabaseUrl } from '../database-url';
import { defaultMigrationsDir } from './default-migrations-dir';
import { MigrationError } from './migration-error';
import { listMigrationFiles, type TMigrationFile } from './migration-files';
import {
  CREATE_MIGRATIONS_TABLE_SQL,
  insertStartedMigration,
  markMigrationFinished,
  readMigrationRecords,
} from './migration-history';
import { planMigrations } from './migration-plan';

/**
 * The advisory lock key `prisma migrate` takes, so this runner and a `prisma migrate deploy`
 * on another machine also exclude each other.
 */
export const MIGRATION_LOCK_KEY = 72707369;

const LOCK_NOT_AVAILABLE = '55P03';
// An unroutable host would otherwise keep TCP waiting for minutes (and a readiness probe with it).
const CONNECT_TIMEOUT_MS = 10_000;

export type TRunMigrationsOptions = {
  databaseUrl: string;
  /** Defaults to <repo>/prisma/migrations. */
  migrationsDir?: string;
  log?: (message: string) => void;
  /** How long to wait for another instance that is migrating (default 10 minutes). */
  lockTimeoutMs?: number;
};

export type TMigrationStatusOptions = {
  databaseUrl: string;
  migrationsDir?: string;
};

export type TMigrationStatus = {
  applied: string[];
  pending: string[];
};

/**
 * Applies the pending migrations in folder order, each in its own transaction together with
 * its `_prisma_migrations` row, so a failure leaves neither half a migration nor a record of
 * it. Returns the names applied (empty when the database was up to date).
 */
export async function runMigrations(options: TRunMigrationsOptions): Promise<string[]> {
  const log = options.log ?? (() => {});
  const files = await listMigrationFiles(options.migrationsDir ?? defaultMigrationsDir);
  return withClient(options.databaseUrl, async (client) => {
    await acquireLock(client, options.lockTimeoutMs ?? 600_000);
    try {
      await client.query(CREATE_MIGRATIONS_TABLE_SQL);
      const plan = planMigrations(files, await readMigrationRecords(client));
      for (const name of plan.unknownApplied) {
        log(`Migration ${name} is recorded in the database but missing from the migrations folder.`);
      }
      for (const file of plan.pending) {
        await applyMigration(client, file);
        log(`Applied migration ${file.name}`);
      }
      return plan.pending.map((file) => file.name);
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    }
  });
}

/** For readiness checks: reads the history without locking or writing anything. */
export async function getMigrationStatus(options: TMigrationStatusOptions): Promise<TMigrationStatus> {
  const files = await listMigrationFiles(options.migrationsDir ?? defaultMigrationsDir);
  return withClient(options.databaseUrl, async (client) => {
    const plan = planMigrations(files, await readMigrationRecords(client));
    return { applied: plan.applied, pending: plan.pending.map((file) => file.name) };
  });
}

async function withClient<T>(databaseUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({
    connectionString: databaseUrl,
    application_name: 'wac-migrations',
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
  });
  // Without a listener, a connection dropped by the server would crash the process; the
  // failure still surfaces through the pending query.
  client.on('error', () => {});
  try {
    await client.connect();
  } catch (error) {
    throw new MigrationError(
      'DATABASE_UNREACHABLE',
      `Cannot connect to the database at ${redactDatabaseUrl(databaseUrl)}: ${(error as Error).message}`,
      { cause: error },
    );
  }
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function acquireLock(client: pg.Client, timeoutMs: number): Promise<void> {
  await client.query(`SET lock_timeout = ${Math.max(1, Math.floor(timeoutMs))}`);
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
  } catch (error) {
    if ((error as { code?: string }).code === LOCK_NOT_AVAILABLE) {
      throw new MigrationError(
        'LOCK_TIMEOUT',
        `Another process held the migration lock for more than ${Math.round(timeoutMs / 1000)} s; ` +
          'check for a stuck instance or a connection pooler holding the session.',
        { cause: error },
      );
    }
    throw error;
  } finally {
    await client.query('RESET lock_timeout').catch(() => undefined);
  }
}

async function applyMigration(client: pg.Client, file: TMigrationFile): Promise<void> {
  const id = randomUUID();
  await client.query('BEGIN');
  try {
    await insertStartedMigration(client, { id, migrationName: file.name, checksum: file.checksum });
    await client.query(file.sql);
    await markMigrationFinished(client, id);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw new MigrationError(
      'MIGRATION_FAILED',
      `Migration ${file.name} failed and was rolled back: ${(error as Error).message}`,
      { cause: error },
    );
  }
}
