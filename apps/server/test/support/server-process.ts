import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
// The workspace's Node 24 (root devDependency `node`), not whatever `node` is first on PATH.
const NODE_BINARY = path.join(REPO_ROOT, 'node_modules', '.bin', 'node');
const MAIN_MODULE = path.join(REPO_ROOT, 'apps', 'server', 'src', 'main.ts');

export type TExit = { code: number | null; signal: NodeJS.Signals | null; afterMs: number };

export type TServerProcess = {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the listening URL once the server logs that it is ready; rejects if it exits first. */
  ready(timeoutMs?: number): Promise<string>;
  exited(timeoutMs?: number): Promise<TExit>;
  /** SIGTERM, then wait for the exit. */
  stop(timeoutMs?: number): Promise<TExit>;
};

type TLogLine = { msg?: string; address?: string };

function parseLogLines(output: string): TLogLine[] {
  return output.split('\n').flatMap((line) => {
    if (!line.startsWith('{')) return [];
    try {
      return [JSON.parse(line) as TLogLine];
    } catch {
      return [];
    }
  });
}

/** Runs `src/main.ts` exactly as `pnpm start` does, with only the given environment (plus PATH/HOME). */
export function spawnServer(env: Record<string, string>): TServerProcess {
  const startedAt = Date.now();
  const child = spawn(NODE_BINARY, ['--import', 'tsx', MAIN_MODULE], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const exit = new Promise<TExit>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal, afterMs: Date.now() - startedAt }));
  });

  const describe = () => `\n--- stdout ---\n${stdout.slice(-4000)}\n--- stderr ---\n${stderr.slice(-4000)}`;

  const withTimeout = <T>(promise: Promise<T>, timeoutMs: number, what: string) =>
    new Promise<T>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${what} within ${timeoutMs} ms${describe()}`)),
        timeoutMs,
      );
      promise.then(
        (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(error);
        },
      );
    });

  const process_: TServerProcess = {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    ready(timeoutMs = 45_000) {
      const ready = new Promise<string>((resolve, reject) => {
        const check = () => {
          const line = parseLogLines(stdout).find((entry) => entry.msg?.includes('is ready at'));
          if (line?.address !== undefined) {
            child.stdout?.off('data', check);
            resolve(line.address);
          }
        };
        child.stdout?.on('data', check);
        check();
        void exit.then((result) =>
          reject(new Error(`server exited (${JSON.stringify(result)}) before ready${describe()}`)),
        );
      });
      return withTimeout(ready, timeoutMs, 'server was not ready');
    },
    exited(timeoutMs = 30_000) {
      return withTimeout(exit, timeoutMs, 'server did not exit');
    },
    async stop(timeoutMs = 30_000) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return process_.exited(timeoutMs);
    },
  };
  return process_;
}
