import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { computeMigrationChecksum, listMigrationFiles, migrationMatchesChecksum } from './migration-files';

// Published SHA-256 test vectors (FIPS 180-2).
const SHA256_OF_EMPTY = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const SHA256_OF_ABC = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';

describe('computeMigrationChecksum', () => {
  it('is the lower-case SHA-256 hex of the script', () => {
    expect(computeMigrationChecksum('')).toBe(SHA256_OF_EMPTY);
    expect(computeMigrationChecksum('abc')).toBe(SHA256_OF_ABC);
    expect(computeMigrationChecksum(Buffer.from('abc'))).toBe(SHA256_OF_ABC);
  });
});

describe('migrationMatchesChecksum', () => {
  const script = 'CREATE TABLE "a" ();\nCREATE TABLE "b" ();\n';

  it('accepts the script it was computed from', () => {
    expect(migrationMatchesChecksum(script, computeMigrationChecksum(script))).toBe(true);
  });

  it('accepts the same script checked out with other line endings', () => {
    const crlf = script.replaceAll('\n', '\r\n');
    expect(migrationMatchesChecksum(crlf, computeMigrationChecksum(script))).toBe(true);
    expect(migrationMatchesChecksum(script, computeMigrationChecksum(crlf))).toBe(true);
  });

  it('rejects an edited script', () => {
    const edited = script.replace('"b"', '"c"');
    expect(migrationMatchesChecksum(edited, computeMigrationChecksum(script))).toBe(false);
  });
});

describe('listMigrationFiles', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'wac-migrations-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function addMigration(name: string, sql: string) {
    await mkdir(join(dir, name));
    await writeFile(join(dir, name, 'migration.sql'), sql);
  }

  it('lists migration folders in name order with their script and checksum', async () => {
    await addMigration('20260102000000_second', 'SELECT 2;');
    await addMigration('20260101000000_first', 'abc');
    await writeFile(join(dir, 'migration_lock.toml'), 'provider = "postgresql"\n');

    const files = await listMigrationFiles(dir);

    expect(files).toEqual([
      { name: '20260101000000_first', sql: 'abc', checksum: SHA256_OF_ABC },
      { name: '20260102000000_second', sql: 'SELECT 2;', checksum: computeMigrationChecksum('SELECT 2;') },
    ]);
  });

  it('sorts by code units, not by locale', async () => {
    await addMigration('20260101000000_b', '');
    await addMigration('20260101000000_B', '');
    await addMigration('20260101000000_a', '');
    const names = (await listMigrationFiles(dir)).map((file) => file.name);
    expect(names).toEqual(['20260101000000_B', '20260101000000_a', '20260101000000_b']);
  });

  it('names the folder that has no migration.sql', async () => {
    await mkdir(join(dir, '20260101000000_broken'));
    await expect(listMigrationFiles(dir)).rejects.toThrow(/20260101000000_broken has no migration\.sql/);
  });

  it('names a migrations folder that does not exist', async () => {
    const missing = join(dir, 'nope');
    await expect(listMigrationFiles(missing)).rejects.toThrow(`Cannot read the migrations folder ${missing}`);
  });

  it('finds the repository migrations through defaultMigrationsDir', async () => {
    const { defaultMigrationsDir } = await import('./default-migrations-dir');
    const files = await listMigrationFiles(defaultMigrationsDir);
    expect(files.length).toBeGreaterThan(0);
    expect(files[0]?.sql).toContain('CREATE TABLE "users"');
  });
});
