import { describe, expect, it } from 'vitest';
import {
  createRandomSecret,
  expectedCsrfToken,
  isCsrfSatisfied,
  isStateChangingMethod,
  presessionCsrfToken,
  tokensMatch,
} from './csrf-token';

describe('csrf tokens', () => {
  const sessionSecret = createRandomSecret();
  const presession = createRandomSecret();

  it('creates distinct, URL-safe secrets of 256 bits', () => {
    const other = createRandomSecret();
    expect(other).not.toBe(sessionSecret);
    expect(Buffer.from(sessionSecret, 'base64url')).toHaveLength(32);
    expect(sessionSecret).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it('derives a stable pre-session token that differs from the cookie value', () => {
    expect(presessionCsrfToken(presession)).toBe(presessionCsrfToken(presession));
    expect(presessionCsrfToken(presession)).not.toBe(presession);
    expect(presessionCsrfToken(presession)).not.toBe(presessionCsrfToken(createRandomSecret()));
  });

  it('only guards state-changing methods', () => {
    expect(['POST', 'put', 'PATCH', 'DELETE'].every(isStateChangingMethod)).toBe(true);
    expect(['GET', 'HEAD', 'OPTIONS'].some(isStateChangingMethod)).toBe(false);
    expect(
      isCsrfSatisfied({
        method: 'GET',
        providedToken: undefined,
        sessionCsrfSecret: undefined,
        presessionSecret: undefined,
      }),
    ).toBe(true);
  });

  it('accepts the session token and rejects a missing or wrong one', () => {
    const base = { method: 'POST', sessionCsrfSecret: sessionSecret, presessionSecret: undefined };
    expect(isCsrfSatisfied({ ...base, providedToken: sessionSecret })).toBe(true);
    expect(isCsrfSatisfied({ ...base, providedToken: undefined })).toBe(false);
    expect(isCsrfSatisfied({ ...base, providedToken: '' })).toBe(false);
    expect(isCsrfSatisfied({ ...base, providedToken: createRandomSecret() })).toBe(false);
    expect(isCsrfSatisfied({ ...base, providedToken: `${sessionSecret}x` })).toBe(false);
  });

  it('prefers the live session over the pre-session cookie', () => {
    const input = { sessionCsrfSecret: sessionSecret, presessionSecret: presession };
    expect(expectedCsrfToken(input)).toBe(sessionSecret);
    expect(
      isCsrfSatisfied({ ...input, method: 'POST', providedToken: presessionCsrfToken(presession) }),
    ).toBe(false);
  });

  it('accepts the pre-session token when there is no session', () => {
    const base = { method: 'POST', sessionCsrfSecret: undefined, presessionSecret: presession };
    expect(isCsrfSatisfied({ ...base, providedToken: presessionCsrfToken(presession) })).toBe(true);
    expect(isCsrfSatisfied({ ...base, providedToken: presession })).toBe(false);
  });

  it('rejects every state-changing request when the browser holds no secret at all', () => {
    const forged = presessionCsrfToken('');
    expect(
      isCsrfSatisfied({
        method: 'DELETE',
        providedToken: forged,
        sessionCsrfSecret: undefined,
        presessionSecret: '',
      }),
    ).toBe(false);
    expect(
      isCsrfSatisfied({
        method: 'POST',
        providedToken: 'anything',
        sessionCsrfSecret: undefined,
        presessionSecret: undefined,
      }),
    ).toBe(false);
  });

  it('compares tokens of different lengths without throwing', () => {
    expect(tokensMatch('abc', 'abcd')).toBe(false);
    expect(tokensMatch('abc', 'abc')).toBe(true);
  });
});
