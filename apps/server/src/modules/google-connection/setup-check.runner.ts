import { DirectoryError, GoogleAuthError, type TDirectoryClient, type TRetryOptions } from '@wac/google';
import { SecretBoxError } from '../secrets';
import type { TSetupCheckItem } from './google-connection.schemas';
import { describeGoogleFailure } from './google-problem.mapper';
import {
  countingRetries,
  sessionOf,
  skipped,
  type TCheckOutcome,
  type TSetupCheckContext,
  type TSetupCheckDeps,
  type TSetupCheckInput,
  type TSetupCheckRow,
} from './setup-check.context';
import { SETUP_CHECKS } from './setup-check.table';

const CHECK_RETRY: Partial<TRetryOptions> = { maxAttempts: 4, baseDelayMs: 500, maxDelayMs: 8_000 };

/**
 * Runs the rows of Check setup in order, each on its own with fresh tokens, and stores nothing.
 * A row is skipped when its own rule says an earlier result makes it meaningless, or when an
 * earlier row failed in a way that stops everything after it (no key, no admin user).
 */
export async function runSetupCheck(
  input: TSetupCheckInput,
  deps: TSetupCheckDeps,
  rows: readonly TSetupCheckRow[] = SETUP_CHECKS,
): Promise<TSetupCheckItem[]> {
  const items: TSetupCheckItem[] = [];
  let directory: TDirectoryClient | undefined;
  const context: TSetupCheckContext = {
    input,
    deps,
    retries: { count: 0 },
    notes: {},
    ...(input.testUser ? { ordinaryUser: input.testUser } : {}),
    statusOf: (id) => items.find((item) => item.id === id)?.status,
    directory() {
      const { adminUser, tokens } = sessionOf(context);
      directory ??= deps.clients.directoryClient(tokens, adminUser, {
        retry: { ...CHECK_RETRY, ...deps.retry },
        fetch: countingRetries(deps.clients.fetch, context.retries),
        timeoutMs: 20_000,
        ...(deps.sleep ? { sleep: deps.sleep } : {}),
      });
      return directory;
    },
  };

  let blockedBecause: string | undefined;
  for (const row of rows) {
    const reason = blockedBecause ?? row.skipReason?.(context);
    const outcome = reason !== undefined ? skipped(reason) : await runRow(row, context);
    items.push({ id: row.id, label: row.label, ...outcome });
    if (outcome.status === 'failed') blockedBecause ??= row.blocksOnFailure?.(context);
  }
  return items;
}

async function runRow(row: TSetupCheckRow, context: TSetupCheckContext): Promise<TCheckOutcome> {
  try {
    return await row.run(context);
  } catch (error) {
    if (!isKnownGoogleError(error)) context.deps.onUnexpectedError?.(error, row.id);
    const problem = describeGoogleFailure(error, {
      clientId: context.key?.clientId ?? '',
      adminUser: context.input.adminUser,
    });
    return {
      status: 'failed',
      message: problem.message,
      ...(problem.remedy ? { remedy: problem.remedy } : {}),
    };
  }
}

function isKnownGoogleError(error: unknown): boolean {
  return (
    error instanceof GoogleAuthError || error instanceof DirectoryError || error instanceof SecretBoxError
  );
}
