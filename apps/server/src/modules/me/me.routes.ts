import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorResponses } from '../../http/error.schemas';
import { activeSession, requireSession } from '../auth/auth.guards';
import { ZMyProfile } from './me.schemas';
import type { TMeService } from './me.service';

export type TMeRoutesOptions = { me: TMeService };

/** GET /api/me: the signed-in user's own page data, for end users and admins alike. */
export const meRoutes: FastifyPluginAsyncZod<TMeRoutesOptions> = async (app, options) => {
  app.addHook('onRequest', requireSession);

  app.get(
    '/',
    {
      schema: {
        tags: ['me'],
        summary: "The signed-in user's name, addresses, privileges and archive folder",
        security: [{ sessionCookie: [] }],
        response: { 200: ZMyProfile, ...errorResponses(401) },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return options.me.get(activeSession(request));
    },
  );
};
