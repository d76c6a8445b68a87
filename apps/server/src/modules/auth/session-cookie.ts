import type { CookieSerializeOptions } from '@fastify/cookie';

export const SESSION_COOKIE = 'wac_session';
export const PRESESSION_COOKIE = 'wac_presession';

export function sessionCookieOptions(isSecureCookie: boolean): CookieSerializeOptions {
  // Lax (not Strict) so following a link to the console from mail or chat keeps the admin signed in;
  // state-changing requests are covered by the CSRF token instead.
  return { httpOnly: true, sameSite: 'lax', secure: isSecureCookie, path: '/' };
}
