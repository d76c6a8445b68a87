import type { FastifyPluginAsync } from 'fastify';
import type { CustomFetch } from 'openid-client';
import type { TClock } from '../../lib/clock';
import type { TPrisma } from '../../lib/db';
import type { TAuditService } from '../audit/audit.service';
import type { TSessionService } from '../auth/session.service';
import type { TSecretBox } from '../secrets';
import { oidcAdminRoutes, oidcStatusRoutes } from './oidc-api.routes';
import { createOidcClientProvider } from './oidc-client.provider';
import { createOidcFlowService } from './oidc-flow.service';
import { createOidcIdentityService } from './oidc-identity.service';
import { createOidcSettingsService } from './oidc-settings.service';
import { oidcSignInRoutes } from './oidc-signin.routes';
import { createOidcTestService } from './oidc-test.service';

export { OidcDenialError, type TOidcDenial, type TOidcDenialCode } from './oidc-denial';
export type { TFlowResult, TOidcFlowService } from './oidc-flow.service';
export { buildRedirectUri, checkRedirectHost, REDIRECT_PATH } from './redirect-uri.validator';

export type TOidcModuleConfig = {
  issuer: string;
  publicUrl: string | undefined;
  /** ALLOW_INSECURE_OIDC_FOR_LOCAL_TESTING: http loopback redirect URIs and an http issuer. */
  allowInsecureForLocalTesting: boolean;
};

/** Sign-in with Google, wired from the app's shared services. */
export function createOidcServices(deps: {
  prisma: TPrisma;
  clock: TClock;
  audit: TAuditService;
  sessions: TSessionService;
  secretBox: TSecretBox;
  config: TOidcModuleConfig;
  /** Whether Google names a domain as one of the organisation's (see oidc-identity.service.ts). */
  isOrganisationDomain?: (domain: string) => Promise<boolean>;
  /** Outbound HTTP to the issuer (discovery, token, JWKS); default fetch. */
  fetch?: CustomFetch;
}) {
  const { prisma, clock, audit, sessions } = deps;
  const settings = createOidcSettingsService({
    prisma,
    secretBox: deps.secretBox,
    audit,
    config: {
      issuer: deps.config.issuer,
      publicUrl: deps.config.publicUrl,
      redirectPolicy: { allowInsecureLoopback: deps.config.allowInsecureForLocalTesting },
    },
  });
  const clients = createOidcClientProvider({
    issuer: deps.config.issuer,
    allowInsecureRequests: deps.config.allowInsecureForLocalTesting,
    clock,
    fetch: deps.fetch,
  });
  const identities = createOidcIdentityService({
    prisma,
    clock,
    isOrganisationDomain: deps.isOrganisationDomain,
  });
  const flow = createOidcFlowService({ prisma, clock, audit, sessions, settings, clients, identities });
  const tests = createOidcTestService({ prisma, clock, audit, flow });
  return { settings, flow, tests, identities };
}

export type TOidcServices = ReturnType<typeof createOidcServices>;

/** GET /oidc/signin plus /api/oidc/*. */
export const oidcRoutes: FastifyPluginAsync<{
  oidc: TOidcServices;
  isSecureCookie: boolean;
  /** OIDC_SIGNIN_RATE_LIMIT: GET /oidc/signin per minute and address. */
  signInRateLimit: number;
}> = async (app, options) => {
  const { oidc, isSecureCookie } = options;
  await app.register(oidcSignInRoutes, {
    prefix: '/oidc',
    flow: oidc.flow,
    isSecureCookie,
    requestsPerMinute: options.signInRateLimit,
  });
  await app.register(oidcStatusRoutes, { prefix: '/api/oidc', settings: oidc.settings });
  await app.register(oidcAdminRoutes, {
    prefix: '/api/oidc',
    settings: oidc.settings,
    tests: oidc.tests,
    isSecureCookie,
  });
};
