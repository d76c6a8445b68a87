import type { TImapSession } from '../imap/imap-session.types';
import type { TFolderVerdict } from '../mailbox-archive.contract';
import type { TMailboxRun } from './mailbox-run.state';

/** The report lists at most this many missing UIDs per folder; the count is in serverCount - archivedCount. */
export const MAX_LISTED_MISSING_UIDS = 1000;

/**
 * The proof: per folder, the server's STATUS MESSAGES and its UID set (UID SEARCH ALL) against what
 * the archive holds for that folder and UIDVALIDITY. A folder is complete only when every server UID
 * is archived.
 */
export async function checkCompleteness(
  run: TMailboxRun,
  session: TImapSession,
  folders: readonly string[],
): Promise<TFolderVerdict[]> {
  const verdicts: TFolderVerdict[] = [];
  for (const folder of folders) {
    const status = await session.folderStatus(folder);
    const serverCount = status.messages;
    const unchanged = run.unchanged.get(folder);
    if (
      unchanged !== undefined &&
      status.highestModseq !== undefined &&
      status.highestModseq === unchanged.highestModseq &&
      status.uidValidity === unchanged.uidValidity &&
      status.uidNext === unchanged.uidNext &&
      serverCount === unchanged.messages
    ) {
      // Still as its checkpoint describes: every message the server holds there is archived.
      verdicts.push({ folder, serverCount, archivedCount: serverCount, missingUids: [] });
      continue;
    }
    const snapshot = run.snapshots.get(folder);
    if (
      snapshot !== undefined &&
      status.highestModseq !== undefined &&
      status.highestModseq === snapshot.highestModseq &&
      status.uidValidity === snapshot.uidValidity &&
      serverCount === snapshot.serverUids.length
    ) {
      // Unchanged since this run listed it: the listed UIDs are the server's UIDs now.
      verdicts.push(verdictOf(folder, serverCount, snapshot.serverUids, snapshot.held));
      continue;
    }
    const selected = await session.select(folder);
    const serverUids = await session.searchAllUids();
    const held = new Set(
      await run.deps.ingest.archivedUids(run.target.archiveFolderId, folder, selected.uidValidity),
    );
    if (session.isGmail) {
      for (const uid of await run.gmail.uidsSeen(run.target.archiveFolderId, folder, selected.uidValidity))
        held.add(uid);
    }
    verdicts.push(verdictOf(folder, serverCount, serverUids, held));
  }
  return verdicts;
}

function verdictOf(
  folder: string,
  serverCount: number,
  serverUids: readonly number[],
  held: ReadonlySet<number>,
): TFolderVerdict {
  const missing = serverUids.filter((uid) => !held.has(uid));
  return {
    folder,
    serverCount,
    archivedCount: serverUids.length - missing.length,
    missingUids: missing.slice(0, MAX_LISTED_MISSING_UIDS),
  };
}

export function isComplete(verdict: TFolderVerdict): boolean {
  return verdict.missingUids.length === 0 && verdict.archivedCount >= verdict.serverCount;
}
