export type TSendProblemCode =
  | 'MAIL_SCOPE_NOT_DELEGATED'
  | 'SENDER_NOT_FOUND_OR_SUSPENDED'
  | 'DAILY_LIMIT_EXCEEDED'
  | 'TEMPORARILY_REFUSED'
  | 'CONNECTION_LOST'
  | 'TOKEN_ENDPOINT_UNREACHABLE'
  | 'ALL_RECIPIENTS_REFUSED'
  | 'MESSAGE_REFUSED'
  | 'UNEXPECTED';

export type TRecipientRefusal = { address: string; reply: string };

export type TSendProblem = {
  code: TSendProblemCode;
  /** Worth another attempt later (Gmail said "try again" or the connection dropped). */
  isTransient: boolean;
  /** What happened, with Gmail's own reply where there was one. */
  message: string;
  /** What the admin can do about it. */
  remedy: string;
  /** Gmail's SMTP reply (code and text), when it answered. */
  reply?: string;
  refusedRecipients?: TRecipientRefusal[];
};

export type TSendAttemptResult =
  | {
      status: 'sent';
      /** Gmail's reply to the end of DATA, e.g. "250 2.0.0 OK ... - gsmtp". */
      reply: string;
      accepted: string[];
      /** Recipients Gmail refused while it took the message for the others. */
      refused: TRecipientRefusal[];
    }
  | {
      status: 'failed';
      problem: TSendProblem;
      /**
       * The whole message had been handed to the server when the connection dropped, before its
       * reply: it may have been delivered. A retry sends the same Message-ID and is logged as such.
       */
      isOutcomeUncertain: boolean;
    };
