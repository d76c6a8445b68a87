import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const ORPHAN_STOP_TIMEOUT_MS = 30_000;

/**
 * The node process that started the cluster, written next to it. It tells an orphaned Postgres
 * (its parent was killed with SIGKILL, so nobody stopped it) from one another live instance is
 * using, which must not be touched.
 */
export function ownerFilePath(dataDir: string): string {
  return join(dataDir, 'postmaster.owner');
}

export async function writeOwnerFile(dataDir: string): Promise<void> {
  await writeFile(ownerFilePath(dataDir), `${process.pid}\n`, { mode: 0o600 });
}

export async function removeOwnerFile(dataDir: string): Promise<void> {
  await rm(ownerFilePath(dataDir), { force: true });
}

/**
 * Makes the cluster startable after a killed run. A postmaster.pid whose PID is gone, or now
 * belongs to an unrelated process (common after a container restart, where PIDs repeat),
 * would make Postgres refuse to start, so it is removed. A Postgres still serving this
 * cluster is stopped only when the process that started it is dead.
 */
export async function releaseStaleCluster(options: {
  dataDir: string;
  clusterDir: string;
  log: (line: string) => void;
}): Promise<void> {
  const pidFile = join(options.clusterDir, 'postmaster.pid');
  const pid = await readPidFile(pidFile);
  if (pid === undefined) return;
  if (pid === null || !(await isProcessRunning(pid))) {
    options.log(`Removing stale ${pidFile} (its process is gone).`);
    await rm(pidFile, { force: true });
    return;
  }
  const args = await readCommandLine(pid);
  if (args === null) {
    throw new Error(
      `Postgres (PID ${pid}) may still be running on ${options.clusterDir}. Stop it, or delete ${pidFile} if it is not.`,
    );
  }
  if (!isPostgresFor(args, options.clusterDir)) {
    options.log(`Removing stale ${pidFile} (PID ${pid} now belongs to another program).`);
    await rm(pidFile, { force: true });
    return;
  }
  const owner = await readPidFile(ownerFilePath(options.dataDir));
  if (owner === process.pid) {
    throw new Error(`Embedded Postgres on ${options.clusterDir} is already running in this process.`);
  }
  if (typeof owner === 'number' && (await isProcessRunning(owner))) {
    throw new Error(
      `Embedded Postgres on ${options.clusterDir} is in use by process ${owner}; stop that server first.`,
    );
  }
  options.log(`Stopping Postgres (PID ${pid}) left running on ${options.clusterDir} by a killed run.`);
  // SIGINT is Postgres' "fast" shutdown: clients are disconnected, data is flushed cleanly.
  process.kill(pid, 'SIGINT');
  const deadline = Date.now() + ORPHAN_STOP_TIMEOUT_MS;
  while (await isProcessRunning(pid)) {
    if (Date.now() > deadline) {
      throw new Error(`Postgres (PID ${pid}) on ${options.clusterDir} did not stop within 30 s.`);
    }
    await sleep(100);
  }
}

/** undefined: no file; null: a file without a usable PID. */
async function readPidFile(path: string): Promise<number | null | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
  const pid = Number.parseInt(text.split('\n')[0] ?? '', 10);
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}

async function isProcessRunning(pid: number): Promise<boolean> {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  // A zombie answers signal 0 but is gone; where no init reaps orphans, that is all that remains.
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}

async function readCommandLine(pid: number): Promise<string[] | null> {
  try {
    const raw = await readFile(`/proc/${pid}/cmdline`, 'utf8');
    return raw.split('\0').filter((arg) => arg.length > 0);
  } catch {
    return null;
  }
}

function isPostgresFor(args: string[], clusterDir: string): boolean {
  const program = args[0] ?? '';
  return /(^|\/)postgres(:|$)/.test(program) && args.includes(clusterDir);
}
