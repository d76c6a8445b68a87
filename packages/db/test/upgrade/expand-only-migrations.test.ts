import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  findContractViolations,
  readReleaseMigrations,
  splitStatements,
  tablesCreatedBy,
  typesCreatedBy,
} from './expand-only.checker';

const migrationsDir = fileURLToPath(new URL('../../../../prisma/migrations', import.meta.url));

describe('migrations of this release only expand the previous release schema', () => {
  it('adds to, and never drops, renames or reshapes, what the previous release reads and writes', async () => {
    const { previous, current } = await readReleaseMigrations(migrationsDir);
    expect(previous.length).toBe(4);
    expect(current.length).toBeGreaterThan(0);
    const oldTables = tablesCreatedBy(previous);
    expect(oldTables).toContain('users');
    expect(oldTables).toContain('sessions');
    const oldTypes = typesCreatedBy(previous);
    const violations = current.flatMap((migration) => findContractViolations(migration, oldTables, oldTypes));
    expect(violations).toEqual([]);
  });

  // The checker itself must catch what it is for, or the test above proves nothing.
  it('catches destructive statements on old tables and lets additive ones through', () => {
    const oldTables = new Set(['users', 'sessions']);
    const oldTypes = new Set(['auth_method']);
    const check = (sql: string) =>
      findContractViolations({ name: 'x', sql }, oldTables, oldTypes).map((violation) => violation.reason);
    expect(check('ALTER TABLE "users" DROP COLUMN "full_name";')).toEqual(['drops a column of users']);
    expect(check('ALTER TABLE "users" RENAME COLUMN "full_name" TO "name";')).toEqual(['renames in users']);
    expect(check('ALTER TABLE "users" ALTER COLUMN "emails" SET DATA TYPE JSONB;')).toEqual([
      'changes a column type of users',
    ]);
    expect(check('ALTER TABLE "users" ADD COLUMN "x" TEXT NOT NULL;')).toHaveLength(1);
    expect(check('ALTER TABLE "users" ADD COLUMN "a" TEXT, DROP COLUMN "b";')).toEqual([
      'drops a column of users',
    ]);
    expect(check('DROP TABLE "sessions";')).toEqual(['drops table sessions']);
    expect(check("ALTER TYPE \"auth_method\" RENAME VALUE 'LOCAL' TO 'PASSWORD';")).toHaveLength(1);
    expect(
      check(
        [
          'ALTER TABLE "users" ADD COLUMN "is_archived" BOOLEAN NOT NULL DEFAULT false;',
          'ALTER TABLE "users" ADD COLUMN "note" TEXT;',
          'ALTER TYPE "auth_method" ADD VALUE \'OIDC\';',
          'DROP TABLE "new_table";',
          'CREATE INDEX "users_x_idx" ON "users"("note");',
          'UPDATE "users" SET "note" = \'a;b\';',
        ].join('\n'),
      ),
    ).toEqual([]);
  });

  it('splits statements outside quotes, comments and dollar-quoted bodies', () => {
    expect(
      splitStatements('-- a; comment\nSELECT \'x;y\';\nDO $$ BEGIN PERFORM 1; END $$;\nSELECT "a;b"'),
    ).toEqual(["SELECT 'x;y'", 'DO $$ BEGIN PERFORM 1; END $$', 'SELECT "a;b"']);
  });
});
