import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { access, chmod, chown, copyFile, mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { TRunStarted, TRunSummary } from '@wac/api-contract';
import { generateDomain, startEmulator, type TEmulator } from '@wac/google-workspace-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_SCOPES, multipartBody } from '../google-connection/support/google-connection.fixture';
import { createHttpClient } from '../support/http-client';
import { startDebianPostgres, type TDebianPostgres } from './debian-postgres.harness';
import { parseDockerfile } from './dockerfile.parser';
import { runDockerfileSteps, type TBuiltImage, type TStepLog } from './image-steps.runner';

const execFileAsync = promisify(execFile);
const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const ADMIN_PASSWORD = 'docker-image-admin-password';
const USERS = 40;
// The build (install, vite, esbuild, deploy) dominates; on an idle 2-core machine it takes about a
// minute, on a loaded one several.
const BUILD_TIMEOUT_MS = 600_000;

/** The build context as `docker build` sees it here: tracked and new files, without ignored ones. */
async function contextFiles(): Promise<string[]> {
  const { stdout } = await execFileAsync(
    'git',
    ['ls-files', '-z', '--cached', '--others', '--exclude-standard'],
    {
      cwd: REPO_ROOT,
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  const files = stdout.split('\0').filter(Boolean);
  const present = await Promise.all(
    files.map((file) =>
      access(path.join(REPO_ROOT, file)).then(
        () => file,
        () => null,
      ),
    ),
  );
  return present.filter((file): file is string => file !== null);
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

// The image's user is created in the container; here the server runs as `nobody`, another
// unprivileged account, when the test runs as root (as CI does).
const RUN_AS = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : undefined;

describe('docker/Dockerfile, its steps run as written outside a container', () => {
  let root: string;
  let image: TBuiltImage;
  let steps: TStepLog[];
  let postgres: TDebianPostgres;
  let emulator: TEmulator;
  let server: ChildProcess;
  let serverEnv: Record<string, string>;
  let url: string;
  let output = '';
  let exited: Promise<{ code: number | null; signal: string | null }>;

  const healthcheck = () =>
    new Promise<number | null>((resolve) => {
      const [command = '', ...args] = image.healthcheck;
      const child = spawn(command, args, { cwd: image.at(image.workdir), env: serverEnv, ...RUN_AS });
      child.once('exit', (code) => resolve(code));
    });

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'wac-image-'));
    // As root, Postgres (user postgres) and the server (user nobody) must be able to enter it.
    await chmod(root, 0o711);
    // The base image's Node: the project's Node 24, which this test runs on.
    const binDir = path.join(root, 'base-image-bin');
    await mkdir(binDir, { mode: 0o755 });
    await copyFile(process.execPath, path.join(binDir, 'node'));
    await chmod(path.join(binDir, 'node'), 0o755);

    const stages = parseDockerfile(await readFile(path.join(REPO_ROOT, 'docker/Dockerfile'), 'utf8'));
    ({ image, steps } = await runDockerfileSteps(stages, {
      root: path.join(root, 'stages'),
      contextDir: REPO_ROOT,
      contextFiles: await contextFiles(),
      binDir,
      log: (line) => console.log(`[docker-image] ${line}`),
    }));
    console.log(`[docker-image] steps: ${JSON.stringify(steps)}`);
    console.log(`[docker-image] provisioning checked, not run: ${image.provisioning.join('; ')}`);

    const pgDir = path.join(root, 'postgres');
    await mkdir(pgDir);
    const pgPassword = randomBytes(12).toString('hex');
    emulator = await startEmulator({
      fixture: generateDomain({ users: USERS, groups: 2, domains: ['example.com'], seed: 14 }),
    });
    postgres = await startDebianPostgres(pgDir, pgPassword);

    // The volume: DATA_DIR, owned by the server's user as the Dockerfile's chown makes it.
    const [volume] = image.volumes;
    if (volume === undefined) throw new Error('the image declares no volume');
    const dataDir = image.at(volume);
    await mkdir(dataDir, { recursive: true });
    for (let dir = dataDir; dir.startsWith(root) && dir !== root; dir = path.dirname(dir))
      await chmod(dir, 0o755);
    if (RUN_AS !== undefined) await chown(dataDir, RUN_AS.uid, RUN_AS.gid);
    await chmod(dataDir, 0o700);

    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    serverEnv = {
      ...image.env,
      PATH: `${binDir}:/usr/bin:/bin`,
      HOME: dataDir,
      DATA_DIR: dataDir,
      // `docker run -p`: the container's port is published on loopback here.
      HOST: '127.0.0.1',
      PORT: String(port),
      DATABASE_URL: postgres.databaseUrl,
      SECRETS_KEY: randomBytes(32).toString('base64'),
      ADMIN_PASSWORD,
      GOOGLE_ADMIN_ROOT_URL: emulator.url,
      GOOGLE_TOKEN_URI: emulator.tokenUri,
    };
    const [command = '', ...args] = image.cmd;
    server = spawn(command, args, {
      cwd: image.at(image.workdir),
      env: serverEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
      ...RUN_AS,
    });
    server.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    server.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    exited = new Promise((resolve) => server.once('exit', (code, signal) => resolve({ code, signal })));
  }, BUILD_TIMEOUT_MS);

  afterAll(async () => {
    if (server !== undefined && server.exitCode === null && server.signalCode === null) {
      server.kill('SIGKILL');
      await exited;
    }
    await postgres?.stop();
    await emulator?.close();
    if (root !== undefined) await rm(root, { recursive: true, force: true });
  });

  it('runs as a non-root user and answers /readyz; the HEALTHCHECK command as written passes', async () => {
    const deadline = Date.now() + 90_000;
    for (;;) {
      const response = await fetch(`${url}/readyz`).catch(() => null);
      if (response?.status === 200) {
        expect(await response.json()).toMatchObject({ status: 'ready' });
        break;
      }
      if (server.exitCode !== null)
        throw new Error(`the server exited with ${server.exitCode}:\n${output.slice(-4000)}`);
      if (Date.now() > deadline) throw new Error(`not ready within 90 s:\n${output.slice(-4000)}`);
      await sleep(200);
    }
    expect(image.user).not.toBe('root');
    if (RUN_AS !== undefined) {
      const status = await readFile(`/proc/${server.pid}/status`, 'utf8');
      expect(status).toMatch(new RegExp(`^Uid:\\s+${RUN_AS.uid}\\b`, 'm'));
    }
    expect(await healthcheck()).toBe(0);
  }, 120_000);

  it('ships production dependencies only and runs compiled JavaScript', async () => {
    const app = image.at(image.workdir);
    const store = await readdir(path.join(app, 'node_modules/.pnpm'));
    for (const devOnly of [
      'tsx@',
      'vite@',
      'vitest@',
      'prisma@',
      'typescript@',
      'esbuild@',
      '@wac+google-workspace-emulator',
    ]) {
      expect(store.filter((entry) => entry.startsWith(devOnly))).toEqual([]);
    }
    const dist = await readdir(path.join(app, 'dist'));
    expect(dist).toEqual(expect.arrayContaining(['main.js', 'sync-run.worker.js', 'assets']));
    expect(dist.filter((file) => file.endsWith('.ts'))).toEqual([]);
    const cmdline = await readFile(`/proc/${server.pid}/cmdline`, 'utf8');
    expect(cmdline.split('\0')).not.toContain('tsx');
  });

  it('signs in the first admin and runs a directory sync (in its worker thread) against the emulator', async () => {
    const admin = createHttpClient(url);
    await admin.signIn('admin', ADMIN_PASSWORD);
    const key = emulator.createServiceAccountKey({ delegatedScopes: ALL_SCOPES });
    const upload = await admin.postRaw(
      '/api/google/key',
      multipartBody({}, { fileName: 'key.json', content: key.json, contentType: 'application/json' }),
    );
    expect(upload.status, await upload.clone().text()).toBe(200);
    const adminUser = await admin.put('/api/google/admin-user', { adminUser: 'admin@example.com' });
    expect(adminUser.status, await adminUser.clone().text()).toBe(200);

    const started = await admin.post('/api/directory-sync/run');
    expect(started.status, await started.clone().text()).toBe(202);
    const { runId } = (await started.json()) as TRunStarted;
    const deadline = Date.now() + 90_000;
    let run: TRunSummary;
    for (;;) {
      const response = await admin.get(`/api/directory-sync/runs/${runId}?pageSize=1`);
      expect(response.status).toBe(200);
      run = (await response.json()) as TRunSummary;
      if (run.status !== 'RUNNING') break;
      if (Date.now() > deadline) throw new Error(`the sync still runs after 90 s:\n${output.slice(-4000)}`);
      await sleep(250);
    }
    expect(run, output.slice(-4000)).toMatchObject({ status: 'SUCCEEDED' });
    expect(run.counts.creates).toBeGreaterThan(0);
    const users = await admin.get('/api/users?pageSize=5');
    expect(users.status).toBe(200);
  }, 150_000);

  it('stops on SIGTERM within 10 s with exit code 0, and the health check then fails', async () => {
    const startedAt = Date.now();
    server.kill('SIGTERM');
    const exit = await exited;
    expect(exit, output.slice(-4000)).toEqual({ code: 0, signal: null });
    expect(Date.now() - startedAt).toBeLessThan(10_000);
    expect(await healthcheck()).not.toBe(0);
  }, 20_000);
});
