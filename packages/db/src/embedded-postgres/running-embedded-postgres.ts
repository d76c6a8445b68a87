import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { passwordFilePath } from './superuser-password';

/**
 * The URL of the embedded Postgres a running server started in `dataDir`, or undefined when none
 * answers. Tools run beside the server (pnpm archive:verify) connect to it, since a second
 * postmaster cannot open a cluster that one already serves. The port is the fourth line of
 * postmaster.pid, as Postgres writes it.
 */
export async function findRunningEmbeddedPostgres(
  dataDir: string,
  databaseName = 'wac',
): Promise<string | undefined> {
  let port: number;
  let password: string;
  try {
    const pidLines = (await readFile(join(dataDir, 'pgdata', 'postmaster.pid'), 'utf8')).split('\n');
    port = Number(pidLines[3]);
    password = (await readFile(passwordFilePath(dataDir), 'utf8')).trim();
  } catch {
    return undefined;
  }
  if (!Number.isInteger(port) || port <= 0 || password === '') return undefined;
  const url = new URL(`postgresql://127.0.0.1:${port}/${encodeURIComponent(databaseName)}`);
  url.username = 'postgres';
  url.password = password;
  const client = new pg.Client({ connectionString: url.toString(), connectionTimeoutMillis: 2_000 });
  client.on('error', () => {});
  try {
    await client.connect();
    return url.toString();
  } catch {
    // A stale pid file after a crash: startEmbeddedPostgres cleans it up and starts the cluster.
    return undefined;
  } finally {
    await client.end().catch(() => undefined);
  }
}
