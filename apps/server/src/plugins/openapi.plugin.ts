import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { onRequestAsyncHookHandler } from 'fastify';
import fp from 'fastify-plugin';
import { createJsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';

export const DOCS_PREFIX = '/api/docs';

export type TOpenApiOptions = {
  /** Guards the documentation: it maps every route and parameter, which helps an attacker more than a user. */
  requireAdmin: onRequestAsyncHookHandler;
};

// Swagger UI loads only its own files but sets style attributes; nothing here needs more than that.
const DOCS_CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
  "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

export const openApiPlugin = fp<TOpenApiOptions>(
  async (app, options) => {
    await app.register(fastifySwagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'Workspace Archive Connector API',
          description:
            'Session-cookie API behind the admin console. State-changing requests need the `x-csrf-token` ' +
            'header with the csrfToken from GET /api/auth/session.',
          version: '1.0.0',
        },
        components: {
          securitySchemes: {
            sessionCookie: { type: 'apiKey', in: 'cookie', name: 'wac_session' },
            csrfToken: { type: 'apiKey', in: 'header', name: 'x-csrf-token' },
            // The send API (/api/v1): an API token created under Mail > API tokens.
            bearerToken: { type: 'http', scheme: 'bearer' },
          },
        },
      },
      transform: createJsonSchemaTransform({
        skipList: [
          DOCS_PREFIX,
          `${DOCS_PREFIX}/`,
          `${DOCS_PREFIX}/json`,
          `${DOCS_PREFIX}/yaml`,
          `${DOCS_PREFIX}/*`,
        ],
      }),
      transformObject: jsonSchemaTransformObject,
    });
    await app.register(fastifySwaggerUi, {
      routePrefix: DOCS_PREFIX,
      uiHooks: { onRequest: options.requireAdmin },
      staticCSP: DOCS_CONTENT_SECURITY_POLICY,
    });
  },
  { name: 'wac-openapi' },
);
