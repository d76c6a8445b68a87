import { randomBytes } from 'node:crypto';
import { access, chmod, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTestDatabase, type TTestDatabase } from '@wac/db/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { spawnServer, type TServerProcess } from './support/server-process';

const exists = (file: string) =>
  access(file).then(
    () => true,
    () => false,
  );

describe('the master key for secrets at rest, at startup', () => {
  let workDir: string;
  let database: TTestDatabase;
  const running: TServerProcess[] = [];

  beforeAll(async () => {
    workDir = await mkdtemp(path.join(tmpdir(), 'wac-master-key-'));
    database = await createTestDatabase();
  });

  afterEach(async () => {
    await Promise.all(running.splice(0).map((server) => server.stop()));
  });

  afterAll(async () => {
    await database?.drop();
    await rm(workDir, { recursive: true, force: true });
  });

  const start = (dataDir: string, extra: Record<string, string> = {}) => {
    const server = spawnServer({
      DATA_DIR: dataDir,
      DATABASE_URL: database.databaseUrl,
      ADMIN_PASSWORD: 'master-key-test',
      HOST: '127.0.0.1',
      PORT: '0',
      ...extra,
    });
    running.push(server);
    return server;
  };

  it('creates a 0600 key file on the first start and keeps it on the next', async () => {
    const dataDir = path.join(workDir, 'fresh');
    const first = start(dataDir);
    await first.ready();
    const keyFile = path.join(dataDir, 'secrets.key');
    expect((await stat(keyFile)).mode & 0o777).toBe(0o600);
    const key = await readFile(keyFile, 'utf8');
    expect(Buffer.from(key.trim(), 'base64')).toHaveLength(32);
    expect(first.stdout()).toContain('created a new master key');
    await first.stop();

    const second = start(dataDir);
    await second.ready();
    expect(await readFile(keyFile, 'utf8')).toBe(key);
    expect(second.stdout()).not.toContain('created a new master key');
  });

  it('refuses to start when the key file is readable by others, before touching the database', async () => {
    const dataDir = path.join(workDir, 'loose');
    await mkdir(dataDir, { recursive: true });
    const keyFile = path.join(dataDir, 'secrets.key');
    await writeFile(keyFile, `${randomBytes(32).toString('base64')}\n`);
    await chmod(keyFile, 0o644);
    const server = start(dataDir, { DATABASE_URL: '' });
    const exit = await server.exited();
    expect(exit.code).not.toBe(0);
    expect(server.stderr()).toContain(`chmod 600 ${keyFile}`);
    expect(await exists(path.join(dataDir, 'postgres'))).toBe(false);
  });

  it('refuses to start when the key file holds a key of the wrong length', async () => {
    const dataDir = path.join(workDir, 'short');
    await mkdir(dataDir, { recursive: true });
    await writeFile(path.join(dataDir, 'secrets.key'), `${randomBytes(16).toString('base64')}\n`, {
      mode: 0o600,
    });
    const server = start(dataDir);
    const exit = await server.exited();
    expect(exit.code).not.toBe(0);
    expect(server.stderr()).toMatch(/does not hold a 32-byte key.*holds 16 bytes/s);
  });

  it('uses SECRETS_KEY instead of a file when it is set', async () => {
    const dataDir = path.join(workDir, 'env');
    const server = start(dataDir, { SECRETS_KEY: randomBytes(32).toString('base64') });
    await server.ready();
    expect(await exists(path.join(dataDir, 'secrets.key'))).toBe(false);
  });
});
