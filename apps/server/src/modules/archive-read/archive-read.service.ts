import { ArchiveSearchError, searchArchive, type TBlobStore } from '@wac/archive';
import type pg from 'pg';
import { AppError } from '../../errors/app-error';
import type { TPrisma } from '../../lib/db';
import type { TActiveSession } from '../auth/session.service';
import type { TAccessLog, TReadContext } from './access-log.service';
import {
  findArchiveNames,
  findByMessageIds,
  findCopiesInScope,
  findFolderGrants,
  findGmailThread,
  findMessageSummaries,
  findSubjectCandidates,
  listArchiveFolders,
  type TMessageSummaryRow,
} from './archive-read.repository';
import type {
  TArchivedMessageView,
  TArchiveSearchQuery,
  TArchiveSearchResult,
  TArchiveThread,
  TReadableArchiveList,
} from './archive-read.schemas';
import {
  canRead,
  canRestore,
  resolveArchiveReader,
  type TArchiveArea,
  type TArchiveReader,
} from './archive-reader.policy';
import { sanitizeMessageHtml, type TInlineImage } from './message-html.sanitizer';
import { parseArchivedMessage, type TParsedMessage } from './message-view.parser';

export type TArchiveReadDeps = {
  prisma: TPrisma;
  /** The search runs on pg directly (one read-only snapshot per search). */
  getPool: () => Promise<Pick<pg.Pool, 'connect'>>;
  getStore: () => Promise<TBlobStore>;
  accessLog: TAccessLog;
  /** after:/before: days start in the reader's zone when the console sends it, else this one. */
  serverTimeZone: string;
};

const NOT_FOUND = () =>
  new AppError('NOT_FOUND', { message: 'There is no such message in the archives you can read.' });

export function createArchiveReadService(deps: TArchiveReadDeps) {
  const readerOf = async (session: TActiveSession, area: TArchiveArea): Promise<TArchiveReader> =>
    resolveArchiveReader(
      session,
      area,
      area === 'OWN' ? await findFolderGrants(deps.prisma, session.user.id) : [],
    );

  /** The message's raw bytes and its copies, or NOT_FOUND when the reader holds no copy. */
  const loadMessage = async (reader: TArchiveReader, address: string) => {
    const copies = await findCopiesInScope(deps.prisma, address, reader.readable);
    if (copies.length === 0) throw NOT_FOUND();
    const raw = await (await deps.getStore()).get(address);
    return { copies, raw };
  };

  const folderIdsOf = (copies: { archiveFolderId: string }[]) => [
    ...new Set(copies.map((copy) => copy.archiveFolderId)),
  ];

  return {
    readerOf,

    async listArchives(session: TActiveSession, area: TArchiveArea): Promise<TReadableArchiveList> {
      const reader = await readerOf(session, area);
      const folders = await listArchiveFolders(deps.prisma, reader.readable);
      return {
        items: folders.map((folder) => ({
          id: folder.id,
          name: folder.name,
          ownerUserName: folder.ownerUserName,
          canRestore: folder.ownerUserId !== null && canRestore(reader, folder.id),
        })),
        canExport: reader.canExport,
        isAllArchives: reader.readable === 'all',
      };
    },

    async search(
      session: TActiveSession,
      area: TArchiveArea,
      input: TArchiveSearchQuery,
      context: TReadContext,
    ): Promise<TArchiveSearchResult> {
      return deps.accessLog.audited(
        context,
        {
          area,
          action: 'SEARCH',
          query: input.q,
          archiveFolderIds: input.archiveFolderId ? [input.archiveFolderId] : [],
        },
        async () => {
          const reader = await readerOf(session, area);
          const result = await runSearch(reader, input);
          const names = await findArchiveNames(deps.prisma, [
            ...new Set(result.hits.flatMap((hit) => hit.archiveFolderIds)),
          ]);
          return {
            hits: result.hits.map((hit) => ({
              messageId: hit.messageId,
              date: hit.date?.toISOString() ?? null,
              from: hit.from,
              to: hit.to,
              cc: hit.cc,
              subject: hit.subject,
              snippet: hit.snippet,
              hasAttachments: hit.hasAttachments,
              size: hit.size,
              labels: hit.labels,
              folders: hit.folders,
              archives: hit.archiveFolderIds.map((id) => ({ id, name: names.get(id) ?? id })),
            })),
            nextCursor: result.nextCursor,
            count: result.count,
          };
        },
        (result) => ({
          details: { hits: result.hits.length, count: result.count.value, isExact: result.count.isExact },
        }),
      );
    },

    async open(
      session: TActiveSession,
      area: TArchiveArea,
      address: string,
      context: TReadContext,
    ): Promise<TArchivedMessageView> {
      let folderIds: string[] = [];
      return deps.accessLog.audited(
        context,
        { area, action: 'OPEN', messageAddress: address },
        async () => {
          const reader = await readerOf(session, area);
          const { copies, raw } = await loadMessage(reader, address);
          folderIds = folderIdsOf(copies);
          const parsed = await parseArchivedMessage(raw);
          const remote = parsed.html
            ? sanitizeMessageHtml(parsed.html, { inlineImages: new Map(), allowRemote: false })
                .remoteContentCount
            : 0;
          return {
            messageId: address,
            subject: parsed.subject,
            from: parsed.from,
            to: parsed.to,
            cc: parsed.cc,
            date: parsed.date?.toISOString() ?? null,
            headers: parsed.headers,
            text: parsed.text,
            hasHtml: parsed.html !== null,
            remoteContentCount: remote,
            attachments: parsed.attachments.map((attachment) => ({
              index: attachment.index,
              filename: attachment.filename,
              contentType: attachment.contentType,
              size: attachment.size,
              isInline: attachment.isInline && attachment.contentId !== null,
            })),
            copies: copies.map((copy) => ({
              archive: { id: copy.archiveFolderId, name: copy.archiveFolder.name },
              folder: copy.folder,
              labels: copy.gmailLabels,
              flags: copy.flags,
            })),
            size: raw.length,
          };
        },
        () => ({ archiveFolderIds: folderIds }),
      );
    },

    /** The sanitised HTML body; logged as an OPEN of the HTML part. */
    async body(
      session: TActiveSession,
      area: TArchiveArea,
      address: string,
      allowRemote: boolean,
      context: TReadContext,
    ): Promise<string> {
      let folderIds: string[] = [];
      return deps.accessLog.audited(
        context,
        { area, action: 'OPEN', messageAddress: address, details: { part: 'html', allowRemote } },
        async () => {
          const reader = await readerOf(session, area);
          const { copies, raw } = await loadMessage(reader, address);
          folderIds = folderIdsOf(copies);
          const parsed = await parseArchivedMessage(raw);
          return sanitizeMessageHtml(parsed.html ?? '', { inlineImages: inlineImagesOf(parsed), allowRemote })
            .html;
        },
        () => ({ archiveFolderIds: folderIds }),
      );
    },

    async attachment(
      session: TActiveSession,
      area: TArchiveArea,
      address: string,
      index: number,
      context: TReadContext,
    ) {
      let folderIds: string[] = [];
      return deps.accessLog.audited(
        context,
        { area, action: 'ATTACHMENT', messageAddress: address, details: { index } },
        async () => {
          const reader = await readerOf(session, area);
          const { copies, raw } = await loadMessage(reader, address);
          folderIds = folderIdsOf(copies);
          const parsed = await parseArchivedMessage(raw);
          const attachment = parsed.attachments[index];
          if (!attachment) {
            throw new AppError('NOT_FOUND', { message: 'This message has no such attachment.' });
          }
          return attachment;
        },
        (attachment) => ({ archiveFolderIds: folderIds, details: { filename: attachment.filename } }),
      );
    },

    async raw(session: TActiveSession, area: TArchiveArea, address: string, context: TReadContext) {
      let folderIds: string[] = [];
      return deps.accessLog.audited(
        context,
        { area, action: 'RAW', messageAddress: address },
        async () => {
          const reader = await readerOf(session, area);
          const { copies, raw } = await loadMessage(reader, address);
          folderIds = folderIdsOf(copies);
          const [summary] = await findMessageSummaries(deps.prisma, [address]);
          return { raw, subject: summary?.subject ?? null };
        },
        () => ({ archiveFolderIds: folderIds }),
      );
    },

    /** The conversation: X-GM-THRID where Gmail gave one, else References/In-Reply-To. */
    async thread(
      session: TActiveSession,
      area: TArchiveArea,
      address: string,
      context: TReadContext,
    ): Promise<TArchiveThread> {
      let folderIds: string[] = [];
      return deps.accessLog.audited(
        context,
        { area, action: 'THREAD', messageAddress: address },
        async () => {
          const reader = await readerOf(session, area);
          const copies = await findCopiesInScope(deps.prisma, address, reader.readable);
          if (copies.length === 0) throw NOT_FOUND();
          folderIds = folderIdsOf(copies);
          const threadIds = [
            ...new Set(copies.flatMap((copy) => (copy.gmailThreadId ? [copy.gmailThreadId] : []))),
          ];
          if (threadIds.length > 0) {
            const addresses = await findGmailThread(deps.prisma, folderIds, threadIds);
            return toThread('GMAIL_THREAD', await findMessageSummaries(deps.prisma, addresses), address);
          }
          const { raw } = await loadMessage(reader, address);
          const parsed = await parseArchivedMessage(raw);
          const related = await relatedByReferences(reader, folderIds, parsed);
          const rows = related.some((row) => row.address === address)
            ? related
            : [...related, ...(await findMessageSummaries(deps.prisma, [address]))];
          return toThread(rows.length > 1 ? 'REFERENCES' : 'NONE', rows, address);
        },
        () => ({ archiveFolderIds: folderIds }),
      );
    },
  };

  async function runSearch(reader: TArchiveReader, input: TArchiveSearchQuery) {
    let scope: string[] | 'all' = reader.readable;
    if (input.archiveFolderId) {
      // Someone else's archive id is answered like an archive with no matches: no oracle.
      scope = canRead(reader, input.archiveFolderId) ? [input.archiveFolderId] : [];
    }
    try {
      return await searchArchive(
        { pool: await deps.getPool() },
        {
          archiveFolderIds: scope,
          query: input.q,
          timeZone: input.timeZone ?? deps.serverTimeZone,
          pageSize: input.pageSize,
          cursor: input.cursor ?? null,
        },
      );
    } catch (error) {
      if (error instanceof ArchiveSearchError) {
        throw new AppError('BAD_REQUEST', { message: error.message, details: { code: error.code } });
      }
      throw error;
    }
  }

  /** Ancestors named in References/In-Reply-To, and replies found by their own References. */
  async function relatedByReferences(reader: TArchiveReader, folderIds: string[], parsed: TParsedMessage) {
    const chain = [...parsed.references, ...(parsed.inReplyTo ? [parsed.inReplyTo] : [])];
    const ancestors = await findByMessageIds(deps.prisma, chain, reader.readable);
    const root = parsed.references[0] ?? parsed.inReplyTo ?? parsed.messageId;
    const replies: TMessageSummaryRow[] = [];
    if (root && parsed.messageId) {
      const candidates = await findSubjectCandidates(deps.prisma, folderIds, baseSubject(parsed.subject));
      const store = await deps.getStore();
      const summaries = await findMessageSummaries(
        deps.prisma,
        candidates.map((row) => row.address),
      );
      for (const summary of summaries) {
        const other = await parseArchivedMessage(await store.get(summary.address));
        const names = [...other.references, ...(other.inReplyTo ? [other.inReplyTo] : [])];
        if (
          names.includes(parsed.messageId) ||
          names.includes(root) ||
          summary.messageId === parsed.messageId
        ) {
          replies.push(summary);
        }
      }
    }
    const byAddress = new Map([...ancestors, ...replies].map((row) => [row.address, row]));
    return [...byAddress.values()];
  }
}

function toThread(
  groupedBy: TArchiveThread['groupedBy'],
  rows: TMessageSummaryRow[],
  current: string,
): TArchiveThread {
  const sorted = [...rows].sort(
    (a, b) => (a.date?.getTime() ?? Number.MAX_SAFE_INTEGER) - (b.date?.getTime() ?? Number.MAX_SAFE_INTEGER),
  );
  return {
    groupedBy,
    messages: sorted.map((row) => ({
      messageId: row.address,
      date: row.date?.toISOString() ?? null,
      from: row.fromName ? `${row.fromName} <${row.fromAddress ?? ''}>` : row.fromAddress,
      subject: row.subject,
      isCurrent: row.address === current,
    })),
  };
}

/** The subject without reply and forward prefixes, for finding replies. */
export function baseSubject(subject: string | null): string {
  return (subject ?? '').replace(/^(\s*(re|fw|fwd|aw|wg|sv|vs)\s*(\[\d+\])?\s*:\s*)+/i, '').trim();
}

function inlineImagesOf(parsed: TParsedMessage): Map<string, TInlineImage> {
  const images = new Map<string, TInlineImage>();
  for (const attachment of parsed.attachments) {
    if (attachment.contentId) {
      images.set(attachment.contentId, { contentType: attachment.contentType, content: attachment.content });
    }
  }
  return images;
}

export type TArchiveReadService = ReturnType<typeof createArchiveReadService>;
