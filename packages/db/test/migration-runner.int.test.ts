import { createHash } from 'node:crypto';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { defaultMigrationsDir } from '../src/migrations/default-migrations-dir';
import { MigrationError } from '../src/migrations/migration-error';
import { listMigrationFiles, type TMigrationFile } from '../src/migrations/migration-files';
import { getMigrationStatus, MIGRATION_LOCK_KEY, runMigrations } from '../src/migrations/migration-runner';
import { createEmptyTestDatabase, type TEmptyTestDatabase } from './testing';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

type THistoryRow = {
  id: string;
  checksum: string;
  migration_name: string;
  logs: string | null;
  started_at: Date;
  finished_at: Date | null;
  rolled_back_at: Date | null;
  applied_steps_count: number;
};

describe('runMigrations', () => {
  const databases: TEmptyTestDatabase[] = [];
  const tempDirs: string[] = [];
  let repositoryMigrations: TMigrationFile[];

  beforeAll(async () => {
    repositoryMigrations = await listMigrationFiles(defaultMigrationsDir);
  });

  afterEach(async () => {
    await Promise.all(tempDirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  });

  afterAll(async () => {
    await Promise.all(databases.map((database) => database.drop()));
  });

  async function emptyDatabase(): Promise<TEmptyTestDatabase> {
    const database = await createEmptyTestDatabase();
    databases.push(database);
    return database;
  }

  async function query<T extends pg.QueryResultRow>(databaseUrl: string, sql: string): Promise<T[]> {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      return (await client.query<T>(sql)).rows;
    } finally {
      await client.end();
    }
  }

  /** A copy of the repository's migrations that a test may change. */
  async function copyOfMigrations(): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'wac-migrations-'));
    tempDirs.push(dir);
    await cp(defaultMigrationsDir, dir, { recursive: true });
    return dir;
  }

  it('applies every migration to an empty database and records it as prisma migrate does', async () => {
    const { databaseUrl } = await emptyDatabase();
    const messages: string[] = [];

    const applied = await runMigrations({
      databaseUrl,
      migrationsDir: defaultMigrationsDir,
      log: (m) => messages.push(m),
    });

    expect(applied).toEqual(repositoryMigrations.map((file) => file.name));
    expect(messages).toEqual(applied.map((name) => `Applied migration ${name}`));
    const history = await query<THistoryRow>(
      databaseUrl,
      'SELECT * FROM "_prisma_migrations" ORDER BY started_at',
    );
    expect(history).toHaveLength(repositoryMigrations.length);
    for (const [index, row] of history.entries()) {
      const script = await readFile(join(defaultMigrationsDir, row.migration_name, 'migration.sql'));
      expect(row.migration_name).toBe(repositoryMigrations[index]?.name);
      expect(row.id).toMatch(UUID);
      expect(row.checksum).toBe(createHashHex(script));
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.finished_at!.getTime()).toBeGreaterThanOrEqual(row.started_at.getTime());
      expect(row.rolled_back_at).toBeNull();
      expect(row.logs).toBeNull();
      expect(row.applied_steps_count).toBe(1);
    }
    const tables = await query<{ name: string }>(
      databaseUrl,
      `SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`,
    );
    expect(tables.map((table) => table.name)).toContain('users');
  });

  it('creates the history table with the columns and types Prisma uses', async () => {
    const { databaseUrl } = await emptyDatabase();
    await runMigrations({ databaseUrl });
    const columns = await query<{
      column_name: string;
      type: string;
      nullable: boolean;
      default_value: string | null;
    }>(
      databaseUrl,
      `SELECT a.attname AS column_name, format_type(a.atttypid, a.atttypmod) AS type, NOT a.attnotnull AS nullable,
              pg_get_expr(d.adbin, d.adrelid) AS default_value
         FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
        WHERE a.attrelid = '"_prisma_migrations"'::regclass AND a.attnum > 0 AND NOT a.attisdropped
        ORDER BY a.attnum`,
    );
    expect(columns).toEqual([
      { column_name: 'id', type: 'character varying(36)', nullable: false, default_value: null },
      { column_name: 'checksum', type: 'character varying(64)', nullable: false, default_value: null },
      { column_name: 'finished_at', type: 'timestamp with time zone', nullable: true, default_value: null },
      { column_name: 'migration_name', type: 'character varying(255)', nullable: false, default_value: null },
      { column_name: 'logs', type: 'text', nullable: true, default_value: null },
      {
        column_name: 'rolled_back_at',
        type: 'timestamp with time zone',
        nullable: true,
        default_value: null,
      },
      {
        column_name: 'started_at',
        type: 'timestamp with time zone',
        nullable: false,
        default_value: 'now()',
      },
      { column_name: 'applied_steps_count', type: 'integer', nullable: false, default_value: '0' },
    ]);
  });

  it('applies nothing the second time', async () => {
    const { databaseUrl } = await emptyDatabase();
    await runMigrations({ databaseUrl });

    expect(await runMigrations({ databaseUrl })).toEqual([]);
    const history = await query<{ count: string }>(databaseUrl, 'SELECT count(*) FROM "_prisma_migrations"');
    expect(Number(history[0]?.count)).toBe(repositoryMigrations.length);
  });

  it('lets two instances start at once on one empty database: both succeed, each migration runs once', async () => {
    const { databaseUrl } = await emptyDatabase();

    const [a, b] = await Promise.all([runMigrations({ databaseUrl }), runMigrations({ databaseUrl })]);

    expect([...a, ...b].sort()).toEqual(repositoryMigrations.map((file) => file.name).sort());
    expect([a.length, b.length].sort()).toEqual([0, repositoryMigrations.length]);
    const history = await query<{ migration_name: string }>(
      databaseUrl,
      'SELECT migration_name FROM "_prisma_migrations"',
    );
    expect(history.map((row) => row.migration_name).sort()).toEqual(
      repositoryMigrations.map((file) => file.name).sort(),
    );
  });

  it('waits for the migration lock and gives up with LOCK_TIMEOUT when it is held too long', async () => {
    const { databaseUrl } = await emptyDatabase();
    const holder = new pg.Client({ connectionString: databaseUrl });
    await holder.connect();
    try {
      await holder.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
      const attempt = runMigrations({ databaseUrl, lockTimeoutMs: 300 });
      await expect(attempt).rejects.toBeInstanceOf(MigrationError);
      await expect(attempt).rejects.toMatchObject({ code: 'LOCK_TIMEOUT' });
    } finally {
      await holder.end();
    }
    expect(await query(databaseUrl, `SELECT 1 FROM pg_tables WHERE tablename = 'users'`)).toEqual([]);
  });

  it('reports an applied migration whose file changed afterwards, by name', async () => {
    const { databaseUrl } = await emptyDatabase();
    await runMigrations({ databaseUrl });
    const dir = await copyOfMigrations();
    const edited = repositoryMigrations[0]!;
    await writeFile(join(dir, edited.name, 'migration.sql'), `${edited.sql}\n-- edited after the fact\n`);

    const attempt = runMigrations({ databaseUrl, migrationsDir: dir });

    await expect(attempt).rejects.toMatchObject({
      code: 'CHECKSUM_MISMATCH',
      message: expect.stringContaining(`Migration ${edited.name} was changed after it was applied`),
    });
    await expect(getMigrationStatus({ databaseUrl, migrationsDir: dir })).rejects.toMatchObject({
      code: 'CHECKSUM_MISMATCH',
    });
  });

  it('rolls a failing migration back completely and records nothing for it', async () => {
    const { databaseUrl } = await emptyDatabase();
    const dir = await copyOfMigrations();
    const broken = '29990101000000_broken';
    await mkdir(join(dir, broken));
    await writeFile(
      join(dir, broken, 'migration.sql'),
      'CREATE TABLE "half_done" ("id" INTEGER);\nALTER TABLE "no_such_table" ADD COLUMN "x" INTEGER;\n',
    );

    const attempt = runMigrations({ databaseUrl, migrationsDir: dir });

    await expect(attempt).rejects.toMatchObject({
      code: 'MIGRATION_FAILED',
      message: expect.stringMatching(/29990101000000_broken failed and was rolled back: .*no_such_table/),
    });
    const names = await query<{ migration_name: string }>(
      databaseUrl,
      'SELECT migration_name FROM "_prisma_migrations"',
    );
    expect(names.map((row) => row.migration_name)).toEqual(repositoryMigrations.map((file) => file.name));
    expect(await query(databaseUrl, `SELECT 1 FROM pg_tables WHERE tablename = 'half_done'`)).toEqual([]);
    expect(await getMigrationStatus({ databaseUrl, migrationsDir: dir })).toEqual({
      applied: repositoryMigrations.map((file) => file.name),
      pending: [broken],
    });
  });

  it('refuses to run past a migration another tool left unfinished', async () => {
    const { databaseUrl } = await emptyDatabase();
    await runMigrations({ databaseUrl });
    await query(databaseUrl, `UPDATE "_prisma_migrations" SET finished_at = NULL`);

    await expect(runMigrations({ databaseUrl })).rejects.toMatchObject({ code: 'UNFINISHED_MIGRATION' });
  });

  it('names the database it cannot reach, without its password', async () => {
    const attempt = runMigrations({ databaseUrl: 'postgresql://wac:s3cret@127.0.0.1:1/wac' });
    await expect(attempt).rejects.toMatchObject({ code: 'DATABASE_UNREACHABLE' });
    await expect(attempt).rejects.toThrow('postgresql://wac:***@127.0.0.1:1/wac');
    await expect(attempt).rejects.not.toThrow('s3cret');
  });
});

describe('getMigrationStatus', () => {
  let database: TEmptyTestDatabase;

  beforeAll(async () => {
    database = await createEmptyTestDatabase();
  });

  afterAll(async () => {
    await database?.drop();
  });

  it('lists every migration as pending on an empty database and none once migrated', async () => {
    const names = (await listMigrationFiles(defaultMigrationsDir)).map((file) => file.name);

    expect(await getMigrationStatus({ databaseUrl: database.databaseUrl })).toEqual({
      applied: [],
      pending: names,
    });
    await runMigrations({ databaseUrl: database.databaseUrl });
    expect(await getMigrationStatus({ databaseUrl: database.databaseUrl })).toEqual({
      applied: names,
      pending: [],
    });
  });
});

function createHashHex(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}
