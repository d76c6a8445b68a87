import { randomBytes } from 'node:crypto';
import * as nodeFs from 'node:fs/promises';
import path from 'node:path';
import type { TBlobAddress, TBlobStore } from '../archive.contract';
import type { TArchiveKeys } from '../keys/archive-keys';
import { mapConcurrently } from '../util/map-concurrently';
import { computeBlobAddress, isBlobAddress } from './blob-address';
import { BlobCorruptError, BlobNotFoundError } from './blob-errors';
import { openBlob, sealBlob } from './blob-format';

/** The few file operations the store uses; tests pass a wrapper that fails on purpose. */
export type TBlobFileSystem = Pick<
  typeof nodeFs,
  'mkdir' | 'open' | 'opendir' | 'readFile' | 'rename' | 'rm' | 'stat'
>;

export type TFsBlobStoreOptions = {
  /** The store's folder (the server passes DATA_DIR/archive); created when missing. */
  root: string;
  keys: TArchiveKeys;
  fs?: TBlobFileSystem;
};

const TEMP_SUFFIX = '.tmp';

/**
 * Blobs as files under `root/ab/cd/<address>`: two levels of 256 folders keep every folder small
 * (a million messages put ~15 files in each leaf), which directory lookups and backup tools like.
 */
export function createFsBlobStore(
  options: TFsBlobStoreOptions,
): TBlobStore & Required<Pick<TBlobStore, 'putMany'>> & { root: string } {
  const root = path.resolve(options.root);
  const { keys } = options;
  const fs = options.fs ?? nodeFs;

  const shardDir = (address: TBlobAddress) => path.join(root, address.slice(0, 2), address.slice(2, 4));
  const blobPath = (address: TBlobAddress) => path.join(shardDir(address), address);

  function checkedAddress(address: string): TBlobAddress {
    if (!isBlobAddress(address)) throw new BlobCorruptError(address, 'bad-address');
    return address;
  }

  async function storedSize(address: TBlobAddress): Promise<number | undefined> {
    try {
      return (await fs.stat(blobPath(address))).size;
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  async function fsyncDirectory(dir: string): Promise<void> {
    const handle = await fs.open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  }

  // A new folder's entry lives in its parent: the parents of what mkdir created join the folders
  // to fsync, or a crash could lose the folder (and the blob renamed into it) after put() returned.
  async function ensureShardDir(dir: string, toSync: Set<string>): Promise<void> {
    const firstCreated = await fs.mkdir(dir, { recursive: true });
    if (firstCreated === undefined) return;
    for (let created = dir; ; created = path.dirname(created)) {
      toSync.add(path.dirname(created));
      if (created === firstCreated || path.dirname(created) === created) break;
    }
  }

  /**
   * Temp file, fsync, rename. The folders whose entries changed are added to `toSync` for the
   * caller to fsync after all its renames: one journal commit then covers every rename of a batch,
   * where a folder fsync per blob cost a commit each.
   */
  async function writeAtomically(
    address: TBlobAddress,
    parts: Buffer[],
    toSync: Set<string>,
  ): Promise<number> {
    const dir = shardDir(address);
    await ensureShardDir(dir, toSync);
    // Dot-prefixed and suffixed, so list() never mistakes a half-written file for a blob.
    const tempPath = path.join(dir, `.${address}.${randomBytes(6).toString('hex')}${TEMP_SUFFIX}`);
    let bytes = 0;
    try {
      const handle = await fs.open(tempPath, 'wx', 0o600);
      try {
        for (const part of parts) {
          let offset = 0;
          while (offset < part.length) {
            const { bytesWritten } = await handle.write(part, offset, part.length - offset);
            offset += bytesWritten;
          }
          bytes += part.length;
        }
        await handle.sync();
      } finally {
        await handle.close();
      }
      await fs.rename(tempPath, blobPath(address));
    } catch (error) {
      await fs.rm(tempPath, { force: true }).catch(() => undefined);
      throw error;
    }
    toSync.add(dir);
    return bytes;
  }

  /** Stores one blob, leaving the fsync of the folders it touched to the caller (see writeAtomically). */
  async function putDeferred(raw: Buffer, toSync: Set<string>) {
    const address = computeBlobAddress(keys.addressKey, raw);
    // Blobs are immutable and named by content: one already there is this very message.
    const existing = await storedSize(address);
    if (existing !== undefined) return { address, isNew: false, storedBytes: existing };
    const parts = await sealBlob(keys, address, raw);
    const storedBytes = await writeAtomically(address, parts, toSync);
    return { address, isNew: true, storedBytes };
  }

  async function syncDirectories(toSync: Set<string>): Promise<void> {
    // Deepest first is not needed: put() returns only after all of them are synced.
    await Promise.all([...toSync].map((dir) => fsyncDirectory(dir)));
  }

  return {
    root,

    addressOf(raw) {
      return computeBlobAddress(keys.addressKey, raw);
    },

    async put(raw) {
      const toSync = new Set<string>();
      const result = await putDeferred(raw, toSync);
      await syncDirectories(toSync);
      return result;
    },

    async putMany(raws, concurrency) {
      const toSync = new Set<string>();
      const addresses = raws.map((raw) => computeBlobAddress(keys.addressKey, raw));
      // The same bytes twice are written once: two concurrent writes of one address would race.
      const firstOf = new Map<TBlobAddress, number>();
      for (const [index, address] of addresses.entries())
        if (!firstOf.has(address)) firstOf.set(address, index);
      const results = await mapConcurrently([...firstOf.values()], concurrency, (index) =>
        putDeferred(raws[index] as Buffer, toSync),
      );
      await syncDirectories(toSync);
      const byAddress = new Map(results.map((result) => [result.address, result]));
      return addresses.map((address, index) => {
        const result = byAddress.get(address) as (typeof results)[number];
        // A repeat of an earlier message of this call was stored by it: not new.
        return firstOf.get(address) === index ? result : { ...result, isNew: false };
      });
    },

    async get(address) {
      const checked = checkedAddress(address);
      let sealed: Buffer;
      try {
        sealed = await fs.readFile(blobPath(checked));
      } catch (error) {
        if (isMissing(error)) throw new BlobNotFoundError(checked);
        throw error;
      }
      return openBlob(keys, checked, sealed);
    },

    async has(address) {
      if (!isBlobAddress(address)) return false;
      return (await storedSize(address)) !== undefined;
    },

    async delete(address) {
      const checked = checkedAddress(address);
      await fs.rm(blobPath(checked), { force: true });
      await fsyncDirectory(shardDir(checked)).catch((error) => {
        if (!isMissing(error)) throw error;
      });
    },

    async *list() {
      for (const first of await listDirectories(fs, root)) {
        for (const second of await listDirectories(fs, path.join(root, first))) {
          const dir = await fs.opendir(path.join(root, first, second));
          for await (const entry of dir) {
            if (entry.isFile() && isBlobAddress(entry.name) && entry.name.startsWith(first + second)) {
              yield entry.name;
            }
          }
        }
      }
    },
  };
}

async function listDirectories(fs: TBlobFileSystem, dir: string): Promise<string[]> {
  const names: string[] = [];
  try {
    for await (const entry of await fs.opendir(dir)) {
      if (entry.isDirectory() && /^[0-9a-f]{2}$/.test(entry.name)) names.push(entry.name);
    }
  } catch (error) {
    if (isMissing(error)) return [];
    throw error;
  }
  return names.sort();
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}
