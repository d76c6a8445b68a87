import type { CookieSerializeOptions } from '@fastify/cookie';

/**
 * Ties a sign-in to the browser that started it: the callback is honoured only with this cookie.
 * Without it, an attacker could start a sign-in with their own Google account and send the
 * victim the callback link, signing the victim into the attacker's archive account (login CSRF).
 */
export const OIDC_BINDING_COOKIE = 'wac_oidc_binding';

export function bindingCookieOptions(isSecureCookie: boolean): CookieSerializeOptions {
  // Lax: Google's redirect back to us is a cross-site top-level GET, which Lax cookies accompany.
  return { httpOnly: true, sameSite: 'lax', secure: isSecureCookie, path: '/', maxAge: 60 * 60 };
}
