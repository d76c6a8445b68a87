import { DirectoryError, GoogleAuthError, KeyFileError } from '@wac/google';
import { ApplyChangeError } from '../execute/batch-isolation';

export type TSyncFailure = { code: string; message: string; isExpected: boolean };

/**
 * What the history shows about a failed run. Google's errors already carry a sentence for
 * admins; anything else is ours, so its message stays in the logs and the admin gets a generic one.
 */
export function describeSyncFailure(error: unknown): TSyncFailure {
  if (error instanceof DirectoryError || error instanceof GoogleAuthError || error instanceof KeyFileError) {
    return { code: error.code, message: error.message, isExpected: true };
  }
  if (error instanceof SyncAbortedError)
    return { code: error.code, message: error.message, isExpected: true };
  // Unexpected, so logged as an error, but the admin must learn which change was refused.
  if (error instanceof ApplyChangeError)
    return { code: error.code, message: error.message, isExpected: false };
  return {
    code: 'INTERNAL',
    message: 'The synchronization failed because of an internal error. The server log has the details.',
    isExpected: false,
  };
}

/** A run stopped on purpose (no Google connection, a held run that can no longer be confirmed…). */
export class SyncAbortedError extends Error {
  override readonly name = 'SyncAbortedError';

  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
