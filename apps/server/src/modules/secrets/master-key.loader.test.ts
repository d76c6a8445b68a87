import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadMasterKey, MasterKeyError } from './master-key.loader';

describe('loadMasterKey', () => {
  let dir: string;
  let keyFile: string;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'wac-master-key-'));
    keyFile = path.join(dir, 'data', 'secrets.key');
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('uses SECRETS_KEY and writes no file', async () => {
    const secretsKey = randomBytes(32);
    const loaded = await loadMasterKey({ secretsKey, keyFile });
    expect(loaded.source).toBe('SECRETS_KEY');
    expect(loaded.key.equals(secretsKey)).toBe(true);
    await expect(stat(keyFile)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('creates a 0600 key file on the first start and reads the same key afterwards', async () => {
    const first = await loadMasterKey({ secretsKey: undefined, keyFile });
    expect(first.source).toBe('new-key-file');
    expect(first.key).toHaveLength(32);
    expect((await stat(keyFile)).mode & 0o777).toBe(0o600);
    expect(Buffer.from((await readFile(keyFile, 'utf8')).trim(), 'base64').equals(first.key)).toBe(true);

    const second = await loadMasterKey({ secretsKey: undefined, keyFile });
    expect(second.source).toBe('key-file');
    expect(second.key.equals(first.key)).toBe(true);
  });

  it('refuses a key file that other users can read', async () => {
    await loadMasterKey({ secretsKey: undefined, keyFile });
    await chmod(keyFile, 0o644);
    const failure = loadMasterKey({ secretsKey: undefined, keyFile });
    await expect(failure).rejects.toBeInstanceOf(MasterKeyError);
    await expect(failure).rejects.toThrow(/mode 644.*chmod 600/s);
  });

  it.each([
    ['a 16-byte key', `${randomBytes(16).toString('base64')}\n`, /holds 16 bytes/],
    ['text that is not base64', 'not a key at all\n', /holds something else/],
    ['an empty file', '', /holds something else/],
  ])('refuses %s', async (_label, content, message) => {
    await loadMasterKey({ secretsKey: undefined, keyFile });
    await writeFile(keyFile, content, { mode: 0o600 });
    const failure = loadMasterKey({ secretsKey: undefined, keyFile });
    await expect(failure).rejects.toBeInstanceOf(MasterKeyError);
    await expect(failure).rejects.toThrow(message);
  });
});
