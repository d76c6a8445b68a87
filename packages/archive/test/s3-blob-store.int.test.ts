import { randomBytes } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createArchiveIngest } from '../src/ingest/archive-ingest.service';
import { deriveArchiveKeys } from '../src/keys/archive-keys';
import { BlobCorruptError, BlobNotFoundError } from '../src/store/blob-errors';
import { createS3BlobStore } from '../src/store/s3-blob-store';
import { verifyArchive } from '../src/verify/archive-verify.service';
import { createArchiveTestEnv, mail, source, type TArchiveTestEnv } from './archive-fixtures';
import { startS3StandIn, type TS3StandIn } from './s3-stand-in';

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/** The stand-in's file holding an object's bytes (s3rver keeps `<key>._S3rver_object`). */
async function objectFile(s3: TS3StandIn, key: string): Promise<string> {
  const entries = await readdir(s3.directory, { recursive: true, withFileTypes: true });
  const hit = entries.find(
    (entry) => entry.isFile() && entry.name.startsWith(path.basename(key)) && entry.name.endsWith('_object'),
  );
  if (!hit) throw new Error(`no stored object for ${key}`);
  return path.join(hit.parentPath, hit.name);
}

describe('createS3BlobStore against an S3 server on loopback', () => {
  let s3: TS3StandIn;
  const keys = deriveArchiveKeys(randomBytes(32));
  const message = mail({
    messageId: '<s3-1@example.com>',
    subject: 'Quarterly numbers',
    body: 'pumpernickel\r\n'.repeat(50),
  });

  beforeAll(async () => {
    s3 = await startS3StandIn();
  });
  afterAll(async () => {
    await s3?.stop();
  });

  it('puts, gets, lists and deletes blobs under the prefix, once per content', async () => {
    const store = createS3BlobStore({
      bucket: s3.bucket,
      prefix: 'round-trip/',
      keys,
      connection: s3.connection,
    });
    const first = await store.put(message);
    expect(first).toMatchObject({ address: store.addressOf(message), isNew: true });
    expect(first.storedBytes).toBeGreaterThan(0);
    expect(first.storedBytes).toBeLessThan(message.length); // zstd on a repetitive body
    const again = await store.put(message);
    expect(again).toEqual({ address: first.address, isNew: false, storedBytes: first.storedBytes });
    expect((await store.get(first.address)).equals(message)).toBe(true);
    expect(await store.has(first.address)).toBe(true);
    expect(await store.has('not-an-address')).toBe(false);

    const other = await store.put(Buffer.from('From: x@example.com\r\n\r\nother\r\n'));
    expect((await collect(store.list())).sort()).toEqual([first.address, other.address].sort());
    // Another prefix in the same bucket is another store.
    const neighbour = createS3BlobStore({
      bucket: s3.bucket,
      prefix: 'elsewhere/',
      keys,
      connection: s3.connection,
    });
    expect(await collect(neighbour.list())).toEqual([]);
    expect(await neighbour.has(first.address)).toBe(false);

    await store.delete(first.address);
    expect(await store.has(first.address)).toBe(false);
    await expect(store.get(first.address)).rejects.toBeInstanceOf(BlobNotFoundError);
    expect(await collect(store.list())).toEqual([other.address]);
  });

  it('stores ciphertext and refuses a tampered or relabelled object', async () => {
    const store = createS3BlobStore({
      bucket: s3.bucket,
      prefix: 'tamper/',
      keys,
      connection: s3.connection,
    });
    const { address } = await store.put(message);
    const file = await objectFile(s3, address);
    const stored = await readFile(file);
    expect(stored.includes(Buffer.from('pumpernickel'))).toBe(false);
    expect(stored.subarray(0, 4).toString()).toBe('WACB');

    const flipped = Buffer.from(stored);
    flipped[flipped.length - 20] = (flipped[flipped.length - 20] as number) ^ 1;
    await writeFile(file, flipped);
    await expect(store.get(address)).rejects.toMatchObject({
      name: BlobCorruptError.name,
      reason: 'authentication-failed',
    });

    // A valid blob copied under another address fails too: the address is GCM additional data.
    await writeFile(file, stored);
    const second = mail({ messageId: '<s3-2@example.com>', subject: 'Other', body: 'rye' });
    const { address: secondAddress } = await store.put(second);
    await writeFile(await objectFile(s3, secondAddress), stored);
    await expect(store.get(secondAddress)).rejects.toMatchObject({ reason: 'authentication-failed' });
    expect((await store.get(address)).equals(message)).toBe(true);
  });

  it('uploads a 50 MB message in parts and reads it back', async () => {
    const store = createS3BlobStore({ bucket: s3.bucket, prefix: 'large/', keys, connection: s3.connection });
    // Random bytes do not compress, so the sealed blob stays above the multipart threshold.
    const attachment = randomBytes(50 * 1024 * 1024).toString('base64');
    const large = Buffer.from(`From: big@example.com\r\nSubject: large\r\n\r\n${attachment}\r\n`);
    let multipartUploads = 0;
    const started = Date.now();
    // A client that counts CreateMultipartUpload calls, to prove the upload went in parts.
    const spyStore = createS3BlobStore({
      bucket: s3.bucket,
      prefix: 'large/',
      keys,
      client: clientCounting(s3, () => multipartUploads++),
    });
    const put = await spyStore.put(large);
    expect(put.isNew).toBe(true);
    expect(multipartUploads).toBe(1);
    expect(put.storedBytes).toBeGreaterThan(50 * 1024 * 1024);
    expect((await store.get(put.address)).equals(large)).toBe(true);
    expect((await store.put(large)).isNew).toBe(false);
    console.info(`50 MB message through S3 multipart: put+get ${Date.now() - started} ms`);
  }, 120_000);

  describe('verifyArchive on an S3 store', () => {
    let env: TArchiveTestEnv;

    beforeAll(async () => {
      env = await createArchiveTestEnv();
    });
    afterAll(async () => {
      await env?.close();
    });

    it('reads every message back and reports a tampered blob and an orphan', async () => {
      const store = createS3BlobStore({
        bucket: s3.bucket,
        prefix: 'verify/',
        keys: deriveArchiveKeys(env.masterKey),
        connection: s3.connection,
      });
      const ingest = createArchiveIngest({ pool: env.pool, store });
      const folderId = await env.createArchiveFolder('carol@example.com');
      const results = await ingest.ingest(
        [1, 2, 3].map((n) => ({
          archiveFolderId: folderId,
          source: source('INBOX', n),
          raw: mail({ messageId: `<v${n}@example.com>`, subject: `Verify ${n}`, body: `body ${n}` }),
        })),
      );
      const clean = await verifyArchive({ pool: env.pool, store });
      expect(clean).toMatchObject({ messages: 3, blobs: 3, ok: 3, isHealthy: true });

      const tampered = results[1]?.address as string;
      const file = await objectFile(s3, tampered);
      const bytes = await readFile(file);
      bytes[bytes.length - 1] = (bytes[bytes.length - 1] as number) ^ 0xff;
      await writeFile(file, bytes);
      const orphan = await store.put(Buffer.from('From: o@example.com\r\n\r\norphan\r\n'));

      const report = await verifyArchive({ pool: env.pool, store });
      expect(report.isHealthy).toBe(false);
      expect(report.corrupt.blobs.map((blob) => blob.address)).toEqual([tampered]);
      expect(report.orphaned.addresses).toEqual([orphan.address]);
      expect(report.ok).toBe(2);
    });
  });
});

function clientCounting(s3: TS3StandIn, onMultipart: () => void): S3Client {
  const client = new S3Client({
    ...s3.connection,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === 'CreateMultipartUploadCommand') onMultipart();
      return next(args);
    },
    { step: 'initialize', name: 'countMultipart' },
  );
  return client;
}
