import type { TGmailMessageStore } from '../checkpoint/gmail-message.store';
import type { TCheckpointStore } from '../checkpoint/mailbox-checkpoint.store';
import type { TFolderStatus } from '../imap/imap-session.types';
import type {
  TFailedMessage,
  TMailboxArchiverDeps,
  TMailboxProblem,
  TMailboxTarget,
} from '../mailbox-archive.contract';
import type { TBatchLimits } from './fetch-batch.planner';

/** Everything one mailbox run accumulates; it survives reconnects within the run. */
export type TMailboxRun = {
  deps: TMailboxArchiverDeps;
  target: TMailboxTarget;
  checkpoints: TCheckpointStore;
  gmail: TGmailMessageStore;
  limits: TBatchLimits;
  archived: number;
  /** Messages found already archived (or remapped, on Gmail) and not fetched. */
  alreadyArchived: number;
  /** Per folder, how many of its messages the archive held when this run first compared it. */
  heldAtStart: Map<string, number>;
  /** Downloaded body bytes, counted against the daily budget. */
  bytes: number;
  /** Keyed by folder and UID, so a message retried after a reconnect is listed once. */
  failed: Map<string, TFailedMessage>;
  /** Batches committed since the last dropped connection (a drop after progress is not counted). */
  committedSinceDrop: number;
  /** Per folder compared under CONDSTORE: what the server listed and what the archive holds. */
  snapshots: Map<string, TFolderSnapshot>;
  /** Folders skipped because their STATUS equalled their checkpoint: that STATUS, per folder. */
  unchanged: Map<string, TFolderStatus>;
};

/**
 * A folder's UID set as the server listed it at HIGHESTMODSEQ `highestModseq`, and the UIDs the
 * archive holds for it (held when compared, plus every UID this run committed since). While the
 * server's HIGHESTMODSEQ is unchanged its UID set is too (CONDSTORE raises it on every append and
 * expunge), so the completeness proof can compare these instead of listing both again.
 */
export type TFolderSnapshot = {
  uidValidity: number;
  highestModseq: bigint;
  serverUids: number[];
  held: Set<number>;
};

/** Thrown to stop the run and pause the mailbox (quota, throttling, budget). */
export class MailboxPause extends Error {
  constructor(readonly problem: TMailboxProblem) {
    super(problem.message);
    this.name = 'MailboxPause';
  }
}

export function failedKey(folder: string, uid: number): string {
  return `${folder}\u0000${uid}`;
}
