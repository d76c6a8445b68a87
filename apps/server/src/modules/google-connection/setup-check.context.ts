import type {
  TDirectoryClient,
  TFetch,
  TRetryOptions,
  TServiceAccountKey,
  TTokenProvider,
} from '@wac/google';
import type { TImapEndpoint } from '@wac/mail';
import type { TGoogleClientsProvider } from './google-clients.provider';
import type { TGoogleProblem, TSetupCheckItem } from './google-connection.schemas';

export type TSetupCheckInput = {
  /** Rejects when the stored key cannot be opened; resolves null when none was uploaded. */
  loadKey: () => Promise<TServiceAccountKey | null>;
  adminUser: string | null;
  testUser?: string;
};

export type TSetupCheckDeps = {
  clients: TGoogleClientsProvider;
  now: () => number;
  /** Where mailboxes are archived from (IMAP_HOST, IMAP_PORT, IMAP_TLS). */
  imap: TImapEndpoint;
  /** An admin is waiting for the answer, so a check retries less patiently than a synchronization. */
  retry?: Partial<TRetryOptions>;
  sleep?: (ms: number) => Promise<void>;
  onUnexpectedError?: (error: unknown, checkId: string) => void;
};

export type TCheckOutcome = Omit<TSetupCheckItem, 'id' | 'label'>;

/** What the rows learn as they run, for the rows after them. */
export type TSetupCheckContext = {
  readonly input: TSetupCheckInput;
  readonly deps: TSetupCheckDeps;
  /** The opened key, once it loaded. */
  key?: TServiceAccountKey;
  /** Set by the admin-token row when there is an admin user to act as: fresh tokens, no shared cache. */
  session?: { adminUser: string; tokens: TTokenProvider };
  /** A user without admin rights to mint a mail token for (named by the admin, or found in the directory). */
  ordinaryUser?: string;
  /** Directory answers that were retried (429 or 5xx) since the counter was last reset. */
  retries: { count: number };
  statusOf(id: string): TSetupCheckItem['status'] | undefined;
  /** A Directory client acting as the admin user, built on first use. */
  directory(): TDirectoryClient;
  /** Set by a row that learned something the rows after it must not repeat (see admin-token). */
  notes: Record<string, unknown>;
};

/**
 * One row of Check setup: one thing tested on its own. A row is skipped rather than failed when an
 * earlier result makes it meaningless, so the first red line is the cause.
 */
export type TSetupCheckRow = {
  id: string;
  label: string;
  /** Why this row cannot say anything after the earlier ones (it is shown as skipped), or undefined. */
  skipReason?: (context: TSetupCheckContext) => string | undefined;
  run: (context: TSetupCheckContext) => Promise<TCheckOutcome>;
  /** When this row fails: the message every later row is skipped with, because none of them can work. */
  blocksOnFailure?: (context: TSetupCheckContext) => string | undefined;
};

export const passed = (message: string): TCheckOutcome => ({ status: 'passed', message });
export const skipped = (message: string): TCheckOutcome => ({ status: 'skipped', message });
export const failed = (problem: Omit<TGoogleProblem, 'code'>): TCheckOutcome => ({
  status: 'failed',
  message: problem.message,
  ...(problem.remedy ? { remedy: problem.remedy } : {}),
});

/** The admin user and tokens of a row that runs after admin-token passed (or found a delegation gap). */
export function sessionOf(context: TSetupCheckContext): { adminUser: string; tokens: TTokenProvider } {
  if (context.session === undefined)
    throw new Error('A setup check row needs the admin-token row before it.');
  return context.session;
}

// Counts the answers the Directory client will retry, so a pass can say Google pushed back first.
export function countingRetries(fetchImpl: TFetch, retries: { count: number }): TFetch {
  return async (input, init) => {
    const response = await fetchImpl(input, init);
    if (response.status === 429 || response.status >= 500) retries.count += 1;
    return response;
  };
}

export function retriedNote(count: number): string {
  if (count === 0) return '';
  return ` Google asked to slow down or failed ${count === 1 ? 'once' : `${count} times`} first; the request was retried.`;
}
