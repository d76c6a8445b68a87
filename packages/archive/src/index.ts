export type * from './archive.contract';
export { createArchiveIngest, type TArchiveIngestDeps } from './ingest/archive-ingest.service';
export { ARCHIVE_TEXT_SEARCH_CONFIG } from './ingest/archive-ingest.sql';
export { deriveArchiveKeys, type TArchiveKeys } from './keys/archive-keys';
export { parseMessageMetadata, type TMessageMetadata } from './mime/message-metadata.parser';
export { htmlToText, SEARCH_TEXT_MAX_CHARS } from './mime/search-text';
export { computeBlobAddress, isBlobAddress } from './store/blob-address';
export { BlobCorruptError, BlobNotFoundError, type TBlobCorruptReason } from './store/blob-errors';
export { BLOB_FORMAT_VERSION } from './store/blob-format';
export { createFsBlobStore, type TBlobFileSystem, type TFsBlobStoreOptions } from './store/fs-blob-store';
export {
  ArchiveVerifyError,
  runArchiveVerify,
  type TRunArchiveVerifyOptions,
} from './verify/archive-verify.runner';
export {
  type TArchiveVerifyReport,
  type TCorruptBlob,
  type TVerifyArchiveDeps,
  verifyArchive,
} from './verify/archive-verify.service';
