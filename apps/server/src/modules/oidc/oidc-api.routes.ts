import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorResponses } from '../../http/error.schemas';
import { activeSession, requireAdmin } from '../auth/auth.guards';
import { requestContextOf } from '../auth/auth.plugin';
import { bindingCookieOptions, OIDC_BINDING_COOKIE } from './oidc-binding-cookie';
import {
  ZOidcSettings,
  ZOidcSettingsInput,
  ZOidcStatus,
  ZRedirectUriCheck,
  ZRedirectUriQuery,
} from './oidc-settings.schemas';
import type { TOidcSettingsService } from './oidc-settings.service';
import {
  ZOidcTestParams,
  ZOidcTestRun,
  ZStartOidcTestBody,
  ZStartOidcTestResponse,
} from './oidc-test.schemas';
import type { TOidcTestService } from './oidc-test.service';

export type TOidcApiRoutesOptions = {
  settings: TOidcSettingsService;
  tests: TOidcTestService;
  isSecureCookie: boolean;
};

/** GET /api/oidc/status, public: the sign-in page asks before offering the Google button. */
export const oidcStatusRoutes: FastifyPluginAsyncZod<Pick<TOidcApiRoutesOptions, 'settings'>> = async (
  app,
  options,
) => {
  app.get(
    '/status',
    {
      schema: {
        tags: ['oidc'],
        summary: 'Whether the sign-in page offers "Sign in with Google"',
        response: { 200: ZOidcStatus },
      },
    },
    async () => ({ isEnabled: await options.settings.isEnabled() }),
  );
};

/** /api/oidc for admins: the Sign-in with Google settings and Test authentication. */
export const oidcAdminRoutes: FastifyPluginAsyncZod<TOidcApiRoutesOptions> = async (admin, options) => {
  admin.addHook('onRequest', requireAdmin);

  admin.get(
    '/settings',
    {
      schema: {
        tags: ['oidc'],
        summary: 'Sign-in with Google settings (the client secret is never returned)',
        security: [{ sessionCookie: [] }],
        response: { 200: ZOidcSettings, ...errorResponses(401, 403) },
      },
    },
    async () => options.settings.get(),
  );

  admin.put(
    '/settings',
    {
      schema: {
        tags: ['oidc'],
        summary: 'Save the OAuth client and public URL; an omitted clientSecret keeps the stored one',
        security: [{ sessionCookie: [], csrfToken: [] }],
        body: ZOidcSettingsInput,
        response: { 200: ZOidcSettings, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const session = activeSession(request);
      return options.settings.update(
        request.body,
        { userId: session.user.id, name: session.user.userName },
        requestContextOf(request),
      );
    },
  );

  admin.get(
    '/redirect-uri',
    {
      schema: {
        tags: ['oidc'],
        summary:
          'The Authorized redirect URI for a public URL (and instance id), and why Google would refuse it',
        security: [{ sessionCookie: [] }],
        querystring: ZRedirectUriQuery,
        response: { 200: ZRedirectUriCheck, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) =>
      options.settings.checkRedirectUri(request.query.publicBaseUrl, request.query.instanceId),
  );

  admin.post(
    '/tests',
    {
      schema: {
        tags: ['oidc'],
        summary: 'Test authentication: start a Google sign-in for a user; poll the test for its outcome',
        security: [{ sessionCookie: [], csrfToken: [] }],
        body: ZStartOidcTestBody,
        response: { 201: ZStartOidcTestResponse, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const started = await options.tests.start({
        userId: request.body.userId,
        admin: activeSession(request),
        bindingToken: request.cookies[OIDC_BINDING_COOKIE],
        context: requestContextOf(request),
      });
      reply.setCookie(
        OIDC_BINDING_COOKIE,
        started.bindingToken,
        bindingCookieOptions(options.isSecureCookie),
      );
      return reply.code(201).send({ testRun: started.testRun, authorizationUrl: started.authorizationUrl });
    },
  );

  admin.get(
    '/tests/:id',
    {
      schema: {
        tags: ['oidc'],
        summary: 'One authentication test: PENDING until the sign-in comes back, then its outcome',
        security: [{ sessionCookie: [] }],
        params: ZOidcTestParams,
        response: { 200: ZOidcTestRun, ...errorResponses(401, 403, 404) },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return options.tests.get(request.params.id);
    },
  );
};
