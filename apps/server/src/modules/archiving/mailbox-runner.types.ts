import type { TMailboxEstimate, TMailboxProgress, TMailboxRunResult, TMailboxTarget } from '@wac/mail';

/** What the server hands the archiver for one mailbox besides the target. */
export type TMailboxRunHooks = {
  signal: AbortSignal;
  onProgress: (progress: TMailboxProgress) => void;
  /** Bytes this account may still download in the rolling 24 hours (the ledger is the server's). */
  remainingBudgetBytes: number;
  /** IMAP connections this mailbox may open at once (ARCHIVE_CONNECTIONS_PER_ACCOUNT). */
  connectionsPerAccount: number;
};

/** Production passes @wac/mail's archiveMailbox bound to the pool, ingest, tokens and endpoint. */
export type TRunMailbox = (target: TMailboxTarget, hooks: TMailboxRunHooks) => Promise<TMailboxRunResult>;

export type TEstimateMailbox = (
  target: TMailboxTarget,
  hooks: { signal: AbortSignal },
) => Promise<TMailboxEstimate>;
