import { insertChangeRows } from '../history/sync-change.writer';
import type { TCreate, TDelete, TUpdate } from '../plan/plan.types';
import { inTransaction, type TSqlClient } from './sql-transaction';

export type TPlanChange = TCreate | TUpdate | TDelete;

export type TFailedChange = { item: TPlanChange; error: unknown };

const VERBS: Record<TPlanChange['kind'], string> = { create: 'create', update: 'update', delete: 'delete' };

/** "create user x@example.com": the change as an admin reads it in the run's error. */
export function describeChange(item: TPlanChange): string {
  return `${VERBS[item.kind]} user ${item.userName}`;
}

/** What Postgres said, without the statement (which holds a whole batch of users). */
function databaseReason(error: unknown): string {
  const pg = error as { message?: string; detail?: string; constraint?: string };
  const parts = [pg.message ?? String(error)];
  if (pg.detail) parts.push(pg.detail);
  return parts.join(': ');
}

/** A change the database refused: the run fails naming it; every other change of its batch is applied. */
export class ApplyChangeError extends Error {
  override readonly name = 'ApplyChangeError';
  readonly code = 'CHANGE_FAILED';

  constructor(
    readonly failures: readonly TFailedChange[],
    readonly applied: { created: number; updated: number; deleted: number },
  ) {
    const named = failures.slice(0, 3).map((failure) => describeChange(failure.item));
    const more = failures.length > 3 ? ` and ${failures.length - 3} more` : '';
    super(
      `The database refused to ${named.join(', ')}${more} (${databaseReason(failures[0]?.error)}). ` +
        'The other changes of its batch and the batches before it were applied; the rest of the plan was not. ' +
        'The history lists the refused change.',
    );
  }
}

function refusedRow(runId: string, failure: TFailedChange) {
  const { item } = failure;
  return {
    runId,
    kind:
      item.kind === 'create'
        ? ('CREATE' as const)
        : item.kind === 'update'
          ? ('UPDATE' as const)
          : ('DELETE' as const),
    outcome: 'SKIPPED' as const,
    userId: item.kind === 'create' ? null : item.userId,
    googleUserId: item.googleUserId,
    userName: item.userName,
    reason: item.reason,
    reasonText: `${item.reasonText} (not applied: the database refused it: ${databaseReason(failure.error)})`,
  };
}

/**
 * Applies a batch in one transaction; when the database refuses it, rolls back and applies its
 * changes one by one instead, so a single bad change neither takes the others of its batch with
 * it nor goes unnamed. Refused changes are recorded in the history as SKIPPED with Postgres's reason.
 */
export async function applyIsolated<T extends TPlanChange>(
  sql: TSqlClient,
  runId: string,
  batch: readonly T[],
  write: (items: readonly T[]) => Promise<void>,
): Promise<{ applied: number; failures: TFailedChange[] }> {
  try {
    await inTransaction(sql, () => write(batch));
    return { applied: batch.length, failures: [] };
  } catch (error) {
    if (batch.length === 1) {
      const failures = [{ item: batch[0]!, error }];
      await insertChangeRows(
        sql,
        runId,
        failures.map((failure) => refusedRow(runId, failure)),
      );
      return { applied: 0, failures };
    }
  }
  let applied = 0;
  const failures: TFailedChange[] = [];
  for (const item of batch) {
    try {
      await inTransaction(sql, () => write([item]));
      applied += 1;
    } catch (error) {
      failures.push({ item, error });
    }
  }
  await insertChangeRows(
    sql,
    runId,
    failures.map((failure) => refusedRow(runId, failure)),
  );
  return { applied, failures };
}
