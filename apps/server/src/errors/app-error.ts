export const ERROR_STATUS = {
  BAD_REQUEST: 400,
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  FORBIDDEN: 403,
  CSRF_TOKEN_INVALID: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  TOO_MANY_ATTEMPTS: 429,
  // An uploaded Google key file that is not a usable service-account key (@wac/google's KeyFileError codes).
  KEY_FILE_TOO_LARGE: 400,
  KEY_FILE_NOT_JSON: 400,
  KEY_FILE_TRUNCATED: 400,
  KEY_FILE_IS_OAUTH_CLIENT: 400,
  KEY_FILE_WRONG_TYPE: 400,
  KEY_FILE_MISSING_FIELD: 400,
  KEY_FILE_INVALID_FIELD: 400,
  KEY_FILE_BAD_PRIVATE_KEY: 400,
  KEY_FILE_NOT_P12: 400,
  KEY_FILE_P12_BAD_PASSWORD: 400,
  KEY_FILE_P12_TOO_COSTLY: 400,
  // No service-account key or no admin user yet: the admin must finish the Google connection first.
  GOOGLE_NOT_CONFIGURED: 409,
  // Directory sync: one run at a time; held deletions can be confirmed once, on the newest run only.
  SYNC_ALREADY_RUNNING: 409,
  SYNC_RUN_NOT_HELD: 409,
  SYNC_RUN_SUPERSEDED: 409,
  // Archiving: the profile selects no mailbox the service account could open.
  ARCHIVE_NO_MAILBOXES: 409,
  // Sending: a sender the token or the settings do not allow; a per-sender limit of Gmail's reached.
  SENDER_NOT_ALLOWED: 403,
  SEND_LIMIT_EXCEEDED: 429,
  // Google answered a console request (e.g. listing groups) with an error; the message says which.
  GOOGLE_REQUEST_FAILED: 502,
  INTERNAL: 500,
  NOT_READY: 503,
} as const;

export type TErrorCode = keyof typeof ERROR_STATUS;

export type TAppErrorOptions = {
  message: string;
  details?: Record<string, unknown>;
  cause?: unknown;
};

/**
 * The only error type services throw on purpose. The message is shown to the client as-is, so it
 * must be a human sentence without internals; put diagnostics in `cause`, which is only logged.
 */
export class AppError extends Error {
  override readonly name = 'AppError';
  readonly code: TErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: TErrorCode, options: TAppErrorOptions) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.details = options.details;
  }

  get statusCode(): number {
    return ERROR_STATUS[this.code];
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
