import type pg from 'pg';
import type {
  TArchiveIngest,
  TBlobAddress,
  TBlobStore,
  TIngestItem,
  TIngestOptions,
  TIngestResult,
} from '../archive.contract';
import { parseMessageMetadata, type TMessageMetadata } from '../mime/message-metadata.parser';
import { cutAt, SEARCH_PREVIEW_MAX_CHARS, toPostgresText } from '../mime/search-text';
import { mapConcurrently } from '../util/map-concurrently';
import {
  INSERT_COPIES_SQL,
  INSERT_MESSAGES_SQL,
  SELECT_ARCHIVED_UIDS_SQL,
  SELECT_KNOWN_ADDRESSES_SQL,
} from './archive-ingest.sql';

export type TArchiveIngestDeps = {
  pool: pg.Pool;
  store: TBlobStore;
};

/**
 * Characters of message text sent per INSERT: the rows of a batch go in several statements of one
 * transaction, so a batch of many long messages never builds one giant JSON string in memory.
 */
const MESSAGE_TEXT_PER_STATEMENT = 8_000_000;

/**
 * Blobs written at once. A put spends most of its time waiting for fsync (~10 ms on a plain
 * disk); concurrent fsyncs share the journal's commits, so four at once store blobs several
 * times faster than one by one. Node's threadpool has four threads, which compression, file I/O
 * and fsync share: more would only queue.
 */
const PUT_CONCURRENCY = 4;

type TMessageRow = {
  address: string;
  size: number;
  stored_bytes: number;
  message_id: string | null;
  date: string | null;
  from_address: string | null;
  from_name: string | null;
  to_addresses: string[];
  cc_addresses: string[];
  subject: string | null;
  attachment_names: string[];
  has_attachments: boolean;
  header_text: string;
  body_text: string;
  parse_error: string | null;
  /** The batch's folders holding it: written with the row, so the copies trigger need not update it. */
  archive_folder_ids: string[];
  body_preview: string;
};

export function createArchiveIngest(deps: TArchiveIngestDeps): TArchiveIngest {
  const { pool, store } = deps;

  async function ingest(items: TIngestItem[], options: TIngestOptions = {}): Promise<TIngestResult[]> {
    // Messages already indexed (by any mailbox) are not parsed again: re-archiving is cheap. Asked
    // before the transaction, so parsing never holds it open; a message another mailbox indexes
    // meanwhile is caught by the insert's ON CONFLICT.
    const addresses = items.map((item) => store.addressOf(item.raw));
    const known = new Set(
      (await pool.query<{ address: string }>(SELECT_KNOWN_ADDRESSES_SQL, [[...new Set(addresses)]])).rows.map(
        (row) => row.address,
      ),
    );
    // 1. Every blob durable (fsync'd and renamed) before any row names it. Several at once: each
    // put mostly waits on its fsyncs, which the disk completes together, and the MIME parsing
    // below runs on this thread meanwhile. Memory stays the batch's plus PUT_CONCURRENCY copies.
    // The same bytes twice in one batch are put once (two concurrent puts would both write it).
    const firstOf = new Map<TBlobAddress, number>();
    for (const [index, address] of addresses.entries())
      if (!firstOf.has(address)) firstOf.set(address, index);
    const distinct = [...firstOf.values()].map((index) => (items[index] as TIngestItem).raw);
    // The store syncs the folders of the whole batch once after its renames where it can.
    const puts = store.putMany
      ? store.putMany(distinct, PUT_CONCURRENCY)
      : mapConcurrently(distinct, PUT_CONCURRENCY, (raw) => store.put(raw));
    let metadata: Map<number, TMessageMetadata>;
    try {
      metadata = await parseNew(items, addresses, known);
    } finally {
      // Never leave a put unobserved, whatever parsing did.
      await puts.catch(() => undefined);
    }
    const putByAddress = new Map((await puts).map((blob) => [blob.address, blob]));
    const stored = addresses.map((address, index) => {
      const blob = putByAddress.get(address) as {
        address: TBlobAddress;
        isNew: boolean;
        storedBytes: number;
      };
      return firstOf.get(address) === index ? blob : { ...blob, isNew: false };
    });

    // 2. One transaction for the rows and the caller's checkpoint.
    const client = await pool.connect();
    let isReleased = false;
    try {
      await client.query('BEGIN');
      await insertNewMessages(client, items, stored, metadata);
      const inserted = await insertCopies(client, items, stored);
      if (options.inTransaction) await options.inTransaction(client);
      await client.query('COMMIT');
      return items.map((item, index) => {
        const blob = stored[index] as (typeof stored)[number];
        return {
          source: item.source,
          address: blob.address,
          isNewInMailbox: inserted.delete(copyKey(item)),
          isNewBlob: blob.isNew,
          size: item.raw.length,
        };
      });
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      client.release(error as Error);
      isReleased = true;
      throw error;
    } finally {
      if (!isReleased) client.release();
    }
  }

  /** Metadata of the batch's messages that no mailbox has indexed yet, by item index. */
  async function parseNew(
    items: TIngestItem[],
    addresses: TBlobAddress[],
    known: Set<string>,
  ): Promise<Map<number, TMessageMetadata>> {
    const parsed = new Map<number, TMessageMetadata>();
    const seen = new Set(known);
    for (const [index, item] of items.entries()) {
      const address = addresses[index] as TBlobAddress;
      if (seen.has(address)) continue;
      seen.add(address);
      parsed.set(index, await parseMessageMetadata(item.raw));
    }
    return parsed;
  }

  async function insertNewMessages(
    client: pg.PoolClient,
    items: TIngestItem[],
    stored: { address: TBlobAddress; storedBytes: number }[],
    metadata: Map<number, TMessageMetadata>,
  ): Promise<void> {
    let rows: TMessageRow[] = [];
    let textChars = 0;
    const foldersOf = new Map<TBlobAddress, Set<string>>();
    for (const [index, item] of items.entries()) {
      const address = (stored[index] as { address: TBlobAddress }).address;
      foldersOf.set(address, (foldersOf.get(address) ?? new Set()).add(item.archiveFolderId.toLowerCase()));
    }
    const flush = async () => {
      if (rows.length === 0) return;
      await client.query(INSERT_MESSAGES_SQL, [JSON.stringify(rows)]);
      rows = [];
      textChars = 0;
    };
    for (const [index, item] of items.entries()) {
      const meta = metadata.get(index);
      if (meta === undefined) continue;
      const blob = stored[index] as (typeof stored)[number];
      const row = toMessageRow(blob, item.raw.length, meta, [...(foldersOf.get(blob.address) ?? [])]);
      rows.push(row);
      textChars += row.header_text.length + row.body_text.length;
      if (textChars >= MESSAGE_TEXT_PER_STATEMENT) await flush();
    }
    await flush();
  }

  /** Keys of the copies this batch recorded for the first time. */
  async function insertCopies(
    client: pg.PoolClient,
    items: TIngestItem[],
    stored: { address: TBlobAddress }[],
  ): Promise<Set<string>> {
    if (items.length === 0) return new Set();
    const rows = items.map((item, index) => ({
      archive_folder_id: item.archiveFolderId,
      folder: toPostgresText(item.source.folder),
      uid_validity: item.source.uidValidity,
      uid: item.source.uid,
      message_address: (stored[index] as { address: TBlobAddress }).address,
      flags: item.source.flags.map(toPostgresText),
      gmail_labels: (item.source.gmailLabels ?? []).map(toPostgresText),
      gmail_message_id: item.source.gmailMessageId ?? null,
      gmail_thread_id: item.source.gmailThreadId ?? null,
      internal_date: validDate(item.source.internalDate)?.toISOString() ?? null,
    }));
    const result = await client.query<{
      archive_folder_id: string;
      folder: string;
      uid_validity: string;
      uid: string;
    }>(INSERT_COPIES_SQL, [JSON.stringify(rows)]);
    return new Set(
      result.rows.map((row) => [row.archive_folder_id, row.folder, row.uid_validity, row.uid].join('\u0000')),
    );
  }

  async function archivedUids(
    archiveFolderId: string,
    folder: string,
    uidValidity: number,
  ): Promise<number[]> {
    const result = await pool.query<{ uid: string }>(SELECT_ARCHIVED_UIDS_SQL, [
      archiveFolderId,
      folder,
      uidValidity,
    ]);
    return result.rows.map((row) => Number(row.uid));
  }

  return { ingest, archivedUids };
}

function copyKey(item: TIngestItem): string {
  return [
    item.archiveFolderId.toLowerCase(),
    toPostgresText(item.source.folder),
    String(item.source.uidValidity),
    String(item.source.uid),
  ].join('\u0000');
}

function toMessageRow(
  blob: { address: TBlobAddress; storedBytes: number },
  size: number,
  meta: TMessageMetadata,
  archiveFolderIds: string[],
): TMessageRow {
  return {
    address: blob.address,
    size,
    stored_bytes: blob.storedBytes,
    message_id: meta.messageId,
    // An ISO string with Z into a timestamp column: stored as UTC, like Prisma's DateTime.
    date: meta.date?.toISOString() ?? null,
    from_address: meta.fromAddress,
    from_name: meta.fromName,
    to_addresses: meta.toAddresses,
    cc_addresses: meta.ccAddresses,
    subject: meta.subject,
    attachment_names: meta.attachmentNames,
    has_attachments: meta.hasAttachments,
    header_text: meta.headerText,
    body_text: meta.bodyText,
    parse_error: meta.parseError,
    archive_folder_ids: archiveFolderIds,
    body_preview: cutAt(meta.bodyText, SEARCH_PREVIEW_MAX_CHARS),
  };
}

function validDate(date: Date | undefined): Date | undefined {
  if (!date || Number.isNaN(date.getTime())) return undefined;
  const year = date.getUTCFullYear();
  return year >= 1 && year <= 9999 ? date : undefined;
}
