import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TEmulatorContext } from '../emulator-context';
import { paramOf } from '../request-params';
import { endpoint } from '../route-config';
import { chooseAccount, startAuthorization, type TAuthorizeOutcome } from './authorize.service';
import { CHOOSE_PATH } from './login-page';

export const AUTHORIZE_PATH = '/o/oauth2/v2/auth';
export const JWKS_PATH = '/oauth2/v3/certs';
export const USERINFO_PATH = '/v1/userinfo';

/** The OpenID Provider half of accounts.google.com: discovery, authorize, JWKS, userinfo, revoke. */
export function registerOidcRoutes(app: FastifyInstance, ctx: TEmulatorContext): void {
  app.get('/.well-known/openid-configuration', endpoint('oidc.discovery'), async () => {
    const url = ctx.origin.url;
    return {
      issuer: url,
      authorization_endpoint: `${url}${AUTHORIZE_PATH}`,
      token_endpoint: `${url}/token`,
      userinfo_endpoint: `${url}${USERINFO_PATH}`,
      revocation_endpoint: `${url}/revoke`,
      jwks_uri: `${url}${JWKS_PATH}`,
      response_types_supported: ['code'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
      scopes_supported: ['openid', 'email', 'profile'],
      token_endpoint_auth_methods_supported: ['client_secret_post', 'client_secret_basic'],
      claims_supported: [
        'aud',
        'azp',
        'email',
        'email_verified',
        'exp',
        'family_name',
        'given_name',
        'hd',
        'iat',
        'iss',
        'name',
        'nonce',
        'sub',
      ],
      code_challenge_methods_supported: ['plain', 'S256'],
      grant_types_supported: ['authorization_code', 'urn:ietf:params:oauth:grant-type:jwt-bearer'],
    };
  });

  const authorize = async (request: FastifyRequest, reply: FastifyReply) =>
    sendOutcome(reply, startAuthorization(ctx, request.query));
  app.get(AUTHORIZE_PATH, endpoint('oidc.authorize'), authorize);
  app.get('/o/oauth2/auth', endpoint('oidc.authorize'), authorize);
  app.post(CHOOSE_PATH, endpoint('oidc.choose'), async (request, reply) =>
    sendOutcome(reply, chooseAccount(ctx, request.body)),
  );

  app.get(JWKS_PATH, endpoint('oidc.certs'), async (_request, reply) =>
    reply.header('cache-control', 'public, max-age=300').send({ keys: [ctx.signingKey.publicJwk] }),
  );

  const userinfo = async (request: FastifyRequest, reply: FastifyReply) => {
    const bearer =
      /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1] ??
      paramOf(request.query, 'access_token');
    const token = bearer === undefined ? undefined : ctx.tokens.find(bearer);
    const user = token?.isUserToken ? ctx.state.users.findById(token.subject) : undefined;
    if (!token || !user || user.deletionTime !== null) {
      return reply
        .code(401)
        .header('www-authenticate', 'Bearer realm="https://accounts.google.com/", error="invalid_token"')
        .send({ error: 'invalid_request', error_description: 'Invalid Credentials' });
    }
    return {
      sub: user.id,
      name: `${user.givenName} ${user.familyName}`,
      given_name: user.givenName,
      family_name: user.familyName,
      email: user.primaryEmail,
      email_verified: user.emailVerified,
      hd: user.primaryEmail.slice(user.primaryEmail.indexOf('@') + 1),
    };
  };
  for (const path of [USERINFO_PATH, '/oauth2/v3/userinfo']) {
    app.get(path, endpoint('oidc.userinfo'), userinfo);
    app.post(path, endpoint('oidc.userinfo'), userinfo);
  }

  app.post('/revoke', endpoint('oauth.revoke'), async (request) => {
    const token = paramOf(request.body, 'token') ?? paramOf(request.query, 'token');
    if (token !== undefined) ctx.tokens.revoke(token);
    return {};
  });
}

function sendOutcome(reply: FastifyReply, outcome: TAuthorizeOutcome) {
  if (outcome.kind === 'redirect') return reply.redirect(outcome.location, 302);
  return reply.code(outcome.status).type('text/html; charset=utf-8').send(outcome.html);
}
