import { setTimeout as sleep } from 'node:timers/promises';
import { createGmailMessageStore } from '../checkpoint/gmail-message.store';
import { createCheckpointStore } from '../checkpoint/mailbox-checkpoint.store';
import type { TImapSession } from '../imap/imap-session.types';
import { openImapflowSession } from '../imap/imapflow.session';
import { classifyMailboxError, isConnectionError, isPausing } from '../imap/mailbox-problem.classifier';
import type {
  TFolderVerdict,
  TMailboxArchiverDeps,
  TMailboxProblem,
  TMailboxRunResult,
  TMailboxTarget,
} from '../mailbox-archive.contract';
import { checkCompleteness, isComplete } from './completeness.checker';
import { DEFAULT_BATCH_LIMITS } from './fetch-batch.planner';
import { archiveFolder } from './folder.archiver';
import { selectFolders } from './folder-selection';
import { MailboxPause, type TMailboxRun } from './mailbox-run.state';

const DEFAULT_RECONNECT = { attempts: 4, baseDelayMs: 1000 };

/**
 * One run over one mailbox: archive what is new (or missing) in every selected folder, then prove
 * per folder what the archive holds. Never throws for Google's or the network's failures: they end
 * as a status with a problem and a remedy. Throws only when `deps.signal` aborts the run (the
 * checkpoint then holds everything committed so far).
 */
export async function archiveMailbox(
  deps: TMailboxArchiverDeps,
  target: TMailboxTarget,
): Promise<TMailboxRunResult> {
  const started = Date.now();
  const run: TMailboxRun = {
    deps,
    target,
    checkpoints: createCheckpointStore(deps.pool),
    gmail: createGmailMessageStore(deps.pool),
    limits: deps.batchLimits ?? DEFAULT_BATCH_LIMITS,
    archived: 0,
    alreadyArchived: 0,
    heldAtStart: new Map(),
    bytes: 0,
    failed: new Map(),
    committedSinceDrop: 0,
    snapshots: new Map(),
    unchanged: new Map(),
  };
  const reconnect = deps.reconnect ?? DEFAULT_RECONNECT;
  const openSession = deps.openSession ?? openImapflowSession;
  let problem: TMailboxProblem | undefined;
  let verdicts: TFolderVerdict[] = [];
  let drops = 0;

  for (;;) {
    deps.signal?.throwIfAborted();
    let session: TImapSession | undefined;
    let folders: string[] = [];
    try {
      const accessToken = await deps.getAccessToken(target.userEmail);
      session = await openSession(deps.imap, target.userEmail, accessToken);
      folders = selectFolders(await session.listFolders(), session.isGmail, target.folders);
      for (const folder of folders) await archiveFolder(run, session, folder);
      verdicts = await checkCompleteness(run, session, folders);
      break;
    } catch (error) {
      if (deps.signal?.aborted) throw deps.signal.reason;
      if (error instanceof MailboxPause) {
        problem = error.problem;
        // The budget pauses downloads, not the proof: listing UIDs costs no quota worth counting.
        if (problem.code === 'DAILY_BUDGET_EXHAUSTED' && session) {
          verdicts = await checkCompleteness(run, session, folders).catch(() => []);
        }
        break;
      }
      if (isConnectionError(error)) {
        // A drop after committed progress starts the count again: a flaky link still finishes.
        if (run.committedSinceDrop > 0) drops = 0;
        run.committedSinceDrop = 0;
        drops += 1;
        if (drops <= reconnect.attempts) {
          const delay = reconnect.baseDelayMs * 2 ** (drops - 1);
          deps.log.warn(
            { user: target.userEmail, attempt: drops, delayMs: delay, err: String(error) },
            'IMAP connection lost; resuming from the checkpoint',
          );
          await sleep(delay, undefined, deps.signal ? { signal: deps.signal } : undefined);
          continue;
        }
      }
      problem = classifyMailboxError(error, target.userEmail);
      deps.log.warn({ user: target.userEmail, code: problem.code, err: String(error) }, problem.message);
      break;
    } finally {
      await session?.close().catch(() => undefined);
    }
  }

  const failed = [...run.failed.values()];
  let heldAtStart = 0;
  for (const count of run.heldAtStart.values()) heldAtStart += count;
  return {
    status: statusOf(problem, verdicts),
    archived: run.archived,
    alreadyArchived: run.alreadyArchived + heldAtStart,
    failed,
    bytes: run.bytes,
    durationMs: Date.now() - started,
    folders: verdicts,
    ...(problem ? { problem } : {}),
  };
}

function statusOf(
  problem: TMailboxProblem | undefined,
  verdicts: TFolderVerdict[],
): TMailboxRunResult['status'] {
  if (problem) return isPausing(problem) ? 'paused' : 'failed';
  return verdicts.every(isComplete) ? 'complete' : 'incomplete';
}
