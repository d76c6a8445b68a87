export type TGoogleAuthErrorCode =
  | 'DELEGATION_NOT_AUTHORIZED'
  | 'INVALID_GRANT'
  | 'TOKEN_ENDPOINT_UNREACHABLE'
  | 'TOKEN_ENDPOINT_ERROR';

export type TGoogleAuthErrorDetails = {
  clientId: string;
  clientEmail: string;
  subject: string;
  scopes: string[];
  tokenUri: string;
  httpStatus?: number;
  googleError?: string;
  googleErrorDescription?: string;
};

/** Messages and details never carry the private key or the signed assertion. */
export class GoogleAuthError extends Error {
  override readonly name = 'GoogleAuthError';

  constructor(
    readonly code: TGoogleAuthErrorCode,
    message: string,
    readonly details: TGoogleAuthErrorDetails,
  ) {
    super(message);
  }
}
