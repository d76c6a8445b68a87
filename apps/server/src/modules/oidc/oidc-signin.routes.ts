import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../errors/app-error';
import { requestContextOf } from '../auth/auth.plugin';
import { PRESESSION_COOKIE, SESSION_COOKIE, sessionCookieOptions } from '../auth/session-cookie';
import { bindingCookieOptions, OIDC_BINDING_COOKIE } from './oidc-binding-cookie';
import { OidcDenialError, type TOidcDenial } from './oidc-denial';
import type { TOidcFlowService } from './oidc-flow.service';
import { PAGE_CONTENT_SECURITY_POLICY, renderDenialPage, renderTestFinishedPage } from './oidc-page.renderer';

export type TOidcSignInRoutesOptions = {
  flow: TOidcFlowService;
  isSecureCookie: boolean;
  /** Per client address (OIDC_SIGNIN_RATE_LIMIT). */
  requestsPerMinute: number;
};

/** Where an end user lands after signing in with Google. */
export const END_USER_HOME = '/me';

const ZSignInQuery = z
  .object({
    login_hint: z.string().max(320).optional(),
    code: z.string().max(4096).optional(),
    state: z.string().max(4096).optional(),
    error: z.string().max(256).optional(),
  })
  .catchall(z.string().max(4096).or(z.array(z.string())));

function sendPage(reply: FastifyReply, status: number, html: string) {
  return (
    reply
      .code(status)
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .header('content-security-policy', PAGE_CONTENT_SECURITY_POLICY)
      // The callback URL carries the authorization code: it must not leak through a Referer.
      .header('referrer-policy', 'no-referrer')
      .send(html)
  );
}

/**
 * GET /oidc/signin is both ends of the flow, because Google's registered redirect URI is this path:
 * without `state`/`code`/`error` it starts a sign-in (redirect to Google), with them it finishes one.
 */
export const oidcSignInRoutes: FastifyPluginAsyncZod<TOidcSignInRoutesOptions> = async (app, options) => {
  // Each start writes a row and each callback costs a token exchange with Google, and the page needs
  // no sign-in. Counted in memory per instance: enough to stop one client flooding one server.
  await app.register(fastifyRateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) =>
      new AppError('TOO_MANY_ATTEMPTS', {
        message: `Too many sign-in requests from your network address. Try again in ${Math.max(1, Math.ceil(context.ttl / 1000))} seconds.`,
        details: { retryAfterSeconds: Math.max(1, Math.ceil(context.ttl / 1000)) },
      }),
  });

  const sendDenial = (reply: FastifyReply, denial: TOidcDenial, requestId: string) =>
    sendPage(reply, denial.status, renderDenialPage(denial, requestId));

  app.get(
    '/signin',
    {
      config: { rateLimit: { max: options.requestsPerMinute, timeWindow: 60_000 } },
      schema: {
        tags: ['oidc'],
        summary: 'Sign in with Google: starts the OpenID Connect flow, and is its redirect URI',
        querystring: ZSignInQuery,
      },
    },
    async (request, reply) => {
      const bindingToken = request.cookies[OIDC_BINDING_COOKIE];
      const query = new URLSearchParams(request.url.split('?')[1] ?? '');
      const isCallback = query.has('state') || query.has('code') || query.has('error');

      if (!isCallback) {
        try {
          const started = await options.flow.start(
            { purpose: 'SIGN_IN', loginHint: request.query.login_hint?.trim() || undefined },
            bindingToken,
          );
          reply.setCookie(
            OIDC_BINDING_COOKIE,
            started.bindingToken,
            bindingCookieOptions(options.isSecureCookie),
          );
          return reply.header('cache-control', 'no-store').redirect(started.authorizationUrl, 302);
        } catch (error) {
          if (error instanceof OidcDenialError) return sendDenial(reply, error.denial, request.id);
          throw error;
        }
      }

      const result = await options.flow.finish({
        query,
        bindingToken,
        previousSessionId: request.auth.session?.id,
        context: requestContextOf(request),
        userAgent: request.headers['user-agent'] ?? null,
      });
      if (result.kind === 'denied') return sendDenial(reply, result.denial, request.id);
      if (result.kind === 'test-completed')
        return sendPage(reply, 200, renderTestFinishedPage(result.outcome));

      const cookieOptions = sessionCookieOptions(options.isSecureCookie);
      reply.setCookie(SESSION_COOKIE, result.token, cookieOptions);
      reply.clearCookie(PRESESSION_COOKIE, cookieOptions);
      return reply
        .header('cache-control', 'no-store')
        .header('referrer-policy', 'no-referrer')
        .redirect(END_USER_HOME, 303);
    },
  );
};
