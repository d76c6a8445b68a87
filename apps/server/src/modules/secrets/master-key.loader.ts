import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { MASTER_KEY_BYTES } from './secret-box';

export class MasterKeyError extends Error {
  override readonly name = 'MasterKeyError';
}

export type TMasterKeySource = 'SECRETS_KEY' | 'key-file' | 'new-key-file';

export type TMasterKey = { key: Buffer; source: TMasterKeySource; keyFile: string | undefined };

/**
 * SECRETS_KEY wins; otherwise the key file is read, or created (0600) on the first start. A file that
 * others can read, or that does not hold exactly 32 bytes, stops the server: continuing would either
 * expose the key or seal new secrets under a key the old ones cannot be opened with.
 */
export async function loadMasterKey(options: {
  secretsKey: Buffer | undefined;
  keyFile: string;
}): Promise<TMasterKey> {
  if (options.secretsKey !== undefined) {
    if (options.secretsKey.length !== MASTER_KEY_BYTES) {
      throw new MasterKeyError(`SECRETS_KEY must be ${MASTER_KEY_BYTES} bytes encoded as base64.`);
    }
    return { key: options.secretsKey, source: 'SECRETS_KEY', keyFile: undefined };
  }
  const { keyFile } = options;
  const existing = await readExisting(keyFile);
  if (existing !== undefined) return { key: existing, source: 'key-file', keyFile };
  const created = await createKeyFile(keyFile);
  return { key: created.key, source: created.isNew ? 'new-key-file' : 'key-file', keyFile };
}

async function readExisting(keyFile: string): Promise<Buffer | undefined> {
  let mode: number;
  try {
    mode = (await stat(keyFile)).mode;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new MasterKeyError(`Cannot read the master key file ${keyFile}: ${(error as Error).message}.`);
  }
  if ((mode & 0o077) !== 0) {
    throw new MasterKeyError(
      `The master key file ${keyFile} can be read by other users (mode ${(mode & 0o777).toString(8)}). ` +
        `It protects every stored secret: run \`chmod 600 ${keyFile}\` and start again.`,
    );
  }
  return decodeKeyFile(keyFile, await readFile(keyFile, 'utf8'));
}

function decodeKeyFile(keyFile: string, text: string): Buffer {
  const trimmed = text.trim();
  const key = /^[A-Za-z0-9+/]+={0,2}$/.test(trimmed) ? Buffer.from(trimmed, 'base64') : Buffer.alloc(0);
  if (key.length !== MASTER_KEY_BYTES) {
    throw new MasterKeyError(
      `The master key file ${keyFile} does not hold a ${MASTER_KEY_BYTES}-byte key in base64 ` +
        `(it holds ${key.length === 0 ? 'something else' : `${key.length} bytes`}). Restore the original ` +
        'file from a backup: secrets stored under it cannot be read with any other key.',
    );
  }
  return key;
}

async function createKeyFile(keyFile: string): Promise<{ key: Buffer; isNew: boolean }> {
  // Traversable but not listable, like DATA_DIR itself: as root, the embedded Postgres (running as
  // `postgres`) must pass through here to reach its cluster; the key file's own 0600 keeps it private.
  await mkdir(path.dirname(keyFile), { recursive: true, mode: 0o711 });
  const key = randomBytes(MASTER_KEY_BYTES);
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    // 'wx' fails if another instance created the file a moment ago; then that instance's key is the one.
    handle = await open(keyFile, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      const raced = await readExisting(keyFile);
      if (raced !== undefined) return { key: raced, isNew: false };
    }
    throw new MasterKeyError(`Cannot create the master key file ${keyFile}: ${(error as Error).message}.`);
  }
  try {
    // Base64 text, so an operator can move it into SECRETS_KEY unchanged.
    await handle.writeFile(`${key.toString('base64')}\n`, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  return { key, isNew: true };
}
