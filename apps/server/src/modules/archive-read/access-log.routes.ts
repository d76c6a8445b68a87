import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorResponses } from '../../http/error.schemas';
import { requireAdmin } from '../auth/auth.guards';
import type { TAccessLog } from './access-log.service';
import { ZAccessLogPage, ZAccessLogQuery } from './archive-read.schemas';

/** GET only: the access log has no route that changes or removes an entry. */
export const accessLogRoutes: FastifyPluginAsyncZod<{ accessLog: TAccessLog }> = async (app, options) => {
  app.addHook('onRequest', requireAdmin);
  app.get(
    '/',
    {
      schema: {
        tags: ['archives'],
        summary: 'Who searched, opened, downloaded, exported or restored what, newest first',
        security: [{ sessionCookie: [] }],
        querystring: ZAccessLogQuery,
        response: { 200: ZAccessLogPage, ...errorResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return options.accessLog.list(request.query);
    },
  );
};
