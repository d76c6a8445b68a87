// The contract between the archive store/index (this package), the IMAP archiver (@wac/mail) and the
// server's archiving module. Written first so the three can be built side by side; change it in one
// place when a better shape is found.
import type pg from 'pg';

/** Keyed hash (HMAC-SHA-256 hex) of the raw message: a blob's name reveals nothing about its content. */
export type TBlobAddress = string;

/** Immutable, content-addressed blobs. The filesystem store is the default; an S3 store can follow. */
export interface TBlobStore {
  /** Stores the bytes (compressed, encrypted, written durably) unless already present. */
  put(raw: Buffer): Promise<{ address: TBlobAddress; isNew: boolean; storedBytes: number }>;
  /**
   * put() for several messages (results in input order), every one durable when it resolves; a
   * store may share the cost of durability across them. Optional: callers fall back to put().
   */
  putMany?(
    raws: readonly Buffer[],
    concurrency: number,
  ): Promise<{ address: TBlobAddress; isNew: boolean; storedBytes: number }[]>;
  /** The original bytes; throws BlobNotFoundError / BlobCorruptError. */
  get(address: TBlobAddress): Promise<Buffer>;
  has(address: TBlobAddress): Promise<boolean>;
  delete(address: TBlobAddress): Promise<void>;
  list(): AsyncIterable<TBlobAddress>;
  /** The address `put` would give these bytes, without storing them. */
  addressOf(raw: Buffer): TBlobAddress;
}

/** Where one copy of a message was seen in a mailbox. */
export type TMessageSource = {
  /** IMAP folder path as the server names it ("INBOX", "[Gmail]/All Mail"). */
  folder: string;
  uidValidity: number;
  uid: number;
  flags: string[];
  /** Gmail only (X-GM-EXT-1): labels, X-GM-MSGID and X-GM-THRID as decimal strings. */
  gmailLabels?: string[];
  gmailMessageId?: string;
  gmailThreadId?: string;
  internalDate?: Date;
};

export type TIngestItem = {
  archiveFolderId: string;
  source: TMessageSource;
  raw: Buffer;
};

export type TIngestResult = {
  source: TMessageSource;
  address: TBlobAddress;
  /** False when this (archive folder, folder, uidValidity, uid) was already recorded. */
  isNewInMailbox: boolean;
  /** False when the same bytes were already stored for any mailbox (single instance). */
  isNewBlob: boolean;
  size: number;
};

export type TIngestOptions = {
  /**
   * Runs inside the same transaction that records the rows, after them: the archiver advances its
   * checkpoint here, so a checkpoint never gets ahead of committed rows.
   */
  inTransaction?: (client: pg.PoolClient) => Promise<void>;
};

export interface TArchiveIngest {
  /**
   * Makes every blob durable first, then records message rows, the per-mailbox copy rows and the
   * full-text index in one transaction (group commit).
   */
  ingest(items: TIngestItem[], options?: TIngestOptions): Promise<TIngestResult[]>;
  /** UIDs of `folder` (for this uidValidity) that this archive folder already holds, ascending. */
  archivedUids(archiveFolderId: string, folder: string, uidValidity: number): Promise<number[]>;
}
