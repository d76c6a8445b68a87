import { access, chmod, copyFile, mkdir, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import {
  findRunningEmbeddedPostgres,
  redactDatabaseUrl,
  startEmbeddedPostgres,
  type TDatabaseDumpManifest,
  type TEmbeddedPostgres,
} from '@wac/db';
import type { TConfig } from '@wac/server';

export const BACKUP_FORMAT = 1;

/** manifest.json at the top of a backup folder. */
export type TBackupManifest = {
  format: number;
  createdAt: string;
  serverVersion: string;
  database: TDatabaseDumpManifest;
  blobs: { count: number; bytes: number };
  /** Never inside the backup: where `pnpm backup` wrote it, or that it lives in SECRETS_KEY. */
  masterKey: 'file-beside-backup' | 'SECRETS_KEY' | 'not-written';
};

export class BackupCliError extends Error {}

// The filesystem store's layout (packages/archive fs-blob-store): two levels of two hex characters.
export const blobRelativePath = (address: string) =>
  path.join(address.slice(0, 2), address.slice(2, 4), address);

/** Copies the named blobs from one store root to another; they are immutable, so a plain copy is exact. */
export async function copyBlobs(
  fromRoot: string,
  toRoot: string,
  addresses: Iterable<string>,
): Promise<{ count: number; bytes: number; missing: string[] }> {
  let count = 0;
  let bytes = 0;
  const missing: string[] = [];
  const made = new Set<string>();
  for (const address of addresses) {
    const relative = blobRelativePath(address);
    const target = path.join(toRoot, relative);
    const dir = path.dirname(target);
    if (!made.has(dir)) {
      await mkdir(dir, { recursive: true });
      made.add(dir);
    }
    try {
      await copyFile(path.join(fromRoot, relative), target);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        missing.push(address);
        continue;
      }
      throw error;
    }
    count += 1;
    bytes += (await stat(target)).size;
  }
  return { count, bytes, missing };
}

/** Every blob address under a store root (restore copies the whole backed-up store). */
export async function listBlobAddresses(root: string): Promise<string[]> {
  const addresses: string[] = [];
  for (const first of await readdir(root).catch(() => [] as string[])) {
    for (const second of await readdir(path.join(root, first)).catch(() => [] as string[])) {
      for (const name of await readdir(path.join(root, first, second))) {
        if (!name.startsWith('.')) addresses.push(name);
      }
    }
  }
  return addresses;
}

export type TOpenDatabase = {
  databaseUrl: string;
  description: string;
  embedded: TEmbeddedPostgres | undefined;
};

/**
 * The server's database: DATABASE_URL, else the embedded Postgres in DATA_DIR (the running
 * server's, or started here when the server is stopped). `create` allows a new embedded cluster.
 */
export async function openServerDatabase(config: TConfig, create: boolean): Promise<TOpenDatabase> {
  if (config.databaseUrl !== undefined) {
    return {
      databaseUrl: config.databaseUrl,
      description: redactDatabaseUrl(config.databaseUrl),
      embedded: undefined,
    };
  }
  const running = await findRunningEmbeddedPostgres(config.embeddedPostgresDir);
  if (running !== undefined) {
    return {
      databaseUrl: running,
      description: 'the running server’s embedded Postgres',
      embedded: undefined,
    };
  }
  if (!create) {
    try {
      await access(path.join(config.embeddedPostgresDir, 'pgdata', 'PG_VERSION'));
    } catch {
      throw new BackupCliError(
        `No database: DATABASE_URL is unset and ${config.embeddedPostgresDir} holds no embedded Postgres. ` +
          'Run this with the same DATA_DIR (or DATABASE_URL) as the server.',
      );
    }
  }
  await mkdir(config.dataDir, { recursive: true });
  // As root the embedded Postgres runs as `postgres`, which must traverse DATA_DIR (see the server).
  if (process.getuid?.() === 0) await chmod(config.dataDir, 0o711);
  const embedded = await startEmbeddedPostgres({ dataDir: config.embeddedPostgresDir });
  return { databaseUrl: embedded.databaseUrl, description: 'the embedded Postgres', embedded };
}
