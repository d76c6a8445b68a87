// `pnpm archive:verify`: reads every archived message back (decrypt, decompress, re-hash) and
// compares the blob store with the database. Exit 0: healthy; 1: missing, corrupt or orphaned
// blobs; 2: the check could not run. Configuration is the server's (DATA_DIR, DATABASE_URL,
// SECRETS_KEY), so it checks exactly the archive the server writes.
import { access } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ArchiveVerifyError, runArchiveVerify, type TArchiveVerifyReport } from '@wac/archive';
import {
  findRunningEmbeddedPostgres,
  redactDatabaseUrl,
  startEmbeddedPostgres,
  type TEmbeddedPostgres,
} from '@wac/db';
import { loadMasterKey, parseEnv, type TConfig } from '@wac/server';

const USAGE = `Usage: pnpm archive:verify [--json] [--max-listed 100]

Reads every blob of the archive in DATA_DIR/archive back, decrypts and re-hashes it, and compares
the store with the database (DATABASE_URL, or the embedded Postgres in DATA_DIR/postgres).
Exits 1 when any blob is missing, corrupt or orphaned, 2 when the check cannot run.`;

class VerifyCliError extends Error {}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      json: { type: 'boolean', default: false },
      'max-listed': { type: 'string', default: '100' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const maxListed = Number(values['max-listed']);
  if (!Number.isInteger(maxListed) || maxListed < 0)
    throw new VerifyCliError('--max-listed must be a whole number.');

  const config = parseEnv(process.env);
  const masterKey = await readMasterKey(config);
  const database = await openDatabase(config);
  try {
    const storeRoot = path.join(config.dataDir, 'archive');
    if (!values.json)
      console.error(`Verifying the archive in ${storeRoot} against ${database.description} …`);
    const report = await runArchiveVerify({
      databaseUrl: database.databaseUrl,
      storeRoot,
      masterKey,
      maxListed,
    });
    console.log(values.json ? JSON.stringify(report) : formatReport(report));
    return report.isHealthy ? 0 : 1;
  } finally {
    await database.embedded?.stop();
  }
}

// Verification must never create a key: a missing one means there is nothing this server could read.
async function readMasterKey(config: TConfig): Promise<Buffer> {
  if (config.secretsKey === undefined) {
    try {
      await access(config.secretsKeyFile);
    } catch {
      throw new VerifyCliError(
        `No master key: SECRETS_KEY is unset and ${config.secretsKeyFile} does not exist. ` +
          'Run this with the same DATA_DIR and SECRETS_KEY as the server.',
      );
    }
  }
  return (await loadMasterKey({ secretsKey: config.secretsKey, keyFile: config.secretsKeyFile })).key;
}

type TDatabase = { databaseUrl: string; description: string; embedded: TEmbeddedPostgres | undefined };

async function openDatabase(config: TConfig): Promise<TDatabase> {
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
  try {
    await access(path.join(config.embeddedPostgresDir, 'pgdata', 'PG_VERSION'));
  } catch {
    throw new VerifyCliError(
      `No database: DATABASE_URL is unset and ${config.embeddedPostgresDir} holds no embedded Postgres. ` +
        'Run this with the same DATA_DIR (or DATABASE_URL) as the server.',
    );
  }
  const embedded = await startEmbeddedPostgres({ dataDir: config.embeddedPostgresDir });
  return { databaseUrl: embedded.databaseUrl, description: 'the embedded Postgres', embedded };
}

function formatReport(report: TArchiveVerifyReport): string {
  const mb = (report.bytesChecked / 1024 / 1024).toFixed(1);
  const lines = [
    `messages in the database: ${report.messages}`,
    `blobs in the store:       ${report.blobs}`,
    `ok:                       ${report.ok} (${mb} MB read back in ${(report.durationMs / 1000).toFixed(1)} s)`,
    `missing:                  ${report.missing.count}`,
    ...report.missing.addresses.map((address) => `  missing   ${address}`),
    `corrupt:                  ${report.corrupt.count}`,
    ...report.corrupt.blobs.map((blob) => `  corrupt   ${blob.address}  ${blob.reason}`),
    `orphaned:                 ${report.orphaned.count}`,
    ...report.orphaned.addresses.map((address) => `  orphaned  ${address}`),
  ];
  const listed =
    report.missing.addresses.length + report.corrupt.blobs.length + report.orphaned.addresses.length;
  const total = report.missing.count + report.corrupt.count + report.orphaned.count;
  if (listed < total) lines.push(`(${total - listed} more not listed; raise --max-listed to see them)`);
  lines.push(report.isHealthy ? 'The archive is intact.' : 'PROBLEMS FOUND: the archive is not intact.');
  return lines.join('\n');
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const isExpected =
      error instanceof VerifyCliError ||
      error instanceof ArchiveVerifyError ||
      ['ConfigError', 'MasterKeyError'].includes((error as Error)?.name);
    const message = isExpected
      ? (error as Error).message
      : `archive:verify failed: ${(error as Error)?.stack ?? String(error)}`;
    console.error(message);
    process.exitCode = 2;
  },
);
