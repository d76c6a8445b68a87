import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export function passwordFilePath(dataDir: string): string {
  return join(dataDir, 'postgres-password');
}

/**
 * The cluster's superuser password: random per installation rather than a shared default,
 * because the port is reachable by every local user. Created once (0600) before initdb;
 * an initialised cluster without it cannot be opened any more, which is reported clearly.
 */
export async function readOrCreatePassword(dataDir: string, canCreate: boolean): Promise<string> {
  const path = passwordFilePath(dataDir);
  try {
    const stored = (await readFile(path, 'utf8')).trim();
    if (stored.length > 0) return stored;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (!canCreate) {
    throw new Error(
      `${path} is missing or empty, so the existing Postgres cluster beside it cannot be opened.`,
    );
  }
  const password = randomBytes(24).toString('hex');
  await writeFile(path, `${password}\n`, { mode: 0o600 });
  return password;
}
