import { GOOGLE_SCOPES } from '@wac/google';
import type { TRecipientRefusal, TSendProblem } from './send-problem.types';

export type TSendContext = {
  sender: string;
  /** The service account's Client ID, named in the delegation remedy. */
  clientId?: string;
};

type TErrorLike = {
  name?: string;
  code?: string;
  message?: string;
  response?: string;
  responseCode?: number;
  command?: string;
  rejectedErrors?: { recipient?: string; response?: string }[];
  details?: { clientId?: string };
};

const CONNECTION_CODES = new Set([
  'ECONNECTION',
  'ESOCKET',
  'ETIMEDOUT',
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EDNS',
]);

function delegationRemedy(clientId: string | undefined): string {
  const client = clientId ? `the Client ID ${clientId}` : "the service account's Client ID";
  return `In the Google Admin console (Security > Access and data control > API controls > Domain-wide delegation), edit ${client} and add the scope ${GOOGLE_SCOPES.mail} exactly (changes can take a few minutes).`;
}

export function refusalsOf(error: unknown): TRecipientRefusal[] {
  const list = (error as TErrorLike | undefined)?.rejectedErrors ?? [];
  return list.map((entry) => ({ address: entry.recipient ?? '', reply: clean(entry.response ?? '') }));
}

/** Gmail's SMTP replies and the token endpoint's errors mapped to a cause and a remedy. */
export function classifySendError(error: unknown, context: TSendContext): TSendProblem {
  const e = (error ?? {}) as TErrorLike;
  const { sender } = context;
  if (e.name === 'GoogleAuthError') return classifyTokenError(e, context);
  const reply = e.response ? clean(e.response) : undefined;
  const said = reply ? `: ${reply}` : '';
  const code = e.responseCode ?? Number(reply?.slice(0, 3));
  if (e.code === 'EAUTH' && /^535[ -]5\.7\.8|\b5\.7\.8\b/.test(reply ?? '')) {
    return {
      code: 'MAIL_SCOPE_NOT_DELEGATED',
      isTransient: false,
      message: `Gmail refused the delegated token for ${sender}${said}. This usually means the domain-wide delegation lacks the mail scope.`,
      remedy: delegationRemedy(context.clientId ?? e.details?.clientId),
      ...(reply ? { reply } : {}),
    };
  }
  if (/^550[ -]5\.4\.5|\b5\.4\.5\b/.test(reply ?? '')) {
    return {
      code: 'DAILY_LIMIT_EXCEEDED',
      isTransient: false,
      message: `Gmail's daily sending limit for ${sender} is reached${said}`,
      remedy:
        "Gmail counts messages and recipients per user over a rolling 24 hours (2,000 messages, 10,000 recipients for Workspace). Send from another allowed sender or wait; lower this server's per-sender limits so requests are refused before Gmail refuses them.",
      reply,
    };
  }
  if (e.code === 'EENVELOPE' && e.rejectedErrors?.length && e.command === 'RCPT TO') {
    const refused = refusalsOf(error);
    const isTransient = refused.every((entry) => entry.reply.startsWith('4'));
    return {
      code: isTransient ? 'TEMPORARILY_REFUSED' : 'ALL_RECIPIENTS_REFUSED',
      isTransient,
      message: `Gmail refused every recipient: ${refused.map((entry) => `${entry.address} (${entry.reply})`).join('; ')}`,
      remedy: isTransient
        ? 'Nothing to do: the message is tried again later.'
        : 'Check the recipient addresses; the message was not sent to anyone.',
      refusedRecipients: refused,
      ...(reply ? { reply } : {}),
    };
  }
  if (code >= 400 && code < 500) {
    return {
      code: 'TEMPORARILY_REFUSED',
      isTransient: true,
      message: `Gmail asked to try again later${said}`,
      remedy:
        'Nothing to do: the message is retried with backoff. If it keeps happening, Gmail is rate-limiting this sender or this server; spread sending over more time.',
      reply,
    };
  }
  if (code >= 500 && code < 600) {
    return {
      code: 'MESSAGE_REFUSED',
      isTransient: false,
      message: `Gmail refused the message from ${sender}${said}`,
      remedy:
        "Gmail's reply says why; a permanent refusal is not retried. Fix the message or the sender and send again.",
      reply,
    };
  }
  if (e.code && CONNECTION_CODES.has(e.code)) {
    return {
      code: 'CONNECTION_LOST',
      isTransient: true,
      message: `The connection to the SMTP server dropped or could not be made (${e.code}: ${clean(e.message ?? '')})`,
      remedy:
        'Nothing to do if it is a passing network fault: the message is retried with backoff. Otherwise check that this server can reach the SMTP host and port (DNS, firewall, proxy).',
    };
  }
  return {
    code: 'UNEXPECTED',
    isTransient: false,
    message: `Sending as ${sender} failed: ${clean(e.message ?? String(error))}`,
    remedy: 'See the server log for this message.',
    ...(reply ? { reply } : {}),
  };
}

function classifyTokenError(e: TErrorLike, context: TSendContext): TSendProblem {
  const { sender } = context;
  if (e.code === 'DELEGATION_NOT_AUTHORIZED') {
    return {
      code: 'MAIL_SCOPE_NOT_DELEGATED',
      isTransient: false,
      message: `Google would not issue a mail token for ${sender}: the domain-wide delegation lacks the mail scope.`,
      remedy: delegationRemedy(context.clientId ?? e.details?.clientId),
    };
  }
  if (e.code === 'INVALID_GRANT') {
    return {
      code: 'SENDER_NOT_FOUND_OR_SUSPENDED',
      isTransient: false,
      message:
        `Google refused a token for ${sender}: the user does not exist or is suspended. ${e.message ?? ''}`.trim(),
      remedy: 'Send from an existing, active user or shared mailbox of the domain.',
    };
  }
  if (e.code === 'TOKEN_ENDPOINT_UNREACHABLE') {
    return {
      code: 'TOKEN_ENDPOINT_UNREACHABLE',
      isTransient: true,
      message: `Google's token endpoint could not be reached for ${sender}: ${clean(e.message ?? '')}`,
      remedy:
        'Nothing to do if it is passing: the message is retried. Otherwise check outbound HTTPS to Google.',
    };
  }
  return {
    code: 'UNEXPECTED',
    isTransient: false,
    message: e.message ?? `No token for ${sender}.`,
    remedy: 'Check the Google connection (Directory Services > Google connection > Check setup).',
  };
}

function clean(text: string): string {
  return text.replace(/\s+/g, ' ').trim().slice(0, 500);
}
