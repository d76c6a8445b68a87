import { ArchiveSearchError, searchArchive } from '@wac/archive';
import type pg from 'pg';
import { AppError } from '../../errors/app-error';
import type { TPrisma } from '../../lib/db';
import { filterReadable, listFolderMessages } from './archive-read.repository';
import type { TArchiveSelection } from './archive-read.schemas';
import { canRead } from './archive-reader.policy';

/** Messages one export or restore may hold: a bound that keeps a run to hours, not days. */
export const SELECTION_MAX_MESSAGES = 100_000;

export type TResolvedSelection = { addresses: string[]; description: string; archiveFolderIds: string[] };

/**
 * The message ids a selection names, limited to `readable` (and to one archive when `onlyFolder`
 * is given, for restores). A message or archive outside it answers NOT_FOUND, the same as one
 * that does not exist.
 */
export async function resolveSelection(
  deps: { prisma: TPrisma; getPool: () => Promise<Pick<pg.Pool, 'connect'>>; serverTimeZone: string },
  selection: TArchiveSelection,
  readable: string[] | 'all',
  onlyFolder?: string,
): Promise<TResolvedSelection> {
  const scope = onlyFolder ? [onlyFolder] : readable;
  const notFound = () =>
    new AppError('NOT_FOUND', { message: 'There is no such archive or message among those you can read.' });
  switch (selection.kind) {
    case 'MESSAGES': {
      const ids = [...new Set(selection.messageIds)];
      const found = await filterReadable(deps.prisma, ids, scope);
      if (found.size !== ids.length) throw notFound();
      return {
        addresses: ids,
        description: `${ids.length} selected message(s)`,
        archiveFolderIds: onlyFolder ? [onlyFolder] : [],
      };
    }
    case 'FOLDER':
    case 'LABEL': {
      const folderId = selection.archiveFolderId;
      if (!canRead({ readable: scope } as never, folderId)) throw notFound();
      const addresses = await listFolderMessages(deps.prisma, {
        archiveFolderId: folderId,
        ...(selection.kind === 'FOLDER' && selection.folder ? { folder: selection.folder } : {}),
        ...(selection.kind === 'LABEL' ? { label: selection.label } : {}),
        limit: SELECTION_MAX_MESSAGES,
      });
      const what =
        selection.kind === 'LABEL'
          ? `label "${selection.label}"`
          : selection.folder
            ? `folder "${selection.folder}"`
            : 'the whole archive';
      return { addresses, description: what, archiveFolderIds: [folderId] };
    }
    case 'SEARCH': {
      let searchScope: string[] | 'all' = scope;
      if (selection.archiveFolderId) {
        searchScope = canRead({ readable: scope } as never, selection.archiveFolderId)
          ? [selection.archiveFolderId]
          : [];
      }
      const addresses: string[] = [];
      let cursor: string | null = null;
      try {
        do {
          const page = await searchArchive(
            { pool: await deps.getPool() },
            {
              archiveFolderIds: searchScope,
              query: selection.query,
              timeZone: selection.timeZone ?? deps.serverTimeZone,
              pageSize: 200,
              cursor,
            },
          );
          addresses.push(...page.hits.map((hit) => hit.messageId));
          cursor = page.nextCursor;
        } while (cursor !== null && addresses.length < SELECTION_MAX_MESSAGES);
      } catch (error) {
        if (error instanceof ArchiveSearchError)
          throw new AppError('BAD_REQUEST', { message: error.message });
        throw error;
      }
      return {
        addresses: addresses.slice(0, SELECTION_MAX_MESSAGES),
        description: `search "${selection.query}"`,
        archiveFolderIds: searchScope === 'all' ? [] : searchScope,
      };
    }
  }
}
