import { Prisma } from '@wac/db';
import type { TDb } from '../../lib/db';
import type { TFolderGrant } from './archive-reader.policy';

type TReadable = string[] | 'all';

const inScope = (readable: TReadable) => (readable === 'all' ? {} : { archiveFolderId: { in: readable } });

/** The user's own archive folder and the folders an admin granted them access to. */
export async function findFolderGrants(db: TDb, userId: string): Promise<TFolderGrant[]> {
  const [owned, granted] = await Promise.all([
    db.archiveFolder.findMany({ where: { ownerUserId: userId }, select: { id: true } }),
    db.folderAccess.findMany({
      where: { userId },
      select: { folderId: true, canRead: true, canWrite: true, folder: { select: { ownerUserId: true } } },
    }),
  ]);
  const grants = new Map<string, TFolderGrant>();
  for (const folder of owned) {
    grants.set(folder.id, { folderId: folder.id, isOwner: true, canRead: true, canWrite: false });
  }
  for (const row of granted) {
    grants.set(row.folderId, {
      folderId: row.folderId,
      isOwner: row.folder.ownerUserId === userId,
      canRead: row.canRead,
      canWrite: row.canWrite,
    });
  }
  return [...grants.values()];
}

export async function listArchiveFolders(db: TDb, readable: TReadable) {
  return db.archiveFolder.findMany({
    where: readable === 'all' ? {} : { id: { in: readable } },
    select: { id: true, name: true, ownerUserName: true, ownerUserId: true },
    orderBy: { name: 'asc' },
  });
}

export async function findArchiveNames(db: TDb, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.archiveFolder.findMany({
    where: { id: { in: ids } },
    select: { id: true, name: true },
  });
  return new Map(rows.map((row) => [row.id, row.name]));
}

/** The archive folder and the e-mail address of its owner (whose Gmail a restore appends to). */
export async function findFolderOwner(db: TDb, folderId: string) {
  return db.archiveFolder.findUnique({
    where: { id: folderId },
    select: { id: true, name: true, owner: { select: { emails: true, userName: true } } },
  });
}

/** The copies of a message in the archives the reader may read; none means "not yours". */
export async function findCopiesInScope(db: TDb, address: string, readable: TReadable) {
  return db.archivedMessageCopy.findMany({
    where: { messageAddress: address, ...inScope(readable) },
    select: {
      archiveFolderId: true,
      folder: true,
      flags: true,
      gmailLabels: true,
      gmailThreadId: true,
      internalDate: true,
      archiveFolder: { select: { name: true } },
    },
    orderBy: [{ archiveFolderId: 'asc' }, { folder: 'asc' }],
  });
}

export type TMessageSummaryRow = {
  address: string;
  date: Date | null;
  fromName: string | null;
  fromAddress: string | null;
  subject: string | null;
  size: number;
  messageId: string | null;
};

const SUMMARY_SELECT = {
  address: true,
  date: true,
  fromName: true,
  fromAddress: true,
  subject: true,
  size: true,
  messageId: true,
} as const;

export async function findMessageSummaries(db: TDb, addresses: string[]): Promise<TMessageSummaryRow[]> {
  if (addresses.length === 0) return [];
  return db.archivedMessage.findMany({ where: { address: { in: addresses } }, select: SUMMARY_SELECT });
}

/** Messages of the same Gmail thread (X-GM-THRID) in the given archive folders. */
export async function findGmailThread(db: TDb, folderIds: string[], threadIds: string[]) {
  const rows = await db.archivedMessageCopy.findMany({
    where: { archiveFolderId: { in: folderIds }, gmailThreadId: { in: threadIds } },
    select: { messageAddress: true },
    distinct: ['messageAddress'],
    take: 500,
  });
  return rows.map((row) => row.messageAddress);
}

/** Messages whose Message-ID is one of `messageIds`, with a copy the reader may read. */
export async function findByMessageIds(db: TDb, messageIds: string[], readable: TReadable) {
  if (messageIds.length === 0) return [];
  return db.archivedMessage.findMany({
    where: { messageId: { in: messageIds }, copies: { some: inScope(readable) } },
    select: SUMMARY_SELECT,
    take: 500,
  });
}

/**
 * Replies can only be found from the reply's side (its References name this message), and there
 * is no index on References: candidates are the messages of the same archive folders with the same
 * base subject, read through the folders' copies (the primary key), so the scan is one mailbox's.
 */
export async function findSubjectCandidates(db: TDb, folderIds: string[], baseSubject: string) {
  if (folderIds.length === 0 || baseSubject === '') return [];
  return db.$queryRaw<{ address: string }[]>`
    SELECT DISTINCT m."address" FROM "archived_message_copies" c
      JOIN "archived_messages" m ON m."address" = c."message_address"
     WHERE c."archive_folder_id" = ANY(${folderIds}::uuid[])
       AND m."subject" ILIKE ${`%${baseSubject.replace(/[\\%_]/g, (char) => `\\${char}`)}%`}
     LIMIT 100`;
}

/** Message ids of one archive folder (optionally one IMAP folder or one label), oldest first. */
export async function listFolderMessages(
  db: TDb,
  input: { archiveFolderId: string; folder?: string; label?: string; limit: number },
): Promise<string[]> {
  const folderFilter =
    input.folder === undefined ? Prisma.empty : Prisma.sql`AND c."folder" = ${input.folder}`;
  const labelFilter =
    input.label === undefined
      ? Prisma.empty
      : Prisma.sql`AND (${input.label} = ANY(c."gmail_labels") OR c."folder" = ${input.label})`;
  const rows = await db.$queryRaw<{ address: string }[]>`
    SELECT m."address"
      FROM (SELECT DISTINCT c."message_address" FROM "archived_message_copies" c
             WHERE c."archive_folder_id" = ${input.archiveFolderId}::uuid ${folderFilter} ${labelFilter}) AS held
      JOIN "archived_messages" m ON m."address" = held."message_address"
     ORDER BY m."date" ASC NULLS LAST, m."address" ASC
     LIMIT ${input.limit}`;
  return rows.map((row) => row.address);
}

/** Which of `addresses` have a copy the reader may read. */
export async function filterReadable(
  db: TDb,
  addresses: string[],
  readable: TReadable,
): Promise<Set<string>> {
  const rows = await db.archivedMessageCopy.findMany({
    where: { messageAddress: { in: addresses }, ...inScope(readable) },
    select: { messageAddress: true },
    distinct: ['messageAddress'],
  });
  return new Set(rows.map((row) => row.messageAddress));
}
