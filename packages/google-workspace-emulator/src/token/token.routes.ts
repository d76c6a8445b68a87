import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TAccessToken } from '../auth/access-token.store';
import type { TEmulatorContext } from '../emulator-context';
import { paramOf } from '../request-params';
import { endpoint } from '../route-config';
import { grantAuthorizationCode } from './authorization-code.grant';
import { grantJwtBearer } from './jwt-bearer.grant';
import { OAuthError, oauthErrors } from './oauth-error';

const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

export function registerTokenRoutes(app: FastifyInstance, ctx: TEmulatorContext): void {
  app.register(async (scope) => {
    scope.setErrorHandler(async (error, _request, reply) => {
      if (error instanceof OAuthError) {
        // RFC 6749 5.2: a client that tried HTTP Basic and failed is told which scheme to use.
        if (error.error === 'invalid_client') reply.header('www-authenticate', 'Basic realm="emulator"');
        return reply.code(error.statusCode).send(error.toJSON());
      }
      const status = (error as { statusCode?: number }).statusCode;
      if (status && status < 500) return reply.code(400).send({ error: 'invalid_request' });
      throw error;
    });

    scope.post('/token', endpoint('oauth.token'), async (request, reply) => {
      const grantType = paramOf(request.body, 'grant_type');
      if (grantType === undefined) throw oauthErrors.missingParameter('grant_type');
      if (grantType === JWT_BEARER) {
        const assertion = paramOf(request.body, 'assertion');
        if (assertion === undefined) throw oauthErrors.missingParameter('assertion');
        const token = await grantJwtBearer(ctx, assertion);
        return sendToken(reply, {
          access_token: token.token,
          expires_in: expiresIn(ctx, token),
          token_type: 'Bearer',
        });
      }
      if (grantType === 'authorization_code') {
        return sendToken(
          reply,
          await grantAuthorizationCode(ctx, request.body, request.headers.authorization),
        );
      }
      throw oauthErrors.unsupportedGrantType(grantType);
    });

    const tokenInfo = async (request: FastifyRequest, reply: FastifyReply) => {
      const value = paramOf(request.query, 'access_token') ?? paramOf(request.body, 'access_token');
      const token = value === undefined ? undefined : ctx.tokens.find(value);
      if (!token) throw oauthErrors.invalidToken();
      // Google's v3 tokeninfo sends numbers and booleans as strings; Dovecot parses them that way.
      return reply.header('cache-control', 'no-cache, no-store, max-age=0, must-revalidate').send({
        azp: token.clientId,
        aud: token.clientId,
        sub: token.subject,
        scope: token.scopes.join(' '),
        exp: String(Math.floor(token.expiresAt / 1000)),
        expires_in: String(expiresIn(ctx, token)),
        email: token.email,
        email_verified: 'true',
        access_type: 'online',
      });
    };
    for (const path of ['/tokeninfo', '/oauth2/v3/tokeninfo']) {
      scope.get(path, endpoint('oauth.tokeninfo'), tokenInfo);
      scope.post(path, endpoint('oauth.tokeninfo'), tokenInfo);
    }
  });
}

export function expiresIn(ctx: Pick<TEmulatorContext, 'now'>, token: TAccessToken): number {
  return Math.max(0, Math.floor((token.expiresAt - ctx.now()) / 1000));
}

export function sendToken(reply: FastifyReply, body: Record<string, unknown>) {
  return reply.header('cache-control', 'no-store').header('pragma', 'no-cache').send(body);
}
