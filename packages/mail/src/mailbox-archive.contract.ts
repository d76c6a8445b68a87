// The contract between the IMAP archiver (this package) and the server's archiving module, which
// schedules mailbox jobs, keeps run reports and shows progress. See @wac/archive's archive.contract.ts.
import type { TArchiveIngest } from '@wac/archive';
import type pg from 'pg';
import type { TImapSession } from './imap/imap-session.types';

export type TImapEndpoint = {
  host: string;
  port: number;
  /** Implicit TLS (993). False for a plain loopback test server. */
  secure: boolean;
  /** Accept a self-signed certificate (local testing only; set by configuration). */
  allowSelfSignedCertificate?: boolean;
};

/** Which folders to archive. Gmail: All Mail (always) plus switches; plain IMAP: include/exclude. */
export type TFolderSelection = {
  includeSpam: boolean;
  includeTrash: boolean;
  /** Plain IMAP only: folder paths; empty means every folder. */
  include: string[];
  exclude: string[];
};

export type TMailboxTarget = {
  archiveFolderId: string;
  /** The Workspace user whose mailbox is read; `sub` of the delegated token and the IMAP login. */
  userEmail: string;
  folders: TFolderSelection;
};

/** A failure the admin can act on, with Google's words mapped to a cause and a remedy. */
export type TMailboxProblem = {
  code:
    | 'IMAP_DISABLED'
    | 'MAIL_SCOPE_NOT_DELEGATED'
    | 'USER_NOT_FOUND_OR_SUSPENDED'
    | 'THROTTLED'
    | 'OVER_QUOTA'
    | 'TOO_MANY_CONNECTIONS'
    | 'DAILY_BUDGET_EXHAUSTED'
    | 'CONNECTION_LOST'
    | 'AUTH_FAILED'
    | 'UNEXPECTED';
  message: string;
  remedy: string;
  /** When a paused mailbox is due to be tried again. */
  resumeAt?: Date;
};

export type TFolderVerdict = {
  folder: string;
  /** STATUS MESSAGES of the server at the end of the run. */
  serverCount: number;
  archivedCount: number;
  /** UIDs on the server that the archive does not hold (capped for the report). */
  missingUids: number[];
};

export type TFailedMessage = { folder: string; uid: number; reason: string };

export type TMailboxRunResult = {
  /** complete: every folder's UID set is archived; incomplete: some missing; paused: quota/throttle. */
  status: 'complete' | 'incomplete' | 'failed' | 'paused';
  archived: number;
  alreadyArchived: number;
  failed: TFailedMessage[];
  bytes: number;
  durationMs: number;
  folders: TFolderVerdict[];
  problem?: TMailboxProblem;
};

export type TMailboxProgress = {
  folder: string;
  messagesDone: number;
  messagesTotal: number;
  bytesDone: number;
};

export type TMailboxEstimate = {
  folders: { folder: string; messages: number; bytes: number }[];
  isGmail: boolean;
  problem?: TMailboxProblem;
};

export type TMailboxArchiverDeps = {
  pool: pg.Pool;
  ingest: TArchiveIngest;
  /** A delegated access token for `userEmail` with scope https://mail.google.com/. */
  getAccessToken: (userEmail: string) => Promise<string>;
  imap: TImapEndpoint;
  log: { info(obj: object, msg?: string): void; warn(obj: object, msg?: string): void };
  signal?: AbortSignal;
  onProgress?: (progress: TMailboxProgress) => void;
  /** Bytes this user may still download in the rolling 24 hours (the server keeps the ledger). */
  remainingBudgetBytes?: number;
  /** Reconnects after a dropped connection (default 4 tries, 1 s doubling); progress resets the count. */
  reconnect?: { attempts: number; baseDelayMs: number };
  /** Group commit size (default 50 messages or 8 MB). */
  batchLimits?: { maxMessages: number; maxBytes: number };
  /** The IMAP client; imapflow by default. Replaced by configuration only (tests, other transports). */
  openSession?: (endpoint: TImapEndpoint, user: string, accessToken: string) => Promise<TImapSession>;
};
