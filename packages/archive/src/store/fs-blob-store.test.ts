import { randomBytes } from 'node:crypto';
import * as nodeFs from 'node:fs/promises';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deriveArchiveKeys } from '../keys/archive-keys';
import { BlobCorruptError, BlobNotFoundError } from './blob-errors';
import { createFsBlobStore, type TBlobFileSystem } from './fs-blob-store';

const keys = deriveArchiveKeys(Buffer.alloc(32, 7));
const message = Buffer.from(
  'From: alice@example.com\r\nTo: bob@example.com\r\nSubject: Quarterly numbers\r\n' +
    'Message-ID: <q1@example.com>\r\n\r\nThe secret word is pumpernickel.\r\n'.repeat(20),
);

async function allFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

describe('createFsBlobStore', () => {
  let root: string;

  beforeEach(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'wac-blobs-'));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('stores and returns the exact bytes, sharded by address prefix', async () => {
    const store = createFsBlobStore({ root, keys });
    const put = await store.put(message);
    expect(put.isNew).toBe(true);
    expect(put.address).toMatch(/^[0-9a-f]{64}$/);
    expect(put.address).toBe(store.addressOf(message));
    const file = path.join(root, put.address.slice(0, 2), put.address.slice(2, 4), put.address);
    expect((await readFile(file)).length).toBe(put.storedBytes);
    expect((await store.get(put.address)).equals(message)).toBe(true);
    expect(await store.has(put.address)).toBe(true);
    expect(await collect(store.list())).toEqual([put.address]);
  });

  it('compresses and encrypts: the stored file holds no plaintext and is smaller than the message', async () => {
    const store = createFsBlobStore({ root, keys });
    const { address, storedBytes } = await store.put(message);
    const stored = await readFile(path.join(root, address.slice(0, 2), address.slice(2, 4), address));
    expect(stored.includes(Buffer.from('pumpernickel'))).toBe(false);
    expect(stored.subarray(0, 4).toString()).toBe('WACB');
    expect(storedBytes).toBeLessThan(message.length / 4);
  });

  it('treats a second put of the same bytes as a no-op', async () => {
    const store = createFsBlobStore({ root, keys });
    const first = await store.put(message);
    const before = await allFiles(root);
    const second = await store.put(Buffer.from(message));
    expect(second).toEqual({ address: first.address, isNew: false, storedBytes: first.storedBytes });
    expect(await allFiles(root)).toEqual(before);
  });

  it('names blobs by a keyed hash: another master key gives other names, and a SHA-256 of the content is not the name', async () => {
    const ours = createFsBlobStore({ root, keys });
    const theirs = createFsBlobStore({ root, keys: deriveArchiveKeys(Buffer.alloc(32, 8)) });
    const { createHash } = await import('node:crypto');
    const address = ours.addressOf(message);
    expect(theirs.addressOf(message)).not.toBe(address);
    // Someone who can list the files but lacks the key cannot confirm a guess of the content.
    expect(address).not.toBe(createHash('sha256').update(message).digest('hex'));
  });

  it('detects tampering: a flipped byte, a truncated file, a blob moved to another address, another key', async () => {
    const store = createFsBlobStore({ root, keys });
    const a = await store.put(message);
    const b = await store.put(Buffer.concat([message, Buffer.from('x')]));
    const fileOf = (address: string) => path.join(root, address.slice(0, 2), address.slice(2, 4), address);

    const sealed = await readFile(fileOf(a.address));
    const flipped = Buffer.from(sealed);
    flipped[flipped.length - 40] = (flipped[flipped.length - 40] ?? 0) ^ 1;
    await writeFile(fileOf(a.address), flipped);
    await expect(store.get(a.address)).rejects.toMatchObject({
      name: 'BlobCorruptError',
      reason: 'authentication-failed',
    });

    await writeFile(fileOf(a.address), sealed.subarray(0, 10));
    await expect(store.get(a.address)).rejects.toMatchObject({ reason: 'bad-header' });

    // b's valid blob under a's name: GCM binds the address, so it does not open.
    await writeFile(fileOf(a.address), await readFile(fileOf(b.address)));
    await expect(store.get(a.address)).rejects.toBeInstanceOf(BlobCorruptError);

    const otherKey = createFsBlobStore({ root, keys: { ...keys, encryptionKey: randomBytes(32) } });
    await expect(otherKey.get(b.address)).rejects.toMatchObject({ reason: 'authentication-failed' });
    expect((await store.get(b.address)).length).toBe(message.length + 1);
  });

  it('rejects an address whose content hashes to something else (right encryption key, wrong address key)', async () => {
    const writer = createFsBlobStore({ root, keys });
    const { address } = await writer.put(message);
    const reader = createFsBlobStore({ root, keys: { ...keys, addressKey: randomBytes(32) } });
    await expect(reader.get(address)).rejects.toMatchObject({ reason: 'address-mismatch' });
  });

  it('throws BlobNotFoundError for a missing blob and BlobCorruptError for a malformed address', async () => {
    const store = createFsBlobStore({ root, keys });
    await expect(store.get('ab'.repeat(32))).rejects.toBeInstanceOf(BlobNotFoundError);
    await expect(store.get('../../etc/passwd')).rejects.toMatchObject({ reason: 'bad-address' });
    expect(await store.has('../../etc/passwd')).toBe(false);
  });

  it('deletes a blob; deleting a missing one is not an error', async () => {
    const store = createFsBlobStore({ root, keys });
    const { address } = await store.put(message);
    await store.delete(address);
    expect(await store.has(address)).toBe(false);
    await store.delete(address);
    await expect(store.get(address)).rejects.toBeInstanceOf(BlobNotFoundError);
  });

  it('leaves no partial file when the write fails half-way, and the next put succeeds', async () => {
    let isFailing = true;
    const failingFs: TBlobFileSystem = {
      ...nodeFs,
      open: (async (...args: Parameters<typeof nodeFs.open>) => {
        const handle = await nodeFs.open(...args);
        if (args[1] !== 'wx' || !isFailing) return handle;
        // Writes half of the first part, then the disk "fills up".
        const write = handle.write.bind(handle) as (
          buffer: Buffer,
          offset: number,
          length: number,
        ) => unknown;
        return Object.assign(Object.create(handle), {
          write: async (buffer: Buffer, offset: number, length: number) => {
            await write(buffer, offset, Math.ceil(length / 2));
            throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
          },
          close: () => handle.close(),
          sync: () => handle.sync(),
        });
      }) as typeof nodeFs.open,
    };
    const store = createFsBlobStore({ root, keys, fs: failingFs });
    await expect(store.put(message)).rejects.toThrow(/ENOSPC/);
    expect(await allFiles(root)).toEqual([]);
    expect(await store.has(store.addressOf(message))).toBe(false);
    expect(await collect(store.list())).toEqual([]);

    isFailing = false;
    const { isNew, address } = await store.put(message);
    expect(isNew).toBe(true);
    expect((await store.get(address)).equals(message)).toBe(true);
  });

  it('leaves no blob when fsync fails before the rename', async () => {
    const failingFs: TBlobFileSystem = {
      ...nodeFs,
      open: (async (...args: Parameters<typeof nodeFs.open>) => {
        const handle = await nodeFs.open(...args);
        if (args[1] !== 'wx') return handle;
        return Object.assign(Object.create(handle), {
          write: handle.write.bind(handle),
          close: () => handle.close(),
          sync: async () => {
            throw Object.assign(new Error('EIO: i/o error, fsync'), { code: 'EIO' });
          },
        });
      }) as typeof nodeFs.open,
    };
    const store = createFsBlobStore({ root, keys, fs: failingFs });
    await expect(store.put(message)).rejects.toThrow(/EIO/);
    expect(await allFiles(root)).toEqual([]);
  });

  it('lists only whole blobs, never a temporary file left by a killed writer', async () => {
    const store = createFsBlobStore({ root, keys });
    const { address } = await store.put(message);
    const dir = path.join(root, address.slice(0, 2), address.slice(2, 4));
    await writeFile(path.join(dir, `.${'cd'.repeat(32)}.abcdef.tmp`), 'half');
    expect(await collect(store.list())).toEqual([address]);
  });
  it('putMany stores a batch, the same bytes once, and syncs each touched folder once after every rename', async () => {
    const events: string[] = [];
    const watchingFs: TBlobFileSystem = {
      ...nodeFs,
      rename: (async (from: string, to: string) => {
        events.push(`rename ${path.dirname(to)}`);
        return nodeFs.rename(from, to);
      }) as typeof nodeFs.rename,
      open: (async (...args: Parameters<typeof nodeFs.open>) => {
        const handle = await nodeFs.open(...args);
        if (args[1] !== 'r') return handle;
        return Object.assign(Object.create(handle), {
          close: () => handle.close(),
          sync: async () => {
            events.push(`sync ${String(args[0])}`);
            return handle.sync();
          },
        });
      }) as typeof nodeFs.open,
    };
    const store = createFsBlobStore({ root, keys, fs: watchingFs });
    const others = [1, 2, 3, 4, 5].map((n) => Buffer.concat([message, Buffer.from(`copy ${n}`)]));
    const results = await store.putMany([others[0]!, message, ...others.slice(1), message], 2);
    expect(results.map((r) => r.isNew)).toEqual([true, true, true, true, true, true, false]);
    expect(results[6]?.address).toBe(results[1]?.address);
    for (const [index, raw] of [others[0]!, message, ...others.slice(1)].entries()) {
      expect((await store.get(results[index]!.address)).equals(raw)).toBe(true);
    }
    const renames = events.filter((e) => e.startsWith('rename'));
    const syncs = events.filter((e) => e.startsWith('sync'));
    expect(renames).toHaveLength(6);
    // Every folder synced once, and only after the last rename.
    expect(new Set(syncs).size).toBe(syncs.length);
    expect(events.findIndex((e) => e.startsWith('sync'))).toBeGreaterThan(
      events.lastIndexOf(renames.at(-1)!),
    );
    for (const rename of renames) expect(syncs).toContain(rename.replace('rename', 'sync'));
    expect(syncs).toContain(`sync ${root}`);
    // Bytes already stored are not written again.
    expect((await store.putMany([message], 2))[0]?.isNew).toBe(false);
  });
});
