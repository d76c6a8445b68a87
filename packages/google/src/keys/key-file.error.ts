export type TKeyFileErrorCode =
  | 'KEY_FILE_TOO_LARGE'
  | 'KEY_FILE_NOT_JSON'
  | 'KEY_FILE_TRUNCATED'
  | 'KEY_FILE_IS_OAUTH_CLIENT'
  | 'KEY_FILE_WRONG_TYPE'
  | 'KEY_FILE_MISSING_FIELD'
  | 'KEY_FILE_INVALID_FIELD'
  | 'KEY_FILE_BAD_PRIVATE_KEY'
  | 'KEY_FILE_NOT_P12'
  | 'KEY_FILE_P12_BAD_PASSWORD'
  | 'KEY_FILE_P12_TOO_COSTLY';

export type TKeyFileErrorDetails = {
  field?: string;
  fields?: string[];
  type?: string;
  maxBytes?: number;
  actualBytes?: number;
};

export class KeyFileError extends Error {
  override readonly name = 'KeyFileError';

  constructor(
    readonly code: TKeyFileErrorCode,
    message: string,
    readonly details: TKeyFileErrorDetails = {},
  ) {
    super(message);
  }
}
