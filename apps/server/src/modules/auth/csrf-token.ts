import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * CSRF design (synchronizer token):
 * - A signed-in browser gets `csrfToken` = the random `csrfSecret` stored on its Session row; it is
 *   readable only through same-origin JSON (GET /api/auth/session or the sign-in response) and must
 *   come back in the `x-csrf-token` header of every POST/PUT/PATCH/DELETE.
 * - Before sign-in there is no session, yet the sign-in POST must be protected too (login CSRF would
 *   sign the victim into the attacker's account). GET /api/auth/session therefore sets a random,
 *   httpOnly pre-session cookie and answers csrfToken = HMAC(cookie value); nothing is stored, and a
 *   cross-site page can neither read the cookie nor the JSON, so it cannot produce the header.
 * - Whichever secret the request carries decides the expected token: a live session wins, else the
 *   pre-session cookie; with neither, every state-changing request is rejected.
 */

const PRESESSION_LABEL = 'wac-csrf-presession-v1';

const STATE_CHANGING_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function isStateChangingMethod(method: string): boolean {
  return STATE_CHANGING_METHODS.has(method.toUpperCase());
}

export function createRandomSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function presessionCsrfToken(presessionSecret: string): string {
  return createHmac('sha256', presessionSecret).update(PRESESSION_LABEL).digest('base64url');
}

export function tokensMatch(expected: string, provided: string): boolean {
  const expectedBytes = Buffer.from(expected);
  const providedBytes = Buffer.from(provided);
  return expectedBytes.length === providedBytes.length && timingSafeEqual(expectedBytes, providedBytes);
}

export type TCsrfInput = {
  method: string;
  providedToken: string | undefined;
  sessionCsrfSecret: string | undefined;
  presessionSecret: string | undefined;
};

export function expectedCsrfToken(input: Omit<TCsrfInput, 'method' | 'providedToken'>): string | undefined {
  if (input.sessionCsrfSecret !== undefined) return input.sessionCsrfSecret;
  if (input.presessionSecret !== undefined && input.presessionSecret !== '') {
    return presessionCsrfToken(input.presessionSecret);
  }
  return undefined;
}

export function isCsrfSatisfied(input: TCsrfInput): boolean {
  if (!isStateChangingMethod(input.method)) return true;
  const expected = expectedCsrfToken(input);
  if (expected === undefined || input.providedToken === undefined || input.providedToken === '') return false;
  return tokensMatch(expected, input.providedToken);
}
