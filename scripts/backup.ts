// `pnpm backup <folder>`: a consistent backup while the server runs. First the database (every
// table from one snapshot), then exactly the archive blobs that snapshot references (immutable and
// content-addressed: anything archived later is simply not in this backup), then the master key
// into a file BESIDE the folder, to be stored apart from it. Configuration is the server's
// (DATA_DIR, DATABASE_URL, SECRETS_KEY). Exit 0: complete; 1: blobs missing from the live store;
// 2: the backup could not be taken.
import { access, chmod, copyFile, mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { dumpDatabase } from '@wac/db';
import { parseEnv, SERVER_VERSION, type TConfig } from '@wac/server';
import {
  BACKUP_FORMAT,
  BackupCliError,
  copyBlobs,
  openServerDatabase,
  type TBackupManifest,
} from './backup/backup-files';

const USAGE = `Usage: pnpm backup <empty-or-new-folder> [--key-out file]

Backs up the database, the archive blobs (DATA_DIR/archive) and the master key of the server
configured by DATA_DIR / DATABASE_URL / SECRETS_KEY. Safe while the server runs. The master key goes
to <folder>.secrets.key (or --key-out): store it apart from the backup.`;

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { 'key-out': { type: 'string' }, help: { type: 'boolean', default: false } },
  });
  if (values.help || positionals.length !== 1) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  const out = path.resolve(positionals[0] as string);
  if ((await readdir(out).catch(() => [])).length > 0) {
    throw new BackupCliError(`${out} is not empty: back up into a new folder.`);
  }
  const config = parseEnv(process.env);
  if (config.archiveStore.kind === 's3') {
    console.error(
      'Note: archive blobs are in an S3 bucket; back it up with the provider’s versioning or replication. Only the database and the key are written here.',
    );
  }
  const database = await openServerDatabase(config, false);
  try {
    const started = Date.now();
    await mkdir(out, { recursive: true });
    console.error(`Backing up ${database.description} …`);
    const addresses: string[] = [];
    const dump = await dumpDatabase({
      databaseUrl: database.databaseUrl,
      outDir: path.join(out, 'database'),
      onArchivedAddress: (address) => addresses.push(address),
    });
    const rowCount = dump.tables.reduce((sum, table) => sum + table.rows, 0);
    console.error(
      `database: ${dump.tables.length} tables, ${rowCount} rows (Postgres ${dump.serverVersion})`,
    );
    const blobs =
      config.archiveStore.kind === 's3'
        ? { count: 0, bytes: 0, missing: [] }
        : await copyBlobs(config.archiveStore.root, path.join(out, 'archive'), addresses);
    console.error(`archive: ${blobs.count} blobs, ${(blobs.bytes / 1024 / 1024).toFixed(1)} MB`);
    const masterKey = await saveMasterKey(config, values['key-out'] ?? `${out}.secrets.key`);
    const manifest: TBackupManifest = {
      format: BACKUP_FORMAT,
      createdAt: new Date(started).toISOString(),
      serverVersion: SERVER_VERSION,
      database: dump,
      blobs: { count: blobs.count, bytes: blobs.bytes },
      masterKey: masterKey.kind,
    };
    await writeFile(path.join(out, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`, {
      mode: 0o600,
    });
    console.error(`done in ${((Date.now() - started) / 1000).toFixed(1)} s: ${out}`);
    console.error(masterKey.message);
    if (blobs.missing.length > 0) {
      console.error(
        `PROBLEM: ${blobs.missing.length} blobs the database references are missing from the live store (e.g. ${blobs.missing[0]}); run pnpm archive:verify.`,
      );
      return 1;
    }
    return 0;
  } finally {
    await database.embedded?.stop();
  }
}

async function saveMasterKey(
  config: TConfig,
  keyOut: string,
): Promise<{ kind: TBackupManifest['masterKey']; message: string }> {
  if (config.secretsKey !== undefined) {
    return {
      kind: 'SECRETS_KEY',
      message:
        'MASTER KEY: it is in SECRETS_KEY, not written here. Keep that value safe and apart from this backup: without it the backup cannot be read.',
    };
  }
  try {
    await access(config.secretsKeyFile);
  } catch {
    return {
      kind: 'not-written',
      message: `MASTER KEY: ${config.secretsKeyFile} does not exist; none written.`,
    };
  }
  await copyFile(config.secretsKeyFile, keyOut);
  await chmod(keyOut, 0o600);
  return {
    kind: 'file-beside-backup',
    message: `MASTER KEY written to ${keyOut}. Store it SEPARATELY from the backup (another medium or a password manager): whoever holds both can read the whole archive, and without it the backup cannot be read.`,
  };
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const isExpected =
      error instanceof BackupCliError || ['ConfigError', 'MasterKeyError'].includes((error as Error)?.name);
    console.error(
      isExpected ? (error as Error).message : `backup failed: ${(error as Error)?.stack ?? String(error)}`,
    );
    process.exitCode = 2;
  },
);
