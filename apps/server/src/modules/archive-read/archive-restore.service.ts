import type { TBlobStore } from '@wac/archive';
import type { TRestoreAppender, TRestoreAppenderDeps } from '@wac/mail';
import type pg from 'pg';
import { AppError } from '../../errors/app-error';
import type { TClock } from '../../lib/clock';
import type { TPrisma } from '../../lib/db';
import type { TActiveSession } from '../auth/session.service';
import type { TAccessLog, TReadContext } from './access-log.service';
import { findRestore, insertRestore, listRestores, updateRestore } from './archive-export.repository';
import { findCopiesInScope, findFolderOwner } from './archive-read.repository';
import type { TArchiveRestore, TArchiveRestoreInput } from './archive-read.schemas';
import { canRestore, type TArchiveArea, type TArchiveReader } from './archive-reader.policy';
import { resolveSelection } from './archive-selection.resolver';
import { restoreTargetOf } from './restore-target';

export type TArchiveRestoreDeps = {
  prisma: TPrisma;
  clock: TClock;
  getPool: () => Promise<Pick<pg.Pool, 'connect'>>;
  getStore: () => Promise<TBlobStore>;
  accessLog: TAccessLog;
  readerOf: (session: TActiveSession, area: TArchiveArea) => Promise<TArchiveReader>;
  serverTimeZone: string;
  imap: TRestoreAppenderDeps['imap'];
  /** A delegated token with the mail scope for the mailbox's owner. */
  getAccessToken: (userEmail: string) => Promise<string>;
  openAppender: (deps: TRestoreAppenderDeps) => Promise<TRestoreAppender>;
  log: { warn(obj: object, msg?: string): void };
};

type TRestoreRow = NonNullable<Awaited<ReturnType<typeof findRestore>>>;

export function createArchiveRestoreService(deps: TArchiveRestoreDeps) {
  const running = new Set<Promise<void>>();

  async function run(row: TRestoreRow, addresses: string[]) {
    const counts = { appended: 0, alreadyPresent: 0, failed: 0 };
    const problems: string[] = [];
    let appender: TRestoreAppender | null = null;
    try {
      const accessToken = await deps.getAccessToken(row.mailbox);
      appender = await deps.openAppender({ imap: deps.imap, user: row.mailbox, accessToken });
      const store = await deps.getStore();
      for (const address of addresses) {
        const [copy] = await findCopiesInScope(deps.prisma, address, [row.archiveFolderId]);
        if (!copy) continue;
        const target = restoreTargetOf(copy);
        const result = await appender.restore({
          raw: await store.get(address),
          folder: target.folder,
          flags: target.flags,
          extraLabels: target.extraLabels,
          internalDate: copy.internalDate,
        });
        if (result.outcome === 'APPENDED') counts.appended += 1;
        else if (result.outcome === 'ALREADY_PRESENT') counts.alreadyPresent += 1;
        else {
          counts.failed += 1;
          if (result.problem && problems.length < 5) problems.push(result.problem);
        }
        await updateRestore(deps.prisma, row.id, counts);
      }
      await updateRestore(deps.prisma, row.id, {
        ...counts,
        status: counts.failed === 0 ? 'SUCCEEDED' : 'FAILED',
        error:
          counts.failed === 0
            ? null
            : `${counts.failed} message(s) could not be appended: ${problems.join('; ')}`,
        finishedAt: deps.clock.now(),
      });
    } catch (error) {
      deps.log.warn({ err: error, restoreId: row.id }, 'archive restore failed');
      await updateRestore(deps.prisma, row.id, {
        ...counts,
        status: 'FAILED',
        error: `The mailbox could not be opened: ${error instanceof Error ? error.message : String(error)}`,
        finishedAt: deps.clock.now(),
      }).catch(() => undefined);
    } finally {
      await appender?.close().catch(() => undefined);
    }
  }

  const findVisible = async (session: TActiveSession, area: TArchiveArea, id: string) => {
    const reader = await deps.readerOf(session, area);
    const row = await findRestore(deps.prisma, id);
    if (row === null || (row.createdByUserId !== reader.userId && !(area === 'ALL' && reader.isAdmin))) {
      throw new AppError('NOT_FOUND', { message: 'There is no such restore.' });
    }
    return row;
  };

  return {
    async create(
      session: TActiveSession,
      area: TArchiveArea,
      input: TArchiveRestoreInput,
      context: TReadContext,
    ): Promise<TArchiveRestore> {
      return deps.accessLog.audited(
        context,
        {
          area,
          action: 'RESTORE',
          archiveFolderIds: [input.archiveFolderId],
          details: { selection: input.selection.kind },
        },
        async () => {
          const reader = await deps.readerOf(session, area);
          if (!canRestore(reader, input.archiveFolderId)) {
            throw new AppError(area === 'ALL' ? 'FORBIDDEN' : 'NOT_FOUND', {
              message:
                area === 'ALL'
                  ? 'Restoring needs an administrator; auditors read only.'
                  : 'You can restore only your own archive, and only with Write access to it.',
            });
          }
          const folder = await findFolderOwner(deps.prisma, input.archiveFolderId);
          const mailbox = folder?.owner?.emails[0];
          if (!folder || !mailbox) {
            throw new AppError('CONFLICT', {
              message: 'This archive has no user with a mailbox any more; assign it to a user first.',
            });
          }
          const selection = await resolveSelection(
            deps,
            input.selection,
            reader.readable,
            input.archiveFolderId,
          );
          const row = await insertRestore(deps.prisma, {
            createdByUserId: reader.userId,
            createdByName: reader.name,
            archiveFolderId: folder.id,
            mailbox,
            description: selection.description,
            status: 'RUNNING',
            totalMessages: selection.addresses.length,
          });
          const task = run(row, selection.addresses).finally(() => running.delete(task));
          running.add(task);
          return toRestore(row);
        },
        (created) => ({
          details: { restoreId: created.id, messages: created.totalMessages, mailbox: created.mailbox },
        }),
      );
    },

    async get(session: TActiveSession, area: TArchiveArea, id: string) {
      return toRestore(await findVisible(session, area, id));
    },

    async list(session: TActiveSession, area: TArchiveArea) {
      const reader = await deps.readerOf(session, area);
      const rows = await listRestores(deps.prisma, area === 'ALL' && reader.isAdmin ? null : reader.userId);
      return rows.map(toRestore);
    },

    async close(): Promise<void> {
      await Promise.allSettled([...running]);
    },
  };
}

function toRestore(row: TRestoreRow): TArchiveRestore {
  return {
    id: row.id,
    createdAt: row.createdAt.toISOString(),
    createdByName: row.createdByName,
    archiveFolderId: row.archiveFolderId,
    mailbox: row.mailbox,
    description: row.description,
    status: row.status as TArchiveRestore['status'],
    totalMessages: row.totalMessages,
    appended: row.appended,
    alreadyPresent: row.alreadyPresent,
    failed: row.failed,
    error: row.error,
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}

export type TArchiveRestoreService = ReturnType<typeof createArchiveRestoreService>;
