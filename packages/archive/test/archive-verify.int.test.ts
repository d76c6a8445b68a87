import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createArchiveIngest } from '../src/ingest/archive-ingest.service';
import { verifyArchive } from '../src/verify/archive-verify.service';
import { createArchiveTestEnv, mail, source, type TArchiveTestEnv } from './archive-fixtures';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

function runCli(
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/archive-verify.ts'], {
      cwd: repoRoot,
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('verifyArchive and pnpm archive:verify', () => {
  let env: TArchiveTestEnv;
  let addresses: string[];
  let cliEnv: Record<string, string>;

  const blobFile = (address: string) =>
    path.join(env.store.root, address.slice(0, 2), address.slice(2, 4), address);

  beforeAll(async () => {
    env = await createArchiveTestEnv();
    const folder = await env.createArchiveFolder('carol');
    const ingest = createArchiveIngest({ pool: env.pool, store: env.store });
    const results = await ingest.ingest(
      Array.from({ length: 5 }, (_, i) => ({
        archiveFolderId: folder,
        source: source('INBOX', i + 1),
        raw: mail({ messageId: `<v${i}@x>`, subject: `Verify ${i}`, body: `Body number ${i}` }),
      })),
    );
    addresses = results.map((result) => result.address);
    cliEnv = {
      DATA_DIR: env.root,
      DATABASE_URL: env.db.databaseUrl,
      SECRETS_KEY: env.masterKey.toString('base64'),
    };
  });
  afterAll(async () => {
    await env?.close();
  });

  it('reports a healthy archive, and the CLI exits 0', { timeout: 120_000 }, async () => {
    const report = await verifyArchive({ pool: env.pool, store: env.store });
    expect(report).toMatchObject({
      messages: 5,
      blobs: 5,
      ok: 5,
      missing: { count: 0 },
      corrupt: { count: 0 },
      orphaned: { count: 0 },
      isHealthy: true,
    });
    const cli = await runCli(cliEnv);
    expect(cli.stderr).not.toMatch(/failed/);
    expect(cli.stdout).toContain('The archive is intact.');
    expect(cli.code).toBe(0);
  });

  // Each CLI run loads the server's configuration module graph: seconds on a busy machine.
  it('finds missing, corrupt and orphaned blobs, and the CLI exits 1 naming them', {
    timeout: 180_000,
  }, async () => {
    const [missing = '', corrupt = '', resized = ''] = addresses;
    await env.store.delete(missing);
    const sealed = await readFile(blobFile(corrupt));
    sealed[sealed.length - 20] = (sealed[sealed.length - 20] ?? 0) ^ 0xff;
    await writeFile(blobFile(corrupt), sealed);
    // A row that disagrees with its blob is as bad as a damaged blob.
    await env.pool.query(`UPDATE "archived_messages" SET "size" = "size" + 1 WHERE "address" = $1`, [
      resized,
    ]);
    const orphan = await env.store.put(Buffer.from('Subject: never recorded\r\n\r\nlost'));

    const report = await verifyArchive({ pool: env.pool, store: env.store });
    expect(report).toMatchObject({
      messages: 5,
      blobs: 5,
      ok: 2,
      missing: { count: 1, addresses: [missing] },
      orphaned: { count: 1, addresses: [orphan.address] },
      isHealthy: false,
    });
    expect(report.corrupt.count).toBe(2);
    expect(report.corrupt.blobs).toEqual(
      expect.arrayContaining([
        { address: corrupt, reason: 'authentication-failed' },
        { address: resized, reason: expect.stringMatching(/^size-mismatch/) },
      ]),
    );
    expect((await verifyArchive({ pool: env.pool, store: env.store, maxListed: 0 })).corrupt).toEqual({
      count: 2,
      blobs: [],
    });

    const cli = await runCli(cliEnv);
    expect(cli.code).toBe(1);
    expect(cli.stdout).toContain(`corrupt   ${corrupt}  authentication-failed`);
    expect(cli.stdout).toContain(`missing   ${missing}`);
    expect(cli.stdout).toContain(`orphaned  ${orphan.address}`);
    expect(cli.stdout).toContain('PROBLEMS FOUND');

    const json = await runCliJson(cliEnv);
    expect(json).toMatchObject({ isHealthy: false, missing: { count: 1 }, corrupt: { count: 2 } });
  });

  it('exits 2 with a clear message when it cannot run', { timeout: 180_000 }, async () => {
    const wrongKey = await runCli({ ...cliEnv, SECRETS_KEY: 'not-base64!' });
    expect(wrongKey.code).toBe(2);
    expect(wrongKey.stderr).toMatch(/SECRETS_KEY must be 32 bytes/);
    const noKey = await runCli({
      DATA_DIR: path.join(env.root, 'nowhere'),
      DATABASE_URL: env.db.databaseUrl,
    });
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toMatch(/No master key/);
    const noDatabase = await runCli({
      ...cliEnv,
      DATABASE_URL: 'postgresql://nobody:secret@127.0.0.1:1/none',
    });
    expect(noDatabase.code).toBe(2);
    expect(noDatabase.stderr).toMatch(/Cannot connect to the database at .*127\.0\.0\.1:1/);
    expect(noDatabase.stderr).not.toContain('secret');
  });

  async function runCliJson(extra: Record<string, string>): Promise<unknown> {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/archive-verify.ts', '--json'], {
      cwd: repoRoot,
      env: { PATH: process.env.PATH ?? '', ...extra },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    await new Promise((resolve) => child.on('close', resolve));
    return JSON.parse(stdout);
  }
});
