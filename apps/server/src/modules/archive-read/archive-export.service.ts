import { randomUUID } from 'node:crypto';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { TBlobStore } from '@wac/archive';
import type pg from 'pg';
import { AppError } from '../../errors/app-error';
import type { TClock } from '../../lib/clock';
import type { TPrisma } from '../../lib/db';
import type { TActiveSession } from '../auth/session.service';
import type { TAccessLog, TReadContext } from './access-log.service';
import {
  countDownload,
  findExport,
  insertExport,
  listExports,
  updateExport,
} from './archive-export.repository';
import { findMessageSummaries } from './archive-read.repository';
import type { TArchiveExport, TArchiveExportInput } from './archive-read.schemas';
import type { TArchiveArea, TArchiveReader } from './archive-reader.policy';
import { resolveSelection } from './archive-selection.resolver';
import { createMboxWriter, createZipWriter } from './export-file.writer';

export type TArchiveExportDeps = {
  prisma: TPrisma;
  clock: TClock;
  getPool: () => Promise<Pick<pg.Pool, 'connect'>>;
  getStore: () => Promise<TBlobStore>;
  accessLog: TAccessLog;
  readerOf: (session: TActiveSession, area: TArchiveArea) => Promise<TArchiveReader>;
  /** DATA_DIR/exports: prepared files wait here for their (resumable) download. */
  exportsDir: string;
  serverTimeZone: string;
  /** How often progress is written while a file is prepared. */
  progressIntervalMs?: number;
  log: { warn(obj: object, msg?: string): void };
};

type TExportRow = NonNullable<Awaited<ReturnType<typeof findExport>>>;

const BATCH = 100;

export function createArchiveExportService(deps: TArchiveExportDeps) {
  const running = new Set<Promise<void>>();
  const fileOf = (row: Pick<TExportRow, 'id' | 'format'>) =>
    path.join(deps.exportsDir, `${row.id}.${row.format === 'ZIP' ? 'zip' : 'mbox'}`);

  /** Creator only; in the ALL area, admins see everyone's (the export log). */
  const findVisible = async (session: TActiveSession, area: TArchiveArea, id: string) => {
    const reader = await deps.readerOf(session, area);
    const row = await findExport(deps.prisma, id);
    const isVisible =
      row !== null && (row.createdByUserId === reader.userId || (area === 'ALL' && reader.isAdmin));
    if (!isVisible) throw new AppError('NOT_FOUND', { message: 'There is no such export.' });
    return row;
  };

  async function prepare(row: TExportRow, addresses: string[]) {
    const file = fileOf(row);
    const partial = `${file}.part`;
    try {
      await mkdir(deps.exportsDir, { recursive: true, mode: 0o700 });
      const writer = row.format === 'ZIP' ? createZipWriter(partial) : createMboxWriter(partial);
      const store = await deps.getStore();
      let done = 0;
      let lastProgressAt = 0;
      for (let start = 0; start < addresses.length; start += BATCH) {
        const batch = addresses.slice(start, start + BATCH);
        const summaries = new Map(
          (await findMessageSummaries(deps.prisma, batch)).map((summary) => [summary.address, summary]),
        );
        for (const address of batch) {
          const summary = summaries.get(address);
          await writer.add({
            raw: await store.get(address),
            sender: summary?.fromAddress ?? null,
            date: summary?.date ?? null,
            subject: summary?.subject ?? null,
          });
          done += 1;
        }
        const now = Date.now();
        if (now - lastProgressAt >= (deps.progressIntervalMs ?? 500)) {
          lastProgressAt = now;
          await updateExport(deps.prisma, row.id, { doneMessages: done });
        }
      }
      await writer.finish();
      await rename(partial, file);
      const { size } = await stat(file);
      await updateExport(deps.prisma, row.id, {
        status: 'READY',
        doneMessages: done,
        bytes: BigInt(size),
        finishedAt: deps.clock.now(),
      });
    } catch (error) {
      deps.log.warn({ err: error, exportId: row.id }, 'archive export failed');
      await rm(partial, { force: true }).catch(() => undefined);
      await updateExport(deps.prisma, row.id, {
        status: 'FAILED',
        error: 'The export could not be written; see the server log.',
        finishedAt: deps.clock.now(),
      }).catch(() => undefined);
    }
  }

  return {
    async create(
      session: TActiveSession,
      area: TArchiveArea,
      input: TArchiveExportInput,
      context: TReadContext,
    ): Promise<TArchiveExport> {
      let folderIds: string[] = [];
      return deps.accessLog.audited(
        context,
        { area, action: 'EXPORT', details: { format: input.format, selection: input.selection.kind } },
        async () => {
          const reader = await deps.readerOf(session, area);
          if (!reader.canExport) {
            throw new AppError('FORBIDDEN', { message: 'Exporting needs the "Export E-mail" privilege.' });
          }
          const selection = await resolveSelection(deps, input.selection, reader.readable);
          folderIds = selection.archiveFolderIds;
          const id = randomUUID();
          const stamp = deps.clock.now().toISOString().slice(0, 10);
          const row = await insertExport(deps.prisma, {
            id,
            createdByUserId: reader.userId,
            createdByName: reader.name,
            area,
            format: input.format,
            selection: input.selection,
            description: selection.description,
            status: 'PREPARING',
            totalMessages: selection.addresses.length,
            bytes: 0n,
            fileName: `archive-export-${stamp}-${id.slice(0, 8)}.${input.format === 'ZIP' ? 'zip' : 'mbox'}`,
          });
          const task = prepare(row, selection.addresses).finally(() => running.delete(task));
          running.add(task);
          return toExport(row);
        },
        (created) => ({
          archiveFolderIds: folderIds,
          details: {
            exportId: created.id,
            messages: created.totalMessages,
            description: created.description,
          },
        }),
      );
    },

    async get(session: TActiveSession, area: TArchiveArea, id: string): Promise<TArchiveExport> {
      return toExport(await findVisible(session, area, id));
    },

    async list(session: TActiveSession, area: TArchiveArea): Promise<TArchiveExport[]> {
      const reader = await deps.readerOf(session, area);
      const rows = await listExports(deps.prisma, area === 'ALL' && reader.isAdmin ? null : reader.userId);
      return rows.map(toExport);
    },

    /** The prepared file for a (possibly ranged) download; only its creator may fetch it. */
    async download(
      session: TActiveSession,
      area: TArchiveArea,
      id: string,
      range: string | null,
      context: TReadContext,
    ) {
      return deps.accessLog.audited(
        context,
        { area, action: 'EXPORT_DOWNLOAD', details: { exportId: id, ...(range ? { range } : {}) } },
        async () => {
          const row = await findVisible(session, area, id);
          if (row.createdByUserId !== session.user.id) {
            throw new AppError('NOT_FOUND', {
              message: 'Only the person who made an export can download it.',
            });
          }
          if (row.status !== 'READY') {
            throw new AppError('CONFLICT', { message: 'The export is not ready yet.' });
          }
          if (range === null) await countDownload(deps.prisma, id);
          const file = fileOf(row);
          const { size, mtime } = await stat(file);
          return {
            file,
            size,
            fileName: row.fileName,
            etag: `"${row.id}-${size}"`,
            lastModified: mtime,
            contentType: row.format === 'ZIP' ? 'application/zip' : 'application/mbox',
          };
        },
      );
    },

    /** Lets exports in progress finish (app.close). */
    async close(): Promise<void> {
      await Promise.allSettled([...running]);
    },
  };
}

function toExport(row: TExportRow): TArchiveExport {
  return {
    id: row.id,
    createdAt: row.createdAt.toISOString(),
    createdByName: row.createdByName,
    format: row.format as TArchiveExport['format'],
    description: row.description,
    status: row.status as TArchiveExport['status'],
    totalMessages: row.totalMessages,
    doneMessages: row.doneMessages,
    bytes: Number(row.bytes),
    fileName: row.fileName,
    error: row.error,
    finishedAt: row.finishedAt?.toISOString() ?? null,
    downloads: row.downloads,
  };
}

export type TArchiveExportService = ReturnType<typeof createArchiveExportService>;
