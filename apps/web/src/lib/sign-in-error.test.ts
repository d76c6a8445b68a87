import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client';
import { signInErrorMessage } from './sign-in-error';

const apiError = (code: string, message: string, details?: Record<string, unknown>) =>
  new ApiError({ status: 400, code, message, details });

describe('signInErrorMessage', () => {
  it('explains wrong credentials without saying which part was wrong', () => {
    expect(signInErrorMessage(apiError('INVALID_CREDENTIALS', 'x'))).toBe(
      'The user name or password is incorrect.',
    );
  });

  it.each([
    [30, 'Too many attempts. Try again in 1 minute.'],
    [60, 'Too many attempts. Try again in 1 minute.'],
    [61, 'Too many attempts. Try again in 2 minutes.'],
    [900, 'Too many attempts. Try again in 15 minutes.'],
  ])('rounds a %is lockout up to whole minutes', (seconds, text) => {
    expect(signInErrorMessage(apiError('TOO_MANY_ATTEMPTS', 'x', { retryAfterSeconds: seconds }))).toBe(text);
  });

  it('still explains a lockout when the server gives no duration', () => {
    expect(signInErrorMessage(apiError('TOO_MANY_ATTEMPTS', 'x'))).toBe(
      'Too many attempts. Try again in a few minutes.',
    );
  });

  it('passes other API messages through, since they are written for people', () => {
    expect(signInErrorMessage(apiError('NETWORK_ERROR', 'The server could not be reached.'))).toBe(
      'The server could not be reached.',
    );
  });

  it('falls back to a generic sentence for non-API failures', () => {
    expect(signInErrorMessage(new Error('boom'))).toBe('Signing in failed. Try again in a moment.');
  });
});
