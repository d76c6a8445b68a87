import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

export type TMigrationFile = {
  /** Folder name, e.g. `20261122000000_init`; also the `migration_name` Prisma records. */
  name: string;
  sql: string;
  /** SHA-256 hex of migration.sql's bytes, as `prisma migrate` stores it. */
  checksum: string;
};

export const MIGRATION_SCRIPT_FILE = 'migration.sql';

export function computeMigrationChecksum(script: string | Uint8Array): string {
  return createHash('sha256').update(script).digest('hex');
}

/**
 * A checkout with Windows line endings (git autocrlf) must not look like an edited migration,
 * so the script also matches when only its line endings differ from the applied one.
 */
export function migrationMatchesChecksum(script: string, checksum: string): boolean {
  const expected = checksum.toLowerCase();
  const lf = script.replaceAll('\r\n', '\n');
  const variants = new Set([script, lf, lf.replaceAll('\n', '\r\n')]);
  for (const variant of variants) {
    if (computeMigrationChecksum(variant) === expected) return true;
  }
  return false;
}

/** Prisma's folder format: one folder per migration, applied in lexical order of folder names. */
export async function listMigrationFiles(migrationsDir: string): Promise<TMigrationFile[]> {
  let entries: import('node:fs').Dirent[];
  try {
    entries = await readdir(migrationsDir, { withFileTypes: true });
  } catch (error) {
    throw new Error(`Cannot read the migrations folder ${migrationsDir}: ${(error as Error).message}`);
  }
  const names = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort(compareCodeUnits);
  const files: TMigrationFile[] = [];
  for (const name of names) {
    const scriptPath = join(migrationsDir, name, MIGRATION_SCRIPT_FILE);
    let bytes: Buffer;
    try {
      bytes = await readFile(scriptPath);
    } catch {
      throw new Error(`Migration folder ${name} has no ${MIGRATION_SCRIPT_FILE} (looked for ${scriptPath}).`);
    }
    files.push({ name, sql: bytes.toString('utf8'), checksum: computeMigrationChecksum(bytes) });
  }
  return files;
}

// Locale-independent, like Prisma's own ordering of migration folders.
function compareCodeUnits(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}
