import { randomUUID } from 'node:crypto';
import { type Prisma, type PrismaClient, toUserNameKey } from '@wac/db';
import { createRow, removalRow, type TChangeRow, updateRow } from '../history/sync-change.rows';
import type { TCreate, TDelete, TUpdate } from '../plan/plan.types';
import type { TArchiveAccess } from '../settings/sync-settings.types';
import {
  buildBulkUpdateSql,
  patchFields,
  RELEASE_USER_NAME_KEYS_SQL,
  RENAME_ARCHIVE_FOLDERS_SQL,
  toUpdateRecord,
} from './user-update.sql';

type TTx = Prisma.TransactionClient;

export type TApplyPlanOptions = {
  prisma: PrismaClient;
  runId: string;
  creates: readonly TCreate[];
  updates: readonly TUpdate[];
  deletes: readonly TDelete[];
  /** A new user's access to their own archive folder. */
  archiveAccess: readonly TArchiveAccess[];
  batchSize?: number;
  /** Called after each committed batch with the running total of applied changes. */
  onApplied?: (applied: number) => void;
  now?: () => Date;
};

export type TApplyPlanResult = { created: number; updated: number; deleted: number };

export const DEFAULT_APPLY_BATCH = 1_000;
// A batch is a few multi-row statements; a minute only passes on a database in trouble.
const BATCH_TX = { timeout: 60_000, maxWait: 30_000 };

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += size) out.push(items.slice(start, start + size));
  return out;
}

/**
 * Applies deletes, then renames, then other updates, then creates (a create may take a name a
 * delete or rename frees). Each batch is one transaction holding its user writes and their
 * history rows, so the history never claims a change that was rolled back. A failing batch stops
 * the run; the batches before it stay applied and are in the history.
 */
export async function applyPlan(options: TApplyPlanOptions): Promise<TApplyPlanResult> {
  const size = options.batchSize ?? DEFAULT_APPLY_BATCH;
  const now = options.now ?? (() => new Date());
  const result: TApplyPlanResult = { created: 0, updated: 0, deleted: 0 };
  const report = () => options.onApplied?.(result.created + result.updated + result.deleted);

  for (const batch of chunks(options.deletes, size)) {
    await options.prisma.$transaction(async (tx) => {
      await tx.user.deleteMany({
        where: { id: { in: batch.map((item) => item.userId) }, authMethod: 'DIRECTORY' },
      });
      await tx.syncChange.createMany({
        data: batch.map((item) => removalRow(options.runId, item, 'APPLIED')),
      });
    }, BATCH_TX);
    result.deleted += batch.length;
    report();
  }

  const renames = options.updates.filter((item) => item.patch.userName !== undefined);
  const others = options.updates.filter((item) => item.patch.userName === undefined);
  if (renames.length > 0) {
    await options.prisma.$transaction(async (tx) => {
      await tx.$executeRawUnsafe(
        RELEASE_USER_NAME_KEYS_SQL,
        renames.map((item) => item.userId),
      );
      await writeUpdates(tx, options.runId, renames, now());
      const folders = renames.map((item) => ({ id: item.userId, user_name: item.patch.userName }));
      await tx.$executeRawUnsafe(RENAME_ARCHIVE_FOLDERS_SQL, JSON.stringify(folders));
    }, BATCH_TX);
    result.updated += renames.length;
    report();
  }
  for (const batch of chunks(others, size)) {
    await options.prisma.$transaction((tx) => writeUpdates(tx, options.runId, batch, now()), BATCH_TX);
    result.updated += batch.length;
    report();
  }

  for (const batch of chunks(options.creates, size)) {
    await options.prisma.$transaction(
      (tx) => writeCreates(tx, options.runId, batch, options.archiveAccess),
      BATCH_TX,
    );
    result.created += batch.length;
    report();
  }
  return result;
}

async function writeUpdates(tx: TTx, runId: string, batch: readonly TUpdate[], at: Date): Promise<void> {
  const bySignature = new Map<string, { fields: ReturnType<typeof patchFields>; items: TUpdate[] }>();
  for (const item of batch) {
    const fields = patchFields(item);
    const key = fields.join(',');
    const group = bySignature.get(key) ?? { fields, items: [] };
    group.items.push(item);
    bySignature.set(key, group);
  }
  for (const { fields, items } of bySignature.values()) {
    if (fields.length === 0) continue;
    const records = items.map((item) => toUpdateRecord(item, fields, toUserNameKey));
    await tx.$executeRawUnsafe(buildBulkUpdateSql(fields), JSON.stringify(records), at.toISOString());
  }
  await tx.syncChange.createMany({ data: batch.map((item) => updateRow(runId, item, 'APPLIED')) });
}

async function writeCreates(
  tx: TTx,
  runId: string,
  batch: readonly TCreate[],
  archiveAccess: readonly TArchiveAccess[],
): Promise<void> {
  const users: Prisma.UserCreateManyInput[] = [];
  const folders: Prisma.ArchiveFolderCreateManyInput[] = [];
  const access: Prisma.FolderAccessCreateManyInput[] = [];
  const changes: TChangeRow[] = [];
  const canRead = archiveAccess.includes('read');
  const canWrite = archiveAccess.includes('write');
  const canDelete = archiveAccess.includes('delete');
  const hasAccess = canRead || canWrite || canDelete;
  for (const item of batch) {
    const userId = randomUUID();
    const folderId = randomUUID();
    users.push({
      id: userId,
      userName: item.userName,
      userNameKey: toUserNameKey(item.userName),
      fullName: item.fullName,
      emails: item.emails,
      authMethod: 'DIRECTORY',
      googleUserId: item.googleUserId,
      orgUnitPath: item.orgUnitPath,
      isSuspended: item.isSuspended,
      privileges: item.privileges,
    });
    folders.push({
      id: folderId,
      name: `Archive of ${item.userName}`,
      ownerUserId: userId,
      ownerUserName: item.userName,
    });
    if (hasAccess) access.push({ folderId, userId, canRead, canWrite, canDelete });
    changes.push(createRow(runId, item, 'APPLIED', userId));
  }
  await tx.user.createMany({ data: users });
  await tx.archiveFolder.createMany({ data: folders });
  if (access.length > 0) await tx.folderAccess.createMany({ data: access });
  await tx.syncChange.createMany({ data: changes });
}
