import { GOOGLE_SCOPES } from '@wac/google';
import type { TMailboxProblem } from '../mailbox-archive.contract';

/** How long a paused mailbox waits before it is tried again, per cause. */
export const PAUSE_DELAYS_MS = {
  THROTTLED: 15 * 60_000,
  OVER_QUOTA: 60 * 60_000,
  TOO_MANY_CONNECTIONS: 5 * 60_000,
} as const;

const PAUSING_CODES = new Set<TMailboxProblem['code']>([
  'THROTTLED',
  'OVER_QUOTA',
  'TOO_MANY_CONNECTIONS',
  'DAILY_BUDGET_EXHAUSTED',
]);

export function isPausing(problem: TMailboxProblem): boolean {
  return PAUSING_CODES.has(problem.code);
}

type TErrorLike = {
  name?: string;
  code?: string;
  message?: string;
  responseText?: string;
  reason?: string;
  authenticationFailed?: boolean;
  serverResponseCode?: string;
  details?: { googleError?: string; googleErrorDescription?: string };
};

const CONNECTION_CODES = new Set([
  'NoConnection',
  'EConnectionClosed',
  'ClosedAfterConnectText',
  'ClosedAfterConnectTLS',
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEOUT',
  'ETIMEDOUT',
  'CONNECT_TIMEOUT',
  'GREETING_TIMEOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

/** A dropped or unreachable connection: worth reconnecting and resuming from the checkpoint. */
export function isConnectionError(error: unknown): boolean {
  const e = (error ?? {}) as TErrorLike;
  if (e.code && CONNECTION_CODES.has(e.code)) return true;
  return /unexpected close|connection not available|socket (hang up|closed)/i.test(e.message ?? '');
}

/**
 * Google's words (IMAP responses, token endpoint errors) mapped to a cause the admin can act on.
 * A connection drop lands here only after the archiver's own reconnects were used up.
 */
export function classifyMailboxError(error: unknown, userEmail: string, now = new Date()): TMailboxProblem {
  const e = (error ?? {}) as TErrorLike;
  if (e.name === 'GoogleAuthError') return classifyTokenError(e, userEmail);
  const text = [e.responseText, e.reason, e.serverResponseCode, e.message].filter(Boolean).join(' ');
  if (/IMAP access is disabled|not enabled for IMAP use/i.test(text)) {
    return {
      code: 'IMAP_DISABLED',
      message: `Google refused IMAP access for ${userEmail}: ${clean(text)}`,
      remedy:
        "In the Google Admin console, open Apps > Google Workspace > Gmail > End User Access and turn on IMAP access for the user's organisational unit (changes can take up to an hour).",
    };
  }
  if (/too many simultaneous connections/i.test(text)) {
    return pause(
      'TOO_MANY_CONNECTIONS',
      now,
      `Gmail refused another connection for ${userEmail}: ${clean(text)}`,
      "Gmail allows 15 IMAP connections per account, shared with the user's own mail apps. The mailbox resumes by itself; lower the connections per account if this repeats.",
    );
  }
  if (/\[OVERQUOTA\]/i.test(text)) return overQuota(userEmail, now, clean(text));
  if (/\[THROTTLED\]/i.test(text)) return throttled(userEmail, now);
  if (
    e.authenticationFailed ||
    /AUTHENTICATIONFAILED|authentication failed|invalid credentials/i.test(text)
  ) {
    return {
      code: 'AUTH_FAILED',
      message: `The IMAP server refused the delegated token for ${userEmail}: ${clean(text)}`,
      remedy: `Check that the Client ID's domain-wide delegation includes ${GOOGLE_SCOPES.mail} and that ${userEmail} has a Gmail licence.`,
    };
  }
  if (isConnectionError(error)) {
    return {
      code: 'CONNECTION_LOST',
      message: `The IMAP connection for ${userEmail} kept dropping: ${clean(text)}`,
      remedy:
        'Check that this server can reach the IMAP host (DNS, firewall, proxy). The next run resumes from the last checkpoint.',
    };
  }
  return {
    code: 'UNEXPECTED',
    message: `Archiving ${userEmail} failed: ${clean(text) || String(error)}`,
    remedy:
      'The next run resumes from the last checkpoint. If this repeats, see the server log for this mailbox.',
  };
}

function classifyTokenError(e: TErrorLike, userEmail: string): TMailboxProblem {
  if (e.code === 'DELEGATION_NOT_AUTHORIZED') {
    return {
      code: 'MAIL_SCOPE_NOT_DELEGATED',
      message: `Google would not issue a mail token for ${userEmail}: the service account's domain-wide delegation lacks the mail scope.`,
      remedy: `In the Google Admin console (Security > Access and data control > API controls > Domain-wide delegation), edit the Client ID and add the scope ${GOOGLE_SCOPES.mail}.`,
    };
  }
  if (e.code === 'INVALID_GRANT') {
    return {
      code: 'USER_NOT_FOUND_OR_SUSPENDED',
      message:
        `Google refused a token for ${userEmail}: the user does not exist or is suspended. ${e.message ?? ''}`.trim(),
      remedy:
        'Nothing to do if the user was deleted or suspended on purpose: the mailbox is skipped and its archive is kept. Otherwise restore the user in the Admin console.',
    };
  }
  return {
    code: 'UNEXPECTED',
    message: e.message ?? `No token for ${userEmail}.`,
    remedy: 'Check the Google connection (Directory Services > Google connection > Check setup).',
  };
}

export function throttled(userEmail: string, now: Date): TMailboxProblem {
  return pause(
    'THROTTLED',
    now,
    `Gmail asked to slow down ([THROTTLED]) while archiving ${userEmail}.`,
    'Nothing to do: the mailbox resumes by itself. Lower the concurrency if this happens often.',
  );
}

export function overQuota(userEmail: string, now: Date, said = '[OVERQUOTA]'): TMailboxProblem {
  return pause(
    'OVER_QUOTA',
    now,
    `Gmail's command or bandwidth limit for ${userEmail} was exceeded: ${said}`,
    "Nothing to do: the mailbox resumes by itself. The user's own mail apps share this limit.",
  );
}

function pause(
  code: keyof typeof PAUSE_DELAYS_MS,
  now: Date,
  message: string,
  remedy: string,
): TMailboxProblem {
  return { code, message, remedy, resumeAt: new Date(now.getTime() + PAUSE_DELAYS_MS[code]) };
}

function clean(text: string): string {
  return text.replace(/\s+/g, ' ').trim().slice(0, 500);
}
