import { createFsBlobStore, createS3BlobStore, type TArchiveKeys, type TBlobStore } from '@wac/archive';
import type { TArchiveStoreConfig } from '../../config/env';

/**
 * The archive's blob store as configured: files under DATA_DIR/archive for one instance, or an
 * S3-compatible bucket that every instance shares. Archiving and reading both build it here, so
 * they always agree on where a blob lives.
 */
export function createArchiveBlobStore(config: TArchiveStoreConfig, keys: TArchiveKeys): TBlobStore {
  if (config.kind === 'fs') return createFsBlobStore({ root: config.root, keys });
  return createS3BlobStore({
    bucket: config.bucket,
    prefix: config.prefix,
    keys,
    connection: {
      endpoint: config.connection.endpoint,
      region: config.connection.region,
      credentials: config.connection.credentials,
      forcePathStyle: config.connection.forcePathStyle,
    },
    serverSideEncryption: config.serverSideEncryption,
  });
}
