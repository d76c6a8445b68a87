import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../../errors/app-error';
import type { TRequestContext } from '../audit/audit.service';
import { isCsrfSatisfied } from './csrf-token';
import type { TActiveSession, TSessionService } from './session.service';
import { PRESESSION_COOKIE, SESSION_COOKIE, sessionCookieOptions } from './session-cookie';

export type TRequestAuth = {
  session: TActiveSession | null;
  presessionSecret: string | undefined;
};

declare module 'fastify' {
  interface FastifyRequest {
    auth: TRequestAuth;
  }
}

// Static assets and the SPA never need a session lookup; only these prefixes cost a query.
const SESSION_PREFIXES = ['/api/', '/oidc/'];
// The send API for applications: a bearer token in every request and never a cookie, so there is no
// session to resolve and nothing for CSRF to protect.
const BEARER_PREFIX = '/api/v1/';

/**
 * Decided on the route the router picked as well as on the raw path: the router decodes escapes
 * (`/%61pi/...`) and accepts absolute-form targets, so the raw URL alone could skip this hook.
 * canonicalPathPlugin refuses such targets first; this keeps the hook right on its own.
 */
function needsSession(request: FastifyRequest): boolean {
  const rawPath = request.url.split('?')[0] ?? '';
  const routedPath = request.routeOptions.url ?? '';
  if (rawPath.startsWith(BEARER_PREFIX) && routedPath.startsWith(BEARER_PREFIX)) return false;
  return SESSION_PREFIXES.some((prefix) => rawPath.startsWith(prefix) || routedPath.startsWith(prefix));
}

export function requestContextOf(request: FastifyRequest): TRequestContext {
  return { ip: request.ip, requestId: request.id };
}

export type TAuthPluginOptions = { sessions: TSessionService; isSecureCookie: boolean };

/**
 * Resolves the session cookie once per API request and enforces CSRF on every state-changing
 * request before any body parsing or handler runs (see csrf-token.ts for the design).
 */
export const authPlugin = fp<TAuthPluginOptions>(
  async (app, options) => {
    app.decorateRequest('auth', {
      getter(this: FastifyRequest & { authState?: TRequestAuth }) {
        return this.authState ?? { session: null, presessionSecret: undefined };
      },
      setter(this: FastifyRequest & { authState?: TRequestAuth }, value: TRequestAuth) {
        this.authState = value;
      },
    });

    app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
      if (!needsSession(request)) return;

      const token = request.cookies[SESSION_COOKIE];
      const session = token === undefined ? null : await options.sessions.resolve(token);
      if (token !== undefined && session === null) {
        reply.clearCookie(SESSION_COOKIE, sessionCookieOptions(options.isSecureCookie));
      }
      const presessionSecret = request.cookies[PRESESSION_COOKIE];
      request.auth = { session, presessionSecret };

      const providedHeader = request.headers['x-csrf-token'];
      const isSatisfied = isCsrfSatisfied({
        method: request.method,
        providedToken: typeof providedHeader === 'string' ? providedHeader : undefined,
        sessionCsrfSecret: session?.csrfSecret,
        presessionSecret,
      });
      if (!isSatisfied) {
        throw new AppError('CSRF_TOKEN_INVALID', {
          message:
            'The security token of this request is missing or out of date. Reload the page and try again.',
        });
      }
    });
  },
  { name: 'wac-auth', dependencies: ['@fastify/cookie'] },
);
