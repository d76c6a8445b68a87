// The server under test, started the way an operator starts it (the root `start` script: its
// build once, then its node command, which the Docker image's CMD repeats), with only the environment given here. Its memory is read from /proc, so the figure is the whole process:
// every thread, the JavaScript heaps and everything outside them.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import net from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url));

export type TServerProcess = {
  url: string;
  pid: number;
  /** VmHWM and VmRSS in MB: the peak resident set since start, and the current one. */
  memory(): Promise<{ peakRssMb: number; rssMb: number }>;
  stop(): Promise<void>;
};

async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

async function statusFigureKb(pid: number, field: 'VmHWM' | 'VmRSS'): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const match = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(status);
  if (!match) throw new Error(`no ${field} in /proc/${pid}/status`);
  return Number(match[1]);
}

async function waitUntilReady(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`the server exited during startup (${child.exitCode ?? child.signalCode})`);
    }
    try {
      const response = await fetch(new URL('/readyz', url));
      await response.arrayBuffer();
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await sleep(200);
  }
  throw new Error(`the server was not ready within ${timeoutMs} ms`);
}

type TStartCommand = { prepare: string | null; nodeArgs: string[] };

/**
 * The root `start` script split into what it prepares (`pnpm build`, run once per bench) and the
 * node command it then runs, so the bench runs the server exactly as operators do.
 */
async function startCommand(): Promise<TStartCommand> {
  const manifest = JSON.parse(await readFile(join(REPO_ROOT, 'package.json'), 'utf8')) as {
    scripts: { start: string };
  };
  const script = manifest.scripts.start;
  const match = /^(?:(.*?)\s*&&\s*)?node\s+((?:\S+\s+)*?)(apps\/server\/\S+)\s*$/.exec(script);
  if (!match?.[3])
    throw new Error(`the start script does not end by running the server with node: ${script}`);
  return {
    prepare: match[1] ?? null,
    nodeArgs: [...(match[2] ?? '').split(/\s+/).filter(Boolean), match[3]],
  };
}

let prepared: Promise<void> | undefined;

/** Runs the start script's preparation (the production build) once per bench process. */
function prepareOnce(command: string): Promise<void> {
  prepared ??= new Promise((resolve, reject) => {
    const child = spawn('sh', ['-c', command], { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`"${command}" exited ${code}`))));
  });
  return prepared;
}

export async function startServerProcess(env: Record<string, string>): Promise<TServerProcess> {
  const command = await startCommand();
  if (command.prepare) await prepareOnce(command.prepare);
  const port = await freePort();
  const child = spawn(process.execPath, command.nodeArgs, {
    cwd: REPO_ROOT,
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? '/tmp',
      HOST: '127.0.0.1',
      PORT: String(port),
      ...env,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitUntilReady(url, child, 120_000);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  const pid = child.pid!;
  return {
    url,
    pid,
    async memory() {
      const [peak, current] = await Promise.all([statusFigureKb(pid, 'VmHWM'), statusFigureKb(pid, 'VmRSS')]);
      return { peakRssMb: Math.round(peak / 1024), rssMb: Math.round(current / 1024) };
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      await Promise.race([exited, sleep(20_000).then(() => child.kill('SIGKILL'))]);
    },
  };
}
