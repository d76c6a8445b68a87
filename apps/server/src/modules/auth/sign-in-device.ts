import type { TSecretBox } from '../secrets';

/**
 * A cookie that proves this browser signed in to an account before, so the account-wide slow-down
 * (sign-in-throttle.policy.ts) does not stand between an admin and their own console while
 * someone else guesses at the account from many addresses. Sealed with the master key, so it
 * cannot be forged or moved to another account; it grants nothing but that exemption.
 */
export const DEVICE_COOKIE = 'wac_device';
export const DEVICE_COOKIE_MAX_AGE_SECONDS = 90 * 24 * 60 * 60;

const PURPOSE = 'sign-in-device';

export function issueDeviceToken(secretBox: TSecretBox, userNameKey: string, now: Date): string {
  return secretBox.seal(JSON.stringify({ u: userNameKey, t: now.getTime() }), PURPOSE);
}

export function isDeviceTokenFor(
  secretBox: TSecretBox,
  token: string | undefined,
  userNameKey: string,
  now: Date,
): boolean {
  if (token === undefined || token.length > 500) return false;
  try {
    const claims = JSON.parse(secretBox.open(token, PURPOSE)) as { u?: unknown; t?: unknown };
    const age = now.getTime() - Number(claims.t);
    return claims.u === userNameKey && age >= 0 && age < DEVICE_COOKIE_MAX_AGE_SECONDS * 1000;
  } catch {
    return false;
  }
}
