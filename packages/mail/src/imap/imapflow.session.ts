import { ImapFlow } from 'imapflow';
import type { TImapEndpoint } from '../mailbox-archive.contract';
import type {
  TFetchedMessage,
  TFolderStatus,
  TImapFolder,
  TImapSession,
  TMessageMeta,
  TSelectedFolder,
  TServerSignal,
} from './imap-session.types';
import { toUidSet } from './uid-set';

const SIGNAL_PATTERN = /\[(THROTTLED|OVERQUOTA)\]/i;

/**
 * Logs in with XOAUTH2 (imapflow sends XOAUTH2 when given an access token and the server offers
 * no OAUTHBEARER; Gmail offers both and accepts either) and adapts imapflow to TImapSession.
 */
export async function openImapflowSession(
  endpoint: TImapEndpoint,
  user: string,
  accessToken: string,
): Promise<TImapSession> {
  let signal: TServerSignal | undefined;
  const noticeLine = (line: unknown) => {
    // Gmail puts [THROTTLED] at the end of a tagged OK ("OK Success [THROTTLED]"), where imapflow
    // does not parse a response code; its debug log carries every non-FETCH server line.
    const match = typeof line === 'string' ? SIGNAL_PATTERN.exec(line) : null;
    if (match?.[1]) signal = match[1].toUpperCase() as TServerSignal;
  };
  const quiet = () => undefined;
  const client = new ImapFlow({
    host: endpoint.host,
    port: endpoint.port,
    secure: endpoint.secure,
    ...(endpoint.allowSelfSignedCertificate ? { tls: { rejectUnauthorized: false } } : {}),
    auth: { user, accessToken },
    logger: {
      debug: (entry: { src?: string; msg?: unknown }) => entry.src === 's' && noticeLine(entry.msg),
      trace: quiet,
      info: quiet,
      warn: quiet,
      error: quiet,
    },
    // The archiver sends commands back to back; IDLE in between would only add round trips.
    disableAutoIdle: true,
  });
  // Without a listener, a socket error after connect() would be an uncaught 'error' event.
  client.on('error', () => undefined);
  client.on('response', (response: { code?: string }) =>
    noticeLine(response.code ? `[${response.code}]` : ''),
  );
  try {
    await client.connect();
  } catch (error) {
    // A refused login leaves the socket open otherwise (FACTS).
    client.close();
    throw error;
  }
  const isGmail = client.capabilities.has('X-GM-EXT-1');

  return {
    isGmail,
    async listFolders(): Promise<TImapFolder[]> {
      const folders = await client.list();
      return folders.map((folder) => ({
        path: folder.path,
        ...(folder.specialUse ? { specialUse: folder.specialUse } : {}),
        selectable: !hasFlag(folder.flags, '\\Noselect') && !hasFlag(folder.flags, '\\NonExistent'),
      }));
    },
    async select(path): Promise<TSelectedFolder> {
      const mailbox = await client.mailboxOpen(path, { readOnly: true });
      return {
        path: mailbox.path,
        uidValidity: Number(mailbox.uidValidity),
        uidNext: mailbox.uidNext,
        messages: mailbox.exists,
        ...(mailbox.highestModseq !== undefined ? { highestModseq: BigInt(mailbox.highestModseq) } : {}),
      };
    },
    async searchAllUids() {
      const uids = await client.search({ all: true }, { uid: true });
      return (uids || []).sort((a, b) => a - b);
    },
    async fetchMeta(uids): Promise<TMessageMeta[]> {
      if (uids.length === 0) return [];
      const out: TMessageMeta[] = [];
      // Nothing but collecting inside the loop: another command here would deadlock imapflow.
      for await (const message of client.fetch(
        toUidSet(uids),
        { uid: true, size: true, ...(isGmail ? { emailId: true } : {}) },
        { uid: true },
      )) {
        out.push({
          uid: message.uid,
          size: message.size ?? 0,
          ...(message.emailId ? { gmailMessageId: message.emailId } : {}),
        });
      }
      return out;
    },
    async fetchBodies(uids): Promise<TFetchedMessage[]> {
      if (uids.length === 0) return [];
      const out: TFetchedMessage[] = [];
      for await (const message of client.fetch(
        toUidSet(uids),
        {
          uid: true,
          source: true,
          flags: true,
          internalDate: true,
          ...(isGmail ? { labels: true, emailId: true, threadId: true } : {}),
        },
        { uid: true },
      )) {
        if (!message.source) continue;
        out.push({
          uid: message.uid,
          raw: message.source,
          flags: [...(message.flags ?? [])],
          ...(message.internalDate ? { internalDate: new Date(message.internalDate) } : {}),
          ...(message.labels ? { gmailLabels: [...message.labels] } : {}),
          ...(message.emailId ? { gmailMessageId: message.emailId } : {}),
          ...(message.threadId ? { gmailThreadId: message.threadId } : {}),
        });
      }
      return out;
    },
    async countMessages(path) {
      const status = await client.status(path, { messages: true });
      return status ? (status.messages ?? 0) : 0;
    },
    async folderStatus(path): Promise<TFolderStatus> {
      const status = await client.status(path, {
        messages: true,
        uidValidity: true,
        uidNext: true,
        highestModseq: true,
      });
      if (!status) return { messages: 0 };
      return {
        messages: status.messages ?? 0,
        ...(status.uidValidity !== undefined ? { uidValidity: Number(status.uidValidity) } : {}),
        ...(status.uidNext !== undefined ? { uidNext: Number(status.uidNext) } : {}),
        ...(status.highestModseq !== undefined ? { highestModseq: BigInt(status.highestModseq) } : {}),
      };
    },
    takeServerSignal() {
      const taken = signal;
      signal = undefined;
      return taken;
    },
    async close() {
      await client.logout().catch(() => client.close());
    },
  };
}

function hasFlag(flags: Set<string> | undefined, flag: string): boolean {
  if (!flags) return false;
  for (const value of flags) if (value.toLowerCase() === flag.toLowerCase()) return true;
  return false;
}
