import type { Prisma } from '@wac/db';
import { isAppError } from '../../errors/app-error';
import type { TClock } from '../../lib/clock';
import type { TPrisma } from '../../lib/db';
import { insertAccessLogEntry, listAccessLogEntries } from './access-log.repository';
import type { TAccessLogPage, TAccessLogQuery, TArchiveAccessAction } from './archive-read.schemas';
import type { TArchiveArea } from './archive-reader.policy';

/** Who is asking and from where: the access log's "who" and "from where". */
export type TReadContext = {
  userId: string;
  userName: string;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
};

export type TAccessRecord = {
  area: TArchiveArea;
  action: TArchiveAccessAction;
  archiveFolderIds?: string[];
  messageAddress?: string | null;
  query?: string | null;
  details?: Prisma.InputJsonObject;
};

export function createAccessLog(deps: { prisma: TPrisma; clock: TClock }) {
  const write = async (
    context: TReadContext,
    record: TAccessRecord,
    result: 'ALLOWED' | 'DENIED' | 'FAILED',
    extra: Prisma.InputJsonObject = {},
  ) =>
    insertAccessLogEntry(deps.prisma, {
      at: deps.clock.now(),
      actorUserId: context.userId,
      actorName: context.userName,
      area: record.area,
      action: record.action,
      result,
      archiveFolderIds: [...new Set(record.archiveFolderIds ?? [])],
      messageAddress: record.messageAddress ?? null,
      query: record.query ?? null,
      details: { ...(record.details ?? {}), ...extra },
      ip: context.ip,
      userAgent: context.userAgent?.slice(0, 500) ?? null,
      requestId: context.requestId,
    });

  return {
    write,

    /**
     * Runs one access and logs it whatever happens: ALLOWED when it returns, DENIED when it is
     * refused (401/403/404: a message outside the reader's archives is "not found"), FAILED else.
     * `describe` adds what only the outcome knows (hits, archives touched).
     */
    async audited<T>(
      context: TReadContext,
      record: TAccessRecord,
      run: () => Promise<T>,
      describe?: (value: T) => Partial<TAccessRecord>,
    ): Promise<T> {
      let value: T;
      try {
        value = await run();
      } catch (error) {
        const status = isAppError(error) ? error.statusCode : 500;
        const isDenied = status === 401 || status === 403 || status === 404;
        await write(context, record, isDenied ? 'DENIED' : 'FAILED', {
          error: isAppError(error) ? error.code : 'INTERNAL',
        });
        throw error;
      }
      const more = describe?.(value) ?? {};
      await write(
        context,
        {
          ...record,
          ...more,
          details: { ...(record.details ?? {}), ...(more.details ?? {}) },
        },
        'ALLOWED',
      );
      return value;
    },

    async list(query: TAccessLogQuery): Promise<TAccessLogPage> {
      const rows = await listAccessLogEntries(deps.prisma, {
        ...query,
        since: query.since ? new Date(query.since) : undefined,
        until: query.until ? new Date(query.until) : undefined,
        beforeId: query.before ? BigInt(query.before) : undefined,
        limit: query.limit,
      });
      return {
        items: rows.map((row) => ({
          id: row.id.toString(),
          at: row.at.toISOString(),
          actorUserId: row.actorUserId,
          actorName: row.actorName,
          area: row.area as 'OWN' | 'ALL',
          action: row.action as TArchiveAccessAction,
          result: row.result as 'ALLOWED' | 'DENIED' | 'FAILED',
          archiveFolderIds: row.archiveFolderIds,
          messageId: row.messageAddress,
          query: row.query,
          details: (row.details ?? {}) as Record<string, unknown>,
          ip: row.ip,
          userAgent: row.userAgent,
        })),
        nextBefore: rows.length === query.limit ? (rows.at(-1)?.id.toString() ?? null) : null,
      };
    },
  };
}

export type TAccessLog = ReturnType<typeof createAccessLog>;
