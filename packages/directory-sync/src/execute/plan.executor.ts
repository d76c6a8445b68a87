import { randomUUID } from 'node:crypto';
// The subpath, not the package: the sync worker thread must not load the Prisma client for one function.
import { toUserNameKey } from '@wac/db/user-name-key';
import { createRow, removalRow, type TChangeRow, updateRow } from '../history/sync-change.rows';
import { insertChangeRows } from '../history/sync-change.writer';
import type { TCreate, TDelete, TUpdate } from '../plan/plan.types';
import type { TArchiveAccess } from '../settings/sync-settings.types';
import { ApplyChangeError, applyIsolated, type TFailedChange, type TPlanChange } from './batch-isolation';
import { DELETE_DIRECTORY_USERS_SQL, INSERT_USERS_WITH_ARCHIVES_SQL } from './bulk-insert.sql';
import type { TSqlClient } from './sql-transaction';
import {
  buildBulkUpdateSql,
  patchFields,
  RELEASE_USER_NAME_KEYS_SQL,
  RENAME_ARCHIVE_FOLDERS_SQL,
  toUpdateRecord,
} from './user-update.sql';

export type TApplyPlanOptions = {
  /** The run's own connection: each batch is a transaction on it. */
  sql: TSqlClient;
  /** More connections for creates, which are independent of each other and can go in parallel. */
  extraSql?: readonly TSqlClient[];
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

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += size) out.push(items.slice(start, start + size));
  return out;
}

/**
 * Applies deletes, then renames, then other updates, then creates (a create may take a name a
 * delete or rename frees). Each batch is one transaction holding its user writes and their
 * history rows, so the history never claims a change that was rolled back. A batch the database
 * refuses is retried change by change, so its other changes still apply and the refused one is
 * named (see batch-isolation.ts); the run then stops with an ApplyChangeError, the batches before
 * it staying applied and in the history.
 */
export async function applyPlan(options: TApplyPlanOptions): Promise<TApplyPlanResult> {
  const { sql, runId } = options;
  const size = options.batchSize ?? DEFAULT_APPLY_BATCH;
  const now = options.now ?? (() => new Date());
  const result: TApplyPlanResult = { created: 0, updated: 0, deleted: 0 };
  const report = () => options.onApplied?.(result.created + result.updated + result.deleted);
  const failures: TFailedChange[] = [];
  const applyBatch = async <T extends TPlanChange>(
    client: TSqlClient,
    batch: readonly T[],
    write: (items: readonly T[]) => Promise<void>,
  ): Promise<number> => {
    const outcome = await applyIsolated(client, runId, batch, write);
    failures.push(...outcome.failures);
    return outcome.applied;
  };

  for (const batch of chunks(options.deletes, size)) {
    result.deleted += await applyBatch(sql, batch, async (items) => {
      await sql.query(DELETE_DIRECTORY_USERS_SQL, [items.map((item) => item.userId), now().toISOString()]);
      await insertChangeRows(
        sql,
        runId,
        items.map((item) => removalRow(runId, item, 'APPLIED')),
      );
    });
    report();
    if (failures.length > 0) throw new ApplyChangeError(failures, result);
  }

  const renames = options.updates.filter((item) => item.patch.userName !== undefined);
  const others = options.updates.filter((item) => item.patch.userName === undefined);
  if (renames.length > 0) {
    // All renames in one transaction: names may pass from one user to another, even in a cycle.
    result.updated += await applyBatch(sql, renames, async (items) => {
      await sql.query(RELEASE_USER_NAME_KEYS_SQL, [items.map((item) => item.userId)]);
      await writeUpdates(sql, runId, items, now());
      const folders = items.map((item) => ({ id: item.userId, user_name: item.patch.userName }));
      await sql.query(RENAME_ARCHIVE_FOLDERS_SQL, [JSON.stringify(folders)]);
    });
    report();
    if (failures.length > 0) throw new ApplyChangeError(failures, result);
  }
  for (const batch of chunks(others, size)) {
    result.updated += await applyBatch(sql, batch, (items) => writeUpdates(sql, runId, items, now()));
    report();
    if (failures.length > 0) throw new ApplyChangeError(failures, result);
  }

  // Creates never touch the same rows, so each connection takes the next batch as it gets free:
  // Postgres then spends its time on two batches at once instead of waiting on this process.
  const createBatches = chunks(options.creates, size);
  let next = 0;
  const createOn = async (client: TSqlClient) => {
    for (let index = next++; index < createBatches.length && failures.length === 0; index = next++) {
      const batch = createBatches[index]!;
      result.created += await applyBatch(client, batch, (items) =>
        writeCreates(client, runId, items, options.archiveAccess, now()),
      );
      report();
    }
  };
  await Promise.all([sql, ...(options.extraSql ?? [])].map(createOn));
  if (failures.length > 0) throw new ApplyChangeError(failures, result);
  return result;
}

async function writeUpdates(
  sql: TSqlClient,
  runId: string,
  batch: readonly TUpdate[],
  at: Date,
): Promise<void> {
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
    await sql.query(buildBulkUpdateSql(fields), [JSON.stringify(records), at.toISOString()]);
  }
  await insertChangeRows(
    sql,
    runId,
    batch.map((item) => updateRow(runId, item, 'APPLIED')),
  );
}

async function writeCreates(
  sql: TSqlClient,
  runId: string,
  batch: readonly TCreate[],
  archiveAccess: readonly TArchiveAccess[],
  at: Date,
): Promise<void> {
  const users: Record<string, unknown>[] = [];
  const changes: TChangeRow[] = [];
  for (const item of batch) {
    const userId = randomUUID();
    users.push({
      id: userId,
      folder_id: randomUUID(),
      user_name: item.userName,
      user_name_key: toUserNameKey(item.userName),
      full_name: item.fullName,
      emails: item.emails,
      google_user_id: item.googleUserId,
      org_unit_path: item.orgUnitPath,
      is_suspended: item.isSuspended,
      is_archived: item.isArchived === true,
      returning_folder_id: item.returningFolderId ?? null,
    });
    changes.push(createRow(runId, item, 'APPLIED', userId));
  }
  // Every create of a plan shares the one frozen default-privilege list.
  const privileges = batch[0]?.privileges ?? [];
  const canRead = archiveAccess.includes('read');
  const canWrite = archiveAccess.includes('write');
  const canDelete = archiveAccess.includes('delete');
  await sql.query(INSERT_USERS_WITH_ARCHIVES_SQL, [
    JSON.stringify(users),
    privileges,
    at.toISOString(),
    canRead || canWrite || canDelete,
    canRead,
    canWrite,
    canDelete,
  ]);
  await insertChangeRows(sql, runId, changes);
}
