import { z } from 'zod';
import { DomainStateError } from '../domain/domain-errors';
import type { DomainState } from '../domain/domain-state';
import type { FetchLog } from './fetch-log';
import { folderPathForLabel, isSystemLabel, normalizeLabel } from './gmail-labels';
import type { ImapFaultKnobs } from './imap-faults';
import type { MailStore, TFolder, TMailMessage } from './mailbox.store';
import { generateMessages, type TGenerateMessagesOptions } from './message.generator';

export const ZGmailMessageInput = z.object({
  /** RFC 5322 bytes; a string is taken as UTF-8. */
  raw: z.union([z.instanceof(Buffer), z.string().min(1)]),
  /** Gmail labels: `\Inbox`, `\Sent`, `\Draft`, `\Spam`, `\Trash`, `\Important`, `\Starred` or user labels. */
  labels: z.array(z.string().min(1)).default(['\\Inbox']),
  flags: z.array(z.string().min(1)).default([]),
  internalDate: z.coerce.date().optional(),
  /** X-GM-THRID of the thread to join (a decimal id returned for an earlier message). */
  threadId: z.string().regex(/^\d+$/).optional(),
});

export type TGmailMessageInput = z.input<typeof ZGmailMessageInput>;

export type TSeededMessage = {
  gmMsgId: string;
  gmThrId: string;
  size: number;
  labels: string[];
  /** Folder path -> UID: every folder the message shows in (All Mail unless Spam or Trash). */
  uids: Record<string, number>;
};

export type TFolderStatus = {
  path: string;
  specialUse?: string;
  messages: number;
  uidNext: number;
  uidValidity: number;
  highestModseq: number;
  bytes: number;
};

type TDeps = {
  store: MailStore;
  state: DomainState;
  faults: ImapFaultKnobs;
  fetchLog: FetchLog;
  now: () => number;
};

/** Seeding and inspection of the Gmail accounts behind the IMAP endpoint (`emulator.gmail`). */
export function createGmailMailboxes(deps: TDeps) {
  const mailboxOf = (user: string) => deps.store.mailbox(primaryEmail(deps.state, user));

  const addMessage = (user: string, input: TGmailMessageInput): TSeededMessage => {
    const parsed = ZGmailMessageInput.parse(input);
    for (const label of parsed.labels) {
      if (isSystemLabel(label)) folderPathForLabel(normalizeLabel(label));
    }
    const message = mailboxOf(user).add({
      raw: Buffer.isBuffer(parsed.raw) ? parsed.raw : Buffer.from(parsed.raw, 'utf8'),
      labels: parsed.labels,
      flags: parsed.flags,
      internalDate: parsed.internalDate ?? new Date(deps.now()),
      threadId: parsed.threadId === undefined ? undefined : BigInt(parsed.threadId),
    });
    return describe(message);
  };

  return {
    faults: deps.faults,
    fetchLog: deps.fetchLog,

    addMessage,

    /** `count` realistic messages (see message.generator.ts), replies joining their threads. */
    addGeneratedMessages(
      user: string,
      options: Omit<TGenerateMessagesOptions, 'owner'> & { owner?: string },
    ): TSeededMessage[] {
      const owner = primaryEmail(deps.state, user);
      const seeded: TSeededMessage[] = [];
      for (const generated of generateMessages({ ...options, owner: options.owner ?? owner })) {
        const threadId = generated.replyTo === undefined ? undefined : seeded[generated.replyTo]!.gmThrId;
        seeded.push(addMessage(owner, { ...generated, threadId }));
      }
      return seeded;
    },

    folders(user: string): TFolderStatus[] {
      return mailboxOf(user)
        .listFolders()
        .filter((folder) => folder.isSelectable)
        .map(folderStatus);
    },

    /** Gives the folder a new UIDVALIDITY and renumbers its messages from UID 1, as Gmail may. */
    changeUidValidity(user: string, path: string): TFolderStatus {
      return folderStatus(mailboxOf(user).changeUidValidity(path));
    },

    message(user: string, gmMsgId: string): TSeededMessage | undefined {
      const message = mailboxOf(user).messages.get(BigInt(gmMsgId));
      return message && describe(message);
    },

    /** The stored bytes, to compare an archive with its source. */
    rawMessage(user: string, gmMsgId: string): Buffer | undefined {
      return mailboxOf(user).messages.get(BigInt(gmMsgId))?.raw;
    },
  };
}

export type TGmailMailboxes = ReturnType<typeof createGmailMailboxes>;

function primaryEmail(state: DomainState, userKey: string): string {
  const user = state.getUser(userKey);
  if (!user) throw new DomainStateError('not-found', `No user ${userKey} in the emulated domain`);
  return user.primaryEmail.toLowerCase();
}

function describe(message: TMailMessage): TSeededMessage {
  return {
    gmMsgId: message.gmMsgId.toString(),
    gmThrId: message.gmThrId.toString(),
    size: message.raw.length,
    labels: [...message.labels],
    uids: Object.fromEntries(message.uids),
  };
}

function folderStatus(folder: TFolder): TFolderStatus {
  return {
    path: folder.path,
    specialUse: folder.specialUse,
    messages: folder.entries.length,
    uidNext: folder.uidNext,
    uidValidity: folder.uidValidity,
    highestModseq: folder.highestModseq,
    bytes: folder.entries.reduce((sum, entry) => sum + entry.message.raw.length, 0),
  };
}
