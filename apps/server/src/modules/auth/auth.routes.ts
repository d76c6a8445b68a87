import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses } from '../../http/error.schemas';
import { requestContextOf } from './auth.plugin';
import { ZSessionState, ZSignInBody, ZSignInResponse } from './auth.schemas';
import type { TAuthService } from './auth.service';
import { createRandomSecret, presessionCsrfToken } from './csrf-token';
import { PRESESSION_COOKIE, SESSION_COOKIE, sessionCookieOptions } from './session-cookie';
import { DEVICE_COOKIE, DEVICE_COOKIE_MAX_AGE_SECONDS } from './sign-in-device';

export type TAuthRoutesOptions = { auth: TAuthService; isSecureCookie: boolean };

export const authRoutes: FastifyPluginAsyncZod<TAuthRoutesOptions> = async (app, options) => {
  const cookieOptions = sessionCookieOptions(options.isSecureCookie);

  app.get(
    '/session',
    {
      schema: {
        tags: ['auth'],
        summary: 'The signed-in user (or null) and the CSRF token for state-changing requests',
        response: { 200: ZSessionState },
      },
    },
    async (request, reply) => {
      const { session, presessionSecret } = request.auth;
      reply.header('cache-control', 'no-store');
      if (session !== null) return { user: session.user, csrfToken: session.csrfSecret };
      const secret = presessionSecret ?? createRandomSecret();
      if (presessionSecret === undefined) reply.setCookie(PRESESSION_COOKIE, secret, cookieOptions);
      return { user: null, csrfToken: presessionCsrfToken(secret) };
    },
  );

  app.post(
    '/sign-in',
    {
      schema: {
        tags: ['auth'],
        summary: 'Sign in with a local user name and password',
        security: [{ csrfToken: [] }],
        body: ZSignInBody,
        response: { 200: ZSignInResponse, ...errorResponses(400, 401, 403, 429) },
      },
    },
    async (request, reply) => {
      const result = await options.auth.signIn({
        userName: request.body.userName,
        password: request.body.password,
        context: requestContextOf(request),
        userAgent: request.headers['user-agent'] ?? null,
        previousSessionId: request.auth.session?.id,
        deviceToken: request.cookies[DEVICE_COOKIE],
      });
      reply.setCookie(SESSION_COOKIE, result.token, cookieOptions);
      reply.setCookie(DEVICE_COOKIE, result.deviceToken, {
        ...cookieOptions,
        path: '/api/auth',
        maxAge: DEVICE_COOKIE_MAX_AGE_SECONDS,
      });
      reply.clearCookie(PRESESSION_COOKIE, cookieOptions);
      reply.header('cache-control', 'no-store');
      return { user: result.user, csrfToken: result.csrfToken };
    },
  );

  app.post(
    '/sign-out',
    {
      schema: {
        tags: ['auth'],
        summary: 'End the current session',
        security: [{ sessionCookie: [], csrfToken: [] }],
        response: { 204: z.undefined(), ...errorResponses(403) },
      },
    },
    async (request, reply) => {
      await options.auth.signOut(request.auth.session, requestContextOf(request));
      reply.clearCookie(SESSION_COOKIE, cookieOptions);
      return reply.code(204).send();
    },
  );
};
