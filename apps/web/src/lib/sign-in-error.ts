import { ApiError } from '../api/client';

const GENERIC = 'Signing in failed. Try again in a moment.';

function minutesText(seconds: number): string {
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  return minutes === 1 ? '1 minute' : `${minutes} minutes`;
}

export function signInErrorMessage(error: unknown): string {
  if (!(error instanceof ApiError)) return GENERIC;
  if (error.code === 'INVALID_CREDENTIALS') return 'The user name or password is incorrect.';
  if (error.code === 'TOO_MANY_ATTEMPTS') {
    const retryAfter = error.details?.retryAfterSeconds;
    return typeof retryAfter === 'number' && retryAfter > 0
      ? `Too many attempts. Try again in ${minutesText(retryAfter)}.`
      : 'Too many attempts. Try again in a few minutes.';
  }
  return error.message || GENERIC;
}
