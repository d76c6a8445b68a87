// `pnpm measure:startup`: the compiled server's start to /readyz on a warm data dir and its idle RSS
// (issue 14's targets: <= 2 s, <= 120 MB). Needs `pnpm build` first. Runs the server twice on an
// embedded Postgres in a temp dir: a first start creates and migrates the data dir, the second is
// timed. RSS is the Node process's own (VmRSS); Postgres runs as separate processes and is reported
// beside it. Last line: one JSON object.
import { type ChildProcess, spawn } from 'node:child_process';
import { access, chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import net from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';

const REPO_ROOT = path.resolve(import.meta.dirname, '..');
const MAIN = path.join(REPO_ROOT, 'apps/server/dist/main.js');
// The workspace's Node 24 (root devDependency `node`), whatever `node` ran this script.
const NODE = path.join(REPO_ROOT, 'node_modules/.bin/node');
const { values } = parseArgs({
  options: {
    'idle-seconds': { type: 'string', default: '15' },
    // Node/V8 flags, space-separated; the default is what `pnpm start` and the image's CMD pass.
    'node-flags': { type: 'string', default: '--max-semi-space-size=8' },
  },
});
const NODE_FLAGS = values['node-flags'].split(' ').filter(Boolean);
const IDLE_SECONDS = Number(values['idle-seconds']);

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function rssKb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
}

/** Children of a process (the embedded Postgres postmaster and its backends), recursively. */
async function descendants(pid: number): Promise<number[]> {
  const children = await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8').catch(() => '');
  const direct = children.split(' ').filter(Boolean).map(Number);
  const nested = await Promise.all(direct.map(descendants));
  return [...direct, ...nested.flat()];
}

async function waitReady(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
    const ok = await fetch(`${url}/readyz`).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) return;
    await sleep(20);
  }
  throw new Error(`/readyz not ready within ${timeoutMs} ms`);
}

async function stop(child: ChildProcess): Promise<number> {
  const startedAt = performance.now();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  await exited;
  return (performance.now() - startedAt) / 1000;
}

async function run(dataDir: string, log: string[]) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const startedAt = performance.now();
  const child = spawn(NODE, [...NODE_FLAGS, MAIN], {
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? '/tmp',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATA_DIR: dataDir,
      ADMIN_PASSWORD: 'measure-startup-password',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr?.on('data', (chunk: Buffer) => log.push(chunk.toString('utf8')));
  await waitReady(url, child, 60_000);
  const startSeconds = (performance.now() - startedAt) / 1000;
  return { child, url, startSeconds };
}

async function main(): Promise<void> {
  await access(MAIN).catch(() => {
    throw new Error('apps/server/dist/main.js is missing: run `pnpm build` first');
  });
  const workDir = await mkdtemp(path.join(tmpdir(), 'wac-startup-'));
  // As root, the embedded Postgres runs as `postgres`, which must be able to enter this folder.
  await chmod(workDir, 0o711);
  const dataDir = path.join(workDir, 'data');
  const log: string[] = [];
  try {
    const cold = await run(dataDir, log);
    console.log(`first start (creates and migrates the data dir): ${cold.startSeconds.toFixed(2)} s`);
    await stop(cold.child);

    const warm = await run(dataDir, log);
    console.log(`start to /readyz on the warm data dir: ${warm.startSeconds.toFixed(2)} s`);
    const pid = warm.child.pid as number;
    await sleep(IDLE_SECONDS * 1000);
    const serverKb = await rssKb(pid);
    const postgresKb = (
      await Promise.all((await descendants(pid)).map((child) => rssKb(child).catch(() => 0)))
    ).reduce((sum, kb) => sum + kb, 0);
    console.log(`idle RSS after ${IDLE_SECONDS} s: server ${(serverKb / 1024).toFixed(0)} MB`);
    console.log(
      `  embedded Postgres processes, summed (shared memory counted in each): ${(postgresKb / 1024).toFixed(0)} MB`,
    );
    const stopSeconds = await stop(warm.child);
    console.log(`SIGTERM to exit: ${stopSeconds.toFixed(2)} s`);
    const load = loadavg().map((value) => Number(value.toFixed(2)));
    console.log(`load average (1, 5, 15 min) on this machine: ${load.join(', ')}`);
    console.log(
      JSON.stringify({
        idleRssMb: Math.round(serverKb / 1024),
        startToReadySeconds: Number(warm.startSeconds.toFixed(2)),
        firstStartSeconds: Number(cold.startSeconds.toFixed(2)),
        stopSeconds: Number(stopSeconds.toFixed(2)),
        postgresRssMb: Math.round(postgresKb / 1024),
        loadAverage: load,
      }),
    );
  } catch (error) {
    console.error(log.join('').slice(-4000));
    throw error;
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(`\nmeasure:startup failed: ${(error as Error).message}`);
  process.exit(1);
});
