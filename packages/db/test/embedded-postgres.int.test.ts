import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startEmbeddedPostgres,
  type TEmbeddedPostgres,
} from '../src/embedded-postgres/embedded-postgres.launcher';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const childScript = fileURLToPath(new URL('./fixtures/embedded-postgres-child.ts', import.meta.url));

async function withClient<T>(databaseUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function readPostmasterPid(dataDir: string): Promise<number> {
  const text = await readFile(join(dataDir, 'pgdata', 'postmaster.pid'), 'utf8');
  return Number.parseInt(text.split('\n')[0] ?? '', 10);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A PID that certainly belonged to a process a moment ago and no longer does. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await once(child, 'exit');
  return child.pid!;
}

describe('startEmbeddedPostgres', () => {
  let dataDir: string;
  const running: TEmbeddedPostgres[] = [];
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    const parent = await mkdtemp(join(tmpdir(), 'wac-embedded-'));
    // As root, Postgres runs as the `postgres` user, which must be able to enter this folder.
    await chmod(parent, 0o755);
    dataDir = join(parent, 'postgres');
  });

  afterAll(async () => {
    await Promise.all(running.map((postgres) => postgres.stop()));
    for (const child of children)
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await rm(join(dataDir, '..'), { recursive: true, force: true });
  });

  async function start(): Promise<TEmbeddedPostgres> {
    const postgres = await startEmbeddedPostgres({ dataDir });
    running.push(postgres);
    return postgres;
  }

  it('initialises an empty folder, keeps data across a restart and reuses its password', async () => {
    const first = await start();
    expect(new URL(first.databaseUrl).hostname).toBe('127.0.0.1');
    expect(new URL(first.databaseUrl).pathname).toBe('/wac');
    await withClient(first.databaseUrl, async (client) => {
      await client.query('CREATE TABLE kept (note text)');
      await client.query(`INSERT INTO kept VALUES ('survives a restart')`);
    });
    await first.stop();

    const second = await start();
    const rows = await withClient(
      second.databaseUrl,
      async (client) => (await client.query('SELECT note FROM kept')).rows,
    );
    expect(rows).toEqual([{ note: 'survives a restart' }]);
    expect(new URL(second.databaseUrl).password).toBe(new URL(first.databaseUrl).password);
    expect((await stat(join(dataDir, 'postgres-password'))).mode & 0o777).toBe(0o600);
    await second.stop();
  });

  it('refuses a second start of a cluster this process is running', async () => {
    const postgres = await start();
    await expect(startEmbeddedPostgres({ dataDir })).rejects.toThrow(/already running in this process/);
    await postgres.stop();
  });

  it('starts over a stale postmaster.pid whose process is gone', async () => {
    const pidFile = join(dataDir, 'pgdata', 'postmaster.pid');
    await writeFile(pidFile, `${await deadPid()}\n${join(dataDir, 'pgdata')}\n`);

    const postgres = await start();
    const rows = await withClient(
      postgres.databaseUrl,
      async (client) => (await client.query('SELECT note FROM kept')).rows,
    );
    expect(rows).toHaveLength(1);
    await postgres.stop();
  });

  it('starts over a postmaster.pid whose PID now belongs to another program', async () => {
    const unrelated = spawn(process.execPath, ['-e', 'setInterval(() => {}, 60000)']);
    children.push(unrelated);
    try {
      await writeFile(
        join(dataDir, 'pgdata', 'postmaster.pid'),
        `${unrelated.pid}\n${join(dataDir, 'pgdata')}\n`,
      );
      const postgres = await start();
      expect(isAlive(unrelated.pid!)).toBe(true);
      await postgres.stop();
    } finally {
      unrelated.kill('SIGKILL');
    }
  });

  it('recovers after the process that ran it was killed with SIGKILL', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', childScript, dataDir], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    children.push(child);
    const [firstLine] = (await once(child.stdout!, 'data')) as [Buffer];
    const { databaseUrl } = JSON.parse(firstLine.toString().split('\n')[0] ?? '') as { databaseUrl: string };
    await withClient(databaseUrl, (client) =>
      client.query(`INSERT INTO kept VALUES ('written before the kill')`),
    );
    const orphan = await readPostmasterPid(dataDir);

    child.kill('SIGKILL');
    await once(child, 'exit');
    expect(isAlive(orphan)).toBe(true);

    const postgres = await start();
    const rows = await withClient(postgres.databaseUrl, async (client) =>
      (await client.query('SELECT note FROM kept ORDER BY note')).rows.map((row) => row.note),
    );
    expect(rows).toEqual(['survives a restart', 'written before the kill']);
    expect(await readPostmasterPid(dataDir)).not.toBe(orphan);
    await postgres.stop();
  });
});
