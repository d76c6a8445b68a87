import type { TIngestItem } from '@wac/archive';
import type { TMailboxCheckpoint } from '../checkpoint/mailbox-checkpoint.store';
import type { TFetchedMessage, TFolderStatus, TImapSession, TMessageMeta } from '../imap/imap-session.types';
import { isConnectionError, overQuota, throttled } from '../imap/mailbox-problem.classifier';
import { planBatches } from './fetch-batch.planner';
import { failedKey, MailboxPause, type TMailboxRun } from './mailbox-run.state';

/** Extra tries for a message the server answered nothing (or an error) for, one UID at a time. */
const SINGLE_MESSAGE_RETRIES = 2;

/**
 * Archives what `path` holds and the archive does not: every UID the server lists minus the UIDs
 * archived (or, on Gmail, remapped) under the current UIDVALIDITY, so a message that failed on an
 * earlier run is retried even below the checkpoint. Connection errors propagate (the caller
 * reconnects and calls again; committed batches are not fetched twice).
 */
export async function archiveFolder(run: TMailboxRun, session: TImapSession, path: string): Promise<void> {
  const { deps, target, checkpoints } = run;
  const archiveFolderId = target.archiveFolderId;
  const checkpoint = await checkpoints.read(archiveFolderId, path);
  if (checkpoint?.highestModseq !== undefined) {
    // One STATUS instead of SELECT, UID SEARCH ALL and the archive's UID list: a folder whose state
    // is the checkpoint's holds nothing the archive lacks (see isUnchangedSince).
    const status = await session.folderStatus(path);
    noticeSignal(run, session);
    if (isUnchangedSince(checkpoint, status)) {
      run.unchanged.set(path, status);
      if (!run.heldAtStart.has(path)) run.heldAtStart.set(path, status.messages);
      return;
    }
  }
  const selected = await session.select(path);
  if (checkpoint && checkpoint.uidValidity !== selected.uidValidity) {
    deps.log.warn(
      { folder: path, from: checkpoint.uidValidity, to: selected.uidValidity },
      'UIDVALIDITY changed: the old UIDs are void; comparing the folder anew',
    );
    await checkpoints.reset(archiveFolderId, path, selected.uidValidity);
  }
  const serverUids = await session.searchAllUids();
  const held = await heldUids(run, session, path, selected.uidValidity);
  let candidates = serverUids.filter((uid) => !held.has(uid));
  // After a reconnect the folder is compared again; what this run archived is not "already" held.
  if (!run.heldAtStart.has(path)) run.heldAtStart.set(path, serverUids.length - candidates.length);
  if (selected.highestModseq !== undefined) {
    run.snapshots.set(path, {
      uidValidity: selected.uidValidity,
      highestModseq: selected.highestModseq,
      serverUids,
      held,
    });
  } else run.snapshots.delete(path);

  const metas = await session.fetchMeta(candidates);
  noticeSignal(run, session);
  let toFetch = metas;
  if (session.isGmail) toFetch = await remapKnownGmailMessages(run, path, selected.uidValidity, metas);
  candidates = toFetch.map((meta) => meta.uid);

  let done = 0;
  const total = candidates.length;
  const batches = planBatches(toFetch, run.limits);
  // Pipelined: the next batch downloads while this one is written, fsync'd and committed (the
  // commit touches no IMAP). At most two batches are in memory; commits stay in UID order.
  let inFlight:
    | { batch: TMessageMeta[]; affordable: TMessageMeta[]; fetched: Promise<TFetchedMessage[]> }
    | undefined;
  const startFetch = (index: number, reservedBytes: number) => {
    const batch = batches[index];
    if (batch === undefined) return undefined;
    const affordable = withinBudget(run, batch, reservedBytes);
    if (affordable.length === 0) return undefined;
    const fetched = fetchWithRetries(run, session, path, affordable);
    // Observed at once: a failure surfaces when awaited below, never as an unhandled rejection.
    fetched.catch(() => undefined);
    return { batch, affordable, fetched };
  };
  try {
    deps.signal?.throwIfAborted();
    inFlight = startFetch(0, 0);
    if (batches.length > 0 && inFlight === undefined) throw new MailboxPause(budgetExhausted(run));
    for (let index = 0; inFlight !== undefined; index++) {
      const { batch, affordable } = inFlight;
      const fetched = await inFlight.fetched;
      inFlight = undefined;
      deps.signal?.throwIfAborted();
      const isWhole = affordable.length === batch.length;
      if (isWhole) inFlight = startFetch(index + 1, sizeOf(affordable));
      const isLast = index === batches.length - 1 && isWhole;
      await commitBatch(run, path, selected, fetched, isLast && !hasFailures(run, path));
      done += affordable.length;
      deps.onProgress?.({ folder: path, messagesDone: done, messagesTotal: total, bytesDone: run.bytes });
      noticeSignal(run, session);
      if (!isWhole || (inFlight === undefined && index < batches.length - 1)) {
        throw new MailboxPause(budgetExhausted(run));
      }
    }
  } finally {
    // Leaving early (pause, abort, error): the session must be idle before anyone else uses it.
    if (inFlight !== undefined) await inFlight.fetched.catch(() => undefined);
  }
  const highestUid = serverUids.at(-1) ?? 0;
  const isCurrent =
    checkpoint !== undefined &&
    checkpoint.uidValidity === selected.uidValidity &&
    checkpoint.highestUid >= highestUid &&
    checkpoint.highestModseq !== undefined &&
    checkpoint.highestModseq === selected.highestModseq;
  if (batches.length === 0 && !hasFailures(run, path) && !isCurrent) {
    // Nothing new: record the folder's HIGHESTMODSEQ so the checkpoint says how current it is.
    await checkpoints.advance(deps.pool, archiveFolderId, {
      folder: path,
      uidValidity: selected.uidValidity,
      highestUid,
      ...(selected.highestModseq !== undefined ? { highestModseq: selected.highestModseq } : {}),
    });
  }
}

/**
 * True when the folder is exactly as it was when its checkpoint got its HIGHESTMODSEQ. The
 * checkpoint records HIGHESTMODSEQ only when every UID the server listed at that mod-sequence was
 * committed with no failure, and CONDSTORE raises HIGHESTMODSEQ on every append, flag change and
 * expunge; an equal UIDNEXT also rules out any append after the highest archived UID.
 */
export function isUnchangedSince(checkpoint: TMailboxCheckpoint, status: TFolderStatus): boolean {
  return (
    checkpoint.highestModseq !== undefined &&
    status.highestModseq !== undefined &&
    status.highestModseq === checkpoint.highestModseq &&
    status.uidValidity === checkpoint.uidValidity &&
    status.uidNext !== undefined &&
    status.uidNext === checkpoint.highestUid + 1
  );
}

async function heldUids(run: TMailboxRun, session: TImapSession, path: string, uidValidity: number) {
  const archived = await run.deps.ingest.archivedUids(run.target.archiveFolderId, path, uidValidity);
  const held = new Set(archived);
  if (session.isGmail) {
    for (const uid of await run.gmail.uidsSeen(run.target.archiveFolderId, path, uidValidity)) held.add(uid);
  }
  return held;
}

/** Gmail keeps X-GM-MSGID across a UIDVALIDITY change: a known id is recorded under its new UID. */
async function remapKnownGmailMessages(
  run: TMailboxRun,
  path: string,
  uidValidity: number,
  metas: TMessageMeta[],
): Promise<TMessageMeta[]> {
  const ids = metas.map((meta) => meta.gmailMessageId).filter((id): id is string => id !== undefined);
  const known = await run.gmail.known(run.target.archiveFolderId, ids);
  if (known.size === 0) return metas;
  const remapped = metas.filter(
    (meta) => meta.gmailMessageId !== undefined && known.has(meta.gmailMessageId),
  );
  await run.gmail.record(
    run.deps.pool,
    run.target.archiveFolderId,
    remapped.map((meta) => ({
      gmailMessageId: meta.gmailMessageId as string,
      folder: path,
      uidValidity,
      uid: meta.uid,
    })),
  );
  run.alreadyArchived += remapped.length;
  const snapshot = run.snapshots.get(path);
  for (const meta of remapped) snapshot?.held.add(meta.uid);
  run.deps.log.info(
    { folder: path, remapped: remapped.length },
    'remapped known Gmail messages to new UIDs without downloading',
  );
  return metas.filter((meta) => meta.gmailMessageId === undefined || !known.has(meta.gmailMessageId));
}

/**
 * The prefix of the batch the daily download budget still allows, counting `reservedBytes` of a
 * batch downloaded but not yet committed.
 */
function withinBudget(run: TMailboxRun, batch: TMessageMeta[], reservedBytes: number): TMessageMeta[] {
  const remaining = run.deps.remainingBudgetBytes;
  if (remaining === undefined) return batch;
  const out: TMessageMeta[] = [];
  let bytes = run.bytes + reservedBytes;
  for (const meta of batch) {
    if (bytes + meta.size > remaining) break;
    bytes += meta.size;
    out.push(meta);
  }
  return out;
}

async function fetchWithRetries(
  run: TMailboxRun,
  session: TImapSession,
  path: string,
  batch: TMessageMeta[],
): Promise<TFetchedMessage[]> {
  const wanted = batch.map((meta) => meta.uid);
  let fetched: TFetchedMessage[] = [];
  let reason = 'the server returned no body for it';
  try {
    fetched = await session.fetchBodies(wanted);
  } catch (error) {
    if (isConnectionError(error)) throw error;
    reason = describe(error);
  }
  const got = new Set(fetched.map((message) => message.uid));
  for (const uid of wanted.filter((uid) => !got.has(uid))) {
    let message: TFetchedMessage | undefined;
    let lastReason = reason;
    for (let attempt = 1; attempt <= SINGLE_MESSAGE_RETRIES && !message; attempt++) {
      try {
        message = (await session.fetchBodies([uid])).find((m) => m.uid === uid);
        if (!message) lastReason = 'the server returned no body for it';
      } catch (error) {
        if (isConnectionError(error)) throw error;
        lastReason = describe(error);
      }
    }
    if (message) fetched.push(message);
    else {
      run.failed.set(failedKey(path, uid), {
        folder: path,
        uid,
        reason: `${lastReason} (tried ${SINGLE_MESSAGE_RETRIES + 1} times)`,
      });
      run.deps.log.warn(
        { folder: path, uid, reason: lastReason },
        'message could not be fetched; listed as failed',
      );
    }
  }
  return fetched.sort((a, b) => a.uid - b.uid);
}

async function commitBatch(
  run: TMailboxRun,
  path: string,
  selected: { uidValidity: number; highestModseq?: bigint },
  fetched: TFetchedMessage[],
  folderDone: boolean,
): Promise<void> {
  if (fetched.length === 0) return;
  const { deps, target } = run;
  const items: TIngestItem[] = fetched.map((message) => ({
    archiveFolderId: target.archiveFolderId,
    raw: message.raw,
    source: {
      folder: path,
      uidValidity: selected.uidValidity,
      uid: message.uid,
      flags: message.flags,
      ...(message.internalDate ? { internalDate: message.internalDate } : {}),
      ...(message.gmailLabels ? { gmailLabels: message.gmailLabels } : {}),
      ...(message.gmailMessageId ? { gmailMessageId: message.gmailMessageId } : {}),
      ...(message.gmailThreadId ? { gmailThreadId: message.gmailThreadId } : {}),
    },
  }));
  const highestUid = fetched.reduce((max, message) => Math.max(max, message.uid), 0);
  const results = await deps.ingest.ingest(items, {
    // Runs in the transaction that commits the rows: the checkpoint never gets ahead of them.
    inTransaction: async (client) => {
      await run.checkpoints.advance(client, target.archiveFolderId, {
        folder: path,
        uidValidity: selected.uidValidity,
        highestUid,
        ...(folderDone && selected.highestModseq !== undefined
          ? { highestModseq: selected.highestModseq }
          : {}),
      });
      const sightings = fetched.flatMap((message) =>
        message.gmailMessageId
          ? [
              {
                gmailMessageId: message.gmailMessageId,
                folder: path,
                uidValidity: selected.uidValidity,
                uid: message.uid,
              },
            ]
          : [],
      );
      await run.gmail.record(client, target.archiveFolderId, sightings);
    },
  });
  const snapshot = run.snapshots.get(path);
  for (const result of results) {
    snapshot?.held.add(result.source.uid);
    if (result.isNewInMailbox) run.archived += 1;
    else run.alreadyArchived += 1;
    run.failed.delete(failedKey(path, result.source.uid));
  }
  run.bytes += fetched.reduce((sum, message) => sum + message.raw.length, 0);
  run.committedSinceDrop += 1;
}

function sizeOf(metas: TMessageMeta[]): number {
  return metas.reduce((sum, meta) => sum + meta.size, 0);
}

function hasFailures(run: TMailboxRun, path: string): boolean {
  for (const failure of run.failed.values()) if (failure.folder === path) return true;
  return false;
}

function noticeSignal(run: TMailboxRun, session: TImapSession): void {
  const signal = session.takeServerSignal();
  if (signal === 'THROTTLED') throw new MailboxPause(throttled(run.target.userEmail, new Date()));
  if (signal === 'OVERQUOTA') throw new MailboxPause(overQuota(run.target.userEmail, new Date()));
}

function budgetExhausted(run: TMailboxRun) {
  const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;
  return {
    code: 'DAILY_BUDGET_EXHAUSTED' as const,
    message: `The daily download budget for ${run.target.userEmail} is used up (${mb(run.deps.remainingBudgetBytes ?? 0)} were left for this run; ${mb(run.bytes)} downloaded).`,
    remedy:
      "Nothing to do: the mailbox resumes when the rolling 24-hour budget allows. Raise the budget (at most Gmail's 2,500 MB a day) to go faster.",
  };
}

function describe(error: unknown): string {
  const e = error as { responseText?: string; message?: string };
  return (e?.responseText || e?.message || String(error)).slice(0, 300);
}
