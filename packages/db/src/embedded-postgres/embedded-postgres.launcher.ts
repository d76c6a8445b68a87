import { access, chmod, mkdir, rename, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { loadEmbeddedPostgres, type TEmbeddedPostgresClass } from './embedded-postgres.module';
import { findFreePort } from './free-port';
import { releaseStaleCluster, removeOwnerFile, writeOwnerFile } from './postmaster-lock';
import { readOrCreatePassword } from './superuser-password';

export type TStartEmbeddedPostgresOptions = {
  /** Holds the cluster (`pgdata/`), its password file and owner file; created when missing. */
  dataDir: string;
  /** Default: a free port picked at start. */
  port?: number;
  /** The database `databaseUrl` points at, created when missing. Default `wac`. */
  databaseName?: string;
  log?: (line: string) => void;
};

export type TEmbeddedPostgres = {
  databaseUrl: string;
  port: number;
  stop(): Promise<void>;
};

const SUPERUSER = 'postgres';
const HOST = '127.0.0.1';
const START_ATTEMPTS_ON_PICKED_PORT = 3;

// The builtin provider gives Unicode case rules (lower(), ILIKE) without depending on which
// OS locales the machine has.
const INITDB_FLAGS = [
  '--encoding=UTF8',
  '--locale=C',
  '--locale-provider=builtin',
  '--builtin-locale=C.UTF-8',
];
// Loopback only; no Unix socket, whose default directory may not exist or be shared.
const POSTGRES_FLAGS = ['-c', `listen_addresses=${HOST}`, '-c', 'unix_socket_directories='];

/**
 * Starts a persistent Postgres in `dataDir`: initialised on first use, reused afterwards,
 * recovered after a killed run.
 */
export async function startEmbeddedPostgres(
  options: TStartEmbeddedPostgresOptions,
): Promise<TEmbeddedPostgres> {
  const log = options.log ?? (() => {});
  const dataDir = resolve(options.dataDir);
  const clusterDir = join(dataDir, 'pgdata');
  const isRoot = process.getuid?.() === 0;
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  // Postgres refuses to run as root; as root it runs as the `postgres` user, which must be able
  // to reach its cluster (but not read the password file, which stays 0600).
  if (isRoot) await chmod(dataDir, 0o711);

  const isInitialised = await pathExists(join(clusterDir, 'PG_VERSION'));
  if (!isInitialised && (await pathExists(clusterDir))) {
    throw new Error(`${clusterDir} exists but holds no Postgres cluster; move it away or empty ${dataDir}.`);
  }
  const password = await readOrCreatePassword(dataDir, !isInitialised);
  const baseOptions = {
    user: SUPERUSER,
    password,
    authMethod: 'scram-sha-256' as const,
    persistent: true,
    createPostgresUser: isRoot,
    initdbFlags: INITDB_FLAGS,
    postgresFlags: POSTGRES_FLAGS,
    onLog: (message: string) => logLines(message, log),
    onError: (error: unknown) => log(`[embedded-postgres] ${String(error)}`),
  };

  if (!isInitialised) {
    await initialiseCluster(clusterDir, baseOptions, log, isRoot);
  } else {
    await releaseStaleCluster({ dataDir, clusterDir, log });
  }

  const { server, port } = await startServer(clusterDir, baseOptions, options.port, log, isRoot);
  let isStopped = false;
  const stop = async () => {
    if (isStopped) return;
    isStopped = true;
    await server.stop();
    await removeOwnerFile(dataDir);
  };
  try {
    await writeOwnerFile(dataDir);
    const databaseName = options.databaseName ?? 'wac';
    await ensureDatabase({ port, password, databaseName });
    const url = new URL(`postgresql://${HOST}:${port}/${encodeURIComponent(databaseName)}`);
    url.username = SUPERUSER;
    url.password = password;
    return { databaseUrl: url.toString(), port, stop };
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
}

type TBaseOptions = NonNullable<ConstructorParameters<TEmbeddedPostgresClass>[0]>;

// initdb writes into a side folder renamed into place on success, so a run killed during
// initdb never leaves a half-made cluster that looks initialised.
async function initialiseCluster(
  clusterDir: string,
  baseOptions: TBaseOptions,
  log: (line: string) => void,
  isRoot: boolean,
): Promise<void> {
  const partialDir = `${clusterDir}.partial`;
  await rm(partialDir, { recursive: true, force: true });
  log(`Initialising a new Postgres cluster in ${clusterDir}`);
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const initdb = new EmbeddedPostgres({ ...baseOptions, databaseDir: partialDir });
  try {
    await initdb.initialise();
  } catch (error) {
    throw new Error(`initdb failed in ${partialDir}${permissionHint(isRoot)}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  await rename(partialDir, clusterDir);
}

async function startServer(
  clusterDir: string,
  baseOptions: TBaseOptions,
  requestedPort: number | undefined,
  log: (line: string) => void,
  isRoot: boolean,
): Promise<{ server: InstanceType<TEmbeddedPostgresClass>; port: number }> {
  const attempts = requestedPort === undefined ? START_ATTEMPTS_ON_PICKED_PORT : 1;
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  let lastError: Error | undefined;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const port = requestedPort ?? (await findFreePort(HOST));
    const recent: string[] = [];
    const server = new EmbeddedPostgres({
      ...baseOptions,
      databaseDir: clusterDir,
      port,
      onLog: (message: string) => {
        logLines(message, log);
        recent.push(...message.split('\n').filter((line) => line.trim().length > 0));
        recent.splice(0, Math.max(0, recent.length - 20));
      },
    });
    try {
      await server.start();
      return { server, port };
    } catch (error) {
      // No server.stop() here: the process has already exited, and stop() would wait forever
      // for an exit event that has passed.
      const output = recent.join('\n');
      lastError = new Error(
        `Postgres did not start on ${HOST}:${port} from ${clusterDir}${permissionHint(isRoot)}.` +
          (error instanceof Error ? ` ${error.message}` : '') +
          (output ? `\nLast output:\n${output}` : ''),
        { cause: error },
      );
      // Another program may have taken the picked port in the meantime: try a new one.
      if (!/could not bind|address already in use/i.test(output)) break;
    }
  }
  throw lastError ?? new Error('Postgres did not start.');
}

async function ensureDatabase(options: { port: number; password: string; databaseName: string }) {
  const client = new pg.Client({
    host: HOST,
    port: options.port,
    user: SUPERUSER,
    password: options.password,
    database: 'postgres',
  });
  client.on('error', () => {});
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [options.databaseName]);
    if (found.rowCount === 0) {
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(options.databaseName)}`);
    }
  } finally {
    await client.end().catch(() => undefined);
  }
}

function logLines(message: string, log: (line: string) => void): void {
  for (const line of message.split('\n')) {
    if (line.trim().length > 0) log(line.trimEnd());
  }
}

function permissionHint(isRoot: boolean): string {
  return isRoot
    ? ' (as root, Postgres runs as the `postgres` user, which must be able to enter every parent folder)'
    : '';
}

async function pathExists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
