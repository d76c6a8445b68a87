// What the archiver needs from an IMAP connection, so the archiving logic is tested against a fake
// and the imapflow adapter stays thin.

export type TImapFolder = {
  path: string;
  /** RFC 6154 special-use flag such as \All, \Junk, \Trash, \Sent. */
  specialUse?: string;
  /** \Noselect folders hold no messages. */
  selectable: boolean;
};

export type TSelectedFolder = {
  path: string;
  uidValidity: number;
  uidNext: number;
  messages: number;
  /** CONDSTORE's HIGHESTMODSEQ, when the server offers it. */
  highestModseq?: bigint;
};

export type TFolderStatus = {
  messages: number;
  uidValidity?: number;
  uidNext?: number;
  highestModseq?: bigint;
};

export type TMessageMeta = { uid: number; size: number; gmailMessageId?: string };

export type TFetchedMessage = {
  uid: number;
  raw: Buffer;
  flags: string[];
  internalDate?: Date;
  gmailLabels?: string[];
  gmailMessageId?: string;
  gmailThreadId?: string;
};

/** A tagged-response code that asks the client to slow down, seen on any reply. */
export type TServerSignal = 'THROTTLED' | 'OVERQUOTA';

export interface TImapSession {
  /** CAPABILITY has X-GM-EXT-1. */
  readonly isGmail: boolean;
  listFolders(): Promise<TImapFolder[]>;
  select(path: string): Promise<TSelectedFolder>;
  /** UID SEARCH ALL on the selected folder, ascending. */
  searchAllUids(): Promise<number[]>;
  /** Sizes (and Gmail ids) without bodies, for the selected folder. */
  fetchMeta(uids: readonly number[]): Promise<TMessageMeta[]>;
  /** Bodies of the selected folder; UIDs the server answers nothing for are simply absent. */
  fetchBodies(uids: readonly number[]): Promise<TFetchedMessage[]>;
  /** STATUS MESSAGES of a folder. */
  countMessages(path: string): Promise<number>;
  /** STATUS of a folder: MESSAGES, UIDVALIDITY, UIDNEXT and, where CONDSTORE is offered, HIGHESTMODSEQ. */
  folderStatus(path: string): Promise<TFolderStatus>;
  /** The latest slow-down signal since the last call, if any, then forgets it. */
  takeServerSignal(): TServerSignal | undefined;
  close(): Promise<void>;
}
