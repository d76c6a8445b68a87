export type TDirectoryErrorCode =
  | 'NOT_AN_ADMIN'
  | 'RATE_LIMITED'
  | 'GOOGLE_UNAVAILABLE'
  | 'LISTING_INCOMPLETE'
  | 'NOT_FOUND'
  | 'REQUEST_REJECTED';

export type TDirectoryErrorDetails = {
  operation?: string;
  httpStatus?: number;
  reason?: string;
  googleMessage?: string;
  attempts?: number;
  listing?: string;
  page?: number;
  itemsRead?: number;
};

export class DirectoryError extends Error {
  override readonly name = 'DirectoryError';

  constructor(
    readonly code: TDirectoryErrorCode,
    message: string,
    readonly details: TDirectoryErrorDetails = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
