import { DomainStateError } from '../domain/domain-errors';
import {
  ALL_MAIL,
  folderPathForLabel,
  GMAIL_PARENT,
  HIDDEN_FROM_ALL_MAIL,
  labelForFolderPath,
  normalizeLabel,
  SYSTEM_FOLDERS,
} from './gmail-labels';

export type TMailMessage = {
  gmMsgId: bigint;
  gmThrId: bigint;
  /** The RFC 5322 bytes as stored; sent to clients by reference, never copied per fetch. */
  raw: Buffer;
  internalDate: Date;
  flags: Set<string>;
  labels: Set<string>;
  modseq: number;
  /** Folder path -> this message's UID in it: one message, a UID per label folder. */
  uids: Map<string, number>;
  /** ENVELOPE, rendered once when a client first asks. */
  envelope?: string;
};

export type TFolderEntry = { uid: number; message: TMailMessage };

export type TFolder = {
  path: string;
  specialUse?: string;
  isSelectable: boolean;
  uidValidity: number;
  uidNext: number;
  highestModseq: number;
  /** Ascending UID order, so a sequence number is an index plus one. */
  entries: TFolderEntry[];
};

export type TNewMessage = {
  raw: Buffer;
  labels: readonly string[];
  flags: readonly string[];
  internalDate: Date;
  threadId?: bigint;
};

// Gmail ids are 64-bit; starting high keeps them in the range real ones have (and beyond 2^53,
// so a client that parses them as JS numbers loses precision here as it would against Gmail).
const FIRST_MESSAGE_ID = 1_790_000_000_000_000_000n;
let messageIdCounter = 0n;
function nextMessageId(): bigint {
  messageIdCounter += 1n;
  return FIRST_MESSAGE_ID + messageIdCounter * 7919n;
}

/** One Gmail account's messages and the folders its labels make. */
export class UserMailbox {
  private readonly folders = new Map<string, TFolder>();
  readonly messages = new Map<bigint, TMailMessage>();
  private modseq = 4000;
  private uidValiditySeed = 1;

  constructor(readonly email: string) {
    this.ensureFolder(GMAIL_PARENT, { isSelectable: false });
    for (const system of SYSTEM_FOLDERS) this.ensureFolder(system.path, { specialUse: system.specialUse });
  }

  get highestModseq(): number {
    return this.modseq;
  }

  /** Folders in LIST order: INBOX first, then by path. */
  listFolders(): TFolder[] {
    return [...this.folders.values()].sort((a, b) =>
      a.path === 'INBOX' ? -1 : b.path === 'INBOX' ? 1 : a.path < b.path ? -1 : a.path > b.path ? 1 : 0,
    );
  }

  /** IMAP treats INBOX case-insensitively and every other name exactly. */
  findFolder(path: string): TFolder | undefined {
    return this.folders.get(path.toUpperCase() === 'INBOX' ? 'INBOX' : path);
  }

  add(input: TNewMessage): TMailMessage {
    const gmMsgId = nextMessageId();
    this.modseq += 1;
    const message: TMailMessage = {
      gmMsgId,
      gmThrId: input.threadId ?? gmMsgId,
      raw: input.raw,
      internalDate: input.internalDate,
      flags: new Set(input.flags),
      labels: new Set(input.labels.map(normalizeLabel)),
      modseq: this.modseq,
      uids: new Map(),
    };
    this.messages.set(gmMsgId, message);
    const hidden = [...message.labels].some((label) => HIDDEN_FROM_ALL_MAIL.has(label));
    if (!hidden) this.place(ALL_MAIL, message);
    for (const label of message.labels) this.place(this.labelFolder(label).path, message);
    return message;
  }

  /** The label an APPEND into this folder gives a message (none for All Mail). */
  labelOfFolder(folder: TFolder): string | undefined {
    return labelForFolderPath(folder.path);
  }

  /** A flag change is a new MODSEQ for the message in every folder that shows it (CONDSTORE). */
  addFlag(message: TMailMessage, flag: string): void {
    if (message.flags.has(flag)) return;
    message.flags.add(flag);
    this.modseq += 1;
    message.modseq = this.modseq;
    for (const path of message.uids.keys()) {
      const folder = this.findFolder(path);
      if (folder) folder.highestModseq = Math.max(folder.highestModseq, message.modseq);
    }
  }

  /** Gmail renumbers a folder when its UIDVALIDITY changes; ids (X-GM-MSGID) stay. */
  changeUidValidity(path: string): TFolder {
    const folder = this.findFolder(path);
    if (!folder?.isSelectable) throw new DomainStateError('not-found', `No folder ${path} in ${this.email}`);
    folder.uidValidity = this.nextUidValidity() + 1000;
    folder.entries.forEach((entry, index) => {
      entry.uid = index + 1;
      entry.message.uids.set(folder.path, entry.uid);
    });
    folder.uidNext = folder.entries.length + 1;
    return folder;
  }

  private place(path: string, message: TMailMessage): void {
    const folder = this.findFolder(path)!;
    const uid = folder.uidNext;
    folder.uidNext += 1;
    folder.entries.push({ uid, message });
    folder.highestModseq = Math.max(folder.highestModseq, message.modseq);
    message.uids.set(folder.path, uid);
  }

  private labelFolder(label: string): TFolder {
    const path = folderPathForLabel(label);
    // A nested user label ("Projects/2024") makes its parent a label folder too, as in Gmail.
    const parts = path.split('/');
    for (let depth = 1; depth < parts.length; depth++) this.ensureFolder(parts.slice(0, depth).join('/'), {});
    return this.ensureFolder(path, {});
  }

  private ensureFolder(path: string, options: { specialUse?: string; isSelectable?: boolean }): TFolder {
    const existing = this.findFolder(path);
    if (existing) return existing;
    const folder: TFolder = {
      path,
      specialUse: options.specialUse,
      isSelectable: options.isSelectable ?? true,
      uidValidity: this.nextUidValidity(),
      uidNext: 1,
      highestModseq: 1,
      entries: [],
    };
    this.folders.set(path, folder);
    return folder;
  }

  private nextUidValidity(): number {
    this.uidValiditySeed += 1;
    return this.uidValiditySeed;
  }
}

/** Every account's mailbox, created on first use. */
export class MailStore {
  private readonly mailboxes = new Map<string, UserMailbox>();

  mailbox(email: string): UserMailbox {
    const key = email.toLowerCase();
    let mailbox = this.mailboxes.get(key);
    if (!mailbox) {
      mailbox = new UserMailbox(key);
      this.mailboxes.set(key, mailbox);
    }
    return mailbox;
  }

  get accounts(): number {
    return this.mailboxes.size;
  }
}

/** Index of the first entry with uid >= `uid` (binary search over ascending UIDs). */
export function lowerBoundUid(entries: readonly TFolderEntry[], uid: number): number {
  let low = 0;
  let high = entries.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (entries[middle]!.uid < uid) low = middle + 1;
    else high = middle;
  }
  return low;
}
