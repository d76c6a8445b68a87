// `pnpm restore <backup-folder> --master-key <file>`: restores a `pnpm backup` into an EMPTY
// DATA_DIR (a new embedded Postgres is created there) or an empty DATABASE_URL database, then the
// archive blobs into DATA_DIR/archive and the master key to DATA_DIR/secrets.key (or it stays in
// SECRETS_KEY). The server must not be running on the target. Afterwards: `pnpm archive:verify`.
import { access, chmod, copyFile, mkdir, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createFsBlobStore, deriveArchiveKeys } from '@wac/archive';
import { loadDatabase } from '@wac/db';
import { loadMasterKey, parseEnv } from '@wac/server';
import {
  BACKUP_FORMAT,
  BackupCliError,
  copyBlobs,
  listBlobAddresses,
  openServerDatabase,
  type TBackupManifest,
} from './backup/backup-files';

const USAGE = `Usage: pnpm restore <backup-folder> [--master-key file]

Restores into the (empty) DATA_DIR / DATABASE_URL of the environment. The master key comes from
--master-key (the file pnpm backup wrote beside the folder) or SECRETS_KEY.`;

const isEmptyDir = async (dir: string) => (await readdir(dir).catch(() => [])).length === 0;

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { 'master-key': { type: 'string' }, help: { type: 'boolean', default: false } },
  });
  if (values.help || positionals.length !== 1) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  const from = path.resolve(positionals[0] as string);
  const manifest = JSON.parse(await readFile(path.join(from, 'manifest.json'), 'utf8')) as TBackupManifest;
  if (manifest.format !== BACKUP_FORMAT)
    throw new BackupCliError(`Unknown backup format ${manifest.format}.`);
  const config = parseEnv(process.env);

  // Refuse to mix a backup into a live installation: every target must start empty.
  if (config.archiveStore.kind === 'fs' && !(await isEmptyDir(config.archiveStore.root))) {
    throw new BackupCliError(`${config.archiveStore.root} is not empty: restore into an empty DATA_DIR.`);
  }
  if (config.databaseUrl === undefined && !(await isEmptyDir(config.embeddedPostgresDir))) {
    throw new BackupCliError(
      `${config.embeddedPostgresDir} already holds a database: restore into an empty DATA_DIR.`,
    );
  }
  const masterKey = await placeMasterKey(values['master-key'], config);

  const database = await openServerDatabase(config, true);
  try {
    const started = Date.now();
    console.error(`Restoring the database into ${database.description} …`);
    const { rows } = await loadDatabase({
      databaseUrl: database.databaseUrl,
      inDir: path.join(from, 'database'),
      manifest: manifest.database,
    });
    console.error(`database: ${manifest.database.tables.length} tables, ${rows} rows`);
    if (config.archiveStore.kind === 'fs') {
      const addresses = await listBlobAddresses(path.join(from, 'archive'));
      const copied = await copyBlobs(path.join(from, 'archive'), config.archiveStore.root, addresses);
      console.error(`archive: ${copied.count} blobs`);
      // A wrong key would restore fine and fail at the first read: prove one blob opens now.
      const first = addresses[0];
      if (first !== undefined) {
        const store = createFsBlobStore({
          root: config.archiveStore.root,
          keys: deriveArchiveKeys(masterKey),
        });
        await store.get(first as Parameters<typeof store.get>[0]).catch((error: unknown) => {
          throw new BackupCliError(
            `The master key does not open the restored archive (${(error as Error).message}). Use the key of this backup.`,
          );
        });
      }
    }
    console.error(
      `done in ${((Date.now() - started) / 1000).toFixed(1)} s. Check it with: pnpm archive:verify`,
    );
    return 0;
  } finally {
    await database.embedded?.stop();
  }
}

async function placeMasterKey(
  keyFile: string | undefined,
  config: ReturnType<typeof parseEnv>,
): Promise<Buffer> {
  if (keyFile === undefined) {
    if (config.secretsKey === undefined) {
      throw new BackupCliError(
        'No master key: pass --master-key <file> (written beside the backup) or set SECRETS_KEY.',
      );
    }
    return config.secretsKey;
  }
  // loadMasterKey creates a missing key file; a restore must never invent a key.
  await access(path.resolve(keyFile)).catch(() => {
    throw new BackupCliError(`${keyFile} does not exist: pass the key file pnpm backup wrote.`);
  });
  const key = (await loadMasterKey({ secretsKey: undefined, keyFile: path.resolve(keyFile) })).key;
  if (config.secretsKey !== undefined && !config.secretsKey.equals(key)) {
    throw new BackupCliError(
      'SECRETS_KEY differs from --master-key: unset SECRETS_KEY or pass the same key.',
    );
  }
  if (config.secretsKey === undefined) {
    try {
      await access(config.secretsKeyFile);
      throw new BackupCliError(`${config.secretsKeyFile} already exists: restore into an empty DATA_DIR.`);
    } catch (error) {
      if (error instanceof BackupCliError) throw error;
    }
    await mkdir(config.dataDir, { recursive: true });
    await copyFile(path.resolve(keyFile), config.secretsKeyFile);
    await chmod(config.secretsKeyFile, 0o600);
  }
  return key;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const isExpected =
      error instanceof BackupCliError ||
      ['ConfigError', 'MasterKeyError', 'DatabaseRestoreError'].includes((error as Error)?.name);
    console.error(
      isExpected ? (error as Error).message : `restore failed: ${(error as Error)?.stack ?? String(error)}`,
    );
    process.exitCode = 2;
  },
);
