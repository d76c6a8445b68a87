import { ApiError } from '../api/client';

/** Per-field messages of a failed save, keyed by the request body's field name. */
export type TFieldErrors = Record<string, string>;

/**
 * The server's per-field messages (`details.fields` of a VALIDATION_FAILED error), or none: a
 * form marks these fields and shows each message under its field.
 */
export function fieldErrorsOf(error: unknown): TFieldErrors {
  if (!(error instanceof ApiError) || error.code !== 'VALIDATION_FAILED') return {};
  const fields = error.details?.fields;
  if (typeof fields !== 'object' || fields === null) return {};
  return Object.fromEntries(
    Object.entries(fields).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
}
