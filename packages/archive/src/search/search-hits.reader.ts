import type pg from 'pg';
import { ARCHIVE_TEXT_SEARCH_CONFIG } from '../ingest/archive-ingest.sql';
import {
  MATCH_START,
  MATCH_STOP,
  SNIPPET_PLAIN_CHARS,
  SNIPPET_SAFE_PREVIEW_SQL,
  type TSnippetPart,
  toSnippetParts,
} from './search-snippet';
import type { TSearchScope } from './search-sql.builder';
import { tsquerySql } from './search-sql.builder';

/** One copy of a hit in a searched archive: what the viewer, export and restore address. */
export type TArchiveSearchCopy = {
  archiveFolderId: string;
  /** IMAP folder as the server names it. */
  folder: string;
  /** IMAP UIDVALIDITY and UID (unsigned 32-bit). */
  uidValidity: number;
  uid: number;
  gmailLabels: string[];
  flags: string[];
};

export type TArchiveSearchHit = {
  /** The archived message's id (its blob address): one hit per message, however many copies. */
  messageId: string;
  /** Distinct archive folders among `copies`. */
  archiveFolderIds: string[];
  /** Only copies in the archives searched, never another mailbox's. */
  copies: TArchiveSearchCopy[];
  /** The Date header; null when the message had none that could be read (listed last). */
  date: Date | null;
  from: { name: string | null; address: string | null };
  to: string[];
  cc: string[];
  subject: string | null;
  /** Start of the body, or the passages around the matched words, which are marked isMatch. */
  snippet: TSnippetPart[];
  hasAttachments: boolean;
  /** Raw message size in bytes. */
  size: number;
  /** Gmail labels of the copies, de-duplicated, in first-seen order. */
  labels: string[];
  /** IMAP folders of the copies, de-duplicated. */
  folders: string[];
};

type THitRow = {
  address: string;
  date: string | null;
  from_name: string | null;
  from_address: string | null;
  to_addresses: string[] | null;
  cc_addresses: string[] | null;
  subject: string | null;
  has_attachments: boolean;
  size: number;
  snippet: string;
  copies: {
    archiveFolderId: string;
    folder: string;
    uidValidity: string;
    uid: string;
    gmailLabels: string[];
    flags: string[];
  }[];
};

// Highlights come from the stored preview, not the whole body: ts_headline re-parses its input on
// every call, and a page of 200 messages must not re-read 200 bodies.
const HEADLINE_OPTIONS = `StartSel=${MATCH_START}, StopSel=${MATCH_STOP}, MaxWords=30, MinWords=12, ShortWord=2, MaxFragments=2, FragmentDelimiter=" … "`;

/** Display fields, snippets and the in-scope copies of one page of hits, in the page's order. */
export async function readSearchHits(
  client: pg.ClientBase,
  addresses: string[],
  scope: TSearchScope,
  headlineTerms: { value: string; isPhrase: boolean }[],
): Promise<TArchiveSearchHit[]> {
  if (addresses.length === 0) return [];
  const params: unknown[] = [addresses];
  const param = (value: unknown, cast = '') => {
    params.push(value);
    return `$${params.length}${cast}`;
  };
  const copyScope =
    scope.kind === 'folders' ? `c."archive_folder_id" = ANY(${param(scope.ids, '::uuid[]')})` : 'true';
  const query = headlineTerms.map((term) => tsquerySql(param(term.value), term.isPhrase)).join(' || ');
  const snippet = query
    ? `ts_headline('${ARCHIVE_TEXT_SEARCH_CONFIG}', ${SNIPPET_SAFE_PREVIEW_SQL}, ${query}, ${param(HEADLINE_OPTIONS)})`
    : `left(${SNIPPET_SAFE_PREVIEW_SQL}, ${SNIPPET_PLAIN_CHARS})`;
  const result = await client.query<THitRow>(
    `SELECT m."address", to_char(m."date", 'YYYY-MM-DD"T"HH24:MI:SS.MS') AS "date", m."from_name", m."from_address",
            m."to_addresses", m."cc_addresses", m."subject", m."has_attachments", m."size", ${snippet} AS "snippet",
            coalesce((SELECT json_agg(json_build_object('archiveFolderId', c."archive_folder_id", 'folder', c."folder",
                        'uidValidity', c."uid_validity"::text, 'uid', c."uid"::text,
                        'gmailLabels', c."gmail_labels", 'flags', c."flags")
                        ORDER BY c."archive_folder_id", c."folder", c."uid_validity", c."uid")
                        FROM "archived_message_copies" c
                       WHERE c."message_address" = m."address" AND ${copyScope}), '[]') AS "copies"
       FROM "archived_messages" m
      WHERE m."address" = ANY($1::text[])`,
    params,
  );
  const byAddress = new Map(result.rows.map((row) => [row.address, row]));
  return addresses.flatMap((address) => {
    const row = byAddress.get(address);
    return row ? [toHit(row)] : [];
  });
}

function toHit(row: THitRow): TArchiveSearchHit {
  const copies = row.copies.map((copy) => ({
    archiveFolderId: copy.archiveFolderId,
    folder: copy.folder,
    uidValidity: Number(copy.uidValidity),
    uid: Number(copy.uid),
    gmailLabels: copy.gmailLabels ?? [],
    flags: copy.flags ?? [],
  }));
  return {
    messageId: row.address,
    archiveFolderIds: [...new Set(copies.map((copy) => copy.archiveFolderId))],
    copies,
    date: row.date ? new Date(`${row.date}Z`) : null,
    from: { name: row.from_name, address: row.from_address },
    to: row.to_addresses ?? [],
    cc: row.cc_addresses ?? [],
    subject: row.subject,
    snippet: toSnippetParts(row.snippet ?? ''),
    hasAttachments: row.has_attachments,
    size: row.size,
    labels: [...new Set(copies.flatMap((copy) => copy.gmailLabels))],
    folders: [...new Set(copies.map((copy) => copy.folder))],
  };
}
