import { createHash } from 'node:crypto';
import { ImapFlow } from 'imapflow';
import type { TImapEndpoint } from '../mailbox-archive.contract';

/** One archived message to put back into a mailbox. */
export type TRestoreItem = {
  raw: Buffer;
  /** The folder (a Gmail label's folder) to append to; created when missing. */
  folder: string;
  /** IMAP flags to set (\Seen, \Flagged, ...); \Recent is the server's own and is dropped. */
  flags: string[];
  /** The original INTERNALDATE, so the message sorts where it was. */
  internalDate: Date | null;
  /** Gmail only: further labels to add after the append (X-GM-LABELS). */
  extraLabels?: string[];
};

export type TRestoreOutcome = 'APPENDED' | 'ALREADY_PRESENT' | 'FAILED';

export type TRestoreAppenderDeps = {
  imap: TImapEndpoint;
  user: string;
  accessToken: string;
};

export type TRestoreAppender = {
  /** Appends unless a message with the same bytes is already in the folder. */
  restore(item: TRestoreItem): Promise<{ outcome: TRestoreOutcome; problem?: string }>;
  close(): Promise<void>;
};

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const MESSAGE_ID = /^message-id:[ \t]*(.*(?:\r?\n[ \t].*)*)/im;

/** The Message-ID header of a raw message, unfolded, or null. */
export function messageIdOf(raw: Buffer): string | null {
  const headerEnd = raw.indexOf('\r\n\r\n');
  const head = raw.subarray(0, headerEnd < 0 ? Math.min(raw.length, 65_536) : headerEnd).toString('latin1');
  const match = MESSAGE_ID.exec(head);
  return match?.[1] ? match[1].replace(/\s+/g, '') : null;
}

/**
 * A logged-in XOAUTH2 connection that restores messages idempotently: before each APPEND it looks
 * in the target folder for messages of exactly the same size (SEARCH LARGER/SMALLER, which Gmail,
 * Dovecot and the emulator all answer) and compares their Message-ID and SHA-256 with the archived
 * bytes, so a restore that runs twice, or after a crash, appends each message once.
 */
export async function openRestoreAppender(deps: TRestoreAppenderDeps): Promise<TRestoreAppender> {
  const client = new ImapFlow({
    host: deps.imap.host,
    port: deps.imap.port,
    secure: deps.imap.secure,
    ...(deps.imap.allowSelfSignedCertificate ? { tls: { rejectUnauthorized: false } } : {}),
    auth: { user: deps.user, accessToken: deps.accessToken },
    logger: false,
    disableAutoIdle: true,
  });
  // Without a listener, a socket error after connect() would be an uncaught 'error' event.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    client.close();
    throw error;
  }
  const isGmail = client.capabilities.has('X-GM-EXT-1');
  const knownFolders = new Set((await client.list()).map((folder) => folder.path));

  const ensureFolder = async (folder: string) => {
    if (knownFolders.has(folder)) return;
    await client.mailboxCreate(folder);
    knownFolders.add(folder);
  };

  const findSame = async (item: TRestoreItem): Promise<number | null> => {
    const uids = await client.search(
      { larger: item.raw.length - 1, smaller: item.raw.length + 1 },
      { uid: true },
    );
    if (!uids || uids.length === 0) return null;
    const wantedHash = sha256(item.raw);
    const wantedId = messageIdOf(item.raw);
    for await (const message of client.fetch(uids, { uid: true, source: true }, { uid: true })) {
      if (!message.source) continue;
      if (messageIdOf(message.source) === wantedId && sha256(message.source) === wantedHash)
        return message.uid;
    }
    return null;
  };

  return {
    async restore(item) {
      try {
        await ensureFolder(item.folder);
        const lock = await client.getMailboxLock(item.folder);
        try {
          if ((await findSame(item)) !== null) return { outcome: 'ALREADY_PRESENT' };
          const flags = item.flags.filter((flag) => flag.toLowerCase() !== '\\recent');
          const appended = await client.append(item.folder, item.raw, flags, item.internalDate ?? undefined);
          if (!appended) return { outcome: 'FAILED', problem: 'The server refused the APPEND.' };
          const labels = item.extraLabels ?? [];
          if (isGmail && labels.length > 0 && appended.uid) {
            await client.messageFlagsAdd(String(appended.uid), labels, { uid: true, useLabels: true });
          }
          return { outcome: 'APPENDED' };
        } finally {
          lock.release();
        }
      } catch (error) {
        return { outcome: 'FAILED', problem: error instanceof Error ? error.message : String(error) };
      }
    },
    async close() {
      await client.logout().catch(() => client.close());
    },
  };
}
