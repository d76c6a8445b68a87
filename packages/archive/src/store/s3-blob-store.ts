import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  type ServerSideEncryption,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { TBlobAddress, TBlobStore } from '../archive.contract';
import type { TArchiveKeys } from '../keys/archive-keys';
import { computeBlobAddress, isBlobAddress } from './blob-address';
import { BlobCorruptError, BlobNotFoundError } from './blob-errors';
import { openBlob, sealBlob } from './blob-format';

/** Where the bucket is; ignored when a ready client is passed. */
export type TS3Connection = {
  /** Any S3-compatible endpoint ("https://s3.eu-west-1.example"); omitted for the provider's default. */
  endpoint?: string;
  region: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** Bucket in the path rather than the host name: what most self-hosted S3 servers expect. */
  forcePathStyle?: boolean;
};

export type TS3BlobStoreOptions = {
  bucket: string;
  /** Key prefix inside the bucket ("wac/archive/"), so one bucket can hold more than this store. */
  prefix?: string;
  keys: TArchiveKeys;
  client?: S3Client;
  connection?: TS3Connection;
  /** Asks the bucket to encrypt at rest too; blobs are already sealed with our own key either way. */
  serverSideEncryption?: { algorithm: 'AES256' } | { algorithm: 'aws:kms'; kmsKeyId?: string };
  /** Sealed blobs at least this large go up as a multipart upload. Default 16 MiB. */
  multipartThresholdBytes?: number;
  /** Part size of a multipart upload (S3's minimum is 5 MiB). Default 8 MiB. */
  partSizeBytes?: number;
};

const MiB = 1024 * 1024;

/**
 * Blobs as objects `<prefix><address>` in one bucket, in the same sealed format as the filesystem
 * store (zstd, then AES-256-GCM with the address as additional data), so a bucket can be filled
 * by copying a filesystem store's files and checked by the same verify.
 */
export function createS3BlobStore(
  options: TS3BlobStoreOptions,
): TBlobStore & { bucket: string; prefix: string } {
  const { bucket, keys } = options;
  const prefix = options.prefix ?? '';
  const client = options.client ?? createS3Client(requiredConnection(options.connection));
  const multipartThreshold = options.multipartThresholdBytes ?? 16 * MiB;
  const partSize = Math.max(options.partSizeBytes ?? 8 * MiB, 5 * MiB);
  const sse = encryptionParams(options.serverSideEncryption);

  const keyOf = (address: TBlobAddress) => `${prefix}${address}`;

  function checkedAddress(address: string): TBlobAddress {
    if (!isBlobAddress(address)) throw new BlobCorruptError(address, 'bad-address');
    return address;
  }

  async function storedSize(address: TBlobAddress): Promise<number | undefined> {
    try {
      const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: keyOf(address) }));
      return head.ContentLength ?? 0;
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  async function upload(address: TBlobAddress, parts: Buffer[]): Promise<number> {
    const body = Buffer.concat(parts);
    const target = { Bucket: bucket, Key: keyOf(address), ContentType: 'application/octet-stream', ...sse };
    if (body.length < multipartThreshold) {
      await client.send(new PutObjectCommand({ ...target, Body: body, ContentLength: body.length }));
    } else {
      // lib-storage splits the body into parts, uploads a few at a time and aborts the upload on failure.
      await new Upload({
        client,
        params: { ...target, Body: body },
        partSize,
        queueSize: 2,
        leavePartsOnError: false,
      }).done();
    }
    return body.length;
  }

  return {
    bucket,
    prefix,

    addressOf(raw) {
      return computeBlobAddress(keys.addressKey, raw);
    },

    async put(raw) {
      const address = computeBlobAddress(keys.addressKey, raw);
      // Content-addressed and immutable: an object already there is this very message. Two
      // instances racing on the same message both write equivalent blobs; either one is valid.
      const existing = await storedSize(address);
      if (existing !== undefined) return { address, isNew: false, storedBytes: existing };
      const storedBytes = await upload(address, await sealBlob(keys, address, raw));
      return { address, isNew: true, storedBytes };
    },

    async get(address) {
      const checked = checkedAddress(address);
      let sealed: Buffer;
      try {
        const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: keyOf(checked) }));
        if (!object.Body) throw new BlobNotFoundError(checked);
        sealed = Buffer.from(await object.Body.transformToByteArray());
      } catch (error) {
        if (isNotFound(error)) throw new BlobNotFoundError(checked);
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
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: keyOf(checked) }));
    },

    async *list() {
      let continuationToken: string | undefined;
      do {
        const page = await client.send(
          new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: continuationToken }),
        );
        for (const object of page.Contents ?? []) {
          const name = object.Key?.slice(prefix.length) ?? '';
          // Only direct children named like an address: other tools' objects under the prefix are not ours.
          if (isBlobAddress(name)) yield name;
        }
        continuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (continuationToken);
    },
  };
}

/** A client for any S3-compatible server, from plain settings. */
export function createS3Client(connection: TS3Connection): S3Client {
  return new S3Client({
    endpoint: connection.endpoint,
    region: connection.region,
    credentials: connection.credentials,
    forcePathStyle: connection.forcePathStyle ?? false,
    // The SDK's default adds CRC checksums in a chunked trailer that many S3-compatible servers
    // reject; every blob already carries a GCM tag and a keyed hash, checked on each read.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

function requiredConnection(connection: TS3Connection | undefined): TS3Connection {
  if (!connection) throw new Error('createS3BlobStore needs either a client or connection settings');
  return connection;
}

function encryptionParams(sse: TS3BlobStoreOptions['serverSideEncryption']): {
  ServerSideEncryption?: ServerSideEncryption;
  SSEKMSKeyId?: string;
} {
  if (!sse) return {};
  if (sse.algorithm === 'aws:kms') return { ServerSideEncryption: 'aws:kms', SSEKMSKeyId: sse.kmsKeyId };
  return { ServerSideEncryption: 'AES256' };
}

function isNotFound(error: unknown): boolean {
  const candidate = error as { name?: string; $metadata?: { httpStatusCode?: number } } | undefined;
  return (
    candidate?.name === 'NoSuchKey' ||
    candidate?.name === 'NotFound' ||
    candidate?.$metadata?.httpStatusCode === 404
  );
}
