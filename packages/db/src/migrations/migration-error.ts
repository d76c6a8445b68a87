export type TMigrationErrorCode =
  | 'CHECKSUM_MISMATCH'
  | 'UNFINISHED_MIGRATION'
  | 'MIGRATION_FAILED'
  | 'LOCK_TIMEOUT'
  | 'DATABASE_UNREACHABLE';

export class MigrationError extends Error {
  override readonly name = 'MigrationError';

  constructor(
    readonly code: TMigrationErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
