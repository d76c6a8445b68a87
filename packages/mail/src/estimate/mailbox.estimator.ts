import { selectFolders } from '../archiver/folder-selection';
import type { TImapSession } from '../imap/imap-session.types';
import { openImapflowSession } from '../imap/imapflow.session';
import { classifyMailboxError } from '../imap/mailbox-problem.classifier';
import type { TMailboxArchiverDeps, TMailboxEstimate, TMailboxTarget } from '../mailbox-archive.contract';

/**
 * Messages and bytes per selected folder without downloading a body: STATUS MESSAGES, then the
 * RFC822.SIZE of every message (a few dozen bytes each on the wire).
 */
export async function estimateMailbox(
  deps: TMailboxArchiverDeps,
  target: TMailboxTarget,
): Promise<TMailboxEstimate> {
  let session: TImapSession | undefined;
  try {
    const accessToken = await deps.getAccessToken(target.userEmail);
    session = await (deps.openSession ?? openImapflowSession)(deps.imap, target.userEmail, accessToken);
    const folders = selectFolders(await session.listFolders(), session.isGmail, target.folders);
    const out: TMailboxEstimate['folders'] = [];
    for (const folder of folders) {
      deps.signal?.throwIfAborted();
      const messages = await session.countMessages(folder);
      await session.select(folder);
      const metas = messages > 0 ? await session.fetchMeta(await session.searchAllUids()) : [];
      out.push({ folder, messages, bytes: metas.reduce((sum, meta) => sum + meta.size, 0) });
    }
    return { folders: out, isGmail: session.isGmail };
  } catch (error) {
    if (deps.signal?.aborted) throw deps.signal.reason;
    return {
      folders: [],
      isGmail: session?.isGmail ?? false,
      problem: classifyMailboxError(error, target.userEmail),
    };
  } finally {
    await session?.close().catch(() => undefined);
  }
}
