export type * from './archive.contract';
export { deriveArchiveKeys, type TArchiveKeys } from './keys/archive-keys';
export { computeBlobAddress, isBlobAddress } from './store/blob-address';
export { BlobCorruptError, BlobNotFoundError, type TBlobCorruptReason } from './store/blob-errors';
export { BLOB_FORMAT_VERSION } from './store/blob-format';
export { createFsBlobStore, type TBlobFileSystem, type TFsBlobStoreOptions } from './store/fs-blob-store';
