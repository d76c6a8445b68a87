export type * from './archive.contract';
export { createArchiveIngest, type TArchiveIngestDeps } from './ingest/archive-ingest.service';
export { ARCHIVE_TEXT_SEARCH_CONFIG } from './ingest/archive-ingest.sql';
export { deriveArchiveKeys, type TArchiveKeys } from './keys/archive-keys';
export { parseMessageMetadata, type TMessageMetadata } from './mime/message-metadata.parser';
export { htmlToText, SEARCH_TEXT_MAX_CHARS } from './mime/search-text';
export {
  SEARCH_COUNT_BOUND,
  SEARCH_MAX_PAGE_SIZE,
  searchArchive,
  type TArchiveSearchDeps,
  type TArchiveSearchInput,
  type TArchiveSearchResult,
} from './search/archive-search.service';
export type { TArchiveSearchCopy, TArchiveSearchHit } from './search/search-hits.reader';
export { parseSearchQuery, SEARCH_QUERY_MAX_CHARS } from './search/search-query.parser';
export {
  ArchiveSearchError,
  type TArchiveSearchErrorCode,
  type TSearchNode,
} from './search/search-query.types';
export type { TSnippetPart } from './search/search-snippet';
export { computeBlobAddress, isBlobAddress } from './store/blob-address';
export { BlobCorruptError, BlobNotFoundError, type TBlobCorruptReason } from './store/blob-errors';
export { BLOB_FORMAT_VERSION } from './store/blob-format';
export { createFsBlobStore, type TBlobFileSystem, type TFsBlobStoreOptions } from './store/fs-blob-store';
export {
  createS3BlobStore,
  createS3Client,
  type TS3BlobStoreOptions,
  type TS3Connection,
} from './store/s3-blob-store';
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
