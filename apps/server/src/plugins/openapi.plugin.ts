import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import fp from 'fastify-plugin';
import { createJsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';

export const DOCS_PREFIX = '/api/docs';

export const openApiPlugin = fp(
  async (app) => {
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
    await app.register(fastifySwaggerUi, { routePrefix: DOCS_PREFIX });
  },
  { name: 'wac-openapi' },
);
