import type pg from 'pg';

/**
 * The same table `prisma migrate deploy` keeps (same name, columns and types), so a machine
 * with Prisma's schema engine accepts a database migrated by this runner, and vice versa.
 */
export const CREATE_MIGRATIONS_TABLE_SQL = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

export type TMigrationRecord = {
  id: string;
  migrationName: string;
  checksum: string;
  startedAt: Date;
  finishedAt: Date | null;
  rolledBackAt: Date | null;
};

type TMigrationRow = {
  id: string;
  migration_name: string;
  checksum: string;
  started_at: Date;
  finished_at: Date | null;
  rolled_back_at: Date | null;
};

/** Every row of the history, oldest first; empty when the table does not exist yet. */
export async function readMigrationRecords(client: pg.ClientBase): Promise<TMigrationRecord[]> {
  const exists = await client.query<{ exists: boolean }>(
    `SELECT to_regclass('"_prisma_migrations"') IS NOT NULL AS "exists"`,
  );
  if (!exists.rows[0]?.exists) return [];
  const result = await client.query<TMigrationRow>(
    `SELECT id, migration_name, checksum, started_at, finished_at, rolled_back_at
       FROM "_prisma_migrations"
      ORDER BY started_at, migration_name`,
  );
  return result.rows.map((row) => ({
    id: row.id,
    migrationName: row.migration_name,
    checksum: row.checksum,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    rolledBackAt: row.rolled_back_at,
  }));
}

export async function insertStartedMigration(
  client: pg.ClientBase,
  record: { id: string; migrationName: string; checksum: string },
): Promise<void> {
  await client.query(
    `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count)
     VALUES ($1, $2, $3, clock_timestamp(), 0)`,
    [record.id, record.checksum, record.migrationName],
  );
}

export async function markMigrationFinished(client: pg.ClientBase, id: string): Promise<void> {
  await client.query(
    `UPDATE "_prisma_migrations"
        SET finished_at = clock_timestamp(), applied_steps_count = applied_steps_count + 1
      WHERE id = $1`,
    [id],
  );
}
