import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorResponses } from '../../http/error.schemas';
import { requireAdmin } from '../auth/auth.guards';
import { ZSystemOverview } from './system.schemas';
import type { TSystemService } from './system.service';

export type TSystemRoutesOptions = { system: TSystemService };

export const systemRoutes: FastifyPluginAsyncZod<TSystemRoutesOptions> = async (app, options) => {
  app.addHook('onRequest', requireAdmin);

  app.get(
    '',
    {
      schema: {
        tags: ['system'],
        summary: 'Version, uptime, database and archive size, job queues, instances seen and recent failures',
        security: [{ sessionCookie: [] }],
        response: { 200: ZSystemOverview, ...errorResponses(401, 403) },
      },
    },
    async () => options.system.getOverview(),
  );
};
