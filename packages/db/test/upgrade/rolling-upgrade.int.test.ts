import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMigrations } from '../../src/migrations/migration-runner';
import { createPrismaClient } from '../../src/prisma-client.factory';
import { createEmptyTestDatabase, type TEmptyTestDatabase } from '../testing';
import { readReleaseMigrations } from './expand-only.checker';

const migrationsDir = fileURLToPath(new URL('../../../../prisma/migrations', import.meta.url));

/**
 * What an instance of the previous release does all day, as the SQL its Prisma queries issued
 * against that release's schema: explicit column lists, inserts that name only the columns it knew.
 */
async function previousReleaseRequest(client: pg.Client, n: number): Promise<void> {
  const userName = `old-${n}@example.com`;
  const user = await client.query<{ id: string }>(
    `INSERT INTO "users" ("user_name", "user_name_key", "full_name", "auth_method", "emails", "privileges")
     VALUES ($1, $1, $2, 'DIRECTORY', ARRAY[$1], ARRAY['login']) RETURNING "id"`,
    [userName, `Old ${n}`],
  );
  const userId = user.rows[0]?.id;
  await client.query(
    `INSERT INTO "sessions" ("id", "user_id", "csrf_secret", "kind", "expires_at")
     VALUES ($1, $2, 'csrf', 'USER', now() + interval '1 hour')`,
    [`session-${n}`, userId],
  );
  const session = await client.query(
    `SELECT s."id", s."kind", s."expires_at", u."id" AS "user_id", u."user_name", u."privileges", u."is_suspended"
       FROM "sessions" s JOIN "users" u ON u."id" = s."user_id" WHERE s."id" = $1`,
    [`session-${n}`],
  );
  if (session.rowCount !== 1) throw new Error(`session-${n} not read back`);
  await client.query(`UPDATE "sessions" SET "last_seen_at" = now() WHERE "id" = $1`, [`session-${n}`]);
  await client.query(
    `INSERT INTO "archive_folders" ("name", "owner_user_id", "owner_user_name") VALUES ($1, $2, $3)`,
    [`Archive of ${userName}`, userId, userName],
  );
  await client.query(
    `SELECT "id", "name", "owner_user_id", "owner_user_name", "created_at" FROM "archive_folders" ORDER BY "name" LIMIT 50`,
  );
  await client.query(
    `INSERT INTO "audit_log" ("actor_user_id", "actor_name", "action", "target", "details")
     VALUES ($1, $2, 'auth.sign_in', $2, '{}')`,
    [userId, userName],
  );
  await client.query(
    `SELECT "id", "user_name", "full_name", "emails", "auth_method", "google_user_id", "org_unit_path",
            "is_suspended", "privileges", "created_at", "updated_at"
       FROM "users" ORDER BY "user_name_key" LIMIT 50`,
  );
  await client.query(`SELECT "id", "status", "phase" FROM "sync_runs" ORDER BY "created_at" DESC LIMIT 1`);
}

// Expand, then contract: while the schema is migrated to this release, an instance of the previous
// release keeps serving on it (same tables, same columns), and afterwards this release's client
// reads what the old one wrote.
describe('rolling upgrade from the previous release', () => {
  let database: TEmptyTestDatabase;
  let previousDir: string;

  beforeAll(async () => {
    database = await createEmptyTestDatabase();
    previousDir = await mkdtemp(path.join(tmpdir(), 'wac-previous-release-'));
    const { previous } = await readReleaseMigrations(migrationsDir);
    for (const { name } of previous) {
      await cp(path.join(migrationsDir, name), path.join(previousDir, name), { recursive: true });
    }
  });

  afterAll(async () => {
    await database?.drop();
    if (previousDir) await rm(previousDir, { recursive: true, force: true });
  });

  it('keeps the old instance serving while the new migrations apply, then serves both', async () => {
    const previousApplied = await runMigrations({
      databaseUrl: database.databaseUrl,
      migrationsDir: previousDir,
    });
    expect(previousApplied).toHaveLength(4);

    const oldInstance = new pg.Client({ connectionString: database.databaseUrl });
    await oldInstance.connect();
    try {
      // Seeded by the old release before the upgrade starts.
      for (let n = 0; n < 20; n++) await previousReleaseRequest(oldInstance, n);

      let served = 20;
      let servedDuringMigration = 0;
      const failures: unknown[] = [];
      let migrating = true;
      const load = (async () => {
        while (migrating) {
          try {
            await previousReleaseRequest(oldInstance, served);
            served++;
            if (migrating) servedDuringMigration++;
          } catch (error) {
            failures.push(error);
            return;
          }
        }
      })();
      const applied = await runMigrations({ databaseUrl: database.databaseUrl, migrationsDir });
      migrating = false;
      await load;
      const { current } = await readReleaseMigrations(migrationsDir);
      expect(applied).toEqual(current.map((migration) => migration.name));
      expect(failures).toEqual([]);
      expect(servedDuringMigration).toBeGreaterThan(0);

      // After the switch: the old instance still works, and the new release reads its rows.
      for (let n = served; n < served + 5; n++) await previousReleaseRequest(oldInstance, n);
      served += 5;
      const prisma = createPrismaClient(database.databaseUrl);
      try {
        const users = await prisma.user.findMany({ where: { userName: { startsWith: 'old-' } } });
        expect(users).toHaveLength(served);
        expect(users.every((user) => user.isArchived === false)).toBe(true);
        const folders = await prisma.archiveFolder.count();
        expect(folders).toBe(served);
      } finally {
        await prisma.$disconnect();
      }
      console.info(
        `previous release served ${servedDuringMigration} requests while ${applied.length} migrations applied`,
      );
    } finally {
      await oldInstance.end();
    }
  }, 120_000);
});
