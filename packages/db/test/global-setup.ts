import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { withDatabaseName } from '../src/database-url';
import { startEmbeddedPostgres } from '../src/embedded-postgres/embedded-postgres.launcher';
import { defaultMigrationsDir } from '../src/migrations/default-migrations-dir';
import { runMigrations } from '../src/migrations/migration-runner';
import { TEMPLATE_DATABASE } from './template-database';

/**
 * One Postgres for the whole run; each test file clones its own database from a migrated
 * template (see createTestDatabase), which takes milliseconds instead of a migration per file.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dataDir = await mkdtemp(join(tmpdir(), 'wac-test-pg-'));
  // As root, Postgres runs as the `postgres` user, which must be able to enter this folder.
  await chmod(dataDir, 0o755);
  const postgres = await startEmbeddedPostgres({ dataDir, databaseName: TEMPLATE_DATABASE });
  try {
    await runMigrations({ databaseUrl: postgres.databaseUrl, migrationsDir: defaultMigrationsDir });
    const adminUrl = withDatabaseName(postgres.databaseUrl, 'postgres');
    await sealTemplate(adminUrl);
    project.provide('postgresAdminUrl', adminUrl);
  } catch (error) {
    await postgres.stop();
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  return async () => {
    await postgres.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
}

// CREATE DATABASE … TEMPLATE fails while anyone is connected to the template, so nobody may.
async function sealTemplate(adminUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`ALTER DATABASE ${TEMPLATE_DATABASE} WITH IS_TEMPLATE true ALLOW_CONNECTIONS false`);
  } finally {
    await client.end();
  }
}
